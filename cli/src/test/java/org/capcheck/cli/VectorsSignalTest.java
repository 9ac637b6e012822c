package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.capcheck.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (as Ctrl-C's SIGINT) during a long vectors run, in a child JVM: the summary so far, the JSON
 * report with outcome "interrupted", exit status 3, and only complete vector files, each of which replays.
 */
@Timeout(180)
class VectorsSignalTest {
    @TempDir
    Path dir;

    @Test
    void sigtermDuringALongRunGivesTheSummaryTheReportAndExit3() throws Exception {
        Path vec = dir.resolve("vec");
        Path report = dir.resolve("report.json");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "vectors", "--count", "1000000",
                "--out", vec.toString(), "--json", report.toString());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ReplaySignalTest.text(err).contains("traces written") && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "the run ended before the signal: " + ReplaySignalTest.text(out)
                + ReplaySignalTest.text(err));
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "no exit within 60 s of SIGTERM");
        String text = ReplaySignalTest.text(out);
        assertEquals(ExitStatus.INCOMPLETE, p.exitValue(), text + ReplaySignalTest.text(err));
        assertTrue(text.contains("stopped by the user after "), text);
        Map<?, ?> j = (Map<?, ?>) Json.parse(Files.readString(report));
        assertEquals("interrupted", j.get("outcome"));
        List<Path> files;
        try (Stream<Path> s = Files.list(vec)) {
            files = s.sorted().collect(Collectors.toList());
        }
        assertEquals(((Number) j.get("traces")).intValue(), files.size(), j.toString());
        assertTrue(files.size() >= 1);
        Path last = files.get(files.size() - 1);
        assertEquals(ExitStatus.OK, Main.run("replay", "-q", last.toString()), "the last file is complete: " + last);
    }
}
