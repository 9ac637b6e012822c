package org.capcheck.core;

import java.util.List;

/**
 * The one table of invocations: each declared once, with its name (as captrace v1 and the
 * specification name it), its libsel4 invocation label, its arguments in libsel4's order with
 * their kinds, and whether seL4 may preempt it. The replayer, the captrace writer, the models, the
 * refinement checker, the fuzzer and the proofs all read this table; adding an invocation means
 * adding one entry here, a case in {@link #invokeOnce} and its semantics, nowhere else.
 *
 * <p>TCB_SetSpace and CNode_SaveCaller are reachable through {@link Kernel}'s typed API and raw ABI
 * but are not in the table: neither captrace v1 nor the abstract specification has them.
 */
public enum Operation {
    CNode_Copy(InvocationLabel.CNODE_COPY, false,
            Arg.SERVICE, arg("dest_index", Kind.INDEX), arg("dest_depth", Kind.DEPTH), arg("src_root", Kind.CPTR),
            arg("src_index", Kind.INDEX), arg("src_depth", Kind.DEPTH), arg("rights", Kind.RIGHTS)),
    CNode_Mint(InvocationLabel.CNODE_MINT, false,
            Arg.SERVICE, arg("dest_index", Kind.INDEX), arg("dest_depth", Kind.DEPTH), arg("src_root", Kind.CPTR),
            arg("src_index", Kind.INDEX), arg("src_depth", Kind.DEPTH), arg("rights", Kind.RIGHTS),
            arg("badge", Kind.BADGE)),
    CNode_Move(InvocationLabel.CNODE_MOVE, false,
            Arg.SERVICE, arg("dest_index", Kind.INDEX), arg("dest_depth", Kind.DEPTH), arg("src_root", Kind.CPTR),
            arg("src_index", Kind.INDEX), arg("src_depth", Kind.DEPTH)),
    CNode_Mutate(InvocationLabel.CNODE_MUTATE, false,
            Arg.SERVICE, arg("dest_index", Kind.INDEX), arg("dest_depth", Kind.DEPTH), arg("src_root", Kind.CPTR),
            arg("src_index", Kind.INDEX), arg("src_depth", Kind.DEPTH), arg("badge", Kind.BADGE)),
    /** Rotate: seL4's cteRotate moves the pivot's cap to dest and src's cap to the pivot. */
    CNode_Rotate(InvocationLabel.CNODE_ROTATE, false,
            Arg.SERVICE, arg("dest_index", Kind.INDEX), arg("dest_depth", Kind.DEPTH),
            arg("pivot_root", Kind.CPTR), arg("pivot_index", Kind.INDEX), arg("pivot_depth", Kind.DEPTH),
            arg("pivot_badge", Kind.BADGE), arg("src_root", Kind.CPTR), arg("src_index", Kind.INDEX),
            arg("src_depth", Kind.DEPTH), arg("src_badge", Kind.BADGE)),
    /** Delete: seL4's cteDelete, preemptible while it finalises (a Zombie shrinks between restarts). */
    CNode_Delete(InvocationLabel.CNODE_DELETE, true, Arg.SERVICE, arg("index", Kind.INDEX), arg("depth", Kind.DEPTH)),
    /** Revoke: seL4's cteRevoke, preemptible after each descendant. */
    CNode_Revoke(InvocationLabel.CNODE_REVOKE, true, Arg.SERVICE, arg("index", Kind.INDEX), arg("depth", Kind.DEPTH)),
    CNode_CancelBadgedSends(InvocationLabel.CNODE_CANCEL_BADGED_SENDS, false,
            Arg.SERVICE, arg("index", Kind.INDEX), arg("depth", Kind.DEPTH)),
    /** Retype: preemptible while resetUntypedCap clears the region. */
    Untyped_Retype(InvocationLabel.UNTYPED_RETYPE, true,
            Arg.SERVICE, arg("type", Kind.OBJECT_TYPE), arg("size_bits", Kind.SIZE_BITS), arg("root", Kind.CPTR),
            arg("node_index", Kind.INDEX), arg("node_depth", Kind.DEPTH), arg("node_offset", Kind.OFFSET),
            arg("num_objects", Kind.COUNT)),
    IRQControl_Get(InvocationLabel.IRQ_ISSUE_IRQ_HANDLER, false,
            Arg.SERVICE, arg("irq", Kind.IRQ), arg("root", Kind.CPTR), arg("index", Kind.INDEX),
            arg("depth", Kind.DEPTH));

    /**
     * How many times a preempted invocation is restarted before a caller gives up: far more than any
     * bounded state needs (each restart makes progress: seL4's preemption points sit after a unit of
     * work), so reaching it means the kernel under check does not terminate.
     */
    public static final long MAX_RESTARTS = 100_000_000L;

