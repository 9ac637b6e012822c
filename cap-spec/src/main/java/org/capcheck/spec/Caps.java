package org.capcheck.spec;

import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Rights;

/**
 * Capabilities as values, and the pure functions on them that CSpace_A defines: the cap
 * constructors ({@code default_cap}), {@code is_physical}, {@code obj_size}, {@code same_region_as},
 * {@code same_object_as}, {@code gen_obj_refs}, {@code mask_cap}, {@code update_cap_data},
 * {@code is_cap_revocable} and {@code should_be_parent_of}. Caps are cap-core's plain {@link Cap}
 * record (a value type only: none of cap-core's rules are used here); this class fixes how each
 * kind of cap fills the record's fields.
 */
public final class Caps {
    /** log2 of object sizes on x86-64 (captrace v1): Endpoint, Notification, TCB, CNode slot, 4 KiB frame. */
    public static final int EP_BITS = 4;
    public static final int NTFN_BITS = 5;
    public static final int TCB_BITS = 11;
    public static final int SLOT_BITS = 5;
    public static final int FRAME_BITS = 12;
    /** A TCB holds five cap slots; a Zombie of a TCB covers them. */
    public static final int TCB_SLOTS = 5;
    public static final int WORD_BITS = 64;

    private Caps() {
    }

    // ----------------------------------------------------------------------------------------
    // Constructors

    public static Cap untyped(long paddr, int sizeBits, long freeIndex, boolean device) {
        return new Cap(CapType.Untyped, paddr, sizeBits, 0, 0, 0, 0, 0, freeIndex, device, -1, 0);
    }

    public static Cap endpoint(long paddr, long badge, int rights) {
        return new Cap(CapType.Endpoint, paddr, EP_BITS, badge, rights, 0, 0, 0, 0, false, -1, 0);
    }

    /** Notification caps carry only Read and Write (captrace v1). */
    public static Cap notification(long paddr, long badge, int rights) {
        return new Cap(CapType.Notification, paddr, NTFN_BITS, badge, rights & (Rights.READ | Rights.WRITE), 0, 0,
                0, 0, false, -1, 0);
    }

    public static Cap cnode(long paddr, int radix, long guard, int guardSize) {
        return new Cap(CapType.CNode, paddr, radix + SLOT_BITS, 0, 0, radix, guard, guardSize, 0, false, -1, 0);
    }

    public static Cap thread(long paddr) {
        return new Cap(CapType.Thread, paddr, TCB_BITS, 0, 0, 0, 0, 0, 0, false, -1, 0);
    }

    public static Cap frame(long paddr, int rights, boolean device) {
        return new Cap(CapType.Frame, paddr, FRAME_BITS, 0, rights, 0, 0, 0, 0, device, -1, 0);
    }

    public static Cap irqControl() {
        return new Cap(CapType.IRQControl, 0, 0, 0, 0, 0, 0, 0, 0, false, -1, 0);
    }

    public static Cap irqHandler(int irq) {
        return new Cap(CapType.IRQHandler, 0, 0, 0, 0, 0, 0, 0, 0, false, irq, 0);
    }

    /** {@code Zombie ptr (Some radix) n}: a CNode part-way through deletion, n slots still to clear. */
    public static Cap cnodeZombie(long paddr, int radix, long n) {
        return new Cap(CapType.Zombie, paddr, radix + SLOT_BITS, 0, 0, radix, 0, 0, 0, false, -1, n);
    }

    /** {@code Zombie ptr None n}: a TCB part-way through deletion (radix 0 marks a TCB zombie). */
    public static Cap tcbZombie(long paddr, long n) {
        return new Cap(CapType.Zombie, paddr, TCB_BITS, 0, 0, 0, 0, 0, 0, false, -1, n);
    }

    /** A Zombie with a different count of slots left. */
    public static Cap zombieWithSlots(Cap z, long n) {
        return isTcbZombie(z) ? tcbZombie(z.paddr(), n) : cnodeZombie(z.paddr(), z.radix(), n);
    }

    public static boolean isTcbZombie(Cap c) {
        return c.type() == CapType.Zombie && c.radix() == 0;
    }

    public static Cap withFreeIndex(Cap u, long freeIndex) {
        return untyped(u.paddr(), u.sizeBits(), freeIndex, u.device());
    }

    // ----------------------------------------------------------------------------------------
    // Regions and objects (CSpace_A is_physical, same_region_as, same_object_as; gen_obj_refs)

    /** {@code is_physical}: the cap names memory. */
    public static boolean isPhysical(Cap c) {
        switch (c.type()) {
            case Null:
            case IRQControl:
            case IRQHandler:
                return false;
            default:
                return true;
        }
    }

    /** The first byte of the memory a physical cap names ({@code obj_ref_of}). */
    static long base(Cap c) {
        return c.paddr();
    }

    /** The last byte of the memory a physical cap names ({@code obj_ref_of + obj_size - 1}). */
    static long last(Cap c) {
        return c.paddr() + ((1L << c.sizeBits()) - 1);
    }

