package org.capcheck.fuzz.jazzer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Mutant;

/**
 * Runs Jazzer's fuzzing mode (coverage-guided, libFuzzer underneath) on one of the targets in a
 * child JVM: Jazzer's own driver ({@code com.code_intelligence.jazzer.Jazzer}) with this JVM's class
 * path, so it works from the shaded capcheck jar and from a Maven class path alike. Jazzer
 * instruments org.capcheck classes as it loads them (its agent attaches itself), keeps its growing
 * corpus in a directory, and writes a crashing input as {@code crash-<sha1>} under the output
 * directory; its exit status is 0 when the time ran out without a finding.
 */
public final class JazzerLauncher {
    /** The targets Jazzer can fuzz. */
    public static final List<String> TARGETS = List.of("local", "decoder", "multikernel");

    private JazzerLauncher() {
    }

    static String targetClass(String target) {
        return "decoder".equals(target) ? DecoderTarget.class.getName()
                : "multikernel".equals(target) ? MessageTarget.class.getName() : SequenceTarget.class.getName();
    }

    /** The child JVM's command line. */
    public static List<String> command(String target, long seconds, long seed, Mutant mutant, Path outDir, Path corpus) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        if (mutant != Mutant.NONE) {
            cmd.add("-Dcapcheck.fuzz.mutant=" + mutant.name());
        }
        cmd.add("com.code_intelligence.jazzer.Jazzer");
        cmd.add("--target_class=" + targetClass(target));
        cmd.add("--instrumentation_includes=org.capcheck.**");
        cmd.add("-max_total_time=" + seconds);
        cmd.add("-seed=" + Long.remainderUnsigned(seed, 4_294_967_291L));
        cmd.add("-artifact_prefix=" + outDir.toAbsolutePath() + "/");
        cmd.add(corpus.toAbsolutePath().toString());
        return cmd;
    }

    /**
     * Runs Jazzer and waits for it; its output goes to this process's standard output and error.
     *
     * @return Jazzer's exit status (0: no finding)
     */
    public static int run(String target, long seconds, long seed, Mutant mutant, Path outDir)
            throws IOException, InterruptedException {
        Path corpus = outDir.resolve("jazzer-corpus-" + target);
        Files.createDirectories(corpus);
        ProcessBuilder pb = new ProcessBuilder(command(target, seconds, seed, mutant, outDir, corpus));
        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            throw e;
        }
    }
}
