package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.capcheck.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Process.destroy() sends on Unix, and what Ctrl-C's SIGINT does alike) during a long
 * replay, in a child JVM: the summary so far on stdout, the JSON report, exit status 3.
 */
@Timeout(180)
class ReplaySignalTest {
    @TempDir
    Path dir;

    /** A trace that takes minutes with --check-every 1: 200 caps, then many check lines, each followed by a full check. */
    Path longTrace() throws IOException {
        Path f = dir.resolve("long.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write(ReplayCommandTest.H);
            w.newLine();
            w.write(ReplayCommandTest.RETYPE.replace("\"num_objects\": 1", "\"num_objects\": 200"));
            w.newLine();
            for (int i = 0; i < 300_000; i++) {
                w.write("{\"check\": \"slot\", \"root\": 2, \"index\": " + (20 + i % 200)
                        + ", \"depth\": 64, \"expect\": {\"type\": \"Endpoint\"}}");
                w.newLine();
            }
        }
        return f;
    }

    static String text(Path f) throws IOException {
        return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    }

    @Test
    void sigtermDuringReplayGivesTheSummaryTheReportAndExit3() throws Exception {
        Path trace = longTrace();
        Path report = dir.resolve("report.json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "replay", "--check-every", "1", "--json",
                report.toString(), trace.toString()));
        // To files, not pipes: Process.destroy() closes the pipes it sends SIGTERM with.
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!text(err).contains("replaying, at line") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "the replay ended before the signal: " + text(out) + text(err));
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no exit within 60 s of SIGTERM");
        assertEquals(3, p.exitValue(), text(out) + text(err));
        assertTrue(text(out).contains(": interrupted while replaying"), "stdout:\n" + text(out) + "\nstderr:\n" + text(err));
        Map<?, ?> j = (Map<?, ?>) Json.parse(Files.readString(report));
        assertEquals("interrupted", j.get("status"));
        assertEquals(BigInteger.valueOf(3), j.get("exit_status"));
        assertEquals("replaying", j.get("interrupted_while"));
        assertTrue(((BigInteger) j.get("lines_checked")).signum() > 0, j.toString());
    }
}
