package org.capcheck.jpf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.capcheck.engine.SettingException;
import org.capcheck.engine.Verdict.StopReason;

/**
 * capcheck's own checker for {@link Harness}es: a stateless depth-first search over the tree of choices,
 * by re-execution, as Java PathFinder explores a program's choice generators. Each run replays the
 * choices of the previous run up to its last choice point that has an untried alternative, takes that
 * alternative, and takes the first alternative of every new choice point after it. Where the harness
 * offers its state ({@link Choices#matchState}), a state already explored at that point or an earlier one
 * ends the run (state matching), so the search covers the harness's reachable states rather than every
 * path to them.
 *
 * <p>The search is deterministic: the same harness and bounds give the same runs in the same order, the
 * same counts, and the same counterexample. A violation (anything thrown out of the harness) ends the
 * search with the choices that lead to it; {@link #replay} re-runs them and collects the harness's
 * {@link Choices#trace} lines.
 *
 * <p>The explorer is built as the engine's {@code Checker} is: an {@code Explorer} is a value whose
 * options each return a new builder (the receiver is unchanged), the strategy is the last call
 * ({@link #statelessDfs()}, the one strategy a harness has), and the report is a
 * {@link org.capcheck.engine.Verdict} with the engine's stop reasons and assertions:
 *
 * <pre>{@code
 * ExplorationReport report = Explorer.of(Harnesses.named("cap-revoke")).maxRuns(1_000_000).statelessDfs().run();
 * report.assertAlwaysHolds();
 * ExplorationReport.Counterexample lost = Explorer.of(racy).statelessDfs().run().assertViolated("assertions");
 * }</pre>
 */
public final class Explorer {

    /** The bounds and options; a new one for every change, so no two builders share one. */
    private record Settings(int maxDepth, long maxRuns, long timeoutNanos, boolean exact,
                            Consumer<String> progress, long progressIntervalNanos) {
    }

    private final Harness harness;
    private final Settings settings;

    private Explorer(Harness harness, Settings settings) {
        this.harness = Objects.requireNonNull(harness, "harness");
        this.settings = settings;
    }

    public static Explorer of(Harness harness) {
        return new Explorer(harness, new Settings(10_000, Long.MAX_VALUE, 0, false, null, 5_000_000_000L));
    }

