package org.capcheck.jpf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

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
 * <pre>{@code
 * ExplorationReport report = Explorer.of(Harnesses.named("cap-revoke")).maxRuns(1_000_000).run();
 * }</pre>
 */
public final class Explorer {
    /** Stop reasons, as the engine spells them. */
    static final String VIOLATION = "violation";
    static final String MAX_RUNS = "max-runs";
    static final String MAX_CHOICES = "max-choices";
    static final String TIMEOUT = "timeout";
    static final String INTERRUPTED = "interrupted";

    private final Harness harness;
    private int maxChoices = 10_000;
    private long maxRuns = Long.MAX_VALUE;
    private long timeoutNanos;
    private boolean exact;
    private Consumer<String> progress;
    private long progressIntervalNanos = 5_000_000_000L;
    private volatile boolean stopRequested;

    private Explorer(Harness harness) {
        this.harness = Objects.requireNonNull(harness, "harness");
    }

    public static Explorer of(Harness harness) {
        return new Explorer(harness);
    }

    /**
     * The most choices one run may make (JPF's {@code search.depth_limit}); a run that asks for more is
     * cut there and the search reports itself incomplete. At least 1; default 10,000.
     */
    public Explorer maxChoices(int maxChoices) {
        if (maxChoices < 1) {
            throw new IllegalArgumentException("the choice bound must be at least 1, not " + maxChoices);
        }
        this.maxChoices = maxChoices;
        return this;
    }

    /** The search stops (incomplete) after this many runs of the harness; at least 1. */
    public Explorer maxRuns(long maxRuns) {
        if (maxRuns < 1) {
            throw new IllegalArgumentException("the run bound must be at least 1, not " + maxRuns);
        }
        this.maxRuns = maxRuns;
        return this;
    }

    /** The search stops (incomplete) after this long. */
    public Explorer timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the time bound must be positive, not " + timeout);
        }
        timeoutNanos = timeout.toNanos();
        return this;
    }

    /** Match full state bytes instead of 64-bit fingerprints: no collisions, more memory. */
    public Explorer exact(boolean exact) {
        this.exact = exact;
        return this;
    }

    /** Hands a progress line to {@code out} every {@code interval} (off by default). */
    public Explorer progress(Consumer<String> out, Duration interval) {
        progress = out;
        progressIntervalNanos = Math.max(1, interval.toNanos());
        return this;
    }

    /** Asks a running search to stop soon; it reports as incomplete ("interrupted"). Any thread. */
    public void stop() {
        stopRequested = true;
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
    private final class Search implements Choices {
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
        final StateTable states = new StateTable(exact);
        long runs;
        long choicePoints;
        long revisits;
        long ignored;
        long cut;
        int maxDepth;

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
            if (size >= maxChoices) {
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

    /** Explores every path of the harness (within the bounds) and reports. */
    public ExplorationReport run() {
        long start = System.nanoTime();
        long nextProgress = start + progressIntervalNanos;
        Search s = new Search();
        String stopReason = null;
        Throwable failure = null;
        int[] counterexample = null;
        while (true) {
            if (stopRequested) {
                stopReason = INTERRUPTED;
                break;
            }
            if (s.runs >= maxRuns) {
                stopReason = MAX_RUNS;
                break;
            }
            long now = (s.runs & 63) == 0 ? System.nanoTime() : 0;
            if (now != 0) {
                if (timeoutNanos > 0 && now - start >= timeoutNanos) {
                    stopReason = TIMEOUT;
                    break;
                }
                if (progress != null && now >= nextProgress) {
                    nextProgress = now + progressIntervalNanos;
                    progress.accept(progressLine((now - start) / 1e9, s));
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
                    throw new NotDeterministic("the run ended after " + s.position + " choices, where an earlier run "
                            + "along the same path made " + s.size);
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
            s.maxDepth = Math.max(s.maxDepth, s.position);
            if (s.end == End.MATCHED) {
                s.revisits++;
            } else if (s.end == End.IGNORED) {
                s.ignored++;
            } else if (s.end == End.CUT) {
                s.cut++;
            } else if (s.end == End.VIOLATION) {
                counterexample = Arrays.copyOf(s.value, s.position);
                stopReason = VIOLATION;
                break;
            }
            s.size = s.position; // a run that ended early leaves no frames beyond where it stopped
            if (!s.backtrack()) {
                break;
            }
        }
        if (stopReason == null && s.cut > 0) {
            stopReason = MAX_CHOICES;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ExplorationReport.Counterexample found = null;
        if (counterexample != null) {
            Replay replay = replay(harness, counterexample);
            found = new ExplorationReport.Counterexample(describe(failure), counterexample, replay.steps());
        }
        return new ExplorationReport(harness.name(), stopReason, s.runs, s.choicePoints, s.states.size(),
                s.revisits, s.ignored, s.maxDepth, seconds, exact, found);
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

    private static String progressLine(double seconds, Search s) {
        return progressLine(seconds, s.runs, s.states.size(), s.choicePoints, s.maxDepth,
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
