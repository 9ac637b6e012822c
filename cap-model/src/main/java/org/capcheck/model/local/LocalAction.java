package org.capcheck.model.local;

import org.capcheck.spec.refine.Invocation;

/**
 * One step of the {@code local} model: a process makes an invocation. With {@code stepOnly} the
 * invocation runs with a work budget of one and may stop at its first preemption point, leaving
 * its progress in the state (a Zombie, a part-reset untyped) for later steps to see or continue.
 */
public record LocalAction(int process, Invocation invocation, boolean stepOnly) {
    @Override
    public String toString() {
        return (process > 0 || stepOnly ? "p" + process + (stepOnly ? " step " : " ") : "") + invocation;
    }
}
