package org.capcheck.core;

/**
 * The capabilities held in every slot (seL4's CTEs, less their derivation-tree links, which live in
 * {@link DerivationTree}, though in the same array). Storage is one preallocated {@code long[]} with
 * four words per slot, so that a cap and its links share a cache line: a slot is an index.
 * The last few indices are scratch registers that hold caps being built by an invocation (seL4 builds
 * them in C locals), so that no invocation allocates.
 *
 * <p>Fields are shared between cap kinds the way seL4's cap bitfields share words: {@code ref} is the
 * object's physical address (the IRQ number for IRQHandler caps), {@code word} is the badge
 * (Endpoint, Notification), guard (CNode), free index (Untyped) or remaining slot count (Zombie).
 */
final class CapTable {
    static final int NO_OBJECT = -1;
    private static final int DEVICE = 1;
    private static final int ZOMBIE_OF_TCB = 2;

    /**
     * Four words per slot, so that one slot is one half of a cache line: word 0 the cap's small
     * fields, word 1 {@code ref}, word 2 {@code word}, word 3 the slot's derivation-tree links
     * (owned by {@link DerivationTree}). Word 0: type (bits 0-3), size bits or radix (4-10), rights
     * (11-14), flags (15-16), guard size (17-23), object index + 1 (32-63).
     */
    static final int STRIDE = 4;
    static final int LINKS = 3;
    private static final long TYPE_MASK = 0xF;
    private static final int BITS_SHIFT = 4;
    private static final int RIGHTS_SHIFT = 11;
    private static final int FLAGS_SHIFT = 15;
    private static final int GUARD_SIZE_SHIFT = 17;
    private static final int OBJECT_SHIFT = 32;

    private final long[] w;
    private final int slots;
    /** Where writes are recorded for incremental invariant checks; null until one is asked for. */
    ChangeLog log;
    /** How many slot writes (caps or derivation links) there have been: see {@link Kernel#modifications()}. */
    long writes;
    /**
     * The slots written since the last {@link #copyFrom}, as bits (bit s: slot s); null until the first. Lets the
     * next copy from the same unchanged source copy those slots only ({@link Kernel#copyFrom}).
     */
    private long[] written;

    CapTable(int slots) {
        this.slots = slots;
        w = new long[slots * STRIDE];
    }

    CapTable(CapTable o) {
        slots = o.slots;
        writes = o.writes;
        w = o.w.clone();
    }

    /** Empties slots {@code from..to-1}: their cap and links words all zero. */
    void clear(int from, int to) {
        java.util.Arrays.fill(w, from * STRIDE, to * STRIDE, 0L);
    }

    /** Whether slots 0..slots-1 hold the same words (caps and links) here and in {@code o}. */
    boolean sameAs(CapTable o, int slots) {
        if (o.w.length != w.length) {
            return false;
        }
        // A plain loop: under Java PathFinder, Arrays.equals would run the JDK's vectorised mismatch.
        for (int i = 0, n = slots * STRIDE; i < n; i++) {
            if (w[i] != o.w[i]) {
                return false;
            }
        }
        return true;
    }

    /** The words of every slot; {@link DerivationTree} keeps its links in word {@link #LINKS}. */
    long[] words() {
        return w;
    }

    int size() {
        return slots;
    }

    /** Records that slot s's words (cap or links) are about to change. */
    void touched(int s) {
        writes++;
        if (log != null) {
            log.mark(s);
        }
        if (written != null) {
            written[s >>> 6] |= 1L << s;
        }
    }

    /**
     * Makes every slot's words {@code o}'s (a table of the same size), and the write count too. With
     * {@code onlyWritten}, only the slots written here since the last copy are copied: right when this table
     * was equal to {@code o} after that copy and {@code o} has not been written since. Allocates only on the
     * first call.
     */
    void copyFrom(CapTable o, boolean onlyWritten) {
        if (onlyWritten && written != null) {
            for (int i = 0; i < written.length; i++) {
                for (long m = written[i]; m != 0; m &= m - 1) {
                    int at = ((i << 6) + Long.numberOfTrailingZeros(m)) * STRIDE;
                    w[at] = o.w[at];
                    w[at + 1] = o.w[at + 1];
                    w[at + 2] = o.w[at + 2];
                    w[at + 3] = o.w[at + 3];
                }
                written[i] = 0;
            }
        } else {
            System.arraycopy(o.w, 0, w, 0, w.length);
            if (written == null) {
                written = new long[(slots + 63) >>> 6];
            } else {
                java.util.Arrays.fill(written, 0);
            }
        }
        writes = o.writes;
    }

