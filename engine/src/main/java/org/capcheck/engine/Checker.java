package org.capcheck.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Checks a {@link Model}: explores its reachable states with one strategy and its bounds, and reports
 * what it found. The strategy is the last call, so an option a strategy cannot use does not compile:
 *
 * <pre>{@code
 * Report<State, Action> report = Checker.of(new TwoPhaseCommit(3))
 *         .maxDepth(20).workers(2)     // workers(...) leaves bfs() as the only way on
 *         .bfs()
 *         .run();
 * Checker.of(model).dfs().run();                   // one thread, memory for the path only
 * Checker.of(model).maxDepth(50).simulate(7, 1_000).run();   // seed 7, 1,000 random walks
 * }</pre>
 *
 * <p>Builders are values: every option returns a new builder and leaves the one it was called on as it
 * was, so a builder can be shared and specialised, and a built checker never sees later changes.
 *
 * <p>A checker runs once. {@link #stop()} may be called from any thread (a shutdown hook, say): the run
 * then ends as incomplete with reason "interrupted" and still returns its report.
 */
public final class Checker<S, A> {

    /**
     * The built-in always property of every model: no step throws. An exception out of the model's
     * step (out of the system under check) is reported as its violation, with the trace to the state the
     * step was taken from, the action and the exception; it is never an error of the checker.
     */
    public static final String NO_STEP_THROWS = "no step throws";

    /** The run's configuration. Copied on every change, so no two builders or checkers share one. */
    static final class Settings {
        Strategy strategy = Strategy.BFS;
        int workers = 1;
        int maxDepth = Integer.MAX_VALUE;
        long maxStates = Long.MAX_VALUE;
        long timeoutNanos;
        /** Only simulations draw random numbers; the other strategies have no seed. */
        Long seed;
        boolean exact;
        long walks;
        long expectedStates = 1 << 16;
        Consumer<String> progress;
        long progressIntervalMillis = 5_000;
        long frontierMemory;
        boolean symmetry;
        java.nio.file.Path spillDirectory;

        Settings copy() {
            Settings s = new Settings();
            s.strategy = strategy;
            s.workers = workers;
            s.maxDepth = maxDepth;
            s.maxStates = maxStates;
            s.timeoutNanos = timeoutNanos;
            s.seed = seed;
            s.exact = exact;
            s.walks = walks;
            s.expectedStates = expectedStates;
            s.progress = progress;
            s.progressIntervalMillis = progressIntervalMillis;
            s.frontierMemory = frontierMemory;
            s.symmetry = symmetry;
            s.spillDirectory = spillDirectory;
            return s;
        }
    }

    /**
     * The options every strategy takes. Each returns a new builder of the same kind; the receiver is
     * unchanged. Errors name the option, so that a front end can map them to its own flags.
     */
    public abstract static class Options<S, A, B extends Options<S, A, B>> {
        final Model<S, A> model;
        final Settings settings;

        Options(Model<S, A> model, Settings settings) {
            this.model = Objects.requireNonNull(model, "model");
            this.settings = settings;
        }

        abstract B with(Settings changed);

        private B change(Consumer<Settings> edit) {
            Settings s = settings.copy();
            edit.accept(s);
            return with(s);
        }

        /** States more than {@code maxDepth} actions from an initial state are not explored; at least 0. */
        public B maxDepth(int maxDepth) {
            if (maxDepth < 0) {
                throw new SettingException("maxDepth", "must be at least 0, not " + maxDepth);
            }
            return change(s -> s.maxDepth = maxDepth);
        }

        /** The run stops once this many distinct states are known; at least 1. */
        public B maxStates(long maxStates) {
            if (maxStates < 1) {
                throw new SettingException("maxStates", "must be at least 1, not " + maxStates);
            }
            return change(s -> s.maxStates = maxStates);
        }

        /** The run stops after this long; positive. */
        public B timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new SettingException("timeout", "must be positive, not " + timeout);
            }
            long nanos;
            try {
                nanos = timeout.toNanos();
            } catch (ArithmeticException e) {
                throw new SettingException("timeout", "must be at most 292 years, not " + timeout);
            }
            return change(s -> s.timeoutNanos = nanos);
        }

        /** Store full encoded states instead of 64-bit fingerprints: no collisions, more memory. */
        public B exact(boolean exact) {
            return change(s -> s.exact = exact);
        }

        /** Sizes the visited set up front, saving resizes when the state count is roughly known. */
        public B expectedStates(long expectedStates) {
            return change(s -> s.expectedStates = Math.max(1, expectedStates));
        }

        /** Hands a progress line to {@code out} every {@code interval} (off by default). */
        public B progress(Consumer<String> out, Duration interval) {
            Objects.requireNonNull(out, "out");
            if (interval.isNegative() || interval.isZero()) {
                throw new SettingException("progress", "interval must be positive, not " + interval);
            }
            return change(s -> {
                s.progress = out;
                s.progressIntervalMillis = Math.max(1, interval.toMillis());
            });
        }

        /**
         * For a model that {@linkplain Model#decodes() decodes}: bytes of the breadth-first queue to keep in
         * memory before spilling blocks of it to a temporary file (at least 1). By default the limit follows
         * the heap: a third of what the visited set and its next growth leave.
         */
        public B frontierMemory(long bytes) {
            if (bytes < 1) {
                throw new SettingException("frontierMemory", "must be at least 1 byte, not " + bytes);
            }
            return change(s -> s.frontierMemory = bytes);
        }

        /** Where the breadth-first queue spills (see {@link #frontierMemory}); the system's temporary directory by default. */
        public B spillDirectory(java.nio.file.Path directory) {
            Objects.requireNonNull(directory, "directory");
            return change(s -> s.spillDirectory = directory);
        }

        /**
         * Symmetry reduction under the permutations the model declares ({@link Model#permutations}): one
         * state per class is explored and counted. Off by default; a model that declares none is unchanged.
         */
        public B symmetry(boolean symmetry) {
            return change(s -> s.symmetry = symmetry);
        }

        /** Threads for breadth-first search, the one strategy that uses several; at least 1. */
        public ParallelBuilder<S, A> workers(int workers) {
            if (workers < 1) {
                throw new SettingException("workers", "must be at least 1, not " + workers);
            }
            Settings s = settings.copy();
            s.workers = workers;
            return new ParallelBuilder<>(model, s);
        }

        /**
         * Breadth-first search, level by level: the first violation lies at the smallest depth, so its trace
         * is a shortest one, and so is each sometimes property's example.
         */
        public Checker<S, A> bfs() {
            Settings s = settings.copy();
            s.strategy = Strategy.BFS;
            return new Checker<>(model, s);
        }
    }

    /** Options before a strategy is chosen: any strategy may follow. */
    public static final class Builder<S, A> extends Options<S, A, Builder<S, A>> {
        Builder(Model<S, A> model, Settings settings) {
            super(model, settings);
        }

        @Override
        Builder<S, A> with(Settings changed) {
            return new Builder<>(model, changed);
        }

        /** Depth-first search with an explicit stack, on one thread: memory for the current path only. */
        public Checker<S, A> dfs() {
            Settings s = settings.copy();
            s.strategy = Strategy.DFS;
            return new Checker<>(model, s);
        }

        /**
         * {@code walks} seeded random walks (at least 1), on one thread, each until the depth bound (100 when
         * none is set) or a state with no successor. The same seed reproduces the run. Never complete.
         */
        public Checker<S, A> simulate(long seed, long walks) {
            if (walks < 1) {
                throw new SettingException("walks", "must be at least 1, not " + walks);
            }
            Settings s = settings.copy();
            s.strategy = Strategy.SIMULATE;
            s.seed = seed;
            s.walks = walks;
            return new Checker<>(model, s);
        }
    }

    /** Options after {@link Options#workers}: only breadth-first search uses several threads. */
    public static final class ParallelBuilder<S, A> extends Options<S, A, ParallelBuilder<S, A>> {
        ParallelBuilder(Model<S, A> model, Settings settings) {
            super(model, settings);
        }

        @Override
        ParallelBuilder<S, A> with(Settings changed) {
            return new ParallelBuilder<>(model, changed);
        }
    }

    private final Model<S, A> model;
    private final Settings settings;
    private volatile Exploration<S, A> current;
    private volatile boolean stopRequested;
    /** See {@link #reserveBytes}: a field, so that no compiler can find it unused and drop it early. */
    private volatile byte[] reserve;

    private Checker(Model<S, A> model, Settings settings) {
        this.model = settings.symmetry ? new SymmetryReduction<>(model) : model;
        this.settings = settings;
    }

    /** A builder for checking {@code model}; end it with {@code bfs()}, {@code dfs()} or {@code simulate(...)}. */
    public static <S, A> Builder<S, A> of(Model<S, A> model) {
        return new Builder<>(model, new Settings());
    }

    public Strategy strategy() {
        return settings.strategy;
    }

    /** The threads this run uses: the workers asked for under bfs, else 1. */
    public int workers() {
        return settings.workers;
    }

    /** The seed of a simulation; null for the exhaustive strategies, which make no random choice. */
    public Long seed() {
        return settings.seed;
    }

    /** Asks a running check to stop soon; it reports what it has, as incomplete. Any thread. */
    public void stop() {
        stopRequested = true;
        Exploration<S, A> run = current;
        if (run != null) {
            run.stop(Exploration.INTERRUPTED);
        }
    }

    /**
     * Heap set aside before the search and given back when it ends, so that a run that fills the heap
     * still has room to build its report, print its summary and write its JSON: an eighth of the heap,
     * at most 16 MiB.
     */
    static int reserveBytes() {
        return (int) Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /** Whether {@code e} is, or was caused by, running out of heap (a worker's error arrives wrapped). */
    static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** Runs the check and reports. Running short of heap ends the run as incomplete, not with an error. */
    public Report<S, A> run() {
        reserve = new byte[reserveBytes()];
        Exploration<S, A> run;
        try {
            run = new Exploration<>(model, settings);
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("not enough memory for the visited set of " + settings.expectedStates
                    + " states", e);
        }
        current = run;
        if (stopRequested) {
            run.stop(Exploration.INTERRUPTED);
        }
        ProgressReporter progress = settings.progress == null ? null
                : ProgressReporter.start(run, settings.progress, settings.progressIntervalMillis);
        try {
            switch (settings.strategy) {
                case BFS:
                    new BreadthFirstSearch<>(run).search();
                    break;
                case DFS:
                    new DepthFirstSearch<>(run).search();
                    break;
                case SIMULATE:
                    new RandomSimulation<>(run).search();
                    break;
                default:
                    throw new AssertionError(settings.strategy);
            }
        } catch (OutOfMemoryError e) {
            reserve = null;
            run.outOfMemory(stopRequested);
        } catch (RuntimeException e) {
            if (!outOfMemory(e)) {
                throw e;
            }
            reserve = null;
            run.outOfMemory(stopRequested);
        } finally {
            reserve = null; // the report's room
            if (progress != null) {
                progress.close();
            }
        }
        Report<S, A> report = report(run);
        current = null; // the visited set is no longer needed: its memory is the front end's, to print with
        return report;
    }

    /** The model's explanation of a violation at the end of {@code trace}; an explanation that fails is left out. */
    private List<String> explain(String property, Trace<S, A> trace) {
        List<Trace.Step<S, A>> steps = trace.steps();
        S after = steps.get(steps.size() - 1).state();
        S before = steps.size() > 1 ? steps.get(steps.size() - 2).state() : null;
        try {
            return model.explain(property, before, after);
        } catch (RuntimeException | OutOfMemoryError e) {
            return List.of("(the model's explanation failed: " + e + ")");
        }
    }

    /** The names of the always properties the violating state fails (the one found first among them). */
    private static <S, A> java.util.Set<String> violatedBy(Exploration.Found<S, A> found, PropertyChecks<S, A> checks) {
        java.util.Set<String> names = new java.util.HashSet<>();
        if (found == null) {
            return names;
        }
        names.add(found.property);
        if (found.thrown == null && !Exploration.DEADLOCK_FREE.equals(found.property)) {
            for (Property<S> p : checks.always) {
                try {
                    if (!p.test(found.state)) {
                        names.add(p.name());
                    }
                } catch (RuntimeException e) {
                    names.add(p.name());
                }
            }
        }
        return names;
    }

    /** {@code trace} followed by one more step (a step property's example, after the trace to its state). */
    private Trace<S, A> withStep(Trace<S, A> trace, A action, S next) {
        List<S> states = new ArrayList<>();
        for (Trace.Step<S, A> step : trace.steps()) {
            states.add(step.state());
        }
        states.add(next);
        List<A> actions = new ArrayList<>(trace.actions());
        actions.add(action);
        return Trace.of(model, states, actions);
    }

    private Report<S, A> report(Exploration<S, A> run) {
        double seconds = run.seconds();
        String stopReason = run.stopReason();
        boolean complete = stopReason == null;
        Exploration.Found<S, A> found = run.found();
        PropertyChecks<S, A> checks = run.checks;
        run.releaseVisited();
        // Every trace the search did not have at hand is rebuilt in one pass over the fingerprints.
        List<Exploration.Found<S, A>> wanted = new ArrayList<>();
        if (found != null) {
            wanted.add(found);
        }
        for (int i = 0; i < checks.sometimes.size(); i++) {
            if (checks.example(i) != null) {
                wanted.add(checks.example(i));
            }
        }
        List<Trace<S, A>> traces;
        try {
            traces = TraceFinder.traces(new StepGuard<>(model, null), run.packed, wanted, found != null ? 1 : 0,
                    TraceFinder.EXAMPLE_BUDGET, run::statesAbove);
        } catch (OutOfMemoryError e) {
            traces = new ArrayList<>();
            for (Exploration.Found<S, A> f : wanted) {
                traces.add(f.trace);
            }
        }
        List<Violation<S, A>> violations = new ArrayList<>();
        int next = 0;
        if (found != null) {
            Trace<S, A> trace = traces.get(next++);
            if (trace == null) {
                // Only after a fingerprint collision or out of memory: show the failing state alone.
                trace = Trace.of(model, List.of(found.state), List.of());
            }
            violations.add(found.thrown != null
                    ? new Violation<>(found.property, trace, found.failedAction, found.failedAction == null ? null
                            : model.describeAction(found.failedAction), found.thrown)
                    : new Violation<>(found.property, trace));
            if (found.thrown == null) {
                violations.get(0).explanation(explain(found.property, trace));
            }
        }
        Map<String, Trace<S, A>> examples = new LinkedHashMap<>();
        java.util.Set<String> statesOnly = new java.util.HashSet<>();
        for (int i = 0; i < checks.sometimes.size(); i++) {
            Exploration.Found<S, A> example = checks.example(i);
            if (example != null) {
                Trace<S, A> trace = traces.get(next++);
                if (trace == null) {
                    // Past the rebuilding budget: the state that satisfies the property, without its path.
                    trace = Trace.of(model, List.of(example.state), List.of());
                    statesOnly.add(example.property);
                }
                if (example.stepAction != null) {
                    trace = withStep(trace, example.stepAction, example.stepNext);
                }
                examples.put(example.property, trace);
            }
        }
        List<PropertyResult> properties = new ArrayList<>();
        // Every always property the failing state violates is reported violated, not only the first
        // checked: a refinement difference must not show as "unknown" beside a broken invariant.
        java.util.Set<String> violatedHere = violatedBy(found, checks);
        for (Property<S> p : checks.always) {
            properties.add(new PropertyResult(p.name(), Property.Kind.ALWAYS,
                    violatedHere.contains(p.name()) ? PropertyResult.Outcome.VIOLATED
                            : complete ? PropertyResult.Outcome.HOLDS : PropertyResult.Outcome.UNKNOWN));
        }

        if (model.checksDeadlock()) {
            properties.add(new PropertyResult(Exploration.DEADLOCK_FREE, Property.Kind.ALWAYS,
                    found != null && found.property.equals(Exploration.DEADLOCK_FREE) ? PropertyResult.Outcome.VIOLATED
                            : complete ? PropertyResult.Outcome.HOLDS : PropertyResult.Outcome.UNKNOWN));
        }
        for (int i = 0; i < checks.sometimes.size(); i++) {
            properties.add(new PropertyResult(checks.sometimes.get(i).name(), Property.Kind.SOMETIMES,
                    checks.example(i) != null ? PropertyResult.Outcome.REACHED
                            : complete ? PropertyResult.Outcome.NOT_REACHED : PropertyResult.Outcome.UNKNOWN));
        }
        // The built-in property comes last, after the model's own.
        properties.add(new PropertyResult(NO_STEP_THROWS, Property.Kind.ALWAYS,
                found != null && found.thrown != null ? PropertyResult.Outcome.VIOLATED
                        : complete ? PropertyResult.Outcome.HOLDS : PropertyResult.Outcome.UNKNOWN));
        Report.Result result = found != null ? Report.Result.VIOLATION
                : complete ? Report.Result.OK : Report.Result.INCOMPLETE;
        long distinct = run.visited.size();
        long generated = run.generated.get();
        // The depth reported is at least the counterexample's step count: breadth-first search finds a
        // violation while expanding the level above it.
        int depth = run.depth;
        for (Violation<S, A> v : violations) {
            depth = Math.max(depth, v.steps());
        }
        return new Report<>(result, complete, stopReason, settings.strategy, settings.workers, settings.exact,
                distinct, generated, depth, seconds, settings.seed,
                run.visited.approximate() ? FingerprintSet.collisionProbability(distinct, generated) : 0.0,
                run.visited.bytes(), properties, violations, examples, statesOnly);
    }
}
