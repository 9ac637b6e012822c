package org.capcheck.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The state of one run shared by the search, its workers and the progress reporter. */
final class Exploration<S, A> {
    /** The name under which a deadlock is reported when the model checks for deadlocks. */
    static final String DEADLOCK_FREE = "deadlock-free";

    /** Why a run stopped before exhausting the state space. */
    static final String VIOLATION = "violation";
    static final String MAX_DEPTH = "max-depth";
    static final String MAX_STATES = "max-states";
    static final String TIMEOUT = "timeout";
    static final String INTERRUPTED = "interrupted";
    static final String OUT_OF_MEMORY = "out-of-memory";
    static final String SIMULATION = "simulation";

    /**
     * A state found by a search (failing an always property, or the first to satisfy a sometimes one),
     * with its trace when the search has it at hand (DFS, simulation).
     */
    static final class Found<S, A> {
        final String property;
        final S state;
        final int depth;
        final Trace<S, A> trace;
        /** For {@value Checker#NO_STEP_THROWS}: the action whose step threw from {@link #state} (null: listing the actions threw). */
        final A failedAction;
        /** For {@value Checker#NO_STEP_THROWS}: what the step threw; null for every other property. */
        final Throwable thrown;
        /** For a step property: the action of the transition from {@link #state}, and where it led; else null. */
        final A stepAction;
        final S stepNext;

        Found(String property, S state, int depth, Trace<S, A> trace) {
            this(property, state, depth, trace, null, null);
        }

        Found(String property, S state, int depth, Trace<S, A> trace, A failedAction, Throwable thrown) {
            this(property, state, depth, trace, failedAction, thrown, null, null);
        }

        private Found(String property, S state, int depth, Trace<S, A> trace, A failedAction, Throwable thrown,
                A stepAction, S stepNext) {
            this.property = property;
            this.state = state;
            this.depth = depth;
            this.trace = trace;
            this.failedAction = failedAction;
            this.thrown = thrown;
            this.stepAction = stepAction;
            this.stepNext = stepNext;
        }

        /** The example of a step property: the transition from {@code state} by {@code action} to {@code next}. */
        static <S, A> Found<S, A> step(String property, S state, int depth, Trace<S, A> trace, A action, S next) {
            return new Found<>(property, state, depth, trace, null, null, action, next);
        }
    }

    final Model<S, A> model;
    /**
     * The model's {@link PackedModel} capability where the run can use it (fingerprints, not exact mode;
     * no step property; not seen through symmetry, which wraps the model); null otherwise.
     */
    final PackedModel<S, A> packed;
    final Checker.Settings settings;
    /** The visited set; after the search, its {@linkplain #releaseVisited final figures} only. */
    volatile VisitedSet visited;
    final PropertyChecks<S, A> checks;
    final long startNanos = System.nanoTime();
    final AtomicLong generated = new AtomicLong();
    final AtomicLong queued = new AtomicLong();
    /** The deepest depth (actions from an initial state) at which a state has been reached. */
    volatile int depth;
    /** The breadth-first queue of encodings, for a model that decodes; null otherwise. */
    volatile Frontier frontier;
    /**
     * Breadth-first search only: how many distinct states each level had ({@code levelSizes[d]} at depth
     * d, the first {@code levels} entries); the trace finder reads it to see in advance which rebuilds
     * would pass their budget. Empty for the other strategies.
     */
    long[] levelSizes = new long[0];
    int levels;
    private volatile boolean stopped;
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final AtomicReference<Found<S, A>> found = new AtomicReference<>();

    Exploration(Model<S, A> model, Checker.Settings settings) {
        this.model = new StepGuard<>(model, this);
        this.settings = settings;
        this.visited = VisitedSet.of(settings.exact, settings.expectedStates);
        this.checks = new PropertyChecks<>(model.properties());
        this.packed = model instanceof PackedModel && !model.fingerprintsStates() && !settings.exact
                && !checks.hasStepProperties()
                ? (PackedModel<S, A>) model : null;
    }

