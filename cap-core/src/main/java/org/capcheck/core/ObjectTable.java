package org.capcheck.core;

import java.util.Arrays;

/**
 * The kernel objects that hold capability slots: CNodes and TCBs. Other objects (endpoints,
 * notifications, frames) have no state cap-core models beyond their caps, so they live only in the
 * caps that name them. An entry exists from the object's creation until its last cap (or the Zombie
 * that replaced it) is gone; seL4 leaves the memory in place until the covering untyped is reset,
 * and cap-core reuses only its own bookkeeping, never the physical range.
 */
final class ObjectTable {
    static final byte FREE = 0;
    static final byte CNODE = 1;
    static final byte TCB = 2;

    private final byte[] kind;
    private final long[] paddr;
    private final byte[] radix;
    private final int[] slotBase;
    private final boolean[] suspended;
    /** How many times an object was created, destroyed or suspended: see {@link Kernel#modifications()}. */
    long writes;
    private final int[] freeList;
    private int freeTop;
    private final SlotPool pool;
    private final int[] owner;

    ObjectTable(int capacity, int poolOrder) {
        kind = new byte[capacity];
        paddr = new long[capacity];
        radix = new byte[capacity];
        slotBase = new int[capacity];
        suspended = new boolean[capacity];
        freeList = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeList[i] = capacity - 1 - i;
        }
        freeTop = capacity;
        pool = new SlotPool(poolOrder);
        owner = new int[pool.size()];
        Arrays.fill(owner, -1);
    }

    ObjectTable(ObjectTable o) {
        writes = o.writes;
        kind = o.kind.clone();
        paddr = o.paddr.clone();
        radix = o.radix.clone();
        slotBase = o.slotBase.clone();
        suspended = o.suspended.clone();
        freeList = o.freeList.clone();
        freeTop = o.freeTop;
        pool = new SlotPool(o.pool);
        owner = o.owner.clone();
    }

    /** Makes this table {@code o}'s (a table of the same capacity and pool), in place, write count included. */
    void copyFrom(ObjectTable o) {
        writes = o.writes;
        System.arraycopy(o.kind, 0, kind, 0, kind.length);
        System.arraycopy(o.paddr, 0, paddr, 0, paddr.length);
        System.arraycopy(o.radix, 0, radix, 0, radix.length);
        System.arraycopy(o.slotBase, 0, slotBase, 0, slotBase.length);
        System.arraycopy(o.suspended, 0, suspended, 0, suspended.length);
        System.arraycopy(o.freeList, 0, freeList, 0, freeList.length);
        freeTop = o.freeTop;
        pool.copyFrom(o.pool);
        System.arraycopy(o.owner, 0, owner, 0, owner.length);
    }

    int capacity() {
        return kind.length;
    }

    /**
     * Whether both tables hold the same objects under the same handles, with the same slot blocks:
     * then a slot handle names the same slot in both.
     */
    boolean sameAs(ObjectTable o) {
        if (o.kind.length != kind.length) {
            return false;
        }
        for (int i = 0; i < kind.length; i++) {
            if (kind[i] != o.kind[i] || (kind[i] != FREE && (paddr[i] != o.paddr[i] || radix[i] != o.radix[i]
                    || slotBase[i] != o.slotBase[i] || suspended[i] != o.suspended[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Forgets every object: the table as a fresh kernel's, before boot creates its first two. */
    void reset() {
        writes++;
        Arrays.fill(kind, FREE);
        for (int i = 0; i < kind.length; i++) {
            freeList[i] = kind.length - 1 - i;
        }
        freeTop = kind.length;
        pool.reset();
        Arrays.fill(owner, -1);
    }

    /** The number of live objects. */
    int liveCount() {
        return kind.length - freeTop;
    }

    int slotCapacity() {
        return pool.size();
    }

    boolean isLive(int obj) {
        return obj >= 0 && obj < kind.length && kind[obj] != FREE;
    }

    byte kind(int obj) {
        return kind[obj];
    }

    long paddr(int obj) {
        return paddr[obj];
    }

    int radix(int obj) {
        return radix[obj];
    }

    /** The number of cap slots the object holds: 2^radix for a CNode, five for a TCB. */
    int slotCount(int obj) {
        return kind[obj] == CNODE ? 1 << radix[obj] : ObjectType.TCB_SLOTS;
    }

    /** The pool index of the object's slot {@code index}. */
    int slot(int obj, long index) {
        return slotBase[obj] + (int) index;
    }

    /** The object that holds pool slot s, or -1. */
    int ownerOf(int s) {
        return s >= 0 && s < owner.length ? owner[s] : -1;
    }

    /** The index of pool slot s within its object. */
    int indexInOwner(int s) {
        return s - slotBase[owner[s]];
    }

    boolean isSuspended(int obj) {
        return suspended[obj];
    }

    void suspend(int obj) {
        writes++;
        suspended[obj] = true;
    }

    /** Whether n more objects of the given kind and radix fit in the bookkeeping. */
    boolean canCreate(byte k, int r, long n) {
        return n <= freeTop && pool.canAllocate(orderOf(k, r), n);
    }

    /** Creates an object and returns its index (the caller has checked {@link #canCreate}). */
    int create(byte k, long addr, int r) {
        writes++;
        int obj = freeList[--freeTop];
        int base = pool.allocate(orderOf(k, r));
        kind[obj] = k;
        paddr[obj] = addr;
        radix[obj] = (byte) r;
        slotBase[obj] = base;
        suspended[obj] = false;
        int n = slotCount(obj);
        for (int i = 0; i < n; i++) {
            owner[base + i] = obj;
        }
        return obj;
    }

    /** Forgets an object whose slots are all empty and that no cap names any more. */
    void destroy(int obj) {
        writes++;
        int n = slotCount(obj);
        for (int i = 0; i < n; i++) {
            owner[slotBase[obj] + i] = -1;
        }
        pool.free(slotBase[obj], orderOf(kind[obj], radix[obj]));
        kind[obj] = FREE;
        freeList[freeTop++] = obj;
    }

    private static int orderOf(byte k, int r) {
        return k == CNODE ? r : SlotPool.orderFor(ObjectType.TCB_SLOTS);
    }
}
