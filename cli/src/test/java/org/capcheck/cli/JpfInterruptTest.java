package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.capcheck.jpf.FakeJpf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code check --engine jpf}: a real capcheck process (this test's classpath) runs a fake
 * JPF that prints a progress line and then hangs; the process gets SIGTERM (what Ctrl-C's SIGINT also
 * triggers: the JVM's shutdown hooks). capcheck must end JPF, print its summary, write the JSON report,
 * remove its temporary directory and exit 3.
 */
class JpfInterruptTest {
    @TempDir
    Path dir;

    @Test
    void aSignalEndsJpfWithASummaryAndExitThree() throws Exception {
        Path home = FakeJpf.create(dir.resolve("fake"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path json = dir.resolve("report.json");
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "check", "--engine", "jpf",
                "--jpf-home", home.toString(), "--harness", "two-phase-commit-7", "--json", json.toString()))
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = err.readLine();
            } while (line != null && !line.startsWith("progress: "));
            assertTrue(line != null, "a progress line before the signal");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "capcheck ended");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(ExitStatus.INCOMPLETE, p.exitValue());
        String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(out.contains("Incomplete (interrupted): JPF found no error in harness two-phase-commit-7 before "
                + "it stopped.\nJPF: 100 new states, 50 revisited, depth 9"), out);
        String report = Files.readString(json);
        assertTrue(report.contains("\"result\": \"incomplete\""), report);
        assertTrue(report.contains("\"stop_reason\": \"interrupted\""), report);
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("capcheck-jpf-"))
                    .collect(Collectors.toList()), "the run's directory is removed");
        }
    }
}
