package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The buddy allocator behind CNode and TCB slots: block orders, what fits, and buddies merging again. */
class SlotPoolTest {
    @Test
    void aBlockIsTheSmallestPowerOfTwoThatHoldsTheSlots() {
        assertEquals(0, SlotPool.orderFor(1));
        assertEquals(1, SlotPool.orderFor(2));
        assertEquals(3, SlotPool.orderFor(ObjectType.TCB_SLOTS), "a TCB's five slots take a block of eight");
        assertEquals(8, SlotPool.orderFor(256));
        assertEquals(9, SlotPool.orderFor(257));
    }

    @Test
    void theWholePoolIsOneBlock() {
        SlotPool p = new SlotPool(6);
        assertEquals(64, p.size());
        assertTrue(p.canAllocate(6, 1));
        assertFalse(p.canAllocate(7, 1));
        assertTrue(p.canAllocate(0, 64), "64 single slots, split from the one block");
        assertFalse(p.canAllocate(0, 65));
    }

    @Test
    void freedBuddiesMergeBackIntoTheWholePool() {
        SlotPool p = new SlotPool(6);
        int a = p.allocate(5);
        int b = p.allocate(5);
        assertEquals(32, Math.abs(a - b));
        assertFalse(p.canAllocate(0, 1));
        p.free(a, 5);
        assertFalse(p.canAllocate(6, 1), "its buddy is still taken");
        p.free(b, 5);
        assertTrue(p.canAllocate(6, 1), "both halves free: one block again");
        assertEquals(0, p.allocate(6));
    }

    @Test
    void smallBlocksMergeStepByStep() {
        SlotPool p = new SlotPool(4);
        int[] blocks = new int[16];
        for (int i = 0; i < 16; i++) {
            blocks[i] = p.allocate(0);
        }
        assertEquals(-1, p.allocate(0));
        for (int i = 15; i >= 0; i--) {
            p.free(blocks[i], 0);
        }
        assertTrue(p.canAllocate(4, 1));
        p.reset();
        assertTrue(p.canAllocate(4, 1));
        assertEquals(0, p.allocate(4));
    }
}
