package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernel#copyFrom}: a kernel copied into is what {@link Kernel#copy()} would have made, whichever way it
 * got there (only the slots written since the last copy from the same unchanged source; everything after the
 * source changed, after a load, or from another source), and copying into it allocates nothing.
 */
class CopyFromTest {

    /** The two kernels are in the same state, with the same internal layout, counts and incremental checks. */
    private static void assertSame(Kernel copy, Kernel into, String where) {
        assertTrue(into.caps.sameAs(copy.caps, copy.caps.size()), where + ": every slot, scratch slots included");
        assertTrue(into.objects.sameAs(copy.objects), where + ": the object table");
        assertArrayEquals(copy.encode(), into.encode(), where);
        assertEquals(copy.modifications(), into.modifications(), where);
        assertEquals(copy.lastError().error(), into.lastError().error(), where);
        assertEquals(copy.events().size(), into.events().size(), where);
        for (int i = 0; i < copy.events().size(); i++) {
            assertEquals(copy.events().describe(i), into.events().describe(i), where);
        }
        assertEquals(copy.wasPreempted(), into.wasPreempted(), where);
        assertEquals(copy.currentThread(), into.currentThread(), where);
        sameChangeLog(copy.caps.log, into.caps.log, where);
    }

    /**
     * Right after an incremental check its log lists exactly the occupied slots below the scratch slots,
     * each once: what the next check looks at when it walks every cap.
     */
    private static void occupiedSlotsListed(Kernel k, String where) {
        ChangeLog log = k.caps.log;
        java.util.Set<Integer> listed = new java.util.TreeSet<>();
        for (int i = 0; i < log.usedCount; i++) {
            assertTrue(listed.add(log.used[i]), where + ": slot " + log.used[i] + " listed twice");
        }
        java.util.Set<Integer> occupied = new java.util.TreeSet<>();
        for (int slot = 0; slot < log.used.length; slot++) {
            if (!k.caps.isNull(slot)) {
                occupied.add(slot);
            }
        }
        assertEquals(occupied, listed, where + ": the occupied slots");
    }

    /**
     * The incremental check's record: the same slots written since the last check, in the order first
     * written, the same occupied slots in the same order, and the same verdict of the last check. (A
     * copy's log is the original's, array for array, and copyFrom must make the same.)
     */
    private static void sameChangeLog(ChangeLog copy, ChangeLog into, String where) {
        if (copy == null) {
            assertEquals(null, into, where + ": no change log");
            return;
        }
        assertEquals(copy.dirtyCount, into.dirtyCount, where + ": slots written since the last check");
        assertArrayEquals(Arrays.copyOf(copy.dirty, copy.dirtyCount), Arrays.copyOf(into.dirty, into.dirtyCount),
                where + ": slots written since the last check");
        assertEquals(copy.usedCount, into.usedCount, where + ": occupied slots");
        assertArrayEquals(Arrays.copyOf(copy.used, copy.usedCount), Arrays.copyOf(into.used, into.usedCount),
                where + ": occupied slots");
        assertEquals(copy.clean, into.clean, where + ": the last check's verdict");
    }

