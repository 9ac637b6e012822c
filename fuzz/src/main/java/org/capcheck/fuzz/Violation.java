package org.capcheck.fuzz;

/**
 * What went wrong at one step of a sequence.
 *
 * @param step    the index of the step after which it was seen
 * @param kind    {@link Kind#REFINEMENT}, {@link Kind#INVARIANT}, {@link Kind#NON_TERMINATION},
 *                {@link Kind#EXCEPTION} or {@link Kind#STATE_CHANGED_ON_ERROR}
 * @param message a readable report
 */
public record Violation(int step, Kind kind, String message) {
    public enum Kind {
        /** The kernel's result or state differs from the specification's. */
        REFINEMENT,
        /** One of cap-core's invariants fails. */
        INVARIANT,
        /** A preemptible invocation still stopped at a preemption point after Operation.MAX_RESTARTS restarts. */
        NON_TERMINATION,
        /** The kernel threw (cap-core never throws). */
        EXCEPTION,
        /** A failed invocation changed the state (seL4 decodes everything before it executes). */
        STATE_CHANGED_ON_ERROR,
        /** An always property of a model fails (a model campaign; the message names the property). */
        PROPERTY
    }
}
