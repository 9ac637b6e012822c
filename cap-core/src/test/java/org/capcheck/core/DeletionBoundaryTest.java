package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * seL4's deletion (rec_del: cteDelete, finaliseSlot, reduceZombie, emptySlot; cteRevoke) at its edges:
 * IRQ 0, the first object handle, a final cap met by an unexposed delete after cap_swap_for_delete, and
 * what a revoke or delete stopped part-way leaves.
 */
class DeletionBoundaryTest {

    private static List<String> events(Kernel k) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k.events().size(); i++) {
            out.add(k.events().describe(i));
        }
        return out;
    }

    private static int count(Kernel k, HostEvents.Kind kind) {
        int n = 0;
        for (int i = 0; i < k.events().size(); i++) {
            if (k.events().kind(i) == kind) {
                n++;
            }
        }
        return n;
    }

    /** emptySlot after deletingIrqHandler: the IRQ becomes inactive, IRQ 0 as any other. */
    @Test
    void deletingTheLastHandlerOfIrqZeroReleasesIt() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.irqGet(0, 50));
        assertTrue(s.k.view().irqHasHandler(0));
        assertEquals(SeL4Error.NoError, s.delete(50));
        assertFalse(s.k.view().irqHasHandler(0));
        assertEquals(1, count(s.k, HostEvents.Kind.IRQ_RELEASED), events(s.k).toString());
        assertEquals(0, s.k.events().a(0), "IRQ 0 released");
        assertEquals(SeL4Error.NoError, s.irqGet(0, 51), "no RevokeFirst: the IRQ is free again");
    }

    /**
     * Deleting CNode B whose slot 0 holds the final cap of CNode A whose slot 0 holds the final handler of
     * IRQ 5: clearing B deletes B[0] unexposed; A's Zombie is swapped into A[0] (cap_swap_for_delete), so
     * B[0] receives the handler, which finaliseSlot then finalises as any other final cap: IRQ 5 is
     * released. A's cyclic Zombie stays in A[0] until the untyped is revoked.
     */
    @Test
    void aHandlerSwappedOutOfANestedCNodeIsFinalisedAndItsIrqReleased() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 40, 1)); // B
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 41, 1)); // A
        assertEquals(SeL4Error.NoError, s.done(s.k.irqControlGet(Sys.IRQ_CONTROL, 5, 41, 0, 2)));
        assertTrue(s.k.view().irqHasHandler(5));
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeMove(40, 0, 2, Sys.ROOT, 41, 64)));
        assertEquals(SeL4Error.NoError, s.delete(40));
        assertFalse(s.k.view().irqHasHandler(5), "the handler went with B");
        assertEquals(1, count(s.k, HostEvents.Kind.IRQ_RELEASED), events(s.k).toString());
        assertEquals(5, s.k.events().a(eventIndex(s.k, HostEvents.Kind.IRQ_RELEASED)));
        assertEquals(SeL4Error.NoError, s.irqGet(5, 50));
        // A's cyclic Zombie is still there, a child of the untyped; revoking the untyped clears it.
        assertTrue(s.descendants(16) >= 1);
        assertEquals(SeL4Error.NoError, s.revoke(16));
        assertEquals(0, s.descendants(16));
    }

    private static int eventIndex(Kernel k, HostEvents.Kind kind) {
        for (int i = 0; i < k.events().size(); i++) {
            if (k.events().kind(i) == kind) {
                return i;
            }
        }
        return -1;
    }
}
