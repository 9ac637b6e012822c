package org.capcheck.core;

/**
 * The rules that transform a cap on its way into a new slot (l4v's ObjectType.lhs, seL4's
 * objecttype.c and cnode.c): deriveCap, maskCapRights, updateCapData (badges and guards), and
 * isCapRevocable (which new caps are originals). Each works
 * in place on a slot of the {@link CapTable}, usually a scratch slot.
 */
final class CapRules {
    /** seL4_CNode_CapData on 64-bit: guard size in bits 0..5, guard in bits 6..63. */
    static final int GUARD_SIZE_BITS = 6;
    static final int GUARD_BITS = 58;

    private CapRules() {
    }

    /**
     * seL4's {@code deriveCap}: the cap a Copy, Mint or SetSpace may place. IRQControl and Zombie
     * caps cannot be copied (they become null, hence IllegalOperation), and an untyped cap only
     * while it has no children ({@link DerivationTree#ensureNoChildren}, else RevokeFirst), so that
     * a copy never claims memory already handed out.
     */
    static SeL4Error deriveCap(CapTable caps, DerivationTree mdb, SyscallError error, int srcSlot, int cap) {
        switch (caps.type(cap)) {
            case IRQControl:
            case Zombie:
                caps.clear(cap);
                return SeL4Error.NoError;
            case Untyped: {
                SeL4Error e = mdb.ensureNoChildren(srcSlot);
                return e == SeL4Error.NoError ? e : error.set(e);
            }
            default:
                return SeL4Error.NoError;
        }
    }

    /**
     * seL4's {@code maskCapRights}: masking only removes rights. Endpoint caps keep R, W, G, P;
     * Notification caps R and W; Frame caps follow the VM rights ({@code maskVMRights}): read-write
     * only if both R and W survive, read-only if R does, otherwise none. Other caps carry no rights.
     */
    static void maskCapRights(CapTable caps, int s, int mask) {
        switch (caps.type(s)) {
            case Endpoint:
                caps.setRights(s, caps.rights(s) & mask);
                break;
            case Notification:
                caps.setRights(s, caps.rights(s) & mask & (Rights.READ | Rights.WRITE));
                break;
            case Frame:
                caps.setRights(s, maskVmRights(caps.rights(s), mask));
                break;
            default:
                break;
        }
    }

    private static int maskVmRights(int vm, int mask) {
        boolean read = (mask & Rights.READ) != 0;
        boolean write = (mask & Rights.WRITE) != 0;
        if (vm == (Rights.READ | Rights.WRITE) && read) {
            return write ? vm : Rights.READ;
        }
        if (vm == Rights.READ && read) {
            return Rights.READ;
        }
        return Rights.NONE;
    }

    /**
     * seL4's {@code updateCapData preserve w}: sets the badge of an unbadged Endpoint or
     * Notification cap (only when not preserving: Mutate and Rotate must keep derivation-tree
     * relations, so they may never badge), or a CNode cap's guard; every other use on an Endpoint or
     * Notification cap, and a guard too large for the word, gives the null cap. Other caps pass
     * unchanged.
     */
    static void updateCapData(CapTable caps, int s, boolean preserve, long w) {
        switch (caps.type(s)) {
            case Endpoint:
            case Notification:
                if (!preserve && caps.badge(s) == 0) {
                    caps.setBadge(s, w);
                } else {
                    caps.clear(s);
                }
                break;
            case CNode: {
                int guardSize = (int) (w & CSpaceLookup.mask(GUARD_SIZE_BITS));
                if (guardSize + caps.radix(s) > CSpaceLookup.WORD_BITS) {
                    caps.clear(s);
                } else {
                    long guard = (w >>> GUARD_SIZE_BITS) & CSpaceLookup.mask(GUARD_BITS) & CSpaceLookup.mask(guardSize);
                    caps.setGuard(s, guard, guardSize);
                }
                break;
            }
            default:
                break;
        }
    }

    /**
     * seL4's {@code isCapRevocable}: a new cap is original when it starts a derivation of its own:
     * a badged Endpoint or Notification cap whose badge differs from its source's, an IRQHandler cap
     * issued by IRQControl, and every Untyped cap.
     */
    static boolean isCapRevocable(CapTable caps, int newCap, int src) {
        switch (caps.type(newCap)) {
            case Endpoint:
            case Notification:
                return caps.badge(newCap) != caps.badge(src);
            case IRQHandler:
                return caps.is(src, CapType.IRQControl);
            case Untyped:
                return true;
            default:
                return false;
        }
    }
}
