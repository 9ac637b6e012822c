package org.capcheck.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Checks a {@link Model}: explores its reachable states with the configured strategy and bounds and
 * reports what it found. Configure with {@link #of(Model)}:
 *
 * <pre>{@code
 * Report<State, Action> report = Checker.of(new TwoPhaseCommit(3))
 *         .strategy(Strategy.BFS).workers(2)
 *         .run();
 * }</pre>
 *
 * <p>A checker runs once. {@link #stop()} may be called from any thread (a shutdown hook, say): the run
 * then ends as incomplete with reason "interrupted" and still returns its report.
 */
public final class Checker<S, A> {

    /** The run's configuration, fixed when the checker is built. */
    static final class Settings {
        Strategy strategy = Strategy.BFS;
        int workers = 1;
        int maxDepth = Integer.MAX_VALUE;
        long maxStates = Long.MAX_VALUE;
        long timeoutNanos;
        long seed = System.nanoTime() ^ 0x5DEECE66DL;
        boolean exact;
        long walks = 1_000;
        long expectedStates = 1 << 16;
        Consumer<String> progress;
        long progressIntervalMillis = 5_000;
    }

    /** Builds a {@link Checker}; every setting has a default. */
    public static final class Builder<S, A> {
        private final Model<S, A> model;
        private final Settings settings = new Settings();

        private Builder(Model<S, A> model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        public Builder<S, A> strategy(Strategy strategy) {
            settings.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Threads for breadth-first search (depth-first search and simulation use one); at least 1. */
        public Builder<S, A> workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, not " + workers);
            }
            settings.workers = workers;
            return this;
        }

        /** States more than {@code maxDepth} actions from an initial state are not explored; at least 0. */
        public Builder<S, A> maxDepth(int maxDepth) {
            if (maxDepth < 0) {
                throw new IllegalArgumentException("the depth bound must be at least 0, not " + maxDepth);
            }
            settings.maxDepth = maxDepth;
            return this;
        }

        /** The run stops once this many distinct states are known; at least 1. */
        public Builder<S, A> maxStates(long maxStates) {
            if (maxStates < 1) {
                throw new IllegalArgumentException("the state bound must be at least 1, not " + maxStates);
            }
            settings.maxStates = maxStates;
            return this;
        }

        /** The run stops after this long. */
        public Builder<S, A> timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the time bound must be positive, not " + timeout);
            }
            settings.timeoutNanos = timeout.toNanos();
            return this;
        }

        /** The seed of every random choice (simulation); by default one taken from the clock and reported. */
        public Builder<S, A> seed(long seed) {
            settings.seed = seed;
            return this;
        }

        /** Store full encoded states instead of 64-bit fingerprints: no collisions, more memory. */
        public Builder<S, A> exact(boolean exact) {
            settings.exact = exact;
            return this;
        }

        /** How many random walks a simulation takes (unless another bound stops it first); at least 1. */
        public Builder<S, A> walks(long walks) {
            if (walks < 1) {
                throw new IllegalArgumentException("walks must be at least 1, not " + walks);
            }
            settings.walks = walks;
            return this;
        }

        /** Sizes the visited set up front, saving resizes when the state count is roughly known. */
        public Builder<S, A> expectedStates(long expectedStates) {
            settings.expectedStates = Math.max(1, expectedStates);
            return this;
        }

        /** Hands a progress line to {@code out} every {@code interval} (off by default). */
        public Builder<S, A> progress(Consumer<String> out, Duration interval) {
            settings.progress = out;
            settings.progressIntervalMillis = Math.max(1, interval.toMillis());
            return this;
        }

        public Checker<S, A> build() {
            return new Checker<>(model, settings);
        }

        /** Builds the checker and runs it. */
        public Report<S, A> run() {
            return build().run();
        }
    }

    private final Model<S, A> model;
    private final Settings settings;
    private volatile Exploration<S, A> current;
    private volatile boolean stopRequested;

    private Checker(Model<S, A> model, Settings settings) {
        this.model = model;
        this.settings = settings;
    }

    public static <S, A> Builder<S, A> of(Model<S, A> model) {
        return new Builder<>(model);
    }

    /** The seed this run uses (also in the report). */
    public long seed() {
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

    /** Runs the check and reports. Running short of heap ends the run as incomplete, not with an error. */
    public Report<S, A> run() {
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
            run.stop(Exploration.OUT_OF_MEMORY);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        return report(run);
    }

    private Report<S, A> report(Exploration<S, A> run) {
        double seconds = run.seconds();
        String stopReason = run.stopReason();
        boolean complete = stopReason == null;
        Exploration.Found<S, A> found = run.found();
        List<Violation<S, A>> violations = new ArrayList<>();
        if (found != null) {
            Trace<S, A> trace = found.trace;
            if (trace == null) {
                try {
                    trace = TraceFinder.shortest(model, found.state, found.depth);
                } catch (OutOfMemoryError e) {
                    trace = null;
                }
            }
            if (trace == null) {
                // Only after a fingerprint collision or out of memory: show the failing state alone.
                trace = Trace.of(model, List.of(found.state), List.of());
            }
            violations.add(new Violation<>(found.property, trace));
        }
        List<PropertyResult> properties = new ArrayList<>();
        PropertyChecks<S> checks = run.checks;
        for (Property<S> p : checks.always) {
            properties.add(new PropertyResult(p.name(), Property.Kind.ALWAYS,
                    found != null && found.property.equals(p.name()) ? PropertyResult.Outcome.VIOLATED
                            : complete ? PropertyResult.Outcome.HOLDS : PropertyResult.Outcome.UNKNOWN));
        }
        if (model.checksDeadlock()) {
            properties.add(new PropertyResult(Exploration.DEADLOCK_FREE, Property.Kind.ALWAYS,
                    found != null && found.property.equals(Exploration.DEADLOCK_FREE) ? PropertyResult.Outcome.VIOLATED
                            : complete ? PropertyResult.Outcome.HOLDS : PropertyResult.Outcome.UNKNOWN));
        }
        for (int i = 0; i < checks.sometimes.size(); i++) {
            properties.add(new PropertyResult(checks.sometimes.get(i).name(), Property.Kind.SOMETIMES,
                    checks.reached(i) ? PropertyResult.Outcome.REACHED
                            : complete ? PropertyResult.Outcome.NOT_REACHED : PropertyResult.Outcome.UNKNOWN));
        }
        Report.Result result = found != null ? Report.Result.VIOLATION
                : complete ? Report.Result.OK : Report.Result.INCOMPLETE;
        long distinct = run.visited.size();
        long generated = run.generated.get();
        return new Report<>(result, complete, stopReason, settings.strategy, settings.workers, settings.exact,
                distinct, generated, run.depth, seconds, settings.seed,
                run.visited.approximate() ? FingerprintSet.collisionProbability(distinct, generated) : 0.0,
                run.visited.bytes(), properties, violations);
    }
}