    /**
     * Rounds of: copy the source into one scratch kernel and take a copy() of it, then run the same random
     * invocations on both and compare after every step, the incremental invariant checks included. Between
     * rounds the source sometimes moves on (so the next copy must copy everything) and the scratch kernel is
     * sometimes loaded with another state (a load does not record what it writes). With each seeded fault.
     */
    @Test
    void aKernelCopiedIntoBehavesAsACopy() {
        long[] a = new long[16];
        long[] b = new long[16];
        int steps = 0;
        for (int faults : IncrementalInvariantsTest.FAULTS) {
            Random r = new Random(17 + faults);
            Kernel source = IncrementalInvariantsTest.small(faults);
            source.checkInvariantsIncrementally();
            Kernel scratch = IncrementalInvariantsTest.small(faults);
            for (int round = 0; round < 60; round++) {
                if (round % 10 == 9) {
                    for (int i = 0; i < 5 && source.canInvoke(); i++) {
                        IncrementalInvariantsTest.step(source, r, a);
                    }
                    if (r.nextBoolean()) {
                        source.checkInvariantsIncrementally();
                    }
                }
                if (round % 15 == 14) {
                    Kernel other = IncrementalInvariantsTest.small(faults);
                    for (int i = 0; i < 20; i++) {
                        IncrementalInvariantsTest.step(other, r, a);
                    }
                    assertTrue(scratch.load(other.encode()));
                }
                String where = "faults " + faults + " round " + round;
                assertTrue(scratch.copyFrom(source), where);
                Kernel copy = source.copy();
                assertSame(copy, scratch, where);
                assertEquals(copy.checkInvariantsIncrementally(), scratch.checkInvariantsIncrementally(), where);
                long seed = r.nextLong();
                Random r1 = new Random(seed);
                Random r2 = new Random(seed);
                for (int step = 0; step < 40 && copy.canInvoke(); step++) {
                    SeL4Error e1 = IncrementalInvariantsTest.step(copy, r1, a);
                    SeL4Error e2 = IncrementalInvariantsTest.step(scratch, r2, b);
                    assertEquals(e1, e2, where + " step " + step);
                    assertSame(copy, scratch, where + " step " + step);
                    if (step % 3 == 0) {
                        assertEquals(copy.checkInvariantsIncrementally(), scratch.checkInvariantsIncrementally(),
                                where + " step " + step);
                        occupiedSlotsListed(scratch, where + " step " + step);
                    }
                    steps++;
                }
            }
        }
        assertTrue(steps > 10_000, steps + " steps compared");
    }

    @Test
    void aSourceOfAnotherConfigurationOrFaultSetIsRefusedAndNothingChanges() {
        Kernel k = IncrementalInvariantsTest.small(Faults.NONE);
        byte[] before = k.encode();
        assertFalse(k.copyFrom(null));
        assertFalse(k.copyFrom(k));
        assertFalse(k.copyFrom(Kernel.boot(BootConfig.defaults())));
        assertFalse(k.copyFrom(IncrementalInvariantsTest.small(Faults.SKIP_SET_UNTYPED_CAP_AS_FULL)));
        assertArrayEquals(before, k.encode());
        assertTrue(k.copyFrom(IncrementalInvariantsTest.small(Faults.NONE)));
    }

    /** A fuzz campaign's loop: restore, then invocations that create and delete objects. Nothing is allocated. */
    @Test
    void copyingIntoAllocatesNothing() {
        Kernel source = IncrementalInvariantsTest.small(Faults.NONE);
        source.checkInvariantsIncrementally();
        Kernel scratch = source.copy();
        scratch.copyFrom(source);
        assertEquals(List.of(SeL4Error.NoError, SeL4Error.NoError, SeL4Error.NoError, SeL4Error.NoError),
                workload(scratch, 0), "the workload creates, derives and deletes");
        long least = ThreadAllocation.quietest(3, () -> {
            for (int round = 0; round < 2_000; round++) {
                scratch.copyFrom(source);
                workload(scratch, round);
            }
        });
        assertTrue(scratch.copyFrom(source));
        assertEquals(List.of(), scratch.checkInvariantsIncrementally());
        assertTrue(least < 1024, "allocated " + least + " bytes in 2,000 rounds");
    }

    private static List<SeL4Error> workload(Kernel k, int round) {
        SeL4Error e1 = k.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30 + round % 8, 1);
        SeL4Error e2 = k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 40, 1);
        SeL4Error e3 = k.cnodeMint(2, 41, 64, 2, 40, 64, Rights.ALL, 5);
        SeL4Error e4 = k.cnodeDelete(2, 30 + round % 8, 64);
        k.checkInvariantsIncrementally();
        return round == 0 ? List.of(e1, e2, e3, e4) : null;
    }
}
