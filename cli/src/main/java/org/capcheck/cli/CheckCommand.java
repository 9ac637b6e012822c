package org.capcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.capcheck.engine.Artifact;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Model;
import org.capcheck.engine.Report;
import org.capcheck.engine.SettingException;
import org.capcheck.engine.Strategy;
import org.capcheck.report.CheckReportPage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code capcheck check}: explores a model's reachable states and checks its properties. Each model is a
 * subcommand with its own options ({@code capcheck check two-phase-commit --rms 5}); with no model it
 * checks the local model, whose options it also takes ({@code capcheck check --slots 20,21}), and
 * {@code --model NAME} names the subcommand. The search's options are inherited by every model.
 *
 * <p>Exit status 0 when every always property holds over the whole bounded state space, 1 on a
 * violation (the trace is printed), 2 for bad usage, 3 when incomplete (a bound, an interrupt, running
 * short of memory, or a simulation), 4 on an internal error.
 */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {"Model-checks a built-in model: explores its reachable states and checks its properties.",
            "With no model, checks the local model (cap-core under bounds) and takes its options.",
            "Examples:  capcheck check",
            "           capcheck check two-phase-commit --rms 5 --workers 2",
            "           capcheck check local --processes 2 --query 'p1 can hold W to ep'",
            "See docs/model-checker.md."},
        subcommands = {LocalCheck.class, TwoPhaseCheck.class, MultikernelCheck.class},
        footer = {"", "Exit status: 0 no violation, 1 violation, 2 bad usage, 3 incomplete, 4 internal error."})
public final class CheckCommand implements Callable<Integer> {

