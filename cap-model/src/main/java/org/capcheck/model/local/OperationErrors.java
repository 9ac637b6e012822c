package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.capcheck.core.Kernel;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.SyscallError;
import org.capcheck.engine.Property;

/**
 * The (operation, error) pairs seL4 can produce through captrace v1, each a sometimesStep property of
 * the local model ("CNode_Copy returns DeleteFirst"): a property of the transition, not of the state it
 * leads to, since a failed invocation leaves the state as it was. The pairs that cannot arise are listed
 * with the reason ({@link #impossible}), from seL4's decode functions (cnode.c decodeCNodeInvocation,
 * untyped.c decodeUntypedInvocation, irq.c decodeIRQControlInvocation) as captrace v1 restricts them.
 *
 * <p>A transition's result is not in the state: it is found by making the invocation again, on this
 * thread's kernel loaded with the state it was taken from, and only while some pair of the action's
 * operation is unreached (the engine stops asking once all step properties are reached).
 */
public final class OperationErrors {
    private OperationErrors() {
    }

    /** The name of the property for one pair. */
    public static String propertyName(Operation op, SeL4Error error) {
        return op.name() + " returns " + error.name();
    }

    /** The name of the property that a lookup fails on a guard Mint or Mutate set (not the root's zeros). */
    public static final String GUARD_MISMATCH = "a lookup fails on a non-zero guard";

    /** Every pair that can arise through captrace v1, by operation, in seL4's error numbering. */
    public static Map<Operation, EnumSet<SeL4Error>> possible() {
        Map<Operation, EnumSet<SeL4Error>> m = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            EnumSet<SeL4Error> e = EnumSet.allOf(SeL4Error.class);
            e.removeAll(impossible(op).keySet());
            m.put(op, e);
        }
        return m;
    }

    /** The errors {@code op} cannot return through captrace v1, each with the reason. */
    public static Map<SeL4Error, String> impossible(Operation op) {
        Map<SeL4Error, String> m = new EnumMap<>(SeL4Error.class);
        m.put(SeL4Error.TruncatedMessage, "captrace always passes every message word and extra cap the operation "
                + "reads (TruncatedMessage belongs to the raw ABI)");
        m.put(SeL4Error.AlignmentError, "no decode path of these operations returns it (seL4 returns it for frame "
                + "mappings, which captrace v1 does not model)");
        boolean retype = op == Operation.Untyped_Retype;
        if (!retype) {
            m.put(SeL4Error.InvalidArgument, "only decodeUntypedInvocation returns it among these operations (an "
                    + "unknown object type or a size below the type's minimum)");
            m.put(SeL4Error.NotEnoughMemory, "only Untyped_Retype allocates memory");
        }
        switch (op) {
            case CNode_Copy:
            case CNode_Mint:
                break; // RevokeFirst: deriveCap of an untyped cap that has children (ensureNoChildren)
            case CNode_Move:
            case CNode_Mutate:
            case CNode_Rotate:
                m.put(SeL4Error.RevokeFirst, "moves do not call deriveCap, the only source of RevokeFirst on a CNode "
                        + "invocation");
                break;
            case CNode_Delete:
            case CNode_Revoke:
                m.put(SeL4Error.DeleteFirst, "the slot may be empty or full; nothing is placed");
                m.put(SeL4Error.RevokeFirst, "neither checks for children");
                break;
            case CNode_CancelBadgedSends:
                m.put(SeL4Error.DeleteFirst, "it places no cap, so it needs no empty slot");
                m.put(SeL4Error.RevokeFirst, "it does not check for children (no deriveCap)");
                break;
            case Untyped_Retype:
                m.put(SeL4Error.RevokeFirst, "decodeUntypedInvocation does not refuse an untyped with children: "
                        + "ensureNoChildren only decides between resetting it and allocating above its free index");
                break;
            case IRQControl_Get:
                break; // RevokeFirst: the IRQ has a handler already
            default:
                break;
        }
        return m;
    }

    /**
     * The sometimesStep properties, one per possible pair, and one that a lookup fails on a non-zero guard.
     * Steps stopped at a preemption point are not counted (their result is not the operation's).
     */
    static List<Property<LocalState>> properties(LocalModel model) {
        ResultOf result = new ResultOf(model);
        List<Property<LocalState>> p = new ArrayList<>();
        for (Map.Entry<Operation, EnumSet<SeL4Error>> e : possible().entrySet()) {
            Operation op = e.getKey();
            for (SeL4Error error : e.getValue()) {
                p.add(Property.sometimesStep(propertyName(op, error),
                        (LocalState s, LocalAction a, LocalState n) -> !a.stepOnly() && a.invocation().op() == op
                                && result.of(s, a).error() == error));
            }
        }
        p.add(Property.sometimesStep(GUARD_MISMATCH, (LocalState s, LocalAction a, LocalState n) -> {
            if (a.stepOnly()) {
                return false;
            }
            SyscallError e = result.of(s, a);
            return e.error() == SeL4Error.FailedLookup && e.lookupFailure() == LookupFailure.GuardMismatch
                    && e.guardFound() != 0;
        }));
        return p;
    }

    /**
     * The result of an action from a state, made again on this thread's own kernel; the last one is
     * remembered, since every property asks about the same transition in turn.
     */
    static final class ResultOf {
        private final ThreadLocal<Memo> memo;

        private static final class Memo {
            final Kernel kernel;
            LocalState state;
            LocalAction action;

            Memo(Kernel kernel) {
                this.kernel = kernel;
            }
        }

        ResultOf(LocalModel model) {
            LocalState initial = model.initialStates().get(0);
            this.memo = ThreadLocal.withInitial(() -> new Memo(initial.kernel()));
        }

        SyscallError of(LocalState state, LocalAction action) {
            Memo m = memo.get();
            if (m.state != state || m.action != action) {
                m.state = null;
                if (!m.kernel.load(state.encoding())) {
                    throw new IllegalStateException("cap-core cannot load a state's encoding");
                }
                action.invocation().applyTo(m.kernel);
                m.state = state;
                m.action = action;
            }
            return m.kernel.lastError();
        }
    }
}
