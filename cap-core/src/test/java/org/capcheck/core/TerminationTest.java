package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every invocation, with any work budget, ends within {@link Kernel#stepBound()} internal steps, its
 * restarts included: a deletion that never makes progress (the seeded fault ZOMBIE_NOT_REDUCED) is
 * stopped by the guard and reported, rather than looping; a correct kernel's largest deletions stay
 * well inside the bound; and a reset of the largest untyped region costs the same as a small one.
 */
@Timeout(60)
class TerminationTest {
    private static final BootConfig CONFIG = BootConfig.defaults().withCapacity(10, 64)
            .withUntyped(List.of(new UntypedRegion(0x100000, 20, false)));

    private static long[] delete(long slot) {
        return new long[] {2, slot, 64};
    }

    @Test
    void aDeletionThatNeverEndsIsStoppedWithAnyBudget() {
        for (long budget : new long[] {1, 2, 3, 1000, Kernel.UNLIMITED}) {
            Kernel k = Kernel.boot(CONFIG, Faults.ZOMBIE_NOT_REDUCED);
            assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 3, 2, 0, 0, 30, 1));
            k.setWorkBudget(budget);
            SeL4Error e = Operation.CNode_Delete.invoke(k, delete(30)); // restarts while preempted
            assertEquals(SeL4Error.IllegalOperation, e, "budget " + budget);
            assertTrue(k.stepBoundExceeded(), "budget " + budget);
            assertFalse(k.wasPreempted());
            assertTrue(k.checkInvariants().contains(Invariants.INVOCATION_TERMINATES));
            assertTrue(k.checkInvariantsIncrementally().contains(Invariants.INVOCATION_TERMINATES));
        }
    }

    @Test
    void aRevokeOfTheRootCNodeCapThatNeverEndsIsStopped() {
        Kernel k = Kernel.boot(CONFIG, Faults.ZOMBIE_NOT_REDUCED);
        // The CSpace-root copy in the TCB is the root CNode cap's child: revoking deletes it, and
        // with it (as the final cap of nothing else) nothing loops; a CNode of our own does.
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30, 1));
        assertEquals(SeL4Error.NoError, k.cnodeCopy(2, 31, 64, 2, 30, 64, Rights.ALL));
        assertEquals(SeL4Error.NoError, k.cnodeDelete(2, 31, 64), "not final: no Zombie");
        assertEquals(SeL4Error.IllegalOperation, k.cnodeRevoke(2, 16, 64));
        assertTrue(k.stepBoundExceeded());
    }

    @Test
    void theCorrectKernelStaysInsideTheBound() {
        for (long budget : new long[] {1, 7, Kernel.UNLIMITED}) {
            Kernel k = Kernel.boot(CONFIG);
            // Nested CNodes full of caps, then revoke everything from the untyped.
            assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 6, 2, 0, 0, 30, 4));
            for (int c = 0; c < 4; c++) {
                for (int i = 0; i < 64; i++) {
                    assertEquals(SeL4Error.NoError, k.cnodeCopy(30 + c, i, 6, 2, 30 + (c + 1) % 4, 64, Rights.ALL));
                }
            }
            k.setWorkBudget(budget);
            assertEquals(SeL4Error.NoError, Operation.CNode_Revoke.invoke(k, delete(16)));
            assertFalse(k.stepBoundExceeded());
            assertFalse(k.wasPreempted());
            assertEquals(0, k.view().descendantCount(k.view().rootSlot(16)));
            assertEquals(List.of(), k.checkInvariants());
        }
    }

    @Test
    void resettingTheLargestUntypedIsConstantWork() {
        Kernel k = Kernel.boot(BootConfig.defaults().withCapacity(10, 64)
                .withUntyped(List.of(new UntypedRegion(1L << 47, ObjectType.MAX_UNTYPED_BITS, false))));
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Untyped, 46, 2, 0, 0, 30, 1));
        assertEquals(SeL4Error.NoError, k.cnodeDelete(2, 30, 64));
        // 2^46 bytes to zero in 2^38 chunks: one preemption point each, passed in one go.
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 30, 1));
        assertFalse(k.wasPreempted());
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Untyped, 46, 2, 0, 0, 31, 1));
        assertEquals(SeL4Error.NoError, k.cnodeDelete(2, 30, 64));
        assertEquals(SeL4Error.NoError, k.cnodeDelete(2, 31, 64));
        k.setWorkBudget(5);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 30, 1));
        assertTrue(k.wasPreempted(), "a budget of 5 chunks stops the reset");
        assertEquals(List.of(), k.checkInvariants());
    }
}
