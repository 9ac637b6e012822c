package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The buddy allocator's two promises beyond SlotPoolTest's: a block merged with its buddy is one free
 * block, no longer two (so it is handed out once), and {@link SlotPool#copyFrom} makes a pool with
 * another history behave exactly as the source on every later allocate, free and canAllocate.
 */
class SlotPoolCopyTest {

    @Test
    void aMergedBuddyIsNotHandedOutAgain() {
        SlotPool p = new SlotPool(2);
        int half = p.allocate(1);
        assertEquals(0, half);
        p.free(half, 1); // merges with the free half at 2: the whole pool is one block again
        assertFalse(p.canAllocate(1, 3), "two halves, not three");
        assertEquals(0, p.allocate(2));
        assertFalse(p.canAllocate(0, 1));
        assertEquals(-1, p.allocate(1), "the pool is full: the merged half is part of the allocated block");
        assertEquals(-1, p.allocate(0));
    }

    /** Random allocations (orders 0..3) and frees; returns the blocks still allocated, as {start, order}. */
    private static List<int[]> churn(SlotPool p, Random r, int steps, List<int[]> held, List<String> log) {
        for (int i = 0; i < steps; i++) {
            if (!held.isEmpty() && r.nextInt(3) == 0) {
                int[] b = held.remove(r.nextInt(held.size()));
                p.free(b[0], b[1]);
                log.add("free " + b[0] + " " + b[1]);
            } else {
                int order = r.nextInt(4);
                int at = p.allocate(order);
                log.add("allocate " + order + " -> " + at);
                if (at >= 0) {
                    held.add(new int[] {at, order});
                }
            }
            StringBuilder fits = new StringBuilder("fits");
            for (int order = 0; order <= 6; order++) {
                for (int n = 1; n <= 4; n++) {
                    fits.append(p.canAllocate(order, n) ? '1' : '0');
                }
            }
            log.add(fits.toString());
        }
        return held;
    }

    @Test
    void aPoolCopiedIntoBehavesAsItsSource() {
        for (long seed = 1; seed <= 30; seed++) {
            Random r = new Random(seed);
            SlotPool source = new SlotPool(6);
            List<int[]> held = churn(source, r, 40, new ArrayList<>(), new ArrayList<>());
            SlotPool into = new SlotPool(6);
            churn(into, new Random(seed + 1000), 40, new ArrayList<>(), new ArrayList<>());
            into.copyFrom(source);

            List<int[]> heldCopy = new ArrayList<>();
            for (int[] b : held) {
                heldCopy.add(b.clone());
            }
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            churn(source, new Random(seed + 2000), 60, held, expected);
            churn(into, new Random(seed + 2000), 60, heldCopy, actual);
            assertEquals(expected, actual, "seed " + seed);
        }
    }

    @Test
    void everySlotFreedMakesTheWholePoolAgain() {
        SlotPool p = new SlotPool(6);
        List<int[]> held = churn(p, new Random(7), 80, new ArrayList<>(), new ArrayList<>());
        for (int[] b : held) {
            p.free(b[0], b[1]);
        }
        assertTrue(p.canAllocate(6, 1));
        assertEquals(0, p.allocate(6));
        assertFalse(p.canAllocate(0, 1));
    }
}
