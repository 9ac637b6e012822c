package org.capcheck.model.local;

import org.capcheck.core.Kernel;
import org.capcheck.spec.SpecState;

/**
 * A state of the {@code local} model: a cap-core kernel (a private copy, never changed once the
 * state exists), its canonical encoding, its abstraction, and two history variables about the step
 * that led here: what it did ({@link Effect}, for the sometimes-properties) and, if cap-core failed
 * to refine the specification on it, the report. The model's {@code encode} (the encoding and the
 * history) is the state's identity; the class has no {@code equals} of its own.
 */
public final class LocalState {
    /** Notable things a step can do; the sometimes-properties ask that each be reached. */
    public enum Effect {
        NONE,
        /** A Revoke deleted descendants at least three levels deep. */
        CHAIN_REVOKED,
        /** A Retype reset an untyped that had been used. */
        UNTYPED_RESET,
        /** A Delete removed the final cap of a CNode that held caps. */
        CNODE_WITH_CAPS_DELETED,
        /** A Revoke deleted the copies of a badged original. */
        BADGE_REVOKED
    }

    final Kernel kernel;
    final SpecState abstraction;
    final Effect effect;
    final String refinementFailure;
    private final byte[] encoding;

    LocalState(Kernel kernel, SpecState abstraction, Effect effect, String refinementFailure) {
        this(kernel, kernel.encode(), abstraction, effect, refinementFailure);
    }

    LocalState(Kernel kernel, byte[] encoding, SpecState abstraction, Effect effect, String refinementFailure) {
        this.kernel = kernel;
        this.abstraction = abstraction;
        this.effect = effect;
        this.refinementFailure = refinementFailure;
        this.encoding = encoding;
    }

    byte[] encoding() {
        return encoding;
    }

    /** Per process: the kernel switched to that process, with its encoding and abstraction (lazily). */
    private Object[] perProcess;

    /**
     * This state as process {@code p} sees it when it makes an invocation: the kernel with p as the
     * current thread, its canonical encoding and its abstraction. Computed once per state and process.
     */
    synchronized Object[] asProcess(int p, int processes, int thread) {
        if (perProcess == null) {
            perProcess = new Object[processes];
        }
        if (perProcess[p] == null) {
            Kernel k = kernel.copy();
            k.switchThread(thread);
            perProcess[p] = new Object[] {k.encode(), org.capcheck.spec.refine.Abstraction.of(k)};
        }
        return (Object[]) perProcess[p];
    }

    public SpecState abstraction() {
        return abstraction;
    }

    public Effect effect() {
        return effect;
    }

    /** Null, or how cap-core failed to refine the specification on the step to this state. */
    public String refinementFailure() {
        return refinementFailure;
    }

    /** A copy of the kernel in this state (the state's own copy is never handed out). */
    public Kernel kernel() {
        return kernel.copy();
    }

    @Override
    public String toString() {
        return abstraction.toString();
    }
}
