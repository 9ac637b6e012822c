package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Long-running operations with a budget of one preemption point: every intermediate state is a
 * valid state (all invariants hold), other invocations may run between the steps, and restarting
 * until done ends in the same state as running without preemption.
 */
class PreemptionTest {

    /** Runs op with budget 1 until it completes; after each step checks invariants, observes, interleaves. */
    private static int runPreempted(Sys s, Function<Kernel, SeL4Error> op, Consumer<Sys> observe,
                                    Consumer<Sys> interleave) {
        s.k.setWorkBudget(1);
        int steps = 0;
        while (true) {
            assertEquals(SeL4Error.NoError, op.apply(s.k));
            steps++;
            s.assertInvariants();
            if (!s.k.wasPreempted()) {
                break;
            }
            observe.accept(s);
            interleave.accept(s);
            s.k.setWorkBudget(1);
        }
        s.k.setWorkBudget(Kernel.UNLIMITED);
        return steps;
    }

    /** A copy of the endpoint made and deleted between steps: it leaves the state as it was. */
    private static void copyAndDelete(Sys s) {
        s.k.setWorkBudget(Kernel.UNLIMITED);
        assertEquals(SeL4Error.NoError, s.copy(60, 30, "RW"));
        assertEquals(SeL4Error.NoError, s.delete(60));
    }

    private static Sys cnodeFullOfCopies() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.retype(16, ObjectType.CNode, 3, 40, 1);
        for (int i = 0; i < 8; i++) {
            assertEquals(SeL4Error.NoError, s.done(s.k.cnodeCopy(40, i, 3, 2, 30, 64, Rights.ALL)));
        }
        return s;
    }

    @Test
    void deletingACNodeStepsThroughAShrinkingZombie() {
        Sys s = cnodeFullOfCopies();
        Sys reference = cnodeFullOfCopies();
        assertEquals(SeL4Error.NoError, reference.delete(40));

        List<Long> zombieSizes = new ArrayList<>();
        int steps = runPreempted(s, k -> k.cnodeDelete(2, 40, 64), t -> {
            Cap c = t.cap(40);
            assertEquals(CapType.Zombie, c.type());
            zombieSizes.add(c.zombieSlots());
        }, PreemptionTest::copyAndDelete);

        assertEquals(9, steps, "one step per slot, then the zombie goes");
        assertEquals(List.of(7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L), zombieSizes);
        assertArrayEquals(reference.k.encode(), s.k.encode());
        assertEquals(0, s.descendants(30));
    }

    private static Sys manyEndpoints(int n) {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.retype(16, ObjectType.Endpoint, 0, 100, n);
        return s;
    }

    @Test
    void revokeDeletesOneDescendantPerStep() {
        Sys s = manyEndpoints(20);
        Sys reference = manyEndpoints(20);
        assertEquals(SeL4Error.NoError, reference.revoke(16));
        List<Integer> left = new ArrayList<>();
        int steps = runPreempted(s, k -> k.cnodeRevoke(2, 16, 64), t -> left.add(t.descendants(16)), t -> { });
        assertEquals(22, steps, "21 endpoints, one per step, and a last step that finds none");
        for (int i = 0; i < left.size(); i++) {
            assertEquals(20 - i, left.get(i));
        }
        assertArrayEquals(reference.k.encode(), s.k.encode());
    }

    private static Sys usedUntyped() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Untyped, 16, 30, 1);
        s.retype(30, ObjectType.Frame, 0, 31, 4); // 16 KiB used
        s.revoke(30);
        assertEquals(4 * 4096, s.cap(30).freeIndex());
        return s;
    }

    @Test
    void resetZeroesChunkByChunkFromTheTop() {
        Sys s = usedUntyped();
        Sys reference = usedUntyped();
        assertEquals(SeL4Error.NoError, reference.retype(30, ObjectType.Endpoint, 0, 40, 1));

        List<Long> watermarks = new ArrayList<>();
        int steps = runPreempted(s, k -> k.untypedRetype(30, ObjectType.Endpoint, 0, 2, 0, 0, 40, 1),
                t -> {
                    watermarks.add(t.cap(30).freeIndex());
                    assertTrue(t.cap(40).isNull(), "no object before the reset is done");
                },
                t -> { });
        // 16 KiB in 256-byte chunks: 64 preemption points, the last at watermark 0, then the retype.
        assertEquals(65, steps);
        for (int i = 0; i < watermarks.size(); i++) {
            assertEquals(4 * 4096 - 256L * (i + 1), watermarks.get(i));
        }
        assertArrayEquals(reference.k.encode(), s.k.encode());
    }

    @Test
    void otherInvocationsMayUseTheZombieSlotBetweenSteps() {
        Sys s = cnodeFullOfCopies();
        s.k.setWorkBudget(1);
        assertEquals(SeL4Error.NoError, s.k.cnodeDelete(2, 40, 64));
        assertTrue(s.k.wasPreempted());
        s.k.setWorkBudget(Kernel.UNLIMITED);
        // A Zombie cannot be copied (deriveCap makes it null) ...
        assertEquals(SeL4Error.IllegalOperation, s.copy(41, 40, ""));
        // ... but it can be moved, and the delete then continues from the new slot.
        assertEquals(SeL4Error.NoError, s.move(41, 40));
        assertEquals(SeL4Error.NoError, s.delete(41));
        assertFalse(s.k.wasPreempted());
        assertTrue(s.cap(41).isNull());
        assertEquals(0, s.descendants(30));
    }

    @Test
    void aBudgetLargerThanTheWorkNeverPreempts() {
        Sys s = cnodeFullOfCopies();
        s.k.setWorkBudget(100);
        assertEquals(SeL4Error.NoError, s.delete(40));
        assertFalse(s.k.wasPreempted());
    }
}