    /** {@code same_region_as a b}: b names memory or authority inside what a names. */
    public static boolean sameRegionAs(Cap a, Cap b) {
        switch (a.type()) {
            case Untyped:
                return isPhysical(b) && Long.compareUnsigned(base(a), base(b)) <= 0
                        && Long.compareUnsigned(last(b), last(a)) <= 0;
            case Endpoint:
            case Notification:
            case Thread:
            case Frame:
                return b.type() == a.type() && b.paddr() == a.paddr();
            case CNode:
                return b.type() == CapType.CNode && b.paddr() == a.paddr() && b.radix() == a.radix();
            case IRQControl:
                return b.type() == CapType.IRQControl || b.type() == CapType.IRQHandler;
            case IRQHandler:
                return b.type() == CapType.IRQHandler && b.irq() == a.irq();
            default: // Null, Zombie
                return false;
        }
    }

    /**
     * {@code is_final_cap'}'s overlap test: whether two caps share a {@code gen_obj_refs} element.
     * Objects are named by address (Endpoint, Notification, CNode, Thread, Frame and Zombie caps),
     * IRQs by number (IRQHandler caps); Untyped and IRQControl caps name no object.
     */
    public static boolean refsOverlap(Cap a, Cap b) {
        if (a.type() == CapType.IRQHandler || b.type() == CapType.IRQHandler) {
            return a.type() == b.type() && a.irq() == b.irq();
        }
        return namesObject(a) && namesObject(b) && a.paddr() == b.paddr();
    }

    private static boolean namesObject(Cap c) {
        switch (c.type()) {
            case Endpoint:
            case Notification:
            case CNode:
            case Thread:
            case Frame:
            case Zombie:
                return true;
            default:
                return false;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Transformations on the way into a slot (CSpace_A mask_cap, update_cap_data, derive_cap's
    // cap part; is_cap_revocable, should_be_parent_of)

    /**
     * {@code mask_cap}: masking only removes rights. Endpoint caps keep R, W, G, P; Notification
     * caps R and W; Frame caps follow seL4's VM rights (read-write only if both R and W survive,
     * read-only if R does, otherwise none). Other caps carry no rights.
     */
    public static Cap maskCap(int mask, Cap c) {
        switch (c.type()) {
            case Endpoint:
                return endpoint(c.paddr(), c.badge(), c.rights() & mask);
            case Notification:
                return notification(c.paddr(), c.badge(), c.rights() & mask);
            case Frame: {
                boolean r = (mask & Rights.READ) != 0;
                boolean w = (mask & Rights.WRITE) != 0;
                int vm;
                if (c.rights() == (Rights.READ | Rights.WRITE)) {
                    vm = r ? (w ? Rights.READ | Rights.WRITE : Rights.READ) : Rights.NONE;
                } else if (c.rights() == Rights.READ) {
                    vm = r ? Rights.READ : Rights.NONE;
                } else {
                    vm = Rights.NONE;
                }
                return frame(c.paddr(), vm, c.device());
            }
            default:
                return c;
        }
    }

    /**
     * {@code update_cap_data preserve w}: an unbadged Endpoint or Notification cap takes badge w
     * (only when not preserving); any other use on those caps gives the null cap. A CNode cap takes
     * guard size (bits 0..5) and guard (bits 6..63, cut to the guard size) from w, or becomes null if
     * guard size + radix exceed the word. Other caps pass unchanged.
     */
    public static Cap updateCapData(boolean preserve, long w, Cap c) {
        switch (c.type()) {
            case Endpoint:
                return c.badge() == 0 && !preserve ? endpoint(c.paddr(), w, c.rights()) : Cap.NULL;
            case Notification:
                return c.badge() == 0 && !preserve ? notification(c.paddr(), w, c.rights()) : Cap.NULL;
            case CNode: {
                int guardSize = (int) (w & 0x3f);
                long guardWord = w >>> 6; // 58 bits
                if (guardSize + c.radix() > WORD_BITS) {
                    return Cap.NULL;
                }
                long guard = guardSize >= WORD_BITS ? guardWord : guardWord & ((1L << guardSize) - 1);
                return cnode(c.paddr(), c.radix(), guard, guardSize);
            }
            default:
                return c;
        }
    }

    /**
     * {@code is_cap_revocable new src}: whether the new cap is an original: a badged Endpoint or
     * Notification cap whose badge differs from its source's, an IRQHandler cap made from
     * IRQControl, and every Untyped cap.
     */
    public static boolean isCapRevocable(Cap newCap, Cap src) {
        switch (newCap.type()) {
            case Endpoint:
            case Notification:
                return newCap.badge() != src.badge();
            case IRQHandler:
                return src.type() == CapType.IRQControl;
            case Untyped:
                return true;
            default:
                return false;
        }
    }

    /**
     * {@code should_be_parent_of c original c' original'}: the existing cap c (in a slot that is
     * original or not) becomes the parent of the new cap c': c must be original and cover c's
     * region, and a badged Endpoint or Notification c only parents non-original caps of its badge.
     */
    public static boolean shouldBeParentOf(Cap c, boolean original, Cap c2, boolean original2) {
        if (!original || !sameRegionAs(c, c2)) {
            return false;
        }
        if ((c.type() == CapType.Endpoint || c.type() == CapType.Notification) && c.badge() != 0) {
            return c2.badge() == c.badge() && !original2;
        }
        return true;
    }
}