    private long meta(int s) {
        return w[s * STRIDE];
    }

    private int field(int s, int shift, int bits) {
        return (int) ((meta(s) >>> shift) & ((1L << bits) - 1));
    }

    // ----- reading

    CapType type(int s) {
        return CapType.ofCode((int) (meta(s) & TYPE_MASK));
    }

    boolean isNull(int s) {
        return (meta(s) & TYPE_MASK) == 0;
    }

    boolean is(int s, CapType t) {
        return (meta(s) & TYPE_MASK) == t.code();
    }

    long paddr(int s) {
        return w[s * STRIDE + 1];
    }

    int irq(int s) {
        return (int) w[s * STRIDE + 1];
    }

    /** The object table index of the CNode or TCB a CNode, Thread or Zombie cap names. */
    int object(int s) {
        return (int) (meta(s) >>> OBJECT_SHIFT) - 1;
    }

    int radix(int s) {
        return field(s, BITS_SHIFT, 7);
    }

    int untypedBits(int s) {
        return field(s, BITS_SHIFT, 7);
    }

    private long word(int s) {
        return w[s * STRIDE + 2];
    }

    long badge(int s) {
        return word(s);
    }

    long guard(int s) {
        return word(s);
    }

    long freeIndex(int s) {
        return word(s);
    }

    long zombieSlots(int s) {
        return word(s);
    }

    int rights(int s) {
        return field(s, RIGHTS_SHIFT, 4);
    }

    int guardSize(int s) {
        return field(s, GUARD_SIZE_SHIFT, 7);
    }

    private int flags(int s) {
        return field(s, FLAGS_SHIFT, 2);
    }

    boolean isDevice(int s) {
        return (flags(s) & DEVICE) != 0;
    }

    boolean isTcbZombie(int s) {
        return (flags(s) & ZOMBIE_OF_TCB) != 0;
    }

    /** log2 of the size of the memory a physical cap names (seL4's {@code obj_size}). */
    int objectBits(int s) {
        switch (type(s)) {
            case Untyped:
                return untypedBits(s);
            case Endpoint:
                return ObjectType.Endpoint.fixedBits();
            case Notification:
                return ObjectType.Notification.fixedBits();
            case Thread:
                return ObjectType.TCB.fixedBits();
            case Frame:
                return ObjectType.Frame.fixedBits();
            case CNode:
                return radix(s) + ObjectType.SLOT_BITS;
            case Zombie:
                return isTcbZombie(s) ? ObjectType.TCB.fixedBits() : radix(s) + ObjectType.SLOT_BITS;
            default:
                return 0;
        }
    }

    /** The last byte of the memory a physical cap names. */
    long lastByte(int s) {
        return paddr(s) + ((1L << objectBits(s)) - 1);
    }

    Cap toCap(int s) {
        CapType t = type(s);
        long ref = paddr(s);
        switch (t) {
            case Null:
                return Cap.NULL;
            case IRQControl:
                return new Cap(t, 0, 0, 0, 0, 0, 0, 0, 0, false, -1, 0);
            case IRQHandler:
                return new Cap(t, 0, 0, 0, 0, 0, 0, 0, 0, false, irq(s), 0);
            case Untyped:
                return new Cap(t, ref, untypedBits(s), 0, 0, 0, 0, 0, freeIndex(s), isDevice(s), -1, 0);
            case CNode:
                return new Cap(t, ref, objectBits(s), 0, 0, radix(s), guard(s), guardSize(s), 0, false, -1, 0);
            case Zombie:
                return new Cap(t, ref, objectBits(s), 0, 0, isTcbZombie(s) ? 0 : radix(s), 0, 0, 0, false, -1,
                        zombieSlots(s));
            case Endpoint:
            case Notification:
                return new Cap(t, ref, objectBits(s), badge(s), rights(s), 0, 0, 0, 0, false, -1, 0);
            case Frame:
                return new Cap(t, ref, objectBits(s), 0, rights(s), 0, 0, 0, 0, isDevice(s), -1, 0);
            default:
                return new Cap(t, ref, objectBits(s), 0, 0, 0, 0, 0, 0, false, -1, 0);
        }
    }

