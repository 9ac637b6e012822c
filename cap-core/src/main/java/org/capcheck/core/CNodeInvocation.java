package org.capcheck.core;

import static org.capcheck.core.InvocationLabel.CNODE_CANCEL_BADGED_SENDS;
import static org.capcheck.core.InvocationLabel.CNODE_COPY;
import static org.capcheck.core.InvocationLabel.CNODE_DELETE;
import static org.capcheck.core.InvocationLabel.CNODE_MINT;
import static org.capcheck.core.InvocationLabel.CNODE_MOVE;
import static org.capcheck.core.InvocationLabel.CNODE_MUTATE;
import static org.capcheck.core.InvocationLabel.CNODE_REVOKE;
import static org.capcheck.core.InvocationLabel.CNODE_ROTATE;
import static org.capcheck.core.InvocationLabel.CNODE_SAVE_CALLER;

/**
 * Invocations of a CNode cap, decoded from the message as seL4's {@code decodeCNodeInvocation}
 * does, check by check in its order, then executed ({@code invokeCNode*}). Message words: 0 the
 * destination index, 1 its depth; Copy/Mint/Move/Mutate: 2 source index, 3 source depth, then
 * rights (Copy, Mint), data (Mint after rights; Mutate); Rotate: 2 pivot data, 3 pivot index,
 * 4 pivot depth, 5 source data, 6 source index, 7 source depth. Extra caps: the source root
 * (Rotate: the pivot root, then the source root).
 */
final class CNodeInvocation {
    private final Kernel k;

    CNodeInvocation(Kernel k) {
        this.k = k;
    }

    SeL4Error decode(long label, int cnodeSlot) {
        SyscallError error = k.error;
        if (label < CNODE_REVOKE || label > CNODE_SAVE_CALLER) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (k.argc < 2) {
            return error.set(SeL4Error.TruncatedMessage);
        }
        SeL4Error e = k.lookup.lookupForCNodeOp(false, cnodeSlot, k.arg(0), k.arg(1));
        if (e != SeL4Error.NoError) {
            return e;
        }
        int dest = k.lookup.slot;
        if (label >= CNODE_COPY && label <= CNODE_MUTATE) {
            return copyMintMoveMutate((int) label, dest);
        }
        switch ((int) label) {
            case CNODE_REVOKE:
                k.deletion.cteRevoke(dest);
                return SeL4Error.NoError;
            case CNODE_DELETE:
                k.deletion.cteDelete(dest, true);
                return SeL4Error.NoError;
            case CNODE_SAVE_CALLER:
                // The caller slot holds a reply cap only during IPC, which cap-core does not
                // model: it is always empty, so SaveCaller only checks its destination.
                return k.caps.isNull(dest) ? SeL4Error.NoError : error.set(SeL4Error.DeleteFirst);
            case CNODE_CANCEL_BADGED_SENDS:
                // hasCancelSendRights: an Endpoint cap with all four rights. No IPC queues here,
                // so a valid call changes nothing.
                if (!k.caps.is(dest, CapType.Endpoint) || k.caps.rights(dest) != Rights.ALL) {
                    return error.set(SeL4Error.IllegalOperation);
                }
                return SeL4Error.NoError;
            default:
                return rotate(dest);
        }
    }

