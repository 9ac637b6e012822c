package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.capcheck.jpf.FakeJpf;

class JpfEngineTest {
    @TempDir
    static Path shared;
    static Path fakeHome;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void fake() throws IOException {
        fakeHome = FakeJpf.create(shared);
    }

    private int run(String engine, Path home, String harness, Integer maxDepth, Long maxRuns, Path json,
                    boolean quiet) {
        return JpfEngine.run(engine, home, harness, maxDepth, maxRuns, null, json, quiet, new PrintWriter(out, true),
                new PrintWriter(err, true));
    }

    @Test
    void nativeFindsTheLostUpdateAndPrintsTheCounterexample() throws IOException {
        Path json = dir.resolve("report.json");
        assertEquals(ExitStatus.FINDING, run("native", null, "racy-counter", null, null, json, false));
        String o = out.toString();
        assertTrue(o.startsWith("Checking harness racy-counter with the native explorer"), o);
        assertTrue(o.contains("Violation of assertions in racy-counter: java.lang.AssertionError: lost update"), o);
        assertTrue(o.contains("Counterexample (3 choices: 0,1,0):\n  1. thread 0 reads 0\n  2. thread 1 reads 0\n"), o);
        String report = Files.readString(json);
        assertTrue(report.contains("\"result\": \"violation\""), report);
        assertTrue(report.contains("\"harness\": \"racy-counter\""), report);
    }

    @Test
    void nativeIsTheDefaultAndACorrectHarnessExitsZero() throws IOException {
        Path json = dir.resolve("ok.json");
        assertEquals(ExitStatus.OK, run(null, null, "atomic-counter", null, null, json, true));
        assertEquals("No violation: every assertion holds on all 2 runs of atomic-counter.\n", out.toString());
        assertTrue(Files.readString(json).contains("\"result\": \"ok\""));
    }

    @Test
    void theSeededCapabilityBugIsFound() {
        assertEquals(ExitStatus.FINDING, run("native", null, "cap-revoke-mutant", null, null, null, true));
        assertTrue(out.toString().startsWith("Violation of assertions in cap-revoke-mutant"), out.toString());
        assertTrue(out.toString().contains("CNode_Delete"), out.toString());
    }

    @Test
    void boundsGiveIncomplete() {
        assertEquals(ExitStatus.INCOMPLETE, run("native", null, "cap-revoke", null, 50L, null, true));
        assertTrue(out.toString().startsWith("Incomplete (max-runs)"), out.toString());
        assertEquals(ExitStatus.INCOMPLETE, run("native", null, "cap-revoke", 2, null, null, true));
    }

    @Test
    void unknownHarnessOrEngineIsUsageWithTheNames() {
        assertEquals(ExitStatus.USAGE, run("native", null, "nope", null, null, null, false));
        String e = err.toString();
        assertTrue(e.contains("unknown harness 'nope'"), e);
        for (String name : new String[] {"cap-revoke", "cap-revoke-mutant", "racy-counter"}) {
            assertTrue(e.contains("\n  " + name + ": "), e);
        }
        assertEquals(ExitStatus.USAGE, run("spin", null, "cap-revoke", null, null, null, false));
        assertTrue(err.toString().contains("unknown engine 'spin'"));
        assertEquals(ExitStatus.USAGE, run("native", null, null, null, null, null, false));
        assertTrue(err.toString().contains("--harness NAME is required"));
        assertEquals("", out.toString());
    }

