package org.capcheck.engine;

/**
 * What every capcheck checker's report answers, whatever it explored: the engine's {@link Report} of a
 * {@link Checker} run, and the JPF-style explorer's report of a harness (cap-jpf). Both spell their stop
 * reasons with {@link StopReason}, and both offer the same JUnit-friendly assertions, which throw a plain
 * {@link AssertionError} whose message holds the counterexample.
 *
 * @param <T> the report's counterexample: a {@link Trace} for a model, the choices and trace lines of a
 *            harness run for the explorer
 */
public interface Verdict<T> {

    /**
     * Why a run stopped before it had explored everything, as reports and their JSON spell it
     * ({@code stop_reason}); a complete run has none (null).
     */
    final class StopReason {
        /** An always property failed (for a harness: an assertion failed or something was thrown). */
        public static final String VIOLATION = "violation";
        /** The depth bound cut the search: actions from an initial state, or choices in one run. */
        public static final String MAX_DEPTH = "max-depth";
        /** The bound on distinct states was reached. */
        public static final String MAX_STATES = "max-states";
        /** The stateless explorer's bound on runs of the harness was reached (it keeps no state set to bound). */
        public static final String MAX_RUNS = "max-runs";
        public static final String TIMEOUT = "timeout";
        /** {@code stop()} was called, from a shutdown hook on Ctrl-C, say. */
        public static final String INTERRUPTED = "interrupted";
        /** The visited set no longer fit in the heap; the report covers what was explored before. */
        public static final String OUT_OF_MEMORY = "out-of-memory";
        /** Random walks never cover the state space, so a simulation is never complete. */
        public static final String SIMULATION = "simulation";

        private StopReason() {
        }
    }

    Report.Result result();

    /** Whether the whole (bounded) space was explored. */
    boolean complete();

    /** One of {@link StopReason}'s spellings; null for a complete run. */
    String stopReason();

    /** The final summary for people. */
    String summary();

    /** The report as JSON (keys documented in docs/model-checker.md and docs/jpf.md). */
    String toJson();

    /**
     * Passes when no property is violated over the whole bounded space; fails with the counterexample on
     * a violation and with the stop reason on an incomplete run.
     */
    Verdict<T> assertAlwaysHolds();

    /** Passes when the run found no violation, complete or not. */
    Verdict<T> assertNoViolationFound();

    /** Passes when the property named {@code name} was violated, and returns the counterexample. */
    T assertViolated(String name);
}