    /**
     * The most choices one run may make (JPF's {@code search.depth_limit}, the engine's depth in actions);
     * a run that asks for more is cut there and the search reports itself incomplete ("max-depth"). At
     * least 1; default 10,000.
     */
    public Explorer maxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new SettingException("maxDepth", "must be at least 1, not " + maxDepth);
        }
        Settings s = settings;
        return new Explorer(harness, new Settings(maxDepth, s.maxRuns, s.timeoutNanos, s.exact, s.progress,
                s.progressIntervalNanos));
    }

    /** The search stops (incomplete, "max-runs") after this many runs of the harness; at least 1. */
    public Explorer maxRuns(long maxRuns) {
        if (maxRuns < 1) {
            throw new SettingException("maxRuns", "must be at least 1, not " + maxRuns);
        }
        Settings s = settings;
        return new Explorer(harness, new Settings(s.maxDepth, maxRuns, s.timeoutNanos, s.exact, s.progress,
                s.progressIntervalNanos));
    }

    /** The search stops (incomplete, "timeout") after this long; positive. */
    public Explorer timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new SettingException("timeout", "must be positive, not " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            throw new SettingException("timeout", "must be at most 292 years, not " + timeout);
        }
        Settings s = settings;
        return new Explorer(harness, new Settings(s.maxDepth, s.maxRuns, nanos, s.exact, s.progress,
                s.progressIntervalNanos));
    }

    /** Match full state bytes instead of 64-bit fingerprints: no collisions, more memory. */
    public Explorer exact(boolean exact) {
        Settings s = settings;
        return new Explorer(harness, new Settings(s.maxDepth, s.maxRuns, s.timeoutNanos, exact, s.progress,
                s.progressIntervalNanos));
    }

    /** Hands a progress line to {@code out} every {@code interval} (off by default). */
    public Explorer progress(Consumer<String> out, Duration interval) {
        Objects.requireNonNull(out, "out");
        if (interval.isNegative() || interval.isZero()) {
            throw new SettingException("progress", "interval must be positive, not " + interval);
        }
        Settings s = settings;
        return new Explorer(harness, new Settings(s.maxDepth, s.maxRuns, s.timeoutNanos, s.exact, out,
                Math.max(1, interval.toNanos())));
    }

    /** The harness's one strategy, the last call: a stateless depth-first search by re-execution. */
    public Search statelessDfs() {
        return new Search(harness, settings);
    }

    /**
     * One search, built by {@link #statelessDfs()}: it runs once. {@link #stop()} may be called from any
     * thread (a shutdown hook, say); the search then ends as incomplete ("interrupted") and still reports.
     */
    public static final class Search {
        private final Harness harness;
        private final Settings settings;
        private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile boolean stopRequested;

        private Search(Harness harness, Settings settings) {
            this.harness = harness;
            this.settings = settings;
        }

        /** Asks the search to stop soon; it reports as incomplete ("interrupted"). Any thread. */
        public void stop() {
            stopRequested = true;
        }

        /**
         * Explores every path of the harness (within the bounds) and reports.
         *
         * @throws IllegalStateException on a second call (build another search with statelessDfs()), or if
         *                               the harness is not deterministic
         */
        public ExplorationReport run() {
            if (!started.compareAndSet(false, true)) {
                throw new IllegalStateException("a search runs once; build another with statelessDfs()");
            }
            return explore(harness, settings, () -> stopRequested);
        }
    }

    /** Ends a path: thrown through the harness by the choices, never a violation. */
    private static final class PathEnd extends Error {
        private static final long serialVersionUID = 1L;
        static final PathEnd INSTANCE = new PathEnd();

        private PathEnd() {
            super("end of path", null, false, false);
        }
    }

    /** The harness asked for different choices than on an earlier run along the same path. */
    private static final class NotDeterministic extends Error {
        private static final long serialVersionUID = 1L;

        NotDeterministic(String message) {
            super(message, null, false, false);
        }
    }

    /** A replay's choices do not fit the harness. */
    private static final class BadReplay extends Error {
        private static final long serialVersionUID = 1L;

        BadReplay(String message) {
            super(message, null, false, false);
        }
    }

    /** How a run ended. */
    private enum End { FINISHED, MATCHED, IGNORED, CUT, VIOLATION }

    /** The choice stack and the Choices one run sees. */
    private static final class ChoiceStack implements Choices {
        final int maxDepth;
        int[] low = new int[64];
        int[] high = new int[64];
        int[] value = new int[64];
        int size;
        /** Choices consumed in the current run. */
        int position;
        /** Choices recorded before the current run started: replayed, not new. */
        int replayed;
        int matchPoint;
        End end;
        final StateTable states;
        long runs;
        long choicePoints;
        long revisits;
        long ignored;
        long cut;
        int deepest;

        ChoiceStack(int maxDepth, boolean exact) {
            this.maxDepth = maxDepth;
            this.states = new StateTable(exact);
        }

        @Override
        public int chooseInt(int min, int max) {
            if (min > max) {
                throw new IllegalArgumentException("chooseInt(" + min + ", " + max + "): empty range");
            }
            if (min == max) {
                return min; // nothing to choose: no choice point (JPF makes no choice generator either)
            }
            if (position < size) {
                if (low[position] != min || high[position] != max) {
                    throw new NotDeterministic("choice " + position + " was over " + low[position] + ".."
                            + high[position] + " and is now over " + min + ".." + max);
                }
                return value[position++];
            }
            if (size >= maxDepth) {
                end = End.CUT;
                throw PathEnd.INSTANCE;
            }
            if (size == low.length) {
                low = Arrays.copyOf(low, size * 2);
                high = Arrays.copyOf(high, size * 2);
                value = Arrays.copyOf(value, size * 2);
            }
            low[size] = min;
            high[size] = max;
            value[size] = min;
            size++;
            position++;
            choicePoints++;
            return min;
        }

        @Override
        public boolean chooseBoolean() {
            return chooseInt(0, 1) == 1;
        }

        @Override
        public void ignoreIf(boolean condition) {
            if (condition) {
                end = End.IGNORED;
                throw PathEnd.INSTANCE;
            }
        }

        @Override
        public void matchState(byte[] state) {
            int point = matchPoint++;
            if (position < replayed) {
                return; // still on the prefix an earlier run explored: its states are recorded
            }
            if (!states.offer(state, point)) {
                end = End.MATCHED;
                throw PathEnd.INSTANCE;
            }
        }

        @Override
        public boolean tracing() {
            return false;
        }

        @Override
        public void trace(String step) {
            // only replays collect these
        }

        /** Moves to the next untried alternative; false when the whole tree is explored. */
        boolean backtrack() {
            while (size > 0 && value[size - 1] == high[size - 1]) {
                size--;
            }
            if (size == 0) {
                return false;
            }
            value[size - 1]++;
            return true;
        }
    }

    /** The search itself: every path of the harness within the bounds. */
    private static ExplorationReport explore(Harness harness, Settings settings, BooleanSupplier stopRequested) {
        long start = System.nanoTime();
        long nextProgress = start + settings.progressIntervalNanos;
        ChoiceStack s = new ChoiceStack(settings.maxDepth, settings.exact);
        String stopReason = null;
        Throwable failure = null;
        int[] counterexample = null;
        try {
            while (true) {
                if (stopRequested.getAsBoolean()) {
                    stopReason = StopReason.INTERRUPTED;
                    break;
                }
                if (s.runs >= settings.maxRuns) {
                    stopReason = StopReason.MAX_RUNS;
                    break;
                }
                long now = (s.runs & 63) == 0 ? System.nanoTime() : 0;
                if (now != 0) {
                    if (settings.timeoutNanos > 0 && now - start >= settings.timeoutNanos) {
                        stopReason = StopReason.TIMEOUT;
                        break;
                    }
                    if (settings.progress != null && now >= nextProgress) {
                        nextProgress = now + settings.progressIntervalNanos;
                        settings.progress.accept(progressLine((now - start) / 1e9, s));
                    }
                }
                s.replayed = s.size;
                s.position = 0;
                s.matchPoint = 0;
                s.end = End.FINISHED;
                s.runs++;
                try {
                    harness.run(s);
                    if (s.position < s.size) {
                        throw new NotDeterministic("the run ended after " + s.position + " choices, where an earlier "
                                + "run along the same path made " + s.size);
                    }
                } catch (PathEnd e) {
                    // s.end says why
                } catch (NotDeterministic e) {
                    throw new IllegalStateException("harness " + harness.name() + " is not deterministic: "
                            + e.getMessage());
                } catch (Throwable t) { // NOPMD: anything the harness throws is a violation, as under JPF
                    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                        throw (VirtualMachineError) t;
                    }
                    s.end = End.VIOLATION;
                    failure = t;
                }
                s.deepest = Math.max(s.deepest, s.position);
                if (s.end == End.MATCHED) {
                    s.revisits++;
                } else if (s.end == End.IGNORED) {
                    s.ignored++;
                } else if (s.end == End.CUT) {
                    s.cut++;
                } else if (s.end == End.VIOLATION) {
                    counterexample = Arrays.copyOf(s.value, s.position);
                    stopReason = StopReason.VIOLATION;
                    break;
                }
                s.size = s.position; // a run that ended early leaves no frames beyond where it stopped
                if (!s.backtrack()) {
                    break;
                }
            }
        } catch (OutOfMemoryError e) {
            // as the engine's checker does: the states seen no longer fit; report what was explored
            stopReason = StopReason.OUT_OF_MEMORY;
        }
        if (stopReason == null && s.cut > 0) {
            stopReason = StopReason.MAX_DEPTH;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ExplorationReport.Counterexample found = null;
        if (counterexample != null) {
            Replay replay = replay(harness, counterexample);
            found = new ExplorationReport.Counterexample(describe(failure), counterexample, replay.steps());
        }
        return new ExplorationReport(harness.name(), stopReason, s.runs, s.choicePoints, s.states.size(),
                s.revisits, s.ignored, s.deepest, seconds, settings.exact, found);
    }

    /** An exception as a failure line: its class and message. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getName() + (message == null ? "" : ": " + message);
    }

    static String progressLine(double seconds, long runs, long distinct, long choicePoints, int depth,
                               double runsPerSecond) {
        return String.format(Locale.ROOT,
                "progress: %.0fs, %,d runs, %,d distinct states, %,d choice points, depth %d, %,.0f runs/s",
                seconds, runs, distinct, choicePoints, depth, runsPerSecond);
    }

    private static String progressLine(double seconds, ChoiceStack s) {
        return progressLine(seconds, s.runs, s.states.size(), s.choicePoints, s.deepest,
                seconds > 0 ? s.runs / seconds : 0);
    }

    /**
     * What one run along given choices did.
     *
     * @param steps    the harness's {@link Choices#trace} lines, in order
     * @param failure  what the run threw, or null if it ended normally or was abandoned
     * @param ignored  whether {@link Choices#ignoreIf} abandoned it
     * @param consumed how many of the choices it used
     */
    public record Replay(List<String> steps, Throwable failure, boolean ignored, int consumed) {
        public Replay {
            steps = List.copyOf(steps);
        }

        /** Whether the run violated an assertion (or threw). */
        public boolean violated() {
            return failure != null;
        }
    }

    /**
     * Runs the harness once along {@code choices} (a counterexample's, say), without state matching,
     * collecting its trace lines.
     *
     * @throws IllegalArgumentException if a choice is out of its range or the run needs more choices
     */
    public static Replay replay(Harness harness, int[] choices) {
        List<String> steps = new ArrayList<>();
        boolean[] ignored = new boolean[1];
        int[] position = new int[1];
        Choices replaying = new Choices() {
            @Override
            public int chooseInt(int min, int max) {
                if (min == max) {
                    return min;
                }
                int i = position[0];
                if (i >= choices.length) {
                    throw new BadReplay("the run needs more than the " + choices.length + " choices given");
                }
                int v = choices[i];
                if (v < min || v > max) {
                    throw new BadReplay("choice " + i + " is " + v + ", outside " + min + ".." + max);
                }
                position[0]++;
                return v;
            }

            @Override
            public boolean chooseBoolean() {
                return chooseInt(0, 1) == 1;
            }

            @Override
            public void ignoreIf(boolean condition) {
                if (condition) {
                    ignored[0] = true;
                    throw PathEnd.INSTANCE;
                }
            }

            @Override
            public void matchState(byte[] state) {
            }

            @Override
            public void trace(String step) {
                steps.add(step);
            }
        };
        Throwable failure = null;
        try {
            harness.run(replaying);
        } catch (PathEnd e) {
            // ignored path
        } catch (BadReplay e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (Throwable t) { // NOPMD: as in the search
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            failure = t;
        }
        return new Replay(steps, failure, ignored[0], position[0]);
    }
}
