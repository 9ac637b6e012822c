package org.capcheck.core;

import java.util.Arrays;

/**
 * The capabilities held in every slot (seL4's CTEs, less their derivation-tree links, which live in
 * {@link DerivationTree}). Storage is one primitive array per field, sized once: a slot is an index.
 * The last few indices are scratch registers that hold caps being built by an invocation (seL4 builds
 * them in C locals), so that no invocation allocates.
 *
 * <p>Fields are shared between cap kinds the way seL4's cap bitfields share words: {@code ref} is the
 * object's physical address (the IRQ number for IRQHandler caps), {@code word} is the badge
 * (Endpoint, Notification), guard (CNode), free index (Untyped) or remaining slot count (Zombie).
 */
final class CapTable {
    static final int NO_OBJECT = -1;
    private static final byte DEVICE = 1;
    private static final byte ZOMBIE_OF_TCB = 2;

    private final byte[] type;
    private final long[] ref;
    private final int[] object;
    private final byte[] bits;
    private final long[] word;
    private final byte[] rights;
    private final byte[] guardSize;
    private final byte[] flags;

    CapTable(int slots) {
        type = new byte[slots];
        ref = new long[slots];
        object = new int[slots];
        bits = new byte[slots];
        word = new long[slots];
        rights = new byte[slots];
        guardSize = new byte[slots];
        flags = new byte[slots];
        Arrays.fill(object, NO_OBJECT);
    }

    CapTable(CapTable o) {
        type = o.type.clone();
        ref = o.ref.clone();
        object = o.object.clone();
        bits = o.bits.clone();
        word = o.word.clone();
        rights = o.rights.clone();
        guardSize = o.guardSize.clone();
        flags = o.flags.clone();
    }

    int size() {
        return type.length;
    }

    // ----- reading

    CapType type(int s) {
        return CapType.ofCode(type[s]);
    }

    boolean isNull(int s) {
        return type[s] == 0;
    }

    boolean is(int s, CapType t) {
        return type[s] == t.code();
    }

    long paddr(int s) {
        return ref[s];
    }

    int irq(int s) {
        return (int) ref[s];
    }

    /** The object table index of the CNode or TCB a CNode, Thread or Zombie cap names. */
    int object(int s) {
        return object[s];
    }

    int radix(int s) {
        return bits[s];
    }

    int untypedBits(int s) {
        return bits[s];
    }

    long badge(int s) {
        return word[s];
    }

    long guard(int s) {
        return word[s];
    }

    long freeIndex(int s) {
        return word[s];
    }

    long zombieSlots(int s) {
        return word[s];
    }

    int rights(int s) {
        return rights[s];
    }

    int guardSize(int s) {
        return guardSize[s];
    }

    boolean isDevice(int s) {
        return (flags[s] & DEVICE) != 0;
    }

    boolean isTcbZombie(int s) {
        return (flags[s] & ZOMBIE_OF_TCB) != 0;
    }

    /** log2 of the size of the memory a physical cap names (seL4's {@code obj_size}). */
    int objectBits(int s) {
        switch (type(s)) {
            case Untyped:
                return bits[s];
            case Endpoint:
                return ObjectType.Endpoint.fixedBits();
            case Notification:
                return ObjectType.Notification.fixedBits();
            case Thread:
                return ObjectType.TCB.fixedBits();
            case Frame:
                return ObjectType.Frame.fixedBits();
            case CNode:
                return bits[s] + ObjectType.SLOT_BITS;
            case Zombie:
                return isTcbZombie(s) ? ObjectType.TCB.fixedBits() : bits[s] + ObjectType.SLOT_BITS;
            default:
                return 0;
        }
    }

    /** The last byte of the memory a physical cap names. */
    long lastByte(int s) {
        return ref[s] + ((1L << objectBits(s)) - 1);
    }

    Cap toCap(int s) {
        CapType t = type(s);
        switch (t) {
            case Null:
                return Cap.NULL;
            case IRQControl:
                return new Cap(t, 0, 0, 0, 0, 0, 0, 0, 0, false, -1, 0);
            case IRQHandler:
                return new Cap(t, 0, 0, 0, 0, 0, 0, 0, 0, false, irq(s), 0);
            case Untyped:
                return new Cap(t, ref[s], bits[s], 0, 0, 0, 0, 0, word[s], isDevice(s), -1, 0);
            case CNode:
                return new Cap(t, ref[s], objectBits(s), 0, 0, bits[s], word[s], guardSize[s], 0, false, -1, 0);
            case Zombie:
                return new Cap(t, ref[s], objectBits(s), 0, 0, isTcbZombie(s) ? 0 : bits[s], 0, 0, 0, false, -1,
                        word[s]);
            case Endpoint:
            case Notification:
                return new Cap(t, ref[s], objectBits(s), word[s], rights[s], 0, 0, 0, 0, false, -1, 0);
            case Frame:
                return new Cap(t, ref[s], objectBits(s), 0, rights[s], 0, 0, 0, 0, isDevice(s), -1, 0);
            default:
                return new Cap(t, ref[s], objectBits(s), 0, 0, 0, 0, 0, 0, false, -1, 0);
        }
    }

