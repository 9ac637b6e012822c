package org.capcheck.model.multikernel;

import org.capcheck.multikernel.Ops;

/**
 * A step of the multikernel model: an application invokes an operation on its core, or the host delivers the
 * oldest message of the channel from one core to another.
 */
public final class MultikernelAction {
    /** Which of the two kinds of step. */
    public enum Kind { INVOKE, DELIVER }

    private final Kind kind;
    private final int core;
    private final int op;
    private final int capKind;
    private final int arg;
    private final int from;

    private MultikernelAction(Kind kind, int core, int op, int capKind, int arg, int from) {
        this.kind = kind;
        this.core = core;
        this.op = op;
        this.capKind = capKind;
        this.arg = arg;
        this.from = from;
    }

    static MultikernelAction invoke(int core, int op, int capKind, int arg) {
        return new MultikernelAction(Kind.INVOKE, core, op, capKind, arg, -1);
    }

    static MultikernelAction deliver(int from, int to) {
        return new MultikernelAction(Kind.DELIVER, to, -1, -1, -1, from);
    }

    public Kind kind() {
        return kind;
    }

    /** The core that acts: the invoking core, or the receiver of a delivery. */
    public int core() {
        return core;
    }

    public int op() {
        return op;
    }

    public int capKind() {
        return capKind;
    }

    /** The destination core of a copy. */
    public int arg() {
        return arg;
    }

    /** The sender of a delivered message. */
    public int from() {
        return from;
    }

    @Override
    public String toString() {
        if (kind == Kind.DELIVER) {
            return "deliver c" + from + "->c" + core;
        }
        return "c" + core + " " + Ops.opName(op) + " " + Ops.kindName(capKind) + (op == Ops.COPY ? " to c" + arg : "");
    }
}
