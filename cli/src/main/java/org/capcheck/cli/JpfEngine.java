package org.capcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    /** How long a shutdown hook waits for the summary after Ctrl-C before giving up. */
    private static final long REPORT_GRACE_SECONDS = 30;

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
        return run(engine, jpfHome, null, harness, maxDepth, maxRuns, timeoutSeconds, json, quiet, out, err);
    }

    /**
     * As {@link #run(String, Path, String, Integer, Long, Long, Path, boolean, PrintWriter, PrintWriter)},
     * with JPF's heap ({@code --jpf-heap}, as {@code -Xmx} takes it; null: {@value JpfLauncher#DEFAULT_HEAP}).
     */
    public static int run(String engine, Path jpfHome, String jpfHeap, String harness, Integer maxDepth,
                          Long maxRuns, Long timeoutSeconds, Path json, boolean quiet, PrintWriter out,
                          PrintWriter err) {
        return run(engine, jpfHome, jpfHeap, null, harness, maxDepth, maxRuns, timeoutSeconds, json, quiet, out,
                err);
    }

    /** The same, with the JPF run's temporary directory made in {@code tempParent} (null: the system's). */
    static int run(String engine, Path jpfHome, String jpfHeap, Path tempParent, String harness, Integer maxDepth,
                   Long maxRuns, Long timeoutSeconds, Path json, boolean quiet, PrintWriter out, PrintWriter err) {
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
            if (jpfHeap != null && chosen.equals(NATIVE)) {
                return usage(err, "--jpf-heap applies to --engine jpf only");
            }
            if (jpfHeap != null && JpfLauncher.checkHeap(jpfHeap) != null) {
                return usage(err, "--jpf-heap: " + JpfLauncher.checkHeap(jpfHeap));
            }
            return chosen.equals(NATIVE)
                    ? runNative(h, maxDepth, maxRuns, timeoutSeconds, json, quiet, out, err)
                    : runJpf(jpfHome, jpfHeap, tempParent, harness, maxDepth, maxRuns, timeoutSeconds, json, quiet,
                    out, err);
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
            explorer = explorer.maxDepth(maxDepth);
        }
        if (maxRuns != null) {
            explorer = explorer.maxRuns(maxRuns);
        }
        if (timeoutSeconds != null) {
            explorer = explorer.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        if (!quiet) {
            explorer = explorer.progress(line -> {
                err.println(line);
                err.flush();
            }, Duration.ofSeconds(5));
            out.println("Checking harness " + h.name() + " with the native explorer (stateless dfs by re-execution)");
            out.flush();
        }
        Explorer.Search search = explorer.statelessDfs();
        return interruptible(search::stop, () -> printNative(search.run(), json, quiet, out));
    }

    private static int printNative(ExplorationReport report, Path json, boolean quiet, PrintWriter out) {
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

    private static int runJpf(Path jpfHome, String jpfHeap, Path tempParent, String harness, Integer maxDepth,
                              Long maxRuns, Long timeoutSeconds, Path json, boolean quiet, PrintWriter out,
                              PrintWriter err) {
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
        String heap = jpfHeap == null ? JpfLauncher.DEFAULT_HEAP : jpfHeap;
        JpfLauncher launcher = JpfLauncher.of(home, harness).depthLimit(maxDepth).timeoutSeconds(timeoutSeconds)
                .heap(heap);
        Path workDir;
        try {
            workDir = tempParent == null ? Files.createTempDirectory("capcheck-jpf-")
                    : Files.createTempDirectory(tempParent, "capcheck-jpf-");
        } catch (IOException e) {
            err.println("capcheck: cannot create a directory for the JPF properties: " + e.getMessage());
            return ExitStatus.INTERNAL;
        }
        if (!quiet) {
            out.println("Checking harness " + harness + " under Java PathFinder at " + launcher.jpfHome()
                    + " (JPF heap " + heap + ")");
            out.flush();
        }
        return interruptible(launcher::stop, () -> {
            try {
                JpfLauncher.JpfOutcome outcome = launcher.launch(workDir, quiet ? null : out, err, quiet ? null
                        : line -> {
                            err.println(line);
                            err.flush();
                        });
                return report(launcher, heap, outcome, json, out, err);
            } finally {
                deleteTree(workDir, err);
            }
        });
    }

    /** Prints the outcome of a JPF run (replaying its counterexample natively) and returns the exit status. */
    private static int report(JpfLauncher launcher, String heap, JpfLauncher.JpfOutcome outcome, Path json,
                              PrintWriter out, PrintWriter err) {
        String harness = launcher.harness();
        String result;
        int status;
        String failure = null;
        int[] choices = outcome.choices();
        Explorer.Replay replay = null;
        switch (outcome.status()) {
            case JpfLauncher.NO_ERRORS:
                result = "ok";
                status = ExitStatus.OK;
                out.println("No violation: JPF found no error in harness " + harness + " (complete search).");
                break;
            case JpfLauncher.ERROR_FOUND:
                result = "violation";
                status = ExitStatus.FINDING;
                failure = outcome.error();
                if (choices != null) {
                    try {
                        replay = Explorer.replay(Harnesses.named(harness), choices);
                    } catch (IllegalArgumentException e) {
                        err.println("capcheck: JPF's path does not fit the harness when replayed natively: "
                                + e.getMessage());
                        status = ExitStatus.INTERNAL;
                    }
                }
                if (replay != null && replay.violated()) {
                    failure = Explorer.describe(replay.failure());
                } else if (status == ExitStatus.FINDING) {
                    err.println("capcheck: JPF reported an error, but " + (choices == null
                            ? "not the choices of its path" : "its path does not violate when replayed natively"));
                    status = ExitStatus.INTERNAL;
                }
                out.println("Violation of " + ExplorationReport.PROPERTY + " in " + harness + " under JPF: " + failure);
                break;
            case JpfLauncher.INCOMPLETE:
                result = "incomplete";
                status = ExitStatus.INCOMPLETE;
                out.println("Incomplete (" + outcome.stopReason() + "): JPF found no error in harness " + harness
                        + " before it stopped.");
                break;
            default:
                result = "error";
                status = ExitStatus.INTERNAL;
        }
        if (outcome.status() != JpfLauncher.FAILED && outcome.status() != JpfLauncher.BAD_HOME) {
            out.println(String.format(Locale.ROOT,
                    "JPF: %,d new states, %,d revisited, depth %d, %.2f s (JPF's start included).",
                    outcome.newStates(), outcome.visitedStates(), outcome.maxDepth(), outcome.seconds()));
        }
        if (replay != null && replay.violated()) {
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < choices.length; i++) {
                list.append(i == 0 ? "" : ",").append(choices[i]);
            }
            out.println("Counterexample (" + choices.length + " choices: " + list + "), replayed natively:");
            int i = 1;
            for (String step : replay.steps()) {
                out.println("  " + i++ + ". " + step);
            }
            out.println("  => " + failure);
        }
        out.flush();
        if (json != null) {
            JsonWriter w = new JsonWriter();
            w.beginObject();
            w.name("result").value(result);
            w.name("complete").value(status == ExitStatus.OK || status == ExitStatus.FINDING);
            w.name("stop_reason").value(outcome.status() == JpfLauncher.INCOMPLETE ? outcome.stopReason()
                    : status == ExitStatus.FINDING ? "violation" : null);
            w.name("engine").value(JPF);
            w.name("harness").value(harness);
            w.name("jpf_home").value(launcher.jpfHome().toString());
            w.name("jpf_heap").value(heap);
            w.name("new_states").value(outcome.newStates());
            w.name("visited_states").value(outcome.visitedStates());
            w.name("max_depth").value(outcome.maxDepth());
            w.name("seconds").value(outcome.seconds());
            w.name("exit_status").value(status);
            w.name("violations").beginArray();
            if (failure != null) {
                w.beginObject();
                w.name("property").value(ExplorationReport.PROPERTY);
                w.name("failure").value(failure);
                w.name("jpf_error").value(outcome.error());
                w.name("choices").beginArray();
                if (choices != null) {
                    for (int c : choices) {
                        w.value(c);
                    }
                }
                w.endArray();
                w.name("trace").beginArray();
                if (replay != null) {
                    for (String step : replay.steps()) {
                        w.value(step);
                    }
                }
                w.endArray();
                w.endObject();
            }
            w.endArray();
            w.endObject();
            write(json, w.toString() + "\n");
        }
        return status;
    }

    /**
     * Runs {@code body}; on Ctrl-C (or any JVM shutdown) meanwhile, {@code stop} ends the search, the
     * summary is printed and the process ends with the run's status (incomplete) rather than the JVM's
     * 130, as {@code check} does for models.
     */
    static int interruptible(Runnable stop, IntSupplier body) {
        AtomicInteger status = new AtomicInteger(ExitStatus.INCOMPLETE);
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (reported.getCount() == 0) {
                return;
            }
            stop.run();
            try {
                if (reported.await(REPORT_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(status.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "capcheck-harness-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            status.set(body.getAsInt());
            return status.get();
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting (Ctrl-C): the hook is running and ends the process with our status.
            }
        }
    }

    /** Removes the run's directory (the .jpf, and anything JPF wrote beside it). */
    static void deleteTree(Path dir, PrintWriter err) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("capcheck: could not remove " + dir + ": " + e.getMessage());
            err.flush();
        }
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
