package org.capcheck.core;

/**
 * Capability addressing, as seL4's cspace.c does it: a CPtr and a depth are resolved through
 * guarded CNodes from a root cap ({@code resolveAddressBits}), and CNode invocations look their slots
 * up with the checks of {@code lookupSlotForCNodeOp}. Results go into fields ({@link #slot},
 * {@link #bitsRemaining}) and failures into the kernel's {@link SyscallError}, so nothing allocates.
 */
final class CSpaceLookup {
    static final int WORD_BITS = 64;

    private final Kernel k;
    /** The slot the last successful resolution reached. */
    int slot;
    /** Bits the last resolution left unresolved (it stopped at a slot holding no CNode cap). */
    int bitsRemaining;

    CSpaceLookup(Kernel k) {
        this.k = k;
    }

    static long mask(int bits) {
        return bits >= WORD_BITS ? -1L : (1L << bits) - 1;
    }

    /**
     * seL4's {@code resolveAddressBits}: walks {@code nBits} bits of {@code cptr} (most significant
     * first) through the CNode cap in {@code rootSlot}. At each level the guard is matched first,
     * then radix bits pick the slot; a slot without a CNode cap ends the walk early. Returns false
     * with the lookup fault recorded (InvalidRoot, GuardMismatch, DepthMismatch).
     */
    boolean resolve(int rootSlot, long cptr, int nBits) {
        CapTable caps = k.caps;
        if (!caps.is(rootSlot, CapType.CNode)) {
            k.error.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0);
            return false;
        }
        int node = rootSlot;
        while (true) {
            int radix = caps.radix(node);
            int guardBits = caps.guardSize(node);
            int levelBits = radix + guardBits;
            long capGuard = caps.guard(node);
            long guard = (cptr >>> ((nBits - guardBits) & (WORD_BITS - 1))) & mask(guardBits);
            if (guardBits > nBits || guard != capGuard) {
                k.error.lookupFault(LookupFailure.GuardMismatch, nBits, guardBits, capGuard);
                return false;
            }
            if (levelBits > nBits) {
                k.error.lookupFault(LookupFailure.DepthMismatch, nBits, levelBits, 0);
                return false;
            }
            long offset = (cptr >>> (nBits - levelBits)) & mask(radix);
            int reached = k.objects.slot(caps.object(node), offset);
            if (nBits == levelBits) {
                slot = reached;
                bitsRemaining = 0;
                return true;
            }
            nBits -= levelBits;
            if (!caps.is(reached, CapType.CNode)) {
                slot = reached;
                bitsRemaining = nBits;
                return true;
            }
            node = reached;
        }
    }

    /**
     * seL4's {@code lookupSlotForCNodeOp}: the root must be a CNode cap (else FailedLookup,
     * InvalidRoot), the depth 1..64 (else RangeError [1, 64]), and the walk must use exactly
     * {@code depth} bits (else FailedLookup with the fault the walk gave, or DepthMismatch if bits
     * were left over). On success the slot is in {@link #slot}.
     */
    SeL4Error lookupForCNodeOp(boolean isSource, int rootSlot, long cptr, long depth) {
        if (!k.caps.is(rootSlot, CapType.CNode)) {
            k.error.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0);
            return k.error.failedLookup(isSource);
        }
        if (depth < 1 || depth > WORD_BITS) {
            return k.error.rangeError(1, WORD_BITS);
        }
        if (!resolve(rootSlot, cptr, (int) depth)) {
            return k.error.failedLookup(isSource);
        }
        if (bitsRemaining != 0) {
            k.error.lookupFault(LookupFailure.DepthMismatch, bitsRemaining, 0, 0);
            return k.error.failedLookup(isSource);
        }
        return SeL4Error.NoError;
    }

    /**
     * seL4's {@code lookupCapAndSlot} for the current thread: resolves all 64 bits from the
     * thread's CSpace root; a walk that stops early at a non-CNode cap still names that slot.
     */
    boolean lookupCapAndSlot(long cptr) {
        return resolve(k.cspaceRootSlot(), cptr, WORD_BITS);
    }
}
