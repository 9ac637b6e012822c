package org.capcheck.engine;

/** An always property (or deadlock freedom) that failed, with the trace that leads to the failing state. */
public final class Violation<S, A> {
    private final String property;
    private final Trace<S, A> trace;

    Violation(String property, Trace<S, A> trace) {
        this.property = property;
        this.trace = trace;
    }

    /** The property's name ({@value Exploration#DEADLOCK_FREE} for a deadlock). */
    public String property() {
        return property;
    }

    public Trace<S, A> trace() {
        return trace;
    }
}
