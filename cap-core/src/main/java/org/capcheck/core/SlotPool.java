package org.capcheck.core;

import java.util.Arrays;

/**
 * Storage for the slots of CNodes and TCBs: a buddy allocator over a fixed, power-of-two number of
 * slots, in primitive arrays. A CNode of radix r takes a block of 2^r slots, a TCB a block of 8
 * (five used). Buddies make "is there room for n more blocks of order r" a sum over the free counts,
 * which Untyped_Retype asks before it changes anything.
 */
final class SlotPool {
    private static final int NONE = -1;

    private final int maxOrder;
    private final int[] head;
    private final int[] freeCount;
    private final int[] nextFree;
    private final int[] prevFree;
    private final byte[] freeOrder; // order of the free block starting here, or -1

    SlotPool(int maxOrder) {
        this.maxOrder = maxOrder;
        int size = 1 << maxOrder;
        head = new int[maxOrder + 1];
        freeCount = new int[maxOrder + 1];
        nextFree = new int[size];
        prevFree = new int[size];
        freeOrder = new byte[size];
        Arrays.fill(head, NONE);
        Arrays.fill(freeOrder, (byte) -1);
        push(0, maxOrder);
    }

    SlotPool(SlotPool o) {
        maxOrder = o.maxOrder;
        head = o.head.clone();
        freeCount = o.freeCount.clone();
        nextFree = o.nextFree.clone();
        prevFree = o.prevFree.clone();
        freeOrder = o.freeOrder.clone();
    }

    int size() {
        return 1 << maxOrder;
    }

    /** Makes this pool {@code o}'s (a pool of the same order), in place. */
    void copyFrom(SlotPool o) {
        System.arraycopy(o.head, 0, head, 0, head.length);
        System.arraycopy(o.freeCount, 0, freeCount, 0, freeCount.length);
        System.arraycopy(o.nextFree, 0, nextFree, 0, nextFree.length);
        System.arraycopy(o.prevFree, 0, prevFree, 0, prevFree.length);
        System.arraycopy(o.freeOrder, 0, freeOrder, 0, freeOrder.length);
    }

    /** Every slot free again, as one block. */
    void reset() {
        Arrays.fill(head, NONE);
        Arrays.fill(freeCount, 0);
        Arrays.fill(freeOrder, (byte) -1);
        push(0, maxOrder);
    }

    /** Whether n blocks of 2^order slots could be allocated now. */
    boolean canAllocate(int order, long n) {
        if (order > maxOrder) {
            return false;
        }
        long blocks = 0;
        for (int k = order; k <= maxOrder && blocks < n; k++) {
            blocks += (long) freeCount[k] << Math.min(k - order, 40);
        }
        return blocks >= n;
    }

    /** Allocates a block of 2^order slots and returns its first slot, or -1 if there is none. */
    int allocate(int order) {
        int k = order;
        while (k <= maxOrder && head[k] == NONE) {
            k++;
        }
        if (k > maxOrder) {
            return NONE;
        }
        int block = head[k];
        pop(block, k);
        while (k > order) {
            k--;
            push(block + (1 << k), k);
        }
        return block;
    }

    /** Returns a block to the pool, merging it with its buddy while the buddy is free. */
    void free(int block, int order) {
        while (order < maxOrder) {
            int buddy = block ^ (1 << order);
            if (freeOrder[buddy] != order) {
                break;
            }
            pop(buddy, order);
            block = Math.min(block, buddy);
            order++;
        }
        push(block, order);
    }

    private void push(int block, int order) {
        freeOrder[block] = (byte) order;
        prevFree[block] = NONE;
        nextFree[block] = head[order];
        if (head[order] != NONE) {
            prevFree[head[order]] = block;
        }
        head[order] = block;
        freeCount[order]++;
    }

    private void pop(int block, int order) {
        int p = prevFree[block];
        int n = nextFree[block];
        if (p != NONE) {
            nextFree[p] = n;
        } else {
            head[order] = n;
        }
        if (n != NONE) {
            prevFree[n] = p;
        }
        freeOrder[block] = -1;
        freeCount[order]--;
    }

    /** Order of the block that holds {@code slots} slots. */
    static int orderFor(int slots) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(slots, 1) - 1);
    }
}