    /** The model checked when none is named. */
    public static final String DEFAULT_MODEL = "local";
    /** The name of the mixin of the local model's options on the command itself. */
    static final String LOCAL = "local";
    /** Options of model checking that a harness run (--harness) does not take. */
    private static final List<String> MODEL_ONLY_OPTIONS = List.of("--strategy", "--workers", "--seed", "--walks",
            "--exact", "--progress");
    /** How long a shutdown hook waits for the report after Ctrl-C before giving up. */
    private static final long REPORT_GRACE_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", preprocessor = ModelAlias.class,
            description = "The model to check, as the subcommand of that name: local (the default), "
                    + "two-phase-commit or multikernel. Its options follow.")
    String model;

    @Mixin(name = LOCAL)
    LocalOptions local = new LocalOptions();

    @Option(names = "--harness", paramLabel = "NAME",
            description = "Check a JPF-style harness instead of a model (see docs/jpf.md).")
    String harness;

    @Option(names = "--engine", paramLabel = "native|jpf",
            description = "With --harness: native (capcheck's stateless explorer; default) or jpf (Java PathFinder).")
    String engine;

    @Option(names = "--jpf-home", paramLabel = "DIR",
            description = "jpf-core built from its java-17 branch (default: $JPF_HOME).")
    Path jpfHome;

    @Option(names = "--jpf-heap", paramLabel = "SIZE", scope = ScopeType.INHERIT,
            description = "With --engine jpf: JPF's heap, as -Xmx takes it (default: 1024m).")
    String jpfHeap;

    @Option(names = "--strategy", paramLabel = "bfs|dfs|simulate", defaultValue = "bfs", scope = ScopeType.INHERIT,
            converter = StrategyConverter.class,
            description = "bfs (shortest counterexamples, parallel), dfs (low memory) or simulate (seeded random "
                    + "walks; never complete). Default: ${DEFAULT-VALUE}.")
    Strategy strategy;

    /** More threads than this only contend for the visited set; a larger value is a typo. */
    static final int MAX_WORKERS = 256;

    @Option(names = "--workers", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "bfs only: threads, 1 to " + MAX_WORKERS + " (default: the number of processors).")
    Integer workers;

    @Option(names = "--max-depth", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Explore at most N actions from an initial state.")
    Integer maxDepth;

    @Option(names = "--max-states", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Stop once N distinct states are reached (the count may pass N by one state's successors).")
    Long maxStates;

    @Option(names = "--timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
            converter = DurationConverter.class,
            description = "Stop after this long: seconds (90) or with a unit (5s, 2m, 1h); at most 365 days.")
    Duration timeout;

    @Option(names = "--seed", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "simulate only: seed of every random choice (default: from the clock; always printed).")
    Long seed;

    @Option(names = "--walks", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "simulate only: the number of random walks (default: 1000).")
    Long walks;

    @Option(names = "--json", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Also write the report as JSON to FILE ('-': standard output). Checked before the run.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Also write a self-contained HTML report to FILE: the counterexample's steps with the "
                    + "derivation tree (local) or a message sequence chart (multikernel). Checked before the run.")
    Path html;

    @Option(names = "--quiet", scope = ScopeType.INHERIT,
            description = "No progress lines; only the result line and any counterexample.")
    boolean quiet;

    @Option(names = "--exact", scope = ScopeType.INHERIT,
            description = "Store full states instead of 64-bit fingerprints (more memory, no collisions).")
    boolean exact;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "5", scope = ScopeType.INHERIT,
            converter = DurationConverter.class,
            description = "Time between progress lines on stderr: seconds or 5s, 2m, 1h (default: ${DEFAULT-VALUE}s).")
    Duration progress;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces of internal errors.")
    boolean debug;

    /** {@code --model NAME} stands for the subcommand NAME: the parser meets the name next and switches to it. */
    static final class ModelAlias implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec,
                Map<String, Object> info) {
            if (args.isEmpty()) {
                throw new ParameterException(commandSpec.commandLine(), "--model needs a NAME");
            }
            String name = args.peek();
            if (!commandSpec.subcommands().containsKey(name)) {
                throw new ParameterException(commandSpec.commandLine(), "unknown model '" + name
                        + "'; known models: " + String.join(", ", commandSpec.subcommands().keySet()));
            }
            return true; // leave NAME on the stack, to be read as the subcommand
        }
    }

    /** bfs, dfs or simulate, in any case. */
    static final class StrategyConverter implements CommandLine.ITypeConverter<Strategy> {
        @Override
        public Strategy convert(String value) {
            try {
                return Strategy.named(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown strategy '" + value + "'; use bfs, dfs or simulate");
            }
        }
    }

    /** No model named: a harness, or the local model with the options given here. */
    @Override
    public Integer call() {
        if (engine != null && harness == null) {
            throw usage(spec, "--engine needs --harness NAME");
        }
        if (jpfHome != null && !"jpf".equals(engine)) {
            throw usage(spec, "--jpf-home applies to --engine jpf only");
        }
        if (harness != null) {
            if (html != null) {
                throw usage(spec, "--html applies to models, not to --harness");
            }
            String bad = OutputPath.problem("--json", json);
            if (bad != null) {
                throw usage(spec, bad);
            }
            for (String option : MODEL_ONLY_OPTIONS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw usage(spec, option + " applies to models, not to --harness (which takes --max-depth, "
                            + "--max-states, --timeout, --json and --quiet)");
                }
            }
            for (var o : spec.mixins().get(LOCAL).options()) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw usage(spec, o.longestName() + " applies to a model, not to --harness");
                }
            }
            return JpfEngine.run(engine, jpfHome, jpfHeap, harness, maxDepth, maxStates,
                    timeout == null ? null : timeout.toSeconds(), json, quiet,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        return checkModel(spec, DEFAULT_MODEL, local::model,
                kind -> "captrace".equals(kind) ? local.captrace : null);
    }

    /**
     * Checks the model {@code factory} builds, with the search options of this command: {@code command} is
     * the command whose options made the model (for messages and output), {@code artifactPath} where the
     * user asked each kind of file the model offers to go (null: the default).
     */
    int checkModel(CommandSpec command, String name, Supplier<Model<?, ?>> factory, Function<String, Path> artifactPath) {
        return checkModel(command, name, factory, artifactPath, false);
    }

    /**
     * As {@link #checkModel(CommandSpec, String, Supplier, Function)}; {@code symmetry}: reduce by the
     * permutations the model declares ({@link Model#permutations}), one state per class.
     */
    int checkModel(CommandSpec command, String name, Supplier<Model<?, ?>> factory, Function<String, Path> artifactPath,
            boolean symmetry) {
        if (engine != null) {
            throw usage(command, "--engine needs --harness NAME");
        }
        if (jpfHome != null) {
            throw usage(command, "--jpf-home applies to --harness with --engine jpf only");
        }
        if (workers != null && (workers < 1 || workers > MAX_WORKERS)) {
            throw usage(command, "--workers must be from 1 to " + MAX_WORKERS + ", not " + workers);
        }
        if (workers != null && strategy != Strategy.BFS) {
            throw usage(command, "--workers applies to --strategy bfs only (" + strategy.label()
                    + " runs on one thread)");
        }
        if (strategy != Strategy.SIMULATE) {
            if (seed != null) {
                throw usage(command, "--seed applies to --strategy simulate only (" + strategy.label()
                        + " makes no random choice)");
            }
            if (walks != null) {
                throw usage(command, "--walks applies to --strategy simulate only");
            }
        }
        // Every output is checked before any work: a long run must not end unable to write its report.
        Path captrace = artifactPath.apply("captrace");
        for (String bad : new String[] {OutputPath.problem("--json", json), OutputPath.problem("--captrace", captrace)}) {
            if (bad != null) {
                throw usage(command, bad);
            }
        }
        if (OutputPath.same(json, captrace)) {
            throw usage(command, "--json and --captrace name the same file '" + json + "': one would overwrite the other");
        }
        HtmlOutput.checkBefore(command, html, json, captrace);
        Model<?, ?> built;
        try {
            built = factory.get();
        } catch (SettingException e) {
            throw usage(command, name + ": " + e.message(setting -> flag(command, setting)));
        } catch (IllegalArgumentException e) {
            throw usage(command, name + ": " + e.getMessage());
        }
        return run(command, name, built, artifactPath, symmetry);
    }

    private <S, A> int run(CommandSpec command, String name, Model<S, A> checked, Function<String, Path> artifactPath,
            boolean symmetry) {
        Checker<S, A> checker;
        try {
            Checker.Builder<S, A> builder = Checker.of(checked).exact(exact).symmetry(symmetry);
            if (maxDepth != null) {
                builder = builder.maxDepth(maxDepth);
            }
            if (maxStates != null) {
                builder = builder.maxStates(maxStates);
            }
            if (timeout != null) {
                builder = builder.timeout(timeout);
            }
            if (!quiet) {
                PrintWriter err = command.commandLine().getErr();
                builder = builder.progress(line -> {
                    err.println(line);
                    err.flush();
                }, progress);
            }
            switch (strategy) {
                case DFS:
                    checker = builder.dfs();
                    break;
                case SIMULATE:
                    checker = builder.simulate(seed != null ? seed : System.nanoTime() ^ 0x5DEECE66DL,
                            walks != null ? walks : 1_000);
                    break;
                default:
                    checker = builder.workers(workers != null ? workers : Runtime.getRuntime().availableProcessors())
                            .bfs();
            }
        } catch (SettingException e) {
            throw usage(command, e.message(setting -> flag(command, setting)));
        }
        PrintWriter out = command.commandLine().getOut();
        if (!quiet) {
            out.printf(Locale.ROOT, "Checking %s with %s (%d worker%s)%s%n", name, checker.strategy().label(),
                    checker.workers(), checker.workers() == 1 ? "" : "s",
                    checker.seed() == null ? "" : ", seed " + checker.seed());
            for (String line : checked.describeModel()) {
                out.println("  " + line);
            }
            if (symmetry) {
                out.println("  symmetry: on (states that differ only by a permutation the model declares count as one)");
            }
            List<String> properties = new java.util.ArrayList<>();
            int results = 0;
            for (var p : checked.properties()) {
                // The local model's (operation, error) goals are many and alike: counted, not listed.
                if (p.name().matches("\\w+ returns \\w+")) {
                    results++;
                } else {
                    properties.add(p.kind().label() + " '" + p.name() + "'");
                }
            }
            if (results > 0) {
                properties.add("sometimes 'OPERATION returns ERROR' for " + results + " (operation, error) pairs "
                        + "(docs/model-checker.md lists them)");
            }
            properties.add("always '" + Checker.NO_STEP_THROWS + "' (built in)");
            out.println("  properties: " + String.join("; ", properties));
            out.println("  limits: " + (maxDepth == null ? "no depth bound" : "depth " + maxDepth)
                    + (maxStates == null ? "" : ", " + maxStates + " states")
                    + (timeout == null ? "" : ", timeout " + timeout.toSeconds() + " s"));
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
                writeJson(report, out);
            }
            HtmlOutput.write(html, () -> CheckReportPage.render(name, checked, report), out, out, command.commandLine().getErr());
            for (Artifact artifact : checked.artifacts(report)) {
                write(artifact, artifactPath.apply(artifact.kind()), command, out);
            }
            for (String line : checked.describeOutcome(report)) {
                out.println(line);
            }
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

    /** The flag of {@code command} (or of this command) that sets the API's {@code setting}, e.g. maxDepth: --max-depth. */
    static String flag(CommandSpec command, String setting) {
        String flag = "--" + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        for (CommandSpec c = command; c != null; c = c.parent()) {
            if (c.findOption(flag) != null) {
                return flag;
            }
        }
        return setting;
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
     * A file the model offers (the local model's captrace counterexample, say): to the path the user
     * gave, else beside the JSON report, else under the model's default name in the working directory.
     */
    private void write(Artifact artifact, Path chosen, CommandSpec command, PrintWriter out) {
        String suffix = artifact.defaultName().substring(Math.max(0, artifact.defaultName().indexOf('.')));
        Path file = chosen != null ? chosen
                : json != null && !OutputPath.isStdout(json) ? json.resolveSibling(json.getFileName() + suffix)
                : Path.of(artifact.defaultName());
        if (OutputPath.isStdout(file)) {
            artifact.lines().forEach(out::println);
            return;
        }
        try {
            Files.write(file, artifact.lines(), StandardCharsets.UTF_8);
            out.println(artifact.noteFor(file.toString()));
        } catch (IOException e) {
            command.commandLine().getErr().println("capcheck: cannot write the " + artifact.kind() + " file '" + file + "'"
                    + ": " + e.getMessage());
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
                out.print("Counterexample to '" + v.property() + "' (" + v.steps() + (v.steps() == 1 ? " step" : " steps")
                        + "):\n" + v.toText());
            }
        } else {
            out.print(summary);
        }
        for (var v : report.violations()) {
            if (v.thrown() != null) {
                if (debug) {
                    out.print("Stack of the exception the step threw:\n" + v.thrownStack());
                } else {
                    out.println("(run again with --debug for the stack of " + v.thrownLine() + ")");
                }
            }
        }
        out.flush();
    }

    private void writeJson(Report<?, ?> report, PrintWriter out) {
        if (OutputPath.isStdout(json)) {
            out.print(report.toJson());
            out.flush();
            return;
        }
        try {
            Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the JSON report to '" + json + "': " + e.getMessage(), e);
        }
    }

    static ParameterException usage(CommandSpec command, String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