    /**
     * After the search: drops the visited set and the queue, keeping the set's size, bytes and kind for
     * the report, so that rebuilding traces (a second, bounded search of its own) has the heap they held.
     * At two-phase commit with 10 resource managers the set is 690 MB of an 850 MB heap, and a doomed
     * rebuild of an example in what was left spent most of its time in full collections.
     */
    void releaseVisited() {
        VisitedSet set = visited;
        visited = new VisitedSet.Released(set.size(), set.bytes(), set.approximate());
        frontier = null;
    }

    /** Breadth-first search: level {@code levels} (the next depth) holds {@code states} distinct states. */
    void levelReached(long states) {
        if (levels == levelSizes.length) {
            levelSizes = java.util.Arrays.copyOf(levelSizes, Math.max(16, 2 * levels));
        }
        levelSizes[levels++] = states;
    }

    /** The distinct states at depths below {@code depth}, or -1 when the search did not count levels. */
    long statesAbove(int depth) {
        if (levels == 0 || depth > levels) {
            return -1;
        }
        long n = 0;
        for (int d = 0; d < depth; d++) {
            n += levelSizes[d];
        }
        return n;
    }

    boolean stopped() {
        return stopped;
    }

    /** Stops the run; the first reason given is the one reported. */
    void stop(String reason) {
        stopReason.compareAndSet(null, reason);
        stopped = true;
    }

    /**
     * Stops the run as out of memory. A worker that ran out of heap can have been reported first as
     * interrupted (its pool saw it die); unless the user asked to stop, out of memory is the reason.
     */
    void outOfMemory(boolean userStopped) {
        stopReason.updateAndGet(r -> r == null || (!userStopped && r.equals(INTERRUPTED)) ? OUT_OF_MEMORY : r);
        stopped = true;
    }

    String stopReason() {
        return stopReason.get();
    }

    /** Records a failing state (the first one wins) and stops the run. */
    void found(String property, S state, int depth, Trace<S, A> trace) {
        if (found.compareAndSet(null, new Found<>(property, state, depth, trace))) {
            stop(VIOLATION);
        }
    }

    /**
     * Records that a step from {@code state} by {@code action} (null: listing its actions) threw, the
     * violation of {@value Checker#NO_STEP_THROWS}, and stops the run. The depth is the state's: the
     * search reached it, then could not take the step.
     */
    void threw(S state, A action, Throwable thrown) {
        if (found.compareAndSet(null, new Found<>(Checker.NO_STEP_THROWS, state, depthOf(state), null, action, thrown))) {
            stop(VIOLATION);
        }
    }

    /** The depth of a state being expanded; the searches know it, the guard does not: the trace finder finds it. */
    private int depthOf(S state) {
        return Integer.MAX_VALUE;
    }

    Found<S, A> found() {
        return found.get();
    }

    /** Stops the run if the time bound has passed; true when stopped for any reason. */
    boolean checkBounds() {
        if (settings.timeoutNanos > 0 && System.nanoTime() - startNanos > settings.timeoutNanos) {
            stop(TIMEOUT);
        }
        if (settings.maxStates != Long.MAX_VALUE && visited.size() >= settings.maxStates) {
            stop(MAX_STATES);
        }
        return stopped;
    }

    /**
     * Checks a newly reached state: the always properties (recording a violation) and the sometimes ones.
     * Returns false when it violates a property.
     */
    boolean admit(S state, int depthOfState) {
        Property<S> bad = checks.violated(state);
        if (bad != null) {
            found(bad.name(), state, depthOfState, null);
            return false;
        }
        checks.observe(state, depthOfState, null);
        return true;
    }

    /**
     * As {@link #admit(Object, int)}, for the state {@link #packed} encodes at {@code words[from ..]}: the
     * properties are tested on the words, and the state is decoded only to be reported.
     */
    boolean admit(long[] words, int from, int depthOfState) {
        Property<S> bad = checks.violated(packed, words, from);
        if (bad != null) {
            found(bad.name(), model.decode(words, from, packed.packedWords()), depthOfState, null);
            return false;
        }
        checks.observe(packed, model, words, from, depthOfState);
        return true;
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