    // ----- seL4's region and object comparisons (ObjectType.lhs sameRegionAs / sameObjectAs)

    /**
     * seL4's {@code sameRegionAs a b}: whether b names memory or authority inside what a names. An
     * Untyped cap covers every physical cap inside its region; other caps cover caps to the same
     * object; IRQControl covers every IRQHandler.
     */
    boolean sameRegionAs(int a, int b) {
        switch (type(a)) {
            case Untyped:
                return type(b).isPhysical()
                        && Long.compareUnsigned(paddr(a), paddr(b)) <= 0
                        && Long.compareUnsigned(lastByte(b), lastByte(a)) <= 0;
            case Endpoint:
            case Notification:
            case Thread:
            case Frame:
                return (meta(b) & TYPE_MASK) == (meta(a) & TYPE_MASK) && paddr(b) == paddr(a);
            case CNode:
                return (meta(b) & TYPE_MASK) == (meta(a) & TYPE_MASK) && paddr(b) == paddr(a)
                        && radix(b) == radix(a);
            case IRQControl:
                return is(b, CapType.IRQControl) || is(b, CapType.IRQHandler);
            case IRQHandler:
                return is(b, CapType.IRQHandler) && paddr(b) == paddr(a);
            default:
                return false; // Null and Zombie caps are in no region
        }
    }

    /** seL4's {@code sameObjectAs}: as sameRegionAs, but an Untyped or IRQControl cap names no object. */
    boolean sameObjectAs(int a, int b) {
        if (is(a, CapType.Untyped)) {
            return false;
        }
        if (is(a, CapType.IRQControl) && is(b, CapType.IRQHandler)) {
            return false;
        }
        return sameRegionAs(a, b);
    }

    // ----- writing (words 0 to 2 only: word 3, the links, belongs to the derivation tree)

    void clear(int s) {
        touched(s);
        int i = s * STRIDE;
        w[i] = 0;
        w[i + 1] = 0;
        w[i + 2] = 0;
    }

    void copy(int from, int to) {
        touched(to);
        int i = from * STRIDE;
        int j = to * STRIDE;
        w[j] = w[i];
        w[j + 1] = w[i + 1];
        w[j + 2] = w[i + 2];
    }

    /** Exchanges the caps (not the derivation links) of two slots. */
    void swap(int a, int b) {
        touched(a);
        touched(b);
        int i = a * STRIDE;
        int j = b * STRIDE;
        for (int k = 0; k < LINKS; k++) {
            long t = w[i + k];
            w[i + k] = w[j + k];
            w[j + k] = t;
        }
    }

    private static long meta(CapType t, int obj, int bits, int rts, int gs, int fl) {
        return t.code() | ((long) bits << BITS_SHIFT) | ((long) rts << RIGHTS_SHIFT) | ((long) fl << FLAGS_SHIFT)
                | ((long) gs << GUARD_SIZE_SHIFT) | ((long) (obj + 1) << OBJECT_SHIFT);
    }

    private void set(int s, CapType t, long r, int obj, int b, long word, int rts, int gs, int fl) {
        touched(s);
        int i = s * STRIDE;
        w[i] = meta(t, obj, b, rts, gs, fl);
        w[i + 1] = r;
        w[i + 2] = word;
    }

    private void setField(int s, int shift, int bits, long value) {
        touched(s);
        int i = s * STRIDE;
        long mask = ((1L << bits) - 1) << shift;
        w[i] = (w[i] & ~mask) | ((value << shift) & mask);
    }

    void setUntyped(int s, long paddr, int sizeBits, long freeIndex, boolean device) {
        set(s, CapType.Untyped, paddr, NO_OBJECT, sizeBits, freeIndex, 0, 0, device ? DEVICE : 0);
    }

