package org.capcheck.core;

/**
 * The rules of l4v's CNode.lhs that place a cap in a slot and keep the derivation tree in step,
 * shared by every invocation that does: seL4's {@code cteInsert} (Copy, Mint, Retype's new caps,
 * IRQControl_Get, TCB_SetSpace) and {@code cteMove} (Move, Mutate, Rotate). Deletion's rules of the
 * same file are in {@link Deletion}, the list itself in {@link DerivationTree}.
 */
final class CNode {
    private final Kernel k;

    CNode(Kernel k) {
        this.k = k;
    }

    /**
     * seL4's {@code cteInsert}: places the cap right after its source in the derivation list, as an
     * original if {@code isCapRevocable} says so, after {@link #setUntypedCapAsFull}.
     */
    void cteInsert(int newCap, int src, int dest) {
        CapTable caps = k.caps;
        DerivationTree mdb = k.mdb;
        boolean revocable = CapRules.isCapRevocable(caps, newCap, src);
        if (Faults.has(k.faults, Faults.INSERT_NON_ORIGINAL_AS_CHILD) && !revocable && !mdb.isRevocable(src)) {
            mdb.setFlags(src, true, mdb.isFirstBadged(src));
        }
        if (!Faults.has(k.faults, Faults.SKIP_SET_UNTYPED_CAP_AS_FULL)) {
            setUntypedCapAsFull(src, newCap);
        }
        if (newCap != dest) {
            caps.copy(newCap, dest);
        }
        mdb.insertAfter(src, dest, revocable);
    }

    /**
     * seL4's {@code setUntypedCapAsFull}: a same-sized untyped copy marks its source full, so the
     * two cannot both retype the same memory.
     */
    void setUntypedCapAsFull(int src, int newCap) {
        CapTable caps = k.caps;
        if (caps.is(src, CapType.Untyped) && caps.is(newCap, CapType.Untyped)
                && caps.paddr(src) == caps.paddr(newCap) && caps.untypedBits(src) == caps.untypedBits(newCap)) {
            caps.setFreeIndex(src, 1L << caps.untypedBits(src));
        }
    }

    /** seL4's {@code cteMove}: the cap keeps its derivation-tree position and original flag. */
    void cteMove(int newCap, int src, int dest) {
        CapTable caps = k.caps;
        if (newCap != dest) {
            caps.copy(newCap, dest);
        }
        caps.clear(src);
        k.mdb.move(src, dest);
    }
}
