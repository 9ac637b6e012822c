package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running out of heap and being asked to stop (SIGTERM, as Ctrl-C's shutdown path) end a check with the
 * summary so far, the JSON report and exit status 3, in a child JVM with a tiny heap, every time.
 */
class ExhaustedResourcesTest {

    private static Process start(Path dir, String heap, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .start();
    }

    private static int await(Process p) throws InterruptedException {
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not end");
        }
        return p.exitValue();
    }

    @Test
    void runningOutOfHeapEndsWithTheSummaryTheReportAndExitThreeEveryTime(@TempDir Path dir) throws Exception {
        for (int run = 1; run <= 3; run++) {
            Path json = dir.resolve("report" + run + ".json");
            Process p = start(dir, "-Xmx32m", "check", "two-phase-commit", "--rms", "9", "--quiet", "--json",
                    json.toString());
            int status = await(p);
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
            String shown = "run " + run + ", status " + status + "\nout: " + out + "\nerr: " + err;
            assertEquals(ExitStatus.INCOMPLETE, status, shown);
            assertTrue(out.contains("Incomplete (out-of-memory)"), shown);
            assertTrue(Files.readString(json).contains("\"stop_reason\": \"out-of-memory\""), shown);
            assertTrue(!err.contains("internal error"), shown);
        }
    }

    /**
     * A valid header can ask for a kernel the heap cannot hold (cap-core preallocates its tables): replay
     * ends with the summary, the JSON report and exit 3, not an OutOfMemoryError's stack trace.
     */
    @Test
    void replayRunningOutOfHeapEndsWithTheSummaryTheReportAndExitThree(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("big.captrace.jsonl");
        Files.writeString(trace, "{\"captrace\": 1, \"boot\": {\"root_cnode_bits\": 16, \"untyped\": "
                + "[{\"paddr\": 1048576, \"size_bits\": 20, \"device\": false}], \"max_irq\": 65536, "
                + "\"fanout_limit\": 65536}}\n"
                + "{\"op\": \"CNode_Delete\", \"args\": {\"service\": 2, \"index\": 20, \"depth\": 64}, "
                + "\"expect\": {\"error\": \"NoError\"}}\n");
        for (String heap : new String[] {"-Xmx12m", "-Xmx16m"}) {
            Path json = dir.resolve("replay" + heap + ".json");
            Process p = start(dir, heap, "replay", trace.toString(), "--json", json.toString());
            int status = await(p);
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
            String shown = heap + ", status " + status + "\nout: " + out + "\nerr: " + err;
            assertEquals(ExitStatus.INCOMPLETE, status, shown);
            assertTrue(out.contains("incomplete (out-of-memory): the heap ran out while booting the kernel"), shown);
            assertTrue(Files.readString(json).contains("\"status\": \"out-of-memory\""), shown);
            assertTrue(!err.contains("OutOfMemoryError") && !err.contains("\tat "), shown);
        }
    }

    @Test
    void sigtermEndsWithTheSummaryTheReportAndExitThree(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        Process p = start(dir, "-Xmx256m", "check", "two-phase-commit", "--rms", "10", "--progress", "1s", "--json",
                json.toString());
        File err = dir.resolve("err.txt").toFile();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err.toPath()).contains("progress:") && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "the run ended before it could be stopped");
        p.destroy(); // SIGTERM
        int status = await(p);
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(ExitStatus.INCOMPLETE, status, out + Files.readString(err.toPath()));
        assertTrue(out.contains("Incomplete (interrupted)"), out);
        assertTrue(Files.readString(json).contains("\"stop_reason\": \"interrupted\""));
    }
}
