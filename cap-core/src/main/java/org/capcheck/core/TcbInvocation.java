package org.capcheck.core;

/**
 * Invocations of a Thread cap. cap-core models only TCB_SetSpace's CSpace half, which is what
 * builds a multi-process system: words 0 fault endpoint, 1 CSpace-root data, 2 VSpace-root data;
 * extra caps 0 the CSpace root, 1 the VSpace root (seL4's non-MCS decodeSetSpace layout). Other TCB
 * labels give IllegalOperation.
 */
final class TcbInvocation {
    private final Kernel k;

    TcbInvocation(Kernel k) {
        this.k = k;
    }

    SeL4Error decode(long label, int threadSlot) {
        SyscallError error = k.error;
        CapTable caps = k.caps;
        if (label != InvocationLabel.TCB_SET_SPACE) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (k.argc < 3 || k.extraCount < 2) {
            return error.set(SeL4Error.TruncatedMessage);
        }
        int target = caps.object(threadSlot);
        int rootSlot = k.objects.slot(target, 0);
        // A root whose deletion would be long-running must be deleted first (slotCapLongRunningDelete).
        if (isLongRunningDelete(rootSlot)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        int src = k.extraSlot(0);
        int newCap = k.scratch(Kernel.SCRATCH_B);
        caps.copy(src, newCap);
        long data = k.arg(1);
        if (data != 0) {
            CapRules.updateCapData(caps, newCap, false, data);
        }
        SeL4Error e = CapRules.deriveCap(caps, k.mdb, error, src, newCap);
        if (e != SeL4Error.NoError) {
            return e;
        }
        if (!caps.is(newCap, CapType.CNode)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        // invokeTCB_ThreadControl: delete the old root, then insert the new one if its source and
        // the thread are still what they were (the delete may have removed either).
        if (k.deletion.cteDelete(rootSlot, true) == Deletion.PREEMPTED) {
            return SeL4Error.NoError;
        }
        if (caps.sameObjectAs(newCap, src) && caps.is(threadSlot, CapType.Thread)
                && caps.object(threadSlot) == target) {
            k.cnode.cteInsert(newCap, src, rootSlot);
        }
        return SeL4Error.NoError;
    }

    private boolean isLongRunningDelete(int slot) {
        CapTable caps = k.caps;
        if (caps.isNull(slot)) {
            return false;
        }
        CapType t = caps.type(slot);
        return (t == CapType.CNode || t == CapType.Zombie || t == CapType.Thread) && k.deletion.isFinalCapability(slot);
    }
}
