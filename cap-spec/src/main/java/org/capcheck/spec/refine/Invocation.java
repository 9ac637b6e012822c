package org.capcheck.spec.refine;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Kernel;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Outcome;
import org.capcheck.spec.SpecState;

/**
 * One invocation of the typed API with its arguments: the operation and its words in libsel4's
 * order (captrace v1's argument table; {@code rights} as {@link org.capcheck.core.Rights} bits,
 * {@code type} as seL4's object type number, {@link org.capcheck.core.ObjectType#number()}). The
 * same value applies to a cap-core {@link Kernel} and to the specification, which is what
 * refinement checking, the model checker's {@code local} model and the fuzzer need.
 *
 * @param op   the operation
 * @param args its arguments, {@code op.arity()} of them, in {@link Operation#args()} order
 */
public record Invocation(Operation op, List<Long> args) {

    public Invocation {
        args = new Words(args);
        if (args.size() != op.arity()) {
            throw new IllegalArgumentException(op + " takes " + op.arity() + " arguments, not " + args.size());
        }
    }

    public static Invocation of(Operation op, long... args) {
        List<Long> a = new ArrayList<>(args.length);
        for (long x : args) {
            a.add(x);
        }
        return new Invocation(op, a);
    }

    public static Invocation cnodeCopy(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                                       long srcDepth, long rights) {
        return of(Operation.CNode_Copy, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth, rights);
    }

    public static Invocation cnodeMint(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                                       long srcDepth, long rights, long badge) {
        return of(Operation.CNode_Mint, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth, rights, badge);
    }

    public static Invocation cnodeMove(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                                       long srcDepth) {
        return of(Operation.CNode_Move, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth);
    }

    public static Invocation cnodeMutate(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                                         long srcDepth, long badge) {
        return of(Operation.CNode_Mutate, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth, badge);
    }

    public static Invocation cnodeRotate(long service, long destIndex, long destDepth, long pivotRoot,
                                         long pivotIndex, long pivotDepth, long pivotBadge, long srcRoot,
                                         long srcIndex, long srcDepth, long srcBadge) {
        return of(Operation.CNode_Rotate, service, destIndex, destDepth, pivotRoot, pivotIndex, pivotDepth, pivotBadge,
                srcRoot, srcIndex, srcDepth, srcBadge);
    }

    public static Invocation cnodeDelete(long service, long index, long depth) {
        return of(Operation.CNode_Delete, service, index, depth);
    }

    public static Invocation cnodeRevoke(long service, long index, long depth) {
        return of(Operation.CNode_Revoke, service, index, depth);
    }

    public static Invocation cnodeCancelBadgedSends(long service, long index, long depth) {
        return of(Operation.CNode_CancelBadgedSends, service, index, depth);
    }

    public static Invocation untypedRetype(long service, long type, long sizeBits, long root, long nodeIndex,
                                           long nodeDepth, long nodeOffset, long numObjects) {
        return of(Operation.Untyped_Retype, service, type, sizeBits, root, nodeIndex, nodeDepth, nodeOffset, numObjects);
    }

    public static Invocation irqControlGet(long service, long irq, long root, long index, long depth) {
        return of(Operation.IRQControl_Get, service, irq, root, index, depth);
    }

    /**
     * The arguments, unmodifiable, held as the words themselves: a model checker applies one
     * invocation to millions of states, and reads its words each time without unboxing or copying.
     */
    private static final class Words extends java.util.AbstractList<Long> implements java.util.RandomAccess {
        final long[] words;

        Words(List<Long> args) {
            words = new long[args.size()];
            for (int i = 0; i < words.length; i++) {
                words[i] = args.get(i); // a null argument throws here, as List.copyOf would
            }
        }

        @Override
        public Long get(int i) {
            return words[i];
        }

        @Override
        public int size() {
            return words.length;
        }
    }

    private long[] words() {
        return ((Words) args).words;
    }

    public long arg(int i) {
        return words()[i];
    }

    /** The arguments as an array in {@link Operation#args()} order (a copy, the caller's own). */
    public long[] argArray() {
        return words().clone();
    }

    /**
     * Makes the invocation on a cap-core kernel, restarting it while it stops at a preemption point
     * (as seL4 restarts the caller), and returns its result; details are in
     * {@link Kernel#lastError()}.
     *
     * @throws IllegalStateException if the kernel is still preempted after
     *         {@link Operation#MAX_RESTARTS} restarts (it does not terminate)
     */
    public SeL4Error applyTo(Kernel k) {
        SeL4Error e = op.invoke(k, words()); // cap-core only reads the words
        if (k.wasPreempted()) {
            throw new IllegalStateException(this + " still preempted after " + Operation.MAX_RESTARTS + " restarts");
        }
        return e;
    }

    /** Makes the invocation once (it may stop at a preemption point: see {@link Kernel#wasPreempted()}). */
    public SeL4Error applyOnce(Kernel k) {
        return op.invokeOnce(k, words());
    }

    /** What the invocation does in the specification, from the given state. */
    public Outcome applyTo(CapSpec spec, SpecState s) {
        switch (op) {
            case CNode_Copy:
                return spec.cnodeCopy(s, arg(0), arg(1), arg(2), arg(3), arg(4), arg(5), arg(6));
            case CNode_Mint:
                return spec.cnodeMint(s, arg(0), arg(1), arg(2), arg(3), arg(4), arg(5), arg(6), arg(7));
            case CNode_Move:
                return spec.cnodeMove(s, arg(0), arg(1), arg(2), arg(3), arg(4), arg(5));
            case CNode_Mutate:
                return spec.cnodeMutate(s, arg(0), arg(1), arg(2), arg(3), arg(4), arg(5), arg(6));
            case CNode_Rotate:
                return spec.cnodeRotate(s, arg(0), arg(1), arg(2), arg(3), arg(4), arg(5), arg(6), arg(7), arg(8),
                        arg(9), arg(10));
            case CNode_Delete:
                return spec.cnodeDelete(s, arg(0), arg(1), arg(2));
            case CNode_Revoke:
                return spec.cnodeRevoke(s, arg(0), arg(1), arg(2));
            case CNode_CancelBadgedSends:
                return spec.cnodeCancelBadgedSends(s, arg(0), arg(1), arg(2));
            case Untyped_Retype:
                return spec.untypedRetype(s, arg(0), arg(1), arg(2), arg(3), arg(4), arg(5), arg(6), arg(7));
            case IRQControl_Get:
                return spec.irqControlGet(s, arg(0), arg(1), arg(2), arg(3), arg(4));
            default:
                throw new AssertionError(op);
        }
    }

    /** e.g. {@code CNode_Copy(service=2, dest_index=40, ...)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(op.name()).append('(');
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(op.argNames().get(i)).append('=').append(Long.toUnsignedString(args.get(i)));
        }
        return b.append(')').toString();
    }
}
