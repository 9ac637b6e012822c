package org.capcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.capcheck.json.JsonWriter;
import org.capcheck.jpf.ExplorationReport;
import org.capcheck.jpf.Explorer;
import org.capcheck.jpf.Harness;
import org.capcheck.jpf.Harnesses;
import org.capcheck.jpf.JpfLauncher;

/**
 * {@code capcheck check --harness NAME}: checks a built-in JPF-style harness, either with capcheck's own
 * stateless explorer ({@code --engine native}) or under Java PathFinder ({@code --engine jpf --jpf-home
 * DIR}, or JPF_HOME). Exit status as for {@code check}: 0 no violation, 1 violation, 2 bad usage or a bad
 * JPF home, 3 incomplete, 4 internal error or JPF failing to start.
 */
public final class JpfEngine {
    /** The engines {@code --engine} accepts with {@code --harness}. */
    public static final String NATIVE = "native";
    public static final String JPF = "jpf";

    private JpfEngine() {
    }

    /**
     * Checks the harness and prints the outcome.
     *
     * @param engine         "native" (also when null) or "jpf"
     * @param jpfHome        jpf-core's directory for the jpf engine; when null, the JPF_HOME environment variable
     * @param harness        the harness's name ({@link Harnesses#names()})
     * @param maxDepth       the most choices along one path (native) or JPF's search.depth_limit; null: none
     * @param maxRuns        native only: the most runs of the harness; null: none
     * @param timeoutSeconds stop after this many seconds; null: none
     * @param json           native: the report as JSON; jpf: the outcome as JSON; null: none
     * @param quiet          no progress lines or banner; only the result line and any counterexample
     * @return the exit status
     */
    public static int run(String engine, Path jpfHome, String harness, Integer maxDepth, Long maxRuns,
                          Long timeoutSeconds, Path json, boolean quiet, PrintWriter out, PrintWriter err) {
        try {
            String chosen = engine == null ? NATIVE : engine;
            if (!chosen.equals(NATIVE) && !chosen.equals(JPF)) {
                return usage(err, "unknown engine '" + engine + "' for --harness; use native or jpf");
            }
            if (harness == null) {
                return usage(err, "--harness NAME is required with --engine " + chosen + "; " + known());
            }
            Harness h = Harnesses.named(harness);
            if (h == null) {
                return usage(err, "unknown harness '" + harness + "'; " + known());
            }
            if (maxDepth != null && maxDepth < 1) {
                return usage(err, "--max-depth must be at least 1 with --harness, not " + maxDepth);
            }
            if (maxRuns != null && maxRuns < 1) {
                return usage(err, "--max-states (the most runs) must be at least 1, not " + maxRuns);
            }
            if (timeoutSeconds != null && timeoutSeconds < 1) {
                return usage(err, "--timeout must be at least 1 second, not " + timeoutSeconds);
            }
            if (json != null && json.toAbsolutePath().getParent() != null
                    && !Files.isDirectory(json.toAbsolutePath().getParent())) {
                return usage(err, "cannot write the JSON report to " + json + ": no such directory");
            }
            return chosen.equals(NATIVE)
                    ? runNative(h, maxDepth, maxRuns, timeoutSeconds, json, quiet, out, err)
                    : runJpf(jpfHome, harness, maxDepth, maxRuns, timeoutSeconds, json, quiet, out, err);
        } catch (RuntimeException e) {
            err.println("capcheck: internal error: " + e);
            err.flush();
            return ExitStatus.INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int runNative(Harness h, Integer maxDepth, Long maxRuns, Long timeoutSeconds, Path json,
                                 boolean quiet, PrintWriter out, PrintWriter err) {
        Explorer explorer = Explorer.of(h);
        if (maxDepth != null) {
            explorer.maxChoices(maxDepth);
        }
        if (maxRuns != null) {
            explorer.maxRuns(maxRuns);
        }
        if (timeoutSeconds != null) {
            explorer.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        if (!quiet) {
            explorer.progress(line -> {
                err.println(line);
                err.flush();
            }, Duration.ofSeconds(5));
            out.println("Checking harness " + h.name() + " with the native explorer (stateless dfs by re-execution)");
            out.flush();
        }
        // Ctrl-C or SIGTERM: stop the explorer, let the summary and the JSON report be written, end with 3.
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(ExitStatus.INCOMPLETE);
        Thread hook = new Thread(() -> {
            if (reported.getCount() == 0) {
                return;
            }
            explorer.stop();
            try {
                if (reported.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(status.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "capcheck-harness-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int result = report(explorer.run(), json, quiet, out);
            status.set(result);
            return result;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the process with the status set above
            }
        }
    }

    private static int report(ExplorationReport report, Path json, boolean quiet, PrintWriter out) {
        String summary = report.summary();
        if (quiet) {
            out.print(summary.substring(0, summary.indexOf('\n') + 1));
            int counterexample = summary.indexOf("Counterexample");
            if (counterexample >= 0) {
                out.print(summary.substring(counterexample));
            }
        } else {
            out.print(summary);
        }
        out.flush();
        if (json != null) {
            write(json, report.toJson());
        }
        switch (report.result()) {
            case OK:
                return ExitStatus.OK;
            case VIOLATION:
                return ExitStatus.FINDING;
            default:
                return ExitStatus.INCOMPLETE;
        }
    }

    private static int runJpf(Path jpfHome, String harness, Integer maxDepth, Long maxRuns, Long timeoutSeconds,
                              Path json, boolean quiet, PrintWriter out, PrintWriter err) {
        Path home = jpfHome;
        if (home == null) {
            String env = System.getenv("JPF_HOME");
            home = env == null || env.isEmpty() ? null : Paths.get(env);
        }
        String problem = JpfLauncher.checkHome(home);
        if (problem != null) {
            return usage(err, problem);
        }
        if (maxRuns != null) {
            err.println("capcheck: note: --max-states (the most runs) applies to --engine native only; ignored");
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("capcheck-jpf-");
        } catch (IOException e) {
            err.println("capcheck: cannot create a directory for the JPF properties: " + e.getMessage());
            return ExitStatus.INTERNAL;
        }
        JpfLauncher launcher = JpfLauncher.of(home, harness).depthLimit(maxDepth).timeoutSeconds(timeoutSeconds);
        if (!quiet) {
            out.println("Checking harness " + harness + " under Java PathFinder at " + launcher.jpfHome()
                    + " (properties in " + workDir + ")");
            out.flush();
        }
        int status = launcher.launch(workDir, out, err);
        String result;
        switch (status) {
            case JpfLauncher.NO_ERRORS:
                result = "ok";
                out.println("JPF: no errors detected in harness " + harness + ".");
                break;
            case JpfLauncher.ERROR_FOUND:
                result = "violation";
                out.println("JPF: error found in harness " + harness + " (its trace is above).");
                break;
            case JpfLauncher.INCOMPLETE:
                result = "incomplete";
                out.println("JPF: search stopped by a bound; no errors found before it.");
                break;
            default:
                result = "error";
        }
        out.flush();
        if (json != null) {
            JsonWriter w = new JsonWriter();
            w.beginObject();
            w.name("result").value(result);
            w.name("complete").value(status == JpfLauncher.NO_ERRORS || status == JpfLauncher.ERROR_FOUND);
            w.name("engine").value(JPF);
            w.name("harness").value(harness);
            w.name("jpf_home").value(launcher.jpfHome().toString());
            w.name("jpf_properties").value(workDir.resolve(harness + ".jpf").toString());
            w.name("exit_status").value(status);
            w.endObject();
            write(json, w.toString() + "\n");
        }
        return status;
    }

    private static String known() {
        StringBuilder out = new StringBuilder("known harnesses:");
        for (Map.Entry<String, String> e : Harnesses.descriptions().entrySet()) {
            out.append("\n  ").append(e.getKey()).append(": ").append(e.getValue());
        }
        return out.toString();
    }

    private static int usage(PrintWriter err, String message) {
        err.println("capcheck check: " + message);
        err.flush();
        return ExitStatus.USAGE;
    }

    private static void write(Path json, String text) {
        if (OutputPath.isStdout(json)) {
            System.out.print(text);
            System.out.flush();
            return;
        }
        try {
            Files.writeString(json, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the JSON report to " + json + ": " + e.getMessage(), e);
        }
    }
}
