package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The edges of preemption (seL4's preemptionPoint) and of the termination guard: the work budget's
 * floor, the host-event queue's reserve (an unlimited budget preempts only when less than one step's
 * events of room is left), and the step bound (an operation may take exactly {@link Kernel#stepBound()}
 * internal steps, restarts included; the next one stops it).
 */
class PreemptionBoundaryTest {

    @Test
    void aBudgetBelowOneIsOne() {
        Kernel k = Sys.standard().k;
        assertEquals(Kernel.UNLIMITED, k.workBudget(), "the default: never preempt");
        k.setWorkBudget(3);
        assertEquals(3, k.workBudget());
        k.setWorkBudget(1);
        assertEquals(1, k.workBudget());
        k.setWorkBudget(0);
        assertEquals(1, k.workBudget(), "seL4 passes at least one unit of work per preemption point");
        k.setWorkBudget(-5);
        assertEquals(1, k.workBudget());
    }

    /** {@link Kernel#stepBound()}: eight steps per preallocated slot and object entry, plus 64. */
    @Test
    void theStepBoundCountsEveryPreallocatedEntry() {
        for (int[] c : new int[][] {{9, 16}, {12, 100}, {18, 1 << 16}}) {
            BootConfig config = BootConfig.defaults().withCapacity(c[0], c[1]);
            long entries = (1L << c[0]) + c[1];
            long bound = Kernel.boot(config).stepBound();
            // The pool's slots and the object entries, and a few scratch slots (at most eight).
            assertTrue(bound >= Kernel.STEPS_PER_ENTRY * entries + 64, "config " + c[0] + "/" + c[1] + ": " + bound);
            assertTrue(bound <= Kernel.STEPS_PER_ENTRY * (entries + 8) + 64, "config " + c[0] + "/" + c[1] + ": " + bound);
        }
    }

    /**
     * A deletion that never makes progress (the seeded fault ZOMBIE_NOT_REDUCED), with a budget of one:
     * every restart is one iteration of finaliseSlot, so exactly stepBound() restarts are preempted and
     * the next is stopped by the guard.
     */
    @Test
    void anOperationMayTakeExactlyTheBoundInSteps() {
        BootConfig config = BootConfig.defaults().withRootCNodeBits(5).withCapacity(7, 8)
                .withUntyped(List.of(new UntypedRegion(0x100000, 16, false)));
        Kernel k = Kernel.boot(config, Faults.ZOMBIE_NOT_REDUCED);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 3, 2, 0, 0, 20, 1));
        k.setWorkBudget(1);
        long preempted = 0;
        SeL4Error e;
        while ((e = k.cnodeDelete(2, 20, 64)) == SeL4Error.NoError) {
            assertTrue(k.wasPreempted(), "a deletion that never ends is never done");
            preempted++;
            assertTrue(preempted <= k.stepBound(), "stopped by the guard");
        }
        assertEquals(SeL4Error.IllegalOperation, e);
        assertTrue(k.stepBoundExceeded());
        assertEquals(k.stepBound(), preempted, "one step per restart, the bound's steps all taken");
        // Stopped part-way: the Zombie is still in its slot (the guard unwinds, it does not finish the delete).
        assertEquals(CapType.Zombie, k.view().typeAt(k.view().rootSlot(20)));
        // A fresh invocation starts a fresh count.
        assertEquals(SeL4Error.NoError, k.cnodeDelete(2, 20, 64));
        assertTrue(k.wasPreempted());
        assertFalse(k.stepBoundExceeded());
    }

    /** A revoke of many final endpoints, each deletion one OBJECT_DESTROYED event, with fan-out 16. */
    private static Sys manyEndpoints(int n) {
        Sys s = Sys.with(BootConfig.defaults().withFanoutLimit(16)
                .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false))));
        for (int made = 0; made < n; made += 16) {
            assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 100 + made, Math.min(16, n - made)));
        }
        return s;
    }

    /**
     * With an unlimited budget a long operation stops only to keep room in the event queue: when fewer
     * than {@link Kernel#EVENT_RESERVE} entries (the most one step between two preemption points adds)
     * are free, and not while that many are. The restarts finish the revoke, every event delivered.
     */
    @Test
    void anUnlimitedBudgetPreemptsOnlyWhenLessThanAStepOfRoomIsLeft() {
        Sys s = manyEndpoints(112);
        HostEvents events = s.k.events();
        int capacity = events.capacity();
        assertTrue(capacity < 112, "the queue cannot hold every deletion's event");
        int delivered = 0;
        int invocations = 0;
        do {
            assertEquals(SeL4Error.NoError, s.revoke(16));
            invocations++;
            delivered += events.size();
            for (int i = 0; i < events.size(); i++) {
                assertEquals(HostEvents.Kind.OBJECT_DESTROYED, events.kind(i));
            }
            if (s.k.wasPreempted()) {
                int free = capacity - events.size();
                assertTrue(free < Kernel.EVENT_RESERVE, "preempted with " + free + " entries free");
                assertTrue(free >= 0);
            }
        } while (s.k.wasPreempted());
        assertEquals(112, delivered, "one event per endpoint");
        assertEquals(2, invocations, "the first invocation deletes until the queue is nearly full");
        assertEquals(0, s.descendants(16));
    }
}