    /** What an argument means, so that generators and formats can treat it as seL4 does. */
    public enum Kind {
        /** A capability pointer resolved with depth 64 in the caller's CSpace (the invoked cap, an extra cap). */
        CPTR,
        /** A CNode index resolved to a given depth from a root. */
        INDEX,
        /** A depth in bits: 8-bit in libsel4. */
        DEPTH,
        /** A rights mask ({@link Rights}). */
        RIGHTS,
        /** A badge or cap data word. */
        BADGE,
        /** seL4's object type number ({@link ObjectType#number()}). */
        OBJECT_TYPE,
        /** An object size in bits (for variable-sized types). */
        SIZE_BITS,
        /** An offset into a destination CNode. */
        OFFSET,
        /** A count of objects. */
        COUNT,
        /** An IRQ number. */
        IRQ
    }

    /** One argument: its libsel4 name and its kind. */
    public record Arg(String name, Kind kind) {
        /** Every invocation's first argument: the invoked capability. */
        static final Arg SERVICE = new Arg("service", Kind.CPTR);

        // Written out: a record's generated methods are invokedynamic calls (see Cap).
        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Arg)) {
                return false;
            }
            Arg a = (Arg) o;
            return java.util.Objects.equals(name, a.name) && kind == a.kind;
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Objects.hashCode(name) + java.util.Objects.hashCode(kind);
        }

        @Override
        public String toString() {
            return "Arg[name=" + name + ", kind=" + kind + "]";
        }
    }

    private static Arg arg(String name, Kind kind) {
        return new Arg(name, kind);
    }

    private final int label;
    private final boolean preemptible;
    private final List<Arg> args;
    private final List<String> argNames;

    Operation(int label, boolean preemptible, Arg... args) {
        this.label = label;
        this.preemptible = preemptible;
        this.args = List.of(args);
        String[] names = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            names[i] = args[i].name();
        }
        this.argNames = List.of(names);
    }

    /** libsel4's invocation label ({@link InvocationLabel}), as the raw ABI takes it. */
    public int label() {
        return label;
    }

    /**
     * Whether seL4 may stop this invocation at a preemption point; the caller then restarts it
     * (see {@link #invoke}). The others always complete in one call.
     */
    public boolean preemptible() {
        return preemptible;
    }

    /** The arguments in libsel4's order, the invoked cap ({@code service}) first. */
    public List<Arg> args() {
        return args;
    }

    /** The argument names in libsel4's order. */
    public List<String> argNames() {
        return argNames;
    }

    public int arity() {
        return args.size();
    }

    /** The position of the named argument, or -1. */
    public int indexOf(String argName) {
        return argNames.indexOf(argName);
    }

    /** The operation with this name (as captrace names it), or null. */
    public static Operation named(String name) {
        for (Operation op : values()) {
            if (op.name().equals(name)) {
                return op;
            }
        }
        return null;
    }

    /**
     * Makes the invocation once through the typed API with {@code args} in {@link #args()} order; it
     * may stop at a preemption point ({@link Kernel#wasPreempted()}). Returns InvalidArgument 0, and
     * changes nothing, if {@code args} is null or shorter than {@link #arity()}. Allocates nothing.
     */
    public SeL4Error invokeOnce(Kernel k, long[] a) {
        if (a == null || a.length < args.size()) {
            return k.error.invalidArgument(0);
        }
        switch (this) {
            case CNode_Copy:
                return k.cnodeCopy(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
            case CNode_Mint:
                return k.cnodeMint(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
            case CNode_Move:
                return k.cnodeMove(a[0], a[1], a[2], a[3], a[4], a[5]);
            case CNode_Mutate:
                return k.cnodeMutate(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
            case CNode_Rotate:
                return k.cnodeRotate(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10]);
            case CNode_Delete:
                return k.cnodeDelete(a[0], a[1], a[2]);
            case CNode_Revoke:
                return k.cnodeRevoke(a[0], a[1], a[2]);
            case CNode_CancelBadgedSends:
                return k.cnodeCancelBadgedSends(a[0], a[1], a[2]);
            case Untyped_Retype:
                return k.untypedRetype(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
            case IRQControl_Get:
            default:
                return k.irqControlGet(a[0], a[1], a[2], a[3], a[4]);
        }
    }

    /**
     * Makes the invocation and restarts it while it stops at a preemption point, as seL4 restarts
     * the caller's system call, at most {@link #MAX_RESTARTS} times. Returns the last result; if
     * {@link Kernel#wasPreempted()} is still true afterwards, the kernel did not finish within the
     * limit. Allocates nothing and never throws.
     */
    public SeL4Error invoke(Kernel k, long[] a) {
        SeL4Error e = invokeOnce(k, a);
        for (long restarts = 0; k.wasPreempted() && restarts < MAX_RESTARTS; restarts++) {
            e = invokeOnce(k, a);
        }
        return e;
    }
}
