package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.capcheck.jpf.JpfHomes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code capcheck check --engine jpf} as a user types it, under the stock JPF (JPF_HOME, else the
 * provided build): the verdict, the natively replayed counterexample, and the JSON report.
 */
class RealJpfCheckTest {
    static Path home;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void jpf() {
        home = JpfHomes.find();
        assumeTrue(home != null, JpfHomes.missing());
    }

    private int check(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        System.out.println(out);
        System.out.println(err);
        return status;
    }

    @Test
    void aSeededBugIsFoundByJpfAndItsPathReplays() throws IOException {
        Path json = dir.resolve("jpf.json");
        assertEquals(ExitStatus.FINDING, check("check", "--engine", "jpf", "--jpf-home", home.toString(),
                "--harness", "two-phase-commit-early-commit", "--jpf-heap", "512m", "--json", json.toString()));
        String o = out.toString();
        assertTrue(o.contains("Violation of assertions in two-phase-commit-early-commit under JPF: "
                + "java.lang.AssertionError: TCConsistent"), o);
        assertTrue(o.contains("), replayed natively:\n  1. "), o);
        assertTrue(o.contains("TMCommit: "), o);
        String report = Files.readString(json);
        assertTrue(report.contains("\"result\": \"violation\""), report);
        assertTrue(report.contains("\"jpf_heap\": \"512m\""), report);
    }

    /** --timeout under the real JPF: a summary with the counts so far, exit 3, the JSON report, no temporary directory. */
    @Test
    void aTimeoutEndsWithASummaryAndExit3() throws IOException {
        Path temp = Files.createDirectory(dir.resolve("temp"));
        Path json = dir.resolve("timeout.json");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int status = JpfEngine.run("jpf", home, null, temp, "two-phase-commit-7", null, null, 2L, json, true,
                new PrintWriter(o, true), new PrintWriter(e, true));
        System.out.println(o);
        System.out.println(e);
        assertEquals(ExitStatus.INCOMPLETE, status, e.toString());
        assertTrue(o.toString().startsWith("Incomplete (timeout)"), o.toString());
        assertTrue(o.toString().contains("\nJPF: "), o.toString());
        String report = Files.readString(json);
        assertTrue(report.contains("\"stop_reason\": \"timeout\""), report);
        assertTrue(report.contains("\"exit_status\": 3"), report);
        try (var left = Files.list(temp)) {
            assertEquals(0, left.count(), "the JPF run's temporary directory is removed");
        }
    }

    @Test
    void aCorrectHarnessPasses() {
        assertEquals(ExitStatus.OK, check("check", "--engine", "jpf", "--jpf-home", home.toString(),
                "--harness", "atomic-counter", "--quiet"));
        assertTrue(out.toString().startsWith("No violation: JPF found no error in harness atomic-counter "
                + "(complete search).\nJPF: "), out.toString());
    }
}