    void setEndpoint(int s, long paddr, long badge, int rts) {
        set(s, CapType.Endpoint, paddr, NO_OBJECT, 0, badge, rts, 0, 0);
    }

    void setNotification(int s, long paddr, long badge, int rts) {
        set(s, CapType.Notification, paddr, NO_OBJECT, 0, badge, rts & (Rights.READ | Rights.WRITE), 0, 0);
    }

    void setCNode(int s, long paddr, int obj, int radix, long guard, int guardBits) {
        set(s, CapType.CNode, paddr, obj, radix, guard, 0, guardBits, 0);
    }

    void setThread(int s, long paddr, int obj) {
        set(s, CapType.Thread, paddr, obj, 0, 0, 0, 0, 0);
    }

    void setFrame(int s, long paddr, int rts, boolean device) {
        set(s, CapType.Frame, paddr, NO_OBJECT, 0, 0, rts, 0, device ? DEVICE : 0);
    }

    void setIrqControl(int s) {
        set(s, CapType.IRQControl, 0, NO_OBJECT, 0, 0, 0, 0, 0);
    }

    void setIrqHandler(int s, int irq) {
        set(s, CapType.IRQHandler, irq, NO_OBJECT, 0, 0, 0, 0, 0);
    }

    /** Turns the CNode or Thread cap in slot s into a Zombie covering {@code slots} slots of its object. */
    void makeZombie(int s, long slots) {
        boolean tcb = is(s, CapType.Thread);
        set(s, CapType.Zombie, paddr(s), object(s), radix(s), slots, 0, 0, tcb ? ZOMBIE_OF_TCB : 0);
    }

    void setZombieSlots(int s, long slots) {
        touched(s);
        w[s * STRIDE + 2] = slots;
    }

    void setFreeIndex(int s, long freeIndex) {
        touched(s);
        w[s * STRIDE + 2] = freeIndex;
    }

    void setBadge(int s, long badge) {
        touched(s);
        w[s * STRIDE + 2] = badge;
    }

    void setGuard(int s, long guard, int guardBits) {
        touched(s);
        w[s * STRIDE + 2] = guard;
        setField(s, GUARD_SIZE_SHIFT, 7, guardBits);
    }

    void setRights(int s, int rts) {
        setField(s, RIGHTS_SHIFT, 4, rts);
    }

    // ----- raw writes that break a cap's consistency with the object table: tests corrupt states with them

    void corruptRef(int s, long r) {
        touched(s);
        w[s * STRIDE + 1] = r;
    }

    /** Sets which object-table entry a CNode, Thread or Zombie cap names (loading; tests corrupt it). */
    void setObject(int s, int obj) {
        touched(s);
        int i = s * STRIDE;
        w[i] = (w[i] & ((1L << OBJECT_SHIFT) - 1)) | ((long) (obj + 1) << OBJECT_SHIFT);
    }

    // ----- canonical encoding

    /** Empties every slot, links included. */
    void clearAll() {
        writes++;
        java.util.Arrays.fill(w, 0);
    }

    /**
     * Writes a cap read back from its canonical encoding ({@link #encode}); {@code obj} is the
     * object it names (CNode, Thread and Zombie caps), which the encoding leaves to the object list.
     * Returns false, writing nothing, if the type code names no cap type.
     */
    boolean decode(int s, int typeCode, long ref, int bits, long word, int rts, int gs, int fl, int obj) {
        if (!CapType.isCode(typeCode) || typeCode == CapType.Null.code()) {
            return false;
        }
        CapType t = CapType.ofCode(typeCode);
        set(s, t, ref, obj, bits & 0x7F, word, rts & 0xF, gs & 0x7F, fl & 0x3);
        return true;
    }

    void encode(int s, StateEncoder out) {
        out.writeByte((int) (meta(s) & TYPE_MASK));
        if (isNull(s)) {
            return;
        }
        out.writeLong(paddr(s));
        out.writeByte(untypedBits(s));
        out.writeLong(word(s));
        out.writeByte(rights(s));
        out.writeByte(guardSize(s));
        out.writeByte(flags(s));
    }
}