    private SeL4Error copyMintMoveMutate(int label, int dest) {
        CapTable caps = k.caps;
        SyscallError error = k.error;
        if (k.argc < 4 || k.extraCount < 1) {
            return error.set(SeL4Error.TruncatedMessage);
        }
        long srcIndex = k.arg(2);
        long srcDepth = k.arg(3);
        if (!caps.isNull(dest)) {
            return error.set(SeL4Error.DeleteFirst);
        }
        SeL4Error e = k.lookup.lookupForCNodeOp(true, k.extraSlot(0), srcIndex, srcDepth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int src = k.lookup.slot;
        if (caps.isNull(src)) {
            error.lookupFault(LookupFailure.MissingCapability, srcDepth, 0, 0);
            return error.failedLookup(true);
        }
        // The new cap is built where it will live: dest is empty, and is emptied again if the
        // invocation fails, so a failure still leaves the state as it was.
        int newCap = dest;
        caps.copy(src, newCap);
        switch (label) {
            case CNODE_COPY:
                if (k.argc < 5) {
                    caps.clear(newCap);
                    return error.set(SeL4Error.TruncatedMessage);
                }
                CapRules.maskCapRights(caps, newCap, Rights.fromWord(k.arg(4)));
                e = CapRules.deriveCap(caps, k.mdb, error, src, newCap);
                break;
            case CNODE_MINT:
                if (k.argc < 6) {
                    caps.clear(newCap);
                    return error.set(SeL4Error.TruncatedMessage);
                }
                CapRules.maskCapRights(caps, newCap, Rights.fromWord(k.arg(4)));
                CapRules.updateCapData(caps, newCap, false, k.arg(5));
                e = CapRules.deriveCap(caps, k.mdb, error, src, newCap);
                break;
            case CNODE_MUTATE:
                if (k.argc < 5) {
                    caps.clear(newCap);
                    return error.set(SeL4Error.TruncatedMessage);
                }
                CapRules.updateCapData(caps, newCap, true, k.arg(4));
                break;
            default: // Move: the cap as it is
                break;
        }
        if (e != SeL4Error.NoError) {
            caps.clear(newCap);
            return e;
        }
        if (caps.isNull(newCap)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (label == CNODE_COPY || label == CNODE_MINT) {
            k.cnode.cteInsert(newCap, src, dest);
        } else {
            k.cnode.cteMove(newCap, src, dest);
        }
        return SeL4Error.NoError;
    }

    private SeL4Error rotate(int dest) {
        CapTable caps = k.caps;
        SyscallError error = k.error;
        if (k.argc < 8 || k.extraCount < 2) {
            return error.set(SeL4Error.TruncatedMessage);
        }
        long pivotData = k.arg(2);
        long pivotIndex = k.arg(3);
        long pivotDepth = k.arg(4);
        long srcData = k.arg(5);
        long srcIndex = k.arg(6);
        long srcDepth = k.arg(7);
        SeL4Error e = k.lookup.lookupForCNodeOp(true, k.extraSlot(1), srcIndex, srcDepth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int src = k.lookup.slot;
        e = k.lookup.lookupForCNodeOp(true, k.extraSlot(0), pivotIndex, pivotDepth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int pivot = k.lookup.slot;
        if (pivot == src || pivot == dest) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (src != dest && !caps.isNull(dest)) {
            return error.set(SeL4Error.DeleteFirst);
        }
        if (caps.isNull(src)) {
            error.lookupFault(LookupFailure.MissingCapability, srcDepth, 0, 0);
            return error.failedLookup(true);
        }
        if (caps.isNull(pivot)) {
            error.lookupFault(LookupFailure.MissingCapability, pivotDepth, 0, 0);
            return error.failedLookup(false);
        }
        int newSrc = k.scratch(Kernel.SCRATCH_A);
        int newPivot = k.scratch(Kernel.SCRATCH_B);
        caps.copy(src, newSrc);
        CapRules.updateCapData(caps, newSrc, true, srcData);
        caps.copy(pivot, newPivot);
        CapRules.updateCapData(caps, newPivot, true, pivotData);
        if (caps.isNull(newSrc) || caps.isNull(newPivot)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (src == dest) {
            // cteSwap: the two caps trade places, and so do their derivation-tree positions.
            caps.copy(newPivot, src);
            caps.copy(newSrc, pivot);
            k.mdb.swap(src, pivot);
        } else {
            k.cnode.cteMove(newPivot, pivot, dest);
            k.cnode.cteMove(newSrc, src, pivot);
        }
        return SeL4Error.NoError;
    }
}
