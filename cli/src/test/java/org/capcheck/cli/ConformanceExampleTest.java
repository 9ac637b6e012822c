package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/CONFORMANCE.md: examples/conformance/toykernel.c, a toy kernel in C,
 * emits a captrace of its own run; capcheck replay passes it, and catches the toy's seeded bug
 * ({@code --bug}). Built with gcc when there is one; skipped with a message otherwise.
 */
class ConformanceExampleTest {
    @TempDir
    Path dir;

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("examples").resolve("conformance").resolve("toykernel.c"))) {
            p = p.getParent();
        }
        return p;
    }

    private static int run(List<String> command, Path stdout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(stdout == null);
        if (stdout != null) {
            pb.redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s");
        }
        return p.exitValue();
    }

    private static boolean gccExists() {
        try {
            return run(List.of("gcc", "--version"), null) == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String replay(Path trace, int expectedStatus) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = Main.run("replay", trace.toString());
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(expectedStatus, status, text);
            return text;
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void theToyKernelsOwnTracePassesReplayAndItsSeededBugIsCaught() throws Exception {
        Path root = projectRoot();
        assertTrue(root != null, "examples/conformance/toykernel.c not found above " + Path.of("").toAbsolutePath());
        Assumptions.assumeTrue(gccExists(), "gcc not found: skipping the C conformance example (install gcc to run it)");
        Path binary = dir.resolve("toykernel");
        assertEquals(0, run(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-o", binary.toString(),
                root.resolve("examples/conformance/toykernel.c").toString()), null), "gcc failed");

        Path good = dir.resolve("run.jsonl");
        assertEquals(0, run(List.of(binary.toString()), good));
        String ok = replay(good, ExitStatus.OK);
        assertTrue(ok.contains("OK: 17 lines checked (11 invocations, 6 checks)"), ok);

        Path bad = dir.resolve("bad.jsonl");
        assertEquals(0, run(List.of(binary.toString(), "--bug"), bad));
        String caught = replay(bad, ExitStatus.FINDING);
        assertTrue(caught.contains(":6: check differs") && caught.contains("parent"), caught);
    }
}
