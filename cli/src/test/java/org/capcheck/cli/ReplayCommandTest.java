package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.capcheck.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    static final String H = "{\"captrace\": 1, \"boot\": {\"untyped\": [{\"paddr\": 1048576, \"size_bits\": 20, "
            + "\"device\": false}]}}";
    static final String RETYPE = "{\"op\": \"Untyped_Retype\", \"args\": {\"service\": 16, \"type\": \"Endpoint\", "
            + "\"size_bits\": 0, \"root\": 2, \"node_index\": 0, \"node_depth\": 0, \"node_offset\": 20, "
            + "\"num_objects\": 1}, \"expect\": {\"error\": \"NoError\"}}";
    static final String CHECK_EP = "{\"check\": \"slot\", \"root\": 2, \"index\": 20, \"depth\": 64, \"expect\": "
            + "{\"type\": \"Endpoint\", \"parent\": {\"root\": 2, \"index\": 16, \"depth\": 64}}}";
    static final String CHECK_NTFN = CHECK_EP.replace("Endpoint", "Notification");
    static final String GOOD = String.join("\n", H, RETYPE, CHECK_EP) + "\n";
    /** Differences at lines 2 (the retype into an occupied slot succeeds no more) and 3. */
    static final String BAD = String.join("\n", H, RETYPE, RETYPE, CHECK_NTFN, CHECK_NTFN) + "\n";

    @RegisterExtension
    final StandardStreams io = new StandardStreams();

    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void exit0WhenEverythingMatchesAndTheLastLineIsTheSummary() throws Exception {
        Path f = write("good.jsonl", GOOD);
        assertEquals(0, Main.run("replay", f.toString()));
        String last = lastLine(io.out());
        assertTrue(last.contains("OK") && last.contains("2 lines checked"), io.out());
        assertEquals("", io.err());
    }

    @Test
    void exit1AtTheFirstDifferenceWithLineExpectedActualAndSlots() throws Exception {
        Path f = write("bad.jsonl", BAD);
        assertEquals(1, Main.run("replay", f.toString()));
        String o = io.out();
        assertTrue(o.contains(f + ":3: result differs"), o);
        assertTrue(o.contains("line:     " + RETYPE), o);
        assertTrue(o.contains("expected: error=NoError"), o);
        assertTrue(o.contains("actual:   error=DeleteFirst"), o);
        assertTrue(o.contains("root[20]: Endpoint@0x100000"), o);
        assertTrue(o.contains("parent root[16]"), o);
        assertFalse(o.contains(":4:"), "replay stops at the first difference: " + o);
        assertTrue(lastLine(o).contains("difference at line 3"), o);
    }

    @Test
    void keepGoingReportsEveryDifference() throws Exception {
        Path f = write("bad.jsonl", BAD);
        assertEquals(1, Main.run("replay", "--keep-going", f.toString()));
        String o = io.out();
        assertTrue(o.contains(":3: result differs") && o.contains(":4: check differs")
                && o.contains(":5: check differs"), o);
        assertTrue(o.contains("expected: type=Notification") && o.contains("actual:   type=Endpoint"), o);
        assertTrue(lastLine(o).contains("3 differences"), o);
    }

    @Test
    void exit2ForAnInvalidFileNamingLineAndKeyAndRunningNothing() throws Exception {
        Path f = write("invalid.jsonl", H + "\n" + RETYPE + "\n" + RETYPE.replace("\"node_depth\": 0",
                "\"node_depth\": 256") + "\n");
        assertEquals(2, Main.run("replay", f.toString()));
        assertEquals("", io.out());
        assertTrue(io.err().contains(f + ":3: not valid captrace v1: args.node_depth"), io.err());
        assertTrue(io.err().contains("nothing was run"), io.err());
        assertFalse(io.err().contains("Exception"), io.err());
    }

    @Test
    void exit2ForAnUnreadableFile() {
        assertEquals(2, Main.run("replay", dir.resolve("missing.jsonl").toString()));
        assertTrue(io.err().contains("cannot read") && io.err().contains("missing.jsonl"), io.err());
        assertEquals(2, Main.run("replay", dir.toString()));
        assertTrue(io.err().contains("directory"), io.err());
        assertFalse(io.err().contains("Exception"), io.err());
    }

    @Test
    void exit2WithoutAFile() {
        assertEquals(2, Main.run("replay"));
        assertTrue(io.err().contains("FILE"), io.err());
    }

    @Test
    void dashReadsStandardInput() {
        io.input(GOOD.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, Main.run("replay", "-"));
        assertTrue(lastLine(io.out()).startsWith("<stdin>: OK"), io.out());
        io.input(BAD.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, Main.run("replay", "-"));
        assertTrue(io.out().contains("<stdin>:3: result differs"), io.out());
    }

    @Test
    void jsonReportIsWritten() throws Exception {
        Path f = write("bad.jsonl", BAD);
        Path report = dir.resolve("report.json");
        assertEquals(1, Main.run("replay", "--keep-going", "--json", report.toString(), f.toString()));
        Map<?, ?> j = (Map<?, ?>) Json.parse(Files.readString(report));
        assertEquals("difference", j.get("status"));
        assertEquals(BigInteger.ONE, j.get("exit_status"));
        assertEquals(BigInteger.valueOf(4), j.get("lines_checked"));
        List<?> ds = (List<?>) j.get("differences");
        assertEquals(3, ds.size());
        assertEquals(BigInteger.valueOf(3), ((Map<?, ?>) ds.get(0)).get("line"));
        assertFalse(((List<?>) ((Map<?, ?>) ds.get(0)).get("slots")).isEmpty());

        Path good = write("good.jsonl", GOOD);
        assertEquals(0, Main.run("replay", "--json", report.toString(), good.toString()));
        assertEquals("ok", ((Map<?, ?>) Json.parse(Files.readString(report))).get("status"));

        Path invalid = write("invalid.jsonl", H + "\n{\"op\": \"X\"}\n");
        assertEquals(2, Main.run("replay", "--json", report.toString(), invalid.toString()));
        Map<?, ?> inv = (Map<?, ?>) ((Map<?, ?>) Json.parse(Files.readString(report))).get("invalid");
        assertEquals(BigInteger.TWO, inv.get("line"));

        assertEquals(2, Main.run("replay", "--json", report.toString(), dir.resolve("nope").toString()));
        assertEquals("unreadable", ((Map<?, ?>) Json.parse(Files.readString(report))).get("status"));
    }

    @Test
    void unwritableJsonReportIsExit2() throws Exception {
        Path good = write("good.jsonl", GOOD);
        assertEquals(2, Main.run("replay", "--json", dir.resolve("no/such/dir/r.json").toString(), good.toString()));
        assertTrue(io.err().contains("cannot write the JSON report"), io.err());
    }

    @Test
    void quietPrintsNothingButKeepsTheExitStatus() throws Exception {
        assertEquals(1, Main.run("replay", "--quiet", write("bad.jsonl", BAD).toString()));
        assertEquals(0, Main.run("replay", "-q", write("good.jsonl", GOOD).toString()));
        assertEquals("", io.out());
    }

    @Test
    void helpListsReplay() {
        assertEquals(0, Main.run("--help"));
        assertTrue(io.out().contains("replay"), io.out());
        assertEquals(0, Main.run("replay", "--help"));
        assertTrue(io.out().contains("--keep-going") && io.out().contains("--json"), io.out());
    }

    @Test
    void aSeededBugsCounterexampleFailsWithMutantAndPassesOnTheCorrectKernelSayingSo() throws Exception {
        org.capcheck.model.local.LocalModel model = new org.capcheck.model.local.LocalModel(
                org.capcheck.model.local.LocalBounds.quick().withSlots(List.of(20, 21))
                        .withMutant(org.capcheck.core.Mutant.UNTYPED_COPY_NOT_FULL), null);
        org.capcheck.engine.Report<org.capcheck.model.local.LocalState, org.capcheck.model.local.LocalAction> r =
                org.capcheck.engine.Checker.of(model).workers(2).bfs().run();
        Path f = dir.resolve("cex.jsonl");
        Files.write(f, org.capcheck.model.local.CaptraceExport.lines(model, r.violations().get(0).trace().actions(),
                "test", f.toString()), StandardCharsets.UTF_8);
        assertTrue(Files.readString(f).contains("reproduce with: capcheck replay --mutant UNTYPED_COPY_NOT_FULL " + f));

        assertEquals(0, Main.run("replay", f.toString()));
        assertTrue(lastLine(io.out()).contains("matches the correct kernel: the seeded bug UNTYPED_COPY_NOT_FULL"), io.out());
        assertTrue(lastLine(io.out()).contains("capcheck replay --mutant UNTYPED_COPY_NOT_FULL " + f), io.out());

        io.reset();
        assertEquals(1, Main.run("replay", "--mutant", "untyped_copy_not_full", f.toString()));
        assertTrue(lastLine(io.out()).contains("on the kernel with the seeded bug UNTYPED_COPY_NOT_FULL"), io.out());

        io.reset();
        Path report = dir.resolve("r.json");
        assertEquals(1, Main.run("replay", "--mutant", "UNTYPED_COPY_NOT_FULL", "--check-every", "1000", "--json",
                report.toString(), f.toString()));
        Map<?, ?> j = (Map<?, ?>) Json.parse(Files.readString(report));
        assertEquals("UNTYPED_COPY_NOT_FULL", j.get("seeded_bug"));
        assertEquals("UNTYPED_COPY_NOT_FULL", j.get("file_seeded_bug"));
        assertEquals(BigInteger.valueOf(1000), j.get("check_every"));
    }

    @Test
    void jsonToStandardOutputLeavesStdoutPureJson() throws Exception {
        Path f = write("bad.jsonl", BAD);
        assertEquals(1, Main.run("replay", "--json", "-", f.toString()));
        Map<?, ?> j = (Map<?, ?>) Json.parse(io.out());
        assertEquals("difference", j.get("status"));
        assertTrue(io.err().contains("difference at line 3"), io.err());
    }

    @Test
    void standardInputIsValidatedWholeBeforeAnythingRuns() {
        String invalidAtEnd = GOOD + BAD.substring(BAD.indexOf('\n') + 1) + "{\"op\": \"Nope\"}\n";
        io.input(invalidAtEnd.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, Main.run("replay", "-"));
        assertTrue(io.err().contains("<stdin>:8: not valid captrace v1: op: unknown operation"), io.err());
        assertTrue(io.err().contains("nothing was run"), io.err());
        assertEquals("", io.out());
    }

    @Test
    void checkEveryStillFindsTheFirstDifference() throws Exception {
        assertEquals(1, Main.run("replay", "--check-every", "3", write("bad.jsonl", BAD).toString()));
        assertTrue(io.out().contains(":3: result differs"), io.out());
        assertTrue(lastLine(io.out()).contains("from scratch every 3 lines"), io.out());
    }
}
