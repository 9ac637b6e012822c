package org.capcheck.fuzz.vectors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;

/**
 * Which error codes each operation can return through captrace v1, from seL4's decode functions as
 * cap-core follows them. Every operation can succeed and can fail its invoked-cap lookup
 * (InvalidCapability), its cap's type (IllegalOperation), a depth (RangeError) and a slot lookup
 * (FailedLookup). Beyond those:
 * <ul>
 * <li>Copy and Mint: DeleteFirst (the destination is occupied) and RevokeFirst (deriveCap of an
 *     untyped cap that has children: ensureNoChildren).</li>
 * <li>Move, Mutate, Rotate: DeleteFirst only; they do not derive, so never RevokeFirst.</li>
 * <li>Delete, Revoke, CancelBadgedSends: nothing else (cteDelete and cteRevoke run to completion in
 *     a replayed line; CancelBadgedSends without full rights is IllegalOperation).</li>
 * <li>Untyped_Retype: InvalidArgument (a CNode of radix 0, an untyped below 16 bytes, a non-frame
 *     object from device memory; an unknown type number cannot be written in captrace), DeleteFirst
 *     (a destination slot is occupied), NotEnoughMemory. Retype resets an untyped with no children
 *     and otherwise allocates above its watermark, so it never says RevokeFirst.</li>
 * <li>IRQControl_Get: RevokeFirst (the IRQ already has a handler) and DeleteFirst.</li>
 * </ul>
 * TruncatedMessage and AlignmentError cannot arise through captrace at all (the contract says so):
 * every line carries all its arguments, and v1 has no object that needs alignment.
 *
 * <p>The table is held to cap-core from both sides by tests: the vectors reach every pair in it, and
 * a long random campaign over the same boot configurations reaches no pair outside it.
 */
public final class ReachablePairs {
    private static final Map<Operation, EnumSet<SeL4Error>> TABLE = new EnumMap<>(Operation.class);

    static {
        EnumSet<SeL4Error> common = EnumSet.of(SeL4Error.NoError, SeL4Error.InvalidCapability,
                SeL4Error.IllegalOperation, SeL4Error.RangeError, SeL4Error.FailedLookup);
        for (Operation op : Operation.values()) {
            TABLE.put(op, EnumSet.copyOf(common));
        }
        TABLE.get(Operation.CNode_Copy).addAll(EnumSet.of(SeL4Error.DeleteFirst, SeL4Error.RevokeFirst));
        TABLE.get(Operation.CNode_Mint).addAll(EnumSet.of(SeL4Error.DeleteFirst, SeL4Error.RevokeFirst));
        TABLE.get(Operation.CNode_Move).add(SeL4Error.DeleteFirst);
        TABLE.get(Operation.CNode_Mutate).add(SeL4Error.DeleteFirst);
        TABLE.get(Operation.CNode_Rotate).add(SeL4Error.DeleteFirst);
        TABLE.get(Operation.Untyped_Retype).addAll(EnumSet.of(SeL4Error.InvalidArgument, SeL4Error.DeleteFirst,
                SeL4Error.NotEnoughMemory));
        TABLE.get(Operation.IRQControl_Get).addAll(EnumSet.of(SeL4Error.RevokeFirst, SeL4Error.DeleteFirst));
    }

    /** One (operation, error) pair. */
    public record Pair(Operation op, SeL4Error error) {
        @Override
        public String toString() {
            return op.name() + "/" + error.name();
        }
    }

    private static final List<Pair> ALL;

    static {
        List<Pair> all = new ArrayList<>();
        for (Operation op : Operation.values()) {
            for (SeL4Error e : TABLE.get(op)) {
                all.add(new Pair(op, e));
            }
        }
        ALL = Collections.unmodifiableList(all);
    }

    private ReachablePairs() {
    }

    /** Every reachable pair, by operation (table order), then by error (seL4's numbering). */
    public static List<Pair> all() {
        return ALL;
    }

    public static boolean contains(Operation op, SeL4Error e) {
        return TABLE.get(op).contains(e);
    }

    /** The errors this operation can return through captrace. */
    public static EnumSet<SeL4Error> errorsOf(Operation op) {
        return EnumSet.copyOf(TABLE.get(op));
    }
}