    /** Whether two slots hold equal caps, field for field. */
    boolean sameCap(int a, int b) {
        return type[a] == type[b] && ref[a] == ref[b] && object[a] == object[b] && bits[a] == bits[b]
                && word[a] == word[b] && rights[a] == rights[b] && guardSize[a] == guardSize[b]
                && flags[a] == flags[b];
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
                        && Long.compareUnsigned(ref[a], ref[b]) <= 0
                        && Long.compareUnsigned(lastByte(b), lastByte(a)) <= 0;
            case Endpoint:
            case Notification:
            case Thread:
            case Frame:
                return type[b] == type[a] && ref[b] == ref[a];
            case CNode:
                return type[b] == type[a] && ref[b] == ref[a] && bits[b] == bits[a];
            case IRQControl:
                return is(b, CapType.IRQControl) || is(b, CapType.IRQHandler);
            case IRQHandler:
                return is(b, CapType.IRQHandler) && ref[b] == ref[a];
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

    // ----- writing

    void clear(int s) {
        type[s] = 0;
        ref[s] = 0;
        object[s] = NO_OBJECT;
        bits[s] = 0;
        word[s] = 0;
        rights[s] = 0;
        guardSize[s] = 0;
        flags[s] = 0;
    }

    void copy(int from, int to) {
        type[to] = type[from];
        ref[to] = ref[from];
        object[to] = object[from];
        bits[to] = bits[from];
        word[to] = word[from];
        rights[to] = rights[from];
        guardSize[to] = guardSize[from];
        flags[to] = flags[from];
    }

    /** Exchanges the caps (not the derivation links) of two slots. */
    void swap(int a, int b) {
        byte t = type[a]; type[a] = type[b]; type[b] = t;
        long r = ref[a]; ref[a] = ref[b]; ref[b] = r;
        int o = object[a]; object[a] = object[b]; object[b] = o;
        byte bi = bits[a]; bits[a] = bits[b]; bits[b] = bi;
        long w = word[a]; word[a] = word[b]; word[b] = w;
        byte ri = rights[a]; rights[a] = rights[b]; rights[b] = ri;
        byte g = guardSize[a]; guardSize[a] = guardSize[b]; guardSize[b] = g;
        byte f = flags[a]; flags[a] = flags[b]; flags[b] = f;
    }

    private void set(int s, CapType t, long r, int obj, int b, long w, int rts, int gs, int fl) {
        type[s] = t.code();
        ref[s] = r;
        object[s] = obj;
        bits[s] = (byte) b;
        word[s] = w;
        rights[s] = (byte) rts;
        guardSize[s] = (byte) gs;
        flags[s] = (byte) fl;
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
        type[s] = CapType.Zombie.code();
        word[s] = slots;
        flags[s] = tcb ? ZOMBIE_OF_TCB : 0;
        rights[s] = 0;
        guardSize[s] = 0;
    }

    void setZombieSlots(int s, long slots) {
        word[s] = slots;
    }

    void setFreeIndex(int s, long freeIndex) {
        word[s] = freeIndex;
    }

    void setBadge(int s, long badge) {
        word[s] = badge;
    }

    void setGuard(int s, long guard, int guardBits) {
        word[s] = guard;
        guardSize[s] = (byte) guardBits;
    }

    void setRights(int s, int rts) {
        rights[s] = (byte) rts;
    }

    // ----- test-only corruption (package-private; used by the invariant tests)

    void corruptWord(int s, long w) {
        word[s] = w;
    }

    void corruptRef(int s, long r) {
        ref[s] = r;
    }

    void corruptObject(int s, int obj) {
        object[s] = obj;
    }

    void corruptBits(int s, int b) {
        bits[s] = (byte) b;
    }

    // ----- canonical encoding

    void encode(int s, StateEncoder out) {
        out.writeByte(type[s]);
        if (type[s] == 0) {
            return;
        }
        out.writeLong(ref[s]);
        out.writeByte(bits[s]);
        out.writeLong(word[s]);
        out.writeByte(rights[s]);
        out.writeByte(guardSize[s]);
        out.writeByte(flags[s]);
    }
}
