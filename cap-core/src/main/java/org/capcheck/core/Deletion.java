package org.capcheck.core;

/**
 * Deletion and revocation, following seL4's {@code rec_del} (CSpace_A) and cnode.c. Deleting the
 * final cap of a CNode or TCB cannot be done in one step: the cap becomes a Zombie that covers the
 * object's slots, and the slots are cleared one by one from the last, each a preemption point. A
 * final CNode cap met while clearing (an "unexposed" delete) has its Zombie swapped into slot 0 of
 * its own object; that breaks recursion, at the price that a Zombie left there makes the rest of that
 * CNode unreachable until the untyped it came from is revoked (seL4 manual, CSpace chapter).
 *
 * <p>Every method returns {@link #PREEMPTED} when the kernel's work budget ran out at a preemption
 * point; the progress made so far is in the state, and a restarted invocation carries on from it.
 */
final class Deletion {
    static final int DONE = 0;
    static final int PREEMPTED = 1;
    /** finaliseSlot's "not finalised": a cyclic Zombie left in place by an unexposed delete. */
    private static final int CYCLIC = 2;

    private final Kernel k;
    /** The IRQ whose handler the last successful finaliseSlot released, or -1. */
    private int freedIrq = -1;

    Deletion(Kernel k) {
        this.k = k;
    }

    /**
     * seL4's {@code cteDelete slot exposed}: finalise, then empty the slot. A user's delete is
     * exposed and always empties the slot; an unexposed one (clearing a Zombie's slots) leaves a
     * cyclic Zombie where it is.
     */
    int cteDelete(int slot, boolean exposed) {
        CapType type = k.caps.type(slot);
        if (!becomesZombie(type)) {
            // finaliseSlot's loop would run once for this cap: do that step directly (it keeps the
            // revoke loop, which deletes such caps one after another, small enough to inline).
            if (type != CapType.Null) {
                emptySlot(slot, finaliseInPlace(slot, type));
            }
            return DONE;
        }
        int r = finaliseSlot(slot, exposed);
        if (r == PREEMPTED) {
            return PREEMPTED;
        }
        if (exposed || r == DONE) {
            emptySlot(slot, r == DONE ? freedIrq : -1);
        }
        return DONE;
    }

    /**
     * seL4's {@code finaliseSlot}: runs finaliseCap on the slot's cap until what remains can be
     * removed (a null cap, or a Zombie with nothing left to clear), reducing Zombies on the way.
     */
    private int finaliseSlot(int slot, boolean exposed) {
        CapTable caps = k.caps;
        while (!caps.isNull(slot)) {
            if (k.overran()) {
                return PREEMPTED; // unwinds; the kernel reports the overrun, not a preemption
            }
            CapType type = caps.type(slot);
            if (!becomesZombie(type)) {
                freedIrq = finaliseInPlace(slot, type);
                return DONE;
            }
            boolean fin = isFinalCapability(slot);
            int remainder = k.scratch(Kernel.SCRATCH_FINALISE);
            caps.copy(slot, remainder);
            finaliseCap(remainder, fin);
            if (isRemovable(remainder, slot)) {
                freedIrq = -1;
                return DONE;
            }
            caps.copy(remainder, slot);
            if (isCyclicZombie(slot, slot) && !exposed) {
                return CYCLIC;
            }
            if (reduceZombie(slot, exposed) == PREEMPTED) {
                return PREEMPTED;
            }
            if (k.preemptionPoint()) {
                return PREEMPTED;
            }
        }
        freedIrq = -1;
        return DONE;
    }

    /**
     * seL4's {@code isFinalCapability}: no other cap names the same object. Because caps to one
     * object sit together in the derivation list (mdb_chunked), the two neighbours suffice.
     */
    boolean isFinalCapability(int slot) {
        CapTable caps = k.caps;
        int p = k.mdb.prev(slot);
        if (p != DerivationTree.NIL && caps.sameObjectAs(p, slot)) {
            return false;
        }
        int n = k.mdb.next(slot);
        return n == DerivationTree.NIL || !caps.sameObjectAs(slot, n);
    }

    /** CNode and Thread caps (and their Zombies) take several steps to finalise; every other cap one. */
    private static boolean becomesZombie(CapType type) {
        return type == CapType.CNode || type == CapType.Thread || type == CapType.Zombie;
    }

    /**
     * seL4's {@code finaliseCap} for a CNode, Thread or Zombie cap, applied to the copy in scratch
     * slot {@code cap}: a final cap becomes a Zombie covering the object's slots (a thread is
     * suspended first), a non-final one the null cap. Other caps go through {@link #finaliseInPlace}.
     */
    private void finaliseCap(int cap, boolean fin) {
        CapTable caps = k.caps;
        switch (caps.type(cap)) {
            case CNode:
                if (fin) {
                    caps.makeZombie(cap, 1L << caps.radix(cap));
                } else {
                    caps.clear(cap);
                }
                return;
            case Thread:
                if (fin) {
                    // suspend: a thread whose last cap is going never runs again.
                    k.objects.suspend(caps.object(cap));
                    k.events.add(HostEvents.Kind.THREAD_SUSPENDED, 0, caps.paddr(cap), ObjectType.TCB.fixedBits());
                    caps.makeZombie(cap, ObjectType.TCB_SLOTS);
                } else {
                    caps.clear(cap);
                }
                return;
            default:
                return; // a Zombie is always final and stays a Zombie until reduced
        }
    }

