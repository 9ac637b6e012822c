package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capcheck.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FuzzCommandTest {
    @RegisterExtension
    final StandardStreams io = new StandardStreams();
    @TempDir
    Path dir;

    @Test
    void aCleanCampaignExitsZeroWithStatisticsAndJson() throws Exception {
        Path json = dir.resolve("f.json");
        int status = Main.run("fuzz", "--ops", "3000", "--seed", "5", "--out", dir.toString(), "--json", json.toString());
        assertEquals(ExitStatus.OK, status, io.err());
        assertTrue(io.out().contains("3,000 invocations"), io.out());
        assertTrue(io.out().contains("no failure found"), io.out());
        assertTrue(io.out().contains("CNode_Revoke"), io.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("no-failure", report.get("outcome"));
        assertEquals(3000L, ((Number) report.get("invocations")).longValue());
        List<?> pairs = (List<?>) report.get("pairs");
        assertEquals(10 * 11, pairs.size(), "every (operation, error) pair is listed, hit or not");
        assertTrue(((Number) report.get("distinct_states")).longValue() > 100);
        assertTrue(((Number) report.get("deepest_derivation_tree")).longValue() >= 2);
    }

    @Test
    void aMutantIsCaughtWithExitOneAndAReproducerThatReplaysOnACorrectKernel() throws Exception {
        int status = Main.run("fuzz", "--mutant", "UNTYPED_COPY_NOT_FULL", "--ops", "200000", "--seed", "2", "--out",
                dir.toString(), "-q");
        assertEquals(ExitStatus.FINDING, status, io.out() + io.err());
        Matcher m = Pattern.compile("replay with: capcheck replay (\\S+) --mutant UNTYPED_COPY_NOT_FULL").matcher(io.out());
        assertTrue(m.find(), io.out());
        Path file = Path.of(m.group(1));
        assertTrue(Files.isRegularFile(file));
        io.reset();
        // The reproducer, written by captrace's TraceWriter, states the specification's expectations: a
        // correct kernel passes it, and the seeded bug fails it.
        assertEquals(ExitStatus.OK, Main.run("replay", file.toString()), io.out() + io.err());
        io.reset();
        assertEquals(ExitStatus.FINDING, Main.run("replay", "--mutant", "UNTYPED_COPY_NOT_FULL", file.toString()),
                io.out() + io.err());
    }

    @Test
    void theDecoderTargetRuns() {
        assertEquals(ExitStatus.OK, Main.run("fuzz", "--target", "decoder", "--ops", "3000", "--out", dir.toString()),
                io.err());
        assertTrue(io.out().contains("target decoder"), io.out());
    }

    @Test
    void theMultikernelTargetPassesTheCapcheckProtocol() {
        assertEquals(ExitStatus.OK, Main.run("fuzz", "--target", "multikernel", "--ops", "5000", "--out",
                dir.toString(), "-q"), io.out() + io.err());
        assertTrue(io.out().contains("target multikernel"), io.out());
        assertTrue(io.out().contains("no failure found"), io.out());
    }

    @Test
    void theBarrelfishProtocolIsCaughtAndItsReproducerReplays() throws Exception {
        int status = Main.run("fuzz", "--target", "multikernel", "--protocol", "barrelfish", "--cores", "2", "--ops",
                "50000", "--out", dir.toString(), "-q");
        assertEquals(ExitStatus.FINDING, status, io.out() + io.err());
        Matcher m = Pattern.compile("replay with: capcheck fuzz --replay (\\S+)").matcher(io.out());
        assertTrue(m.find(), io.out());
        Path file = Path.of(m.group(1));
        io.reset();
        assertEquals(ExitStatus.FINDING, Main.run("fuzz", "--replay", file.toString()), io.out() + io.err());
        assertTrue(io.out().contains("VIOLATED: "), io.out());
        // The same schedule with a corrected step result stated: the replay reports the mismatch.
        String text = Files.readString(file);
        Path edited = dir.resolve("edited.jsonl");
        Files.writeString(edited, text.replaceFirst("\"relations\": \"-\"", "\"relations\": \"C\""));
        io.reset();
        assertEquals(ExitStatus.FINDING, Main.run("fuzz", "--replay", edited.toString()), io.out() + io.err());
        assertTrue(io.out().contains("MISMATCH: line "), io.out());
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--replay", dir.resolve("none.jsonl").toString()));
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--target", "nonsense"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--ops", "5", "--seconds", "1"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--mutant", "NO_SUCH_BUG"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--check-every", "0"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--check-every", "4", "--refine-every", "6"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--weights", "CNode_Copy=x"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--engine", "afl"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--engine", "jazzer", "--ops", "10"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--target", "multikernel", "--cores", "5"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--target", "multikernel", "--protocol", "paxos"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--target", "multikernel", "--mutant", "UNTYPED_COPY_NOT_FULL"));
        assertEquals(ExitStatus.USAGE, Main.run("fuzz", "--protocol", "barrelfish"));
        assertTrue(io.err().contains("unknown target 'nonsense'"), io.err());
    }
}
