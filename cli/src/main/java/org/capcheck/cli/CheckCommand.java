package org.capcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Model;
import org.capcheck.engine.Report;
import org.capcheck.engine.Strategy;
import org.capcheck.engine.Violation;
import org.capcheck.model.local.AuthorityQuery;
import org.capcheck.model.local.CaptraceExport;
import org.capcheck.model.local.LocalAction;
import org.capcheck.model.local.LocalModel;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code capcheck check}: explores a model's reachable states and checks its properties. Exit status 0
 * when every always property holds over the whole bounded state space, 1 on a violation (the trace is
 * printed), 2 for bad usage, 3 when incomplete (a bound, an interrupt, running short of memory, or a
 * simulation), 4 on an internal error.
 */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = "Model-checks a built-in model: explores its reachable states and checks its properties.",
        footer = {"", "Exit status: 0 no violation, 1 violation, 2 bad usage, 3 incomplete, 4 internal error."})
public final class CheckCommand implements Callable<Integer> {

    /** The model checked when {@code --model} is not given, once it is registered. */
    public static final String DEFAULT_MODEL = "local";
    /** Options of model checking that a harness run (--harness) does not take. */
    private static final java.util.List<String> MODEL_ONLY_OPTIONS = java.util.List.of("--strategy", "--workers",
            "--seed", "--walks", "--exact", "--progress", "--captrace");
    /** How long a shutdown hook waits for the report after Ctrl-C before giving up. */
    private static final long REPORT_GRACE_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--captrace", paramLabel = "FILE",
            description = "local model: where to write a counterexample as captrace (default: beside --json, "
                    + "else ./counterexample.captrace.jsonl).")
    Path captrace;

    @Option(names = "--harness", paramLabel = "NAME",
            description = "Check a JPF-style harness instead of a model (see docs/jpf.md).")
    String harness;

    @Option(names = "--engine", paramLabel = "native|jpf",
            description = "With --harness: native (capcheck's stateless explorer; default) or jpf (Java PathFinder).")
    String engine;

    @Option(names = "--jpf-home", paramLabel = "DIR",
            description = "jpf-core built from its java-17 branch (default: $JPF_HOME).")
    Path jpfHome;

    @Option(names = "--jpf-heap", paramLabel = "SIZE",
            description = "With --engine jpf: JPF's heap, as -Xmx takes it (default: 1024m).")
    String jpfHeap;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model to check: local (the default) or two-phase-commit.")
    String model;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--strategy", paramLabel = "bfs|dfs|simulate", defaultValue = "bfs",
            description = "bfs (shortest counterexamples, parallel), dfs (low memory) or simulate (seeded random "
                    + "walks; never complete). Default: ${DEFAULT-VALUE}.")
    String strategy;

    @Option(names = "--workers", paramLabel = "N",
            description = "Threads for bfs (default: the number of processors).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-depth", paramLabel = "N", description = "Explore at most N actions from an initial state.")
    Integer maxDepth;

    @Option(names = "--max-states", paramLabel = "N",
            description = "Stop once N distinct states are reached (the count may pass N by one state's successors).")
    Long maxStates;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Long timeoutSeconds;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random choice (default: from the clock; "
            + "always printed).")
    Long seed;

    @Option(names = "--walks", paramLabel = "N", defaultValue = "1000",
            description = "simulate: the number of random walks (default: ${DEFAULT-VALUE}).")
    long walks;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
    Path json;

    @Option(names = "--quiet", description = "No progress lines; only the result line and any counterexample.")
    boolean quiet;

    @Option(names = "--exact", description = "Store full states instead of 64-bit fingerprints (more memory, "
            + "no collisions).")
    boolean exact;

    @Option(names = "--progress", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between progress lines on stderr (default: ${DEFAULT-VALUE}).")
    long progressSeconds;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        if (engine != null && harness == null) {
            throw usage("--engine needs --harness NAME");
        }
        if (harness != null) {
            if (model != null) {
                throw usage("--harness and --model cannot be combined");
            }
            for (String option : MODEL_ONLY_OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw usage(option + " applies to models, not to --harness (which takes --max-depth, "
                            + "--max-states, --timeout, --json and --quiet)");
                }
            }
            if (ModelOptions.anyModelOption(spec.commandLine().getParseResult()) != null) {
                throw usage(ModelOptions.anyModelOption(spec.commandLine().getParseResult())
                        + " applies to a model, not to --harness");
            }
            return JpfEngine.run(engine, jpfHome, jpfHeap, harness, maxDepth, maxStates, timeoutSeconds, json, quiet,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        String name = model != null ? model : DEFAULT_MODEL;
        Models.Factory factory = Models.named(name);
        if (factory == null) {
            throw usage("unknown model '" + name + "'; known models: " + String.join(", ", Models.names()));
        }
        String misplaced = modelOptions.misplacedOption(name, spec.commandLine().getParseResult());
        if (misplaced != null) {
            throw usage(misplaced);
        }
        Strategy chosen;
        try {
            chosen = Strategy.named(strategy);
        } catch (IllegalArgumentException e) {
            throw usage("unknown strategy '" + strategy + "'; use bfs, dfs or simulate");
        }
        if (json != null && json.toAbsolutePath().getParent() != null
                && !Files.isDirectory(json.toAbsolutePath().getParent())) {
            throw usage("cannot write the JSON report to " + json + ": no such directory");
        }
        if (progressSeconds < 1) {
            throw usage("--progress must be at least 1 second, not " + progressSeconds);
        }
        Model<?, ?> built;
        try {
            built = factory.create(modelOptions);
        } catch (IllegalArgumentException e) {
            throw usage(name + ": " + e.getMessage());
        }
        return check(name, built, chosen);
    }

    private <S, A> int check(String name, Model<S, A> checked, Strategy chosen) {
        Checker<S, A> checker;
        try {
            // Only breadth-first search runs in parallel; the others report the one thread they use.
            int threads = chosen == Strategy.BFS ? workers : 1;
            Checker.Builder<S, A> builder = Checker.of(checked).strategy(chosen).workers(threads).exact(exact)
                    .walks(walks);
            if (maxDepth != null) {
                builder.maxDepth(maxDepth);
            }
            if (maxStates != null) {
                builder.maxStates(maxStates);
            }
            if (timeoutSeconds != null) {
                builder.timeout(Duration.ofSeconds(timeoutSeconds));
            }
            if (seed != null) {
                builder.seed(seed);
            }
            if (!quiet) {
                PrintWriter err = spec.commandLine().getErr();
                builder.progress(line -> {
                    err.println(line);
                    err.flush();
                }, Duration.ofSeconds(progressSeconds));
            }
            checker = builder.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!quiet) {
            out.printf("Checking %s with %s (%d worker%s), seed %d%n", name, chosen.label(), workers,
                    workers == 1 ? "" : "s", checker.seed());
            out.flush();
        }
        AtomicInteger status = new AtomicInteger(ExitStatus.INCOMPLETE);
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> onShutdown(checker, reported, status), "capcheck-check-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Report<S, A> report = checker.run();
            status.set(exitStatus(report));
            print(report, out);
            if (json != null) {
                writeJson(report);
            }
            writeCaptrace(checked, report, out);
            answerQuery(checked, report, out);
            return status.get();
        } finally {
            out.flush();
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting (Ctrl-C): the hook is running and ends the process with our status.
            }
        }
    }

    /**
     * On Ctrl-C: stop the search, wait for the summary and the JSON report, then end the process with
     * the run's status (incomplete) rather than the JVM's 130.
     */
    private static void onShutdown(Checker<?, ?> checker, CountDownLatch reported, AtomicInteger status) {
        if (reported.getCount() == 0) {
            return;
        }
        checker.stop();
        try {
            if (reported.await(REPORT_GRACE_SECONDS, TimeUnit.SECONDS)) {
                Runtime.getRuntime().halt(status.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * For the one-process local model, the first counterexample also goes out as a captrace file that
     * {@code capcheck replay} reproduces: to {@code --captrace FILE}, else beside the JSON report,
     * else to counterexample.captrace.jsonl in the working directory.
     */
    @SuppressWarnings("unchecked")
    private <S, A> void writeCaptrace(Model<S, A> checked, Report<S, A> report, PrintWriter out) {
        if (!(checked instanceof LocalModel) || report.violations().isEmpty()
                || !((LocalModel) checked).captraceExportable()) {
            return;
        }
        LocalModel local = (LocalModel) checked;
        Violation<S, A> v = report.violations().get(0);
        Path file = captrace != null ? captrace
                : json != null ? json.resolveSibling(json.getFileName() + ".captrace.jsonl")
                : Path.of("counterexample.captrace.jsonl");
        List<String> lines = CaptraceExport.lines(local, (List<LocalAction>) v.trace().actions(),
                "violates '" + v.property() + "'");
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
            out.println("Counterexample as captrace (replay it with: capcheck replay " + file + "): " + file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("capcheck: cannot write the captrace counterexample to " + file
                    + ": " + e.getMessage());
        }
    }

    /** With --query, the answer in words: a witness, unreachable within the bounds, or unknown. */
    private static void answerQuery(Model<?, ?> checked, Report<?, ?> report, PrintWriter out) {
        if (!(checked instanceof LocalModel) || ((LocalModel) checked).query() == null) {
            return;
        }
        AuthorityQuery q = ((LocalModel) checked).query();
        switch (report.outcome(q.propertyName())) {
            case VIOLATED:
                out.println("Answer: " + q + ": reachable; the counterexample above is a witness.");
                break;
            case HOLDS:
                out.println("Answer: " + q + ": unreachable within these bounds.");
                break;
            default:
                out.println("Answer: " + q + ": unknown (the search stopped before it was complete).");
        }
    }

    static int exitStatus(Report<?, ?> report) {
        switch (report.result()) {
            case OK:
                return ExitStatus.OK;
            case VIOLATION:
                return ExitStatus.FINDING;
            default:
                return ExitStatus.INCOMPLETE;
        }
    }

    private void print(Report<?, ?> report, PrintWriter out) {
        String summary = report.summary();
        if (quiet) {
            out.print(summary.substring(0, summary.indexOf('\n') + 1));
            for (var v : report.violations()) {
                out.print("Counterexample to " + v.property() + ":\n" + v.trace().toText());
            }
        } else {
            out.print(summary);
        }
        out.flush();
    }

    private void writeJson(Report<?, ?> report) {
        try {
            Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the JSON report to " + json + ": " + e.getMessage(), e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