    @Test
    void jpfWithABadHomeIsUsage() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("not-jpf"));
        assertEquals(ExitStatus.USAGE, run("jpf", empty, "cap-revoke", null, null, null, false));
        assertTrue(err.toString().contains("has no build/RunJPF.jar"), err.toString());
    }

    @Test
    void theJpfHeapIsPassedOnAndNoTemporaryDirectoryIsLeft() throws IOException {
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        Path json = dir.resolve("racy.json");
        int status = JpfEngine.run("jpf", fakeHome, "3g", temp, "racy-counter", null, null, null, json, false,
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(ExitStatus.FINDING, status, err.toString());
        String record = FakeJpf.record(fakeHome);
        assertTrue(record.contains("-Xmx3g"), record);
        assertTrue(record.contains("cwd=" + temp.toAbsolutePath()), "JPF ran in a directory under " + temp);
        try (var left = Files.list(temp)) {
            assertEquals(0, left.count(), "the run's directory is removed");
        }
        assertTrue(out.toString().contains("(JPF heap 3g)"), out.toString());
        assertTrue(err.toString().contains("progress: 1s, 4 new JPF states, 0 revisited, depth 3 (max 3), 8 states/s"),
                "the listener's progress line, on stderr: " + err);
        String report = Files.readString(json);
        assertTrue(report.contains("\"jpf_heap\": \"3g\""), report);
        assertTrue(report.contains("\"choices\": [\n        0,\n        1,\n        0\n      ]"), report);
        assertTrue(report.contains("\"trace\": [\n        \"thread 0 reads 0\""), report);

        // Also when JPF fails to report, and the default heap.
        assertEquals(ExitStatus.INTERNAL, JpfEngine.run("jpf", fakeHome, null, temp, "cap-revoke-mutant", null, null,
                null, null, true, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(FakeJpf.record(fakeHome).contains("-Xmx1024m"));
        try (var left = Files.list(temp)) {
            assertEquals(0, left.count(), "the run's directory is removed");
        }
    }

    @Test
    void aBadHeapOrAHeapWithTheNativeEngineIsUsage() {
        assertEquals(ExitStatus.USAGE, JpfEngine.run("jpf", fakeHome, "lots", "atomic-counter", null, null, null,
                null, true, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(err.toString().contains("--jpf-heap: a JPF heap size is a number"), err.toString());
        assertEquals(ExitStatus.USAGE, JpfEngine.run("native", null, "2g", "atomic-counter", null, null, null,
                null, true, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(err.toString().contains("--jpf-heap applies to --engine jpf only"), err.toString());
        assertEquals(ExitStatus.USAGE, Main.run("check", "--harness", "atomic-counter", "--jpf-heap", "2g"));
    }

    @Test
    void jpfLaunchesRunJpfWithTheGeneratedPropertiesAndMapsItsResult() throws IOException {
        Path json = dir.resolve("jpf.json");
        assertEquals(ExitStatus.OK, run("jpf", fakeHome, "atomic-counter", 25, null, json, false));
        String o = out.toString();
        assertTrue(o.contains("Running JPF: "), o);
        assertTrue(o.contains(fakeHome.resolve("build/RunJPF.jar").toString()), o);
        assertTrue(o.contains("no errors detected"), o);
        String record = FakeJpf.record(fakeHome);
        assertTrue(record.contains("target = org.capcheck.jpf.JpfMain\n"), record);
        assertTrue(record.contains("target.args = atomic-counter\n"), record);
        assertTrue(record.contains("search.depth_limit = 25\n"), record);
        assertFalse(record.contains("jpf-stub"), record);
        String report = Files.readString(json);
        assertTrue(report.contains("\"engine\": \"jpf\""), report);
        assertTrue(report.contains("\"result\": \"ok\""), report);

        assertEquals(ExitStatus.FINDING, run("jpf", fakeHome, "racy-counter", null, null, null, true));
        // Quiet: JPF's own output is not forwarded; the path its listener reported is replayed natively.
        assertFalse(out.toString().contains("error #1"), out.toString());
        assertTrue(out.toString().contains("Violation of assertions in racy-counter under JPF: "
                + "java.lang.AssertionError: lost update"), out.toString());
        assertTrue(out.toString().contains("Counterexample (3 choices: 0,1,0), replayed natively:\n"
                + "  1. thread 0 reads 0\n  2. thread 1 reads 0\n"), out.toString());
        assertEquals(ExitStatus.INTERNAL, run("jpf", fakeHome, "cap-revoke-mutant", null, null, null, true));
        assertTrue(err.toString().contains("JPF did not report a result"), err.toString());
    }
}
