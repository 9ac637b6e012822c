package org.capcheck.captrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.capcheck.core.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replay as a stream: bounded lines, validation of the whole file before anything runs, stopping. */
@Timeout(120)
class ReplayStreamTest {
    static final String H = TraceParserTest.H;
    static final String COPY = TraceParserTest.COPY;

    /** An endless stream of one byte, as /dev/zero is. */
    static InputStream endless(byte b) {
        return new InputStream() {
            @Override
            public int read() {
                return b & 0xff;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                Arrays.fill(buf, off, off + len, b);
                return len;
            }
        };
    }

    static Replayer.Input bytes(String text) {
        return () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEndlessLineIsRefusedAfterTheLimitNamingTheLine() throws Exception {
        ReplayOutcome o = Replayer.replay(() -> endless((byte) 0), ReplayOptions.defaults());
        assertEquals(ReplayOutcome.Status.INVALID, o.status());
        assertEquals(1, o.invalid().line());
        assertTrue(o.invalid().reason().contains("longer than " + LineReader.MAX_LINE_BYTES + " bytes"),
                o.invalid().reason());
        // The same after valid lines: the line number is the long line's.
        InputStream head = new ByteArrayInputStream((H + "\n" + COPY + "\n").getBytes(StandardCharsets.UTF_8));
        o = Replayer.replay(() -> new java.io.SequenceInputStream(head, endless((byte) 'x')), ReplayOptions.defaults());
        assertEquals(3, o.invalid().line());
        assertEquals(0, o.linesChecked(), "nothing runs before the whole file is valid");
    }

    @Test
    void lineLimitIsExactAndACrBeforeTheLfIsNotCounted() throws Exception {
        LineReader r = new LineReader(new ByteArrayInputStream("abcd\r\nabcde\n".getBytes(StandardCharsets.UTF_8)), 4);
        assertEquals("abcd", r.next());
        InvalidTraceException e = assertThrows(InvalidTraceException.class, r::next);
        assertEquals(2, e.line());
        r = new LineReader(new ByteArrayInputStream("\ufeffok\nlast".getBytes(StandardCharsets.UTF_8)), 8);
        assertEquals("ok", r.next());
        assertEquals("last", r.next());
        assertNull(r.next());
        r = new LineReader(new ByteArrayInputStream(new byte[] {'o', 'k', '\n', (byte) 0xc3, '(', '\n'}), 8);
        r.next();
        assertEquals(2, assertThrows(InvalidTraceException.class, r::next).line());
    }

    @Test
    void randomBytesAreRefusedAtOnce() throws Exception {
        java.util.Random rnd = new java.util.Random(3);
        InputStream random = new InputStream() {
            @Override
            public int read() {
                return rnd.nextInt(256);
            }
        };
        ReplayOutcome o = Replayer.replay(() -> random, ReplayOptions.defaults());
        assertEquals(ReplayOutcome.Status.INVALID, o.status());
        assertEquals(1, o.invalid().line());
    }

    @Test
    void anInvalidLastLineMeansNothingRunsNotEvenTheBoot() throws Exception {
        AtomicInteger boots = new AtomicInteger();
        StringBuilder file = new StringBuilder(H).append('\n');
        for (int i = 0; i < 50_000; i++) {
            file.append(COPY).append('\n');
        }
        file.append(COPY.replace("\"dest_depth\": 64", "\"dest_depth\": 256")).append('\n');
        ReplayOutcome o = Replayer.replay(bytes(file.toString()), ReplayOptions.defaults()
                .withKernel(c -> {
                    boots.incrementAndGet();
                    return Kernel.boot(c);
                }, null));
        assertEquals(ReplayOutcome.Status.INVALID, o.status());
        assertEquals(50_002, o.invalid().line());
        assertEquals(0, boots.get());
        assertEquals(0, o.linesChecked());
    }

    @Test
    void aGeneratedLongTraceReplaysAndAChangedExpectationIsFoundAtItsLine() throws Exception {
        StringWriter w = new StringWriter();
        TraceGenerator.write(w, 2000, 42);
        String text = w.toString();
        // Full checks every 50 lines keep this test fast (cap-core's full check dominates replay).
        ReplayOutcome o = Replayer.replay(bytes(text), ReplayOptions.defaults().withCheckEvery(50));
        assertEquals(ReplayOutcome.Status.MATCHED, o.status(), ReplayReport.differences(o, "gen"));
        assertEquals(2000, o.linesChecked());
        assertEquals(2002, o.lineCount());

        // Line 1001 (step 999): flip its expected error.
        List<String> lines = new ArrayList<>(List.of(text.split("\n")));
        String l = lines.get(1000);
        String changed = l.contains("\"NoError\"") ? l.replace("\"NoError\"", "\"DeleteFirst\"")
                : l.replaceFirst("\"error\": \"[A-Za-z]+\"(, \"failure\": \"[A-Za-z]+\")?", "\"error\": \"NoError\"");
        assertTrue(!changed.equals(l), l);
        lines.set(1000, changed);
        o = Replayer.replay(bytes(String.join("\n", lines)), ReplayOptions.defaults().withCheckEvery(100));
        assertEquals(ReplayOutcome.Status.DIFFERENT, o.status());
        assertEquals(1001, o.differences().get(0).line());
    }

    @Test
    void progressIsReportedInBothPasses() throws Exception {
        StringWriter w = new StringWriter();
        TraceGenerator.write(w, 2 * ReplayOptions.PROGRESS_LINES + 10, 1);
        List<String> seen = new ArrayList<>();
        ReplayOutcome o = Replayer.replay(bytes(w.toString()), ReplayOptions.defaults().withCheckEvery(100_000)
                .withListener((phase, line) -> seen.add(phase + " " + line)));
        assertEquals(ReplayOutcome.Status.MATCHED, o.status());
        assertTrue(seen.contains("validating " + (ReplayOptions.PROGRESS_LINES + 2)), seen.toString());
        assertTrue(seen.contains("replaying " + (ReplayOptions.PROGRESS_LINES + 2)), seen.toString());
    }

    @Test
    void runningOutOfHeapEndsTheReplayWithTheCountsSoFarAndExitThree() throws Exception {
        StringWriter w = new StringWriter();
        TraceGenerator.write(w, 50, 5);
        // The heap runs out at boot (a header asking for a kernel larger than the heap) ...
        ReplayOutcome o = Replayer.replay(bytes(w.toString()), ReplayOptions.defaults().withKernel(c -> {
            throw new OutOfMemoryError("Java heap space");
        }, null));
        assertEquals(ReplayOutcome.Status.OUT_OF_MEMORY, o.status());
        assertEquals(3, o.exitStatus());
        assertEquals("booting the kernel", o.interruptedWhile());
        assertEquals(0, o.linesChecked());
        String s = ReplayReport.summary(o, "t");
        assertTrue(s.contains("incomplete (out-of-memory): the heap ran out while booting the kernel"), s);
        assertTrue(ReplayReport.json(o, "t").contains("\"status\": \"out-of-memory\""));

        // ... or in the middle of the file: the lines run so far are counted.
        AtomicInteger polls = new AtomicInteger();
        o = Replayer.replay(bytes(w.toString()), ReplayOptions.defaults().withStop(() -> {
            if (polls.incrementAndGet() > 50 + 20) {
                throw new OutOfMemoryError("Java heap space");
            }
            return false;
        }));
        assertEquals(ReplayOutcome.Status.OUT_OF_MEMORY, o.status());
        assertEquals("replaying", o.interruptedWhile());
        assertEquals(20, o.linesChecked());
    }

    @Test
    void aStopRequestEndsTheReplayBetweenLinesWithTheCountsSoFar() throws Exception {
        StringWriter w = new StringWriter();
        TraceGenerator.write(w, 2000, 5);
        AtomicInteger polls = new AtomicInteger();
        // The first pass polls once per line (2000 times); stop 700 lines into the second.
        ReplayOutcome o = Replayer.replay(bytes(w.toString()), ReplayOptions.defaults()
                .withStop(() -> polls.incrementAndGet() > 2700));
        assertEquals(ReplayOutcome.Status.INTERRUPTED, o.status());
        assertEquals(3, o.exitStatus());
        assertEquals("replaying", o.interruptedWhile());
        assertEquals(700, o.linesChecked());
        String s = ReplayReport.summary(o, "t");
        assertTrue(s.contains("interrupted while replaying") && s.contains("700 lines checked"), s);
        assertTrue(ReplayReport.json(o, "t").contains("\"status\": \"interrupted\""));

        polls.set(0);
        o = Replayer.replay(bytes(w.toString()), ReplayOptions.defaults().withStop(() -> polls.incrementAndGet() > 10));
        assertEquals("validating", o.interruptedWhile());
        assertEquals(0, o.linesChecked());
    }

    @Test
    void aKernelThatThrowsIsADifferenceNamingTheLineNotAnError() throws Exception {
        String file = H + "\n" + COPY + "\n";
        ReplayOutcome o = Replayer.replay(bytes(file), ReplayOptions.defaults().withKeepGoing(true)
                .withKernel(c -> {
                    throw new IllegalStateException("slot handle 40 belongs to no live object");
                }, null));
        assertEquals(ReplayOutcome.Status.DIFFERENT, o.status());
        Difference d = o.differences().get(0);
        assertEquals(1, d.line());
        assertEquals("exception", d.mismatches().get(0).key());
        assertTrue(d.actual().contains("IllegalStateException: slot handle 40"), d.actual());
        assertEquals(0, o.linesChecked(), "nothing runs on a kernel that did not boot");

        // A kernel whose invariant check throws: a difference at boot, and replay stops there.
        o = Replayer.replay(bytes(file), ReplayOptions.defaults().withKeepGoing(true).withKernel(c -> null, null));
        assertEquals(ReplayOutcome.Status.DIFFERENT, o.status());
        assertTrue(o.differences().get(0).actual().contains("the invariant check threw"),
                o.differences().get(0).actual());
        assertEquals(0, o.linesChecked());
    }

    @Test
    void theMutantHintIsReadFromACommentOnly() throws Exception {
        String hint = TraceWriter.comment("reproduce with: capcheck replay --mutant RESET_WITH_CHILDREN f.jsonl");
        try (TraceReader r = TraceReader.open(new ByteArrayInputStream((H + "\n" + hint + "\n" + COPY + "\n")
                .getBytes(StandardCharsets.UTF_8)))) {
            r.next();
            assertEquals("RESET_WITH_CHILDREN", r.mutantHint());
        }
        assertNull(TraceReader.hintIn(TraceWriter.comment("capcheck replay f.jsonl")));
    }
}
