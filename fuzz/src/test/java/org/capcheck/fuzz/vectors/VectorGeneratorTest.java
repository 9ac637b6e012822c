package org.capcheck.fuzz.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.Replayer;
import org.capcheck.core.Mutant;
import org.junit.jupiter.api.Test;

class VectorGeneratorTest {

    private static final class Traces {
        final List<String> texts = new ArrayList<>();
        VectorResult result;
    }

    private static Traces run(VectorOptions o) throws IOException {
        Traces t = new Traces();
        t.result = VectorGenerator.generate(o, () -> false, (i, text) -> t.texts.add(text), (d, n, c) -> { });
        return t;
    }

    @Test
    void theDefaultOptionsCoverEveryReachablePairAndEveryTraceReplays() throws IOException {
        Traces t = run(VectorOptions.defaults());
        VectorResult r = t.result;
        assertNull(r.finding(), r.text());
        assertEquals(List.of(), r.coverage().missing(), r.text());
        assertEquals(List.of(), r.coverage().outsideTable(), r.text());
        assertEquals(VectorOptions.DEFAULT_COUNT, t.texts.size());
        for (String text : t.texts) {
            ReplayOutcome out = Replayer.replay(text.getBytes(StandardCharsets.UTF_8), false);
            assertEquals(ReplayOutcome.Status.MATCHED, out.status(), text + "\n" + out.differences());
        }
        assertTrue(r.checks() > 0 && r.invocations() == (long) VectorOptions.DEFAULT_COUNT
                * VectorOptions.DEFAULT_OPS_PER_TRACE, r.text());
    }

    @Test
    void otherSeedsReachFullCoverageWithFewTraces() throws IOException {
        for (long seed = 2; seed <= 4; seed++) {
            VectorResult r = run(new VectorOptions(3, seed, VectorOptions.DEFAULT_OPS_PER_TRACE)).result;
            assertEquals(List.of(), r.coverage().missing(), "seed " + seed + ":\n" + r.text());
        }
    }

    @Test
    void aLongTraceReplaysPastItsCheckpointsAndReportsProgressWithinIt() throws IOException {
        List<String> texts = new ArrayList<>();
        List<Long> progress = new ArrayList<>();
        VectorResult r = VectorGenerator.generate(new VectorOptions(1, 5, 2100), () -> false,
                (i, text) -> texts.add(text), (d, n, c) -> progress.add(n));
        assertNull(r.finding(), r.text());
        assertEquals(2100, r.invocations());
        assertEquals(List.of(1024L, 2048L, 2100L), progress);
        ReplayOutcome out = Replayer.replay(texts.get(0).getBytes(StandardCharsets.UTF_8), false);
        assertEquals(ReplayOutcome.Status.MATCHED, out.status(), String.valueOf(out.differences()));
    }

    @Test
    void theSameOptionsGiveTheSameBytesAndAnotherSeedOthers() throws IOException {
        VectorOptions o = new VectorOptions(3, 42, 30);
        List<String> a = run(o).texts;
        List<String> b = run(o).texts;
        assertEquals(a, b);
        List<String> c = run(new VectorOptions(3, 43, 30)).texts;
        assertNotEquals(a, c);
    }

    @Test
    void eachTraceIsOneCaptraceFileWithItsHeaderFirst() throws IOException {
        Traces t = run(new VectorOptions(2, 7, 12));
        for (String text : t.texts) {
            String[] lines = text.split("\n");
            assertTrue(lines[0].startsWith("{\"captrace\": 1, \"boot\": "), lines[0]);
            assertEquals(12, text.lines().filter(l -> l.contains("\"op\": ")).count(), text);
            assertTrue(text.endsWith("\n"));
        }
    }

    @Test
    void aKernelWithASeededBugIsCaughtByTheCrossCheckWithTheSpecification() throws IOException {
        for (Mutant m : new Mutant[] {Mutant.UNTYPED_COPY_NOT_FULL, Mutant.COPY_OF_NON_ORIGINAL_IS_CHILD}) {
            List<String> texts = new ArrayList<>();
            VectorResult r = VectorGenerator.generate(VectorOptions.defaults(), m::boot, () -> false,
                    (i, text) -> texts.add(text), (d, n, c) -> { });
            assertNotNull(r.finding(), m + ":\n" + r.text());
            assertTrue(r.text().contains("FINDING"), r.text());
            assertTrue(r.json(List.of()).contains("\"outcome\": \"finding\""));
            // The trace that shows it ends with the disagreeing line, whose expect is the faulty kernel's.
            String last = texts.get(texts.size() - 1);
            assertTrue(last.contains("FINDING"), last);
        }
    }

    @Test
    void aStopRequestEndsTheRunBetweenTraces() throws IOException {
        int[] written = {0};
        VectorResult r = VectorGenerator.generate(new VectorOptions(10, 1, 8), () -> written[0] >= 2,
                (i, text) -> written[0]++, (d, n, c) -> { });
        assertTrue(r.interrupted());
        assertEquals(2, r.traces());
        assertTrue(r.json(List.of()).contains("\"outcome\": \"interrupted\""));
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        assertEquals("--count must be 1..1000000, not 0", new VectorOptions(0, 1, 5).problem());
        assertEquals("--ops-per-trace must be 1..100000, not -1", new VectorOptions(1, 1, -1).problem());
        assertNull(VectorOptions.defaults().problem());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> run(new VectorOptions(0, 1, 5)));
    }
}