    /**
     * seL4's {@code finaliseCap} for a cap whose remainder is the null cap, reading it where it is:
     * tells the host what went (cancel_all_ipc, cancel_all_signals and unmapping are the host's) and
     * returns the IRQ released, or -1.
     */
    private int finaliseInPlace(int slot, CapType type) {
        CapTable caps = k.caps;
        switch (type) {
            case Endpoint:
            case Notification:
            case Frame:
                if (isFinalCapability(slot)) {
                    k.events.add(HostEvents.Kind.OBJECT_DESTROYED, type.ordinal(), caps.paddr(slot), caps.objectBits(slot));
                }
                return -1;
            case IRQHandler:
                return isFinalCapability(slot) ? caps.irq(slot) : -1;
            default:
                return -1; // Untyped and IRQControl caps release nothing
        }
    }

    /** seL4's {@code capRemovable}: null, or a Zombie with no slots left or only its own slot 0. */
    private boolean isRemovable(int cap, int slot) {
        CapTable caps = k.caps;
        if (caps.isNull(cap)) {
            return true;
        }
        if (!caps.is(cap, CapType.Zombie)) {
            return false;
        }
        long n = caps.zombieSlots(cap);
        return n == 0 || (n == 1 && firstSlotOf(cap) == slot);
    }

    /** seL4's {@code capCyclicZombie}: a Zombie stored in slot 0 of the object it covers. */
    private boolean isCyclicZombie(int cap, int slot) {
        return k.caps.is(cap, CapType.Zombie) && firstSlotOf(cap) == slot;
    }

    private int firstSlotOf(int zombie) {
        return k.objects.slot(k.caps.object(zombie), 0);
    }

    /**
     * seL4's {@code reduceZombie}. Exposed: delete the last slot the Zombie still covers, then
     * shrink it. Unexposed: swap the Zombie into slot 0 of its own object (cap_swap_for_delete), so
     * the caller's slot receives a different cap to finalise and the recursion stays shallow.
     */
    private int reduceZombie(int slot, boolean exposed) {
        CapTable caps = k.caps;
        int obj = caps.object(slot);
        long n = caps.zombieSlots(slot);
        if (!exposed) {
            int first = k.objects.slot(obj, 0);
            if (first != slot) {
                caps.swap(first, slot);
                k.mdb.swap(first, slot);
            }
            return DONE;
        }
        int end = k.objects.slot(obj, n - 1);
        if (cteDelete(end, false) == PREEMPTED) {
            return PREEMPTED;
        }
        if (caps.is(slot, CapType.Zombie) && caps.object(slot) == obj && caps.zombieSlots(slot) == n
                && !Faults.has(k.faults, Faults.ZOMBIE_NOT_REDUCED)) {
            caps.setZombieSlots(slot, n - 1);
        }
        return DONE;
    }

    /**
     * seL4's {@code emptySlot}: the cap leaves the derivation tree (its children move up to its
     * parent), the slot becomes empty, and a released IRQ becomes inactive. When the cap was the
     * Zombie of an object that is now wholly cleared, cap-core forgets the object.
     */
    void emptySlot(int slot, int irq) {
        CapTable caps = k.caps;
        if (caps.isNull(slot)) {
            return;
        }
        int deadObject = caps.is(slot, CapType.Zombie) ? caps.object(slot) : -1;
        if (deadObject >= 0) {
            CapType kind = caps.isTcbZombie(slot) ? CapType.Thread : CapType.CNode;
            k.events.add(HostEvents.Kind.OBJECT_DESTROYED, kind.ordinal(), caps.paddr(slot), caps.objectBits(slot));
        }
        k.mdb.remove(slot);
        caps.clear(slot);
        if (irq >= 0) {
            k.irqActive[irq] = false;
            k.otherWrites++;
            k.events.add(HostEvents.Kind.IRQ_RELEASED, irq, 0, 0);
        }
        if (deadObject >= 0) {
            if (deadObject == k.currentThread) {
                k.currentThread = -1;
                k.otherWrites++;
            }
            k.objects.destroy(deadObject);
        }
    }

    /**
     * seL4's {@code cteRevoke}: while the next cap in the derivation list is a child, delete it.
     * Deleting a child moves its own children up, so every descendant is eventually deleted.
     */
    int cteRevoke(int slot) {
        DerivationTree mdb = k.mdb;
        while (true) {
            if (k.overran()) {
                return PREEMPTED;
            }
            int next = mdb.next(slot);
            if (next == DerivationTree.NIL || !mdb.isMDBParentOf(slot, next)) {
                return DONE;
            }
            if (cteDelete(next, true) == PREEMPTED) {
                return PREEMPTED;
            }
            if (k.preemptionPoint()) {
                return PREEMPTED;
            }
        }
    }
}
