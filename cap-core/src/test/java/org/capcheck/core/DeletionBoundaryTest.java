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

    /**
     * The root CNode (the first object booted) can be deleted like any other: a second thread whose CSpace
     * C holds a copy of it deletes the boot thread, the root CNode's original cap, and then the last copy.
     * Its Zombie clears all 64 slots, among them the second thread's own TCB cap (the running thread is
     * suspended mid-operation, as seL4's manual warns, and its Zombie swapped into its own slot 0); when the
     * root CNode's Zombie goes, the root CNode is destroyed (OBJECT_DESTROYED). Left: C, named by its own
     * copy in C[0], and the thread's cyclic Zombie.
     */
    @Test
    void theRootCNodeIsDestroyedWithItsLastCap() {
        BootConfig config = BootConfig.defaults().withRootCNodeBits(6).withCapacity(8, 16)
                .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false)));
        Sys s = Sys.with(config);
        Kernel k = s.k;
        long rootAddress = s.cap(Sys.ROOT).paddr();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.TCB, 0, 30, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 4, 31, 1));
        assertEquals(SeL4Error.NoError, s.done(k.cnodeCopy(31, 0, 4, Sys.ROOT, 31, 64, Rights.ALL))); // C[0]: C
        assertEquals(SeL4Error.NoError, s.done(k.cnodeCopy(31, 1, 4, Sys.ROOT, Sys.ROOT, 64, Rights.ALL))); // C[1]: root
        assertEquals(SeL4Error.NoError, s.done(k.tcbSetSpace(30, 0, 31, 60, 31, 0))); // guard 60: one level
        assertEquals(SeL4Error.NoError, k.switchThread(k.caps.object(s.slot(30))));
        // From the second thread: C[1] is the root CNode (depth 64 with its 58-bit guard), C[0] is C (depth 4).
        assertEquals(SeL4Error.NoError, s.done(k.cnodeDelete(1, Sys.TCB, 64)));
        assertEquals(-1, k.initialThread());
        assertEquals(SeL4Error.NoError, s.done(k.cnodeDelete(1, Sys.ROOT, 64)));
        assertEquals(SeL4Error.NoError, s.done(k.cnodeDelete(0, 1, 4)));
        assertFalse(k.wasPreempted());
        assertFalse(k.canInvoke(), "the running thread's TCB cap was in the root CNode: it is suspended");
        boolean rootDestroyed = false;
        for (int i = 0; i < k.events().size(); i++) {
            if (k.events().kind(i) == HostEvents.Kind.OBJECT_DESTROYED && k.events().b(i) == rootAddress) {
                assertEquals(CapType.CNode.ordinal(), k.events().a(i));
                rootDestroyed = true;
            }
        }
        assertTrue(rootDestroyed, events(k).toString());
        byte[] e = k.encode();
        assertEquals(2, e[0] | e[1] << 8, "left: C, and the second thread as a cyclic Zombie in its own slot 0");
    }

    /** Deleting caps that release no IRQ (Untyped, IRQControl, Endpoint) leaves IRQ 0 active. */
    @Test
    void deletingCapsWithoutAnIrqReleasesNone() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.irqGet(0, 50));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Untyped, 12, 30, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 31, 1));
        for (long slot : new long[] {30, 31, Sys.IRQ_CONTROL}) {
            assertEquals(SeL4Error.NoError, s.delete(slot));
            assertEquals(0, count(s.k, HostEvents.Kind.IRQ_RELEASED), "slot " + slot + ": " + events(s.k));
            assertTrue(s.k.view().irqHasHandler(0));
        }
        assertEquals(SeL4Error.NoError, s.copy(51, 50, ""));
        assertEquals(SeL4Error.NoError, s.delete(50));
        assertEquals(0, count(s.k, HostEvents.Kind.IRQ_RELEASED), "a copy of the handler remains");
    }

    /** CNode B (root slot 40, radix 2) holding in B[3] the final cap of CNode A (radix 2), A[0] and A[1] endpoint copies. */
    private static Sys nested() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 40, 1)); // B
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 41, 1)); // A
        for (int i = 0; i < 2; i++) {
            assertEquals(SeL4Error.NoError, s.done(s.k.cnodeCopy(41, i, 2, Sys.ROOT, 30, 64, Rights.ALL)));
        }
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeMove(40, 3, 2, Sys.ROOT, 41, 64)));
        return s;
    }

    /**
     * An unexposed delete of A's final cap (met while clearing B) makes A a Zombie and swaps it into A[0]
     * (cap_swap_for_delete), where it stays, cyclic: every cap left in the derivation list lies in a live
     * object's slot, and the one Zombie is in slot 0 of A. A[0]'s endpoint copy, swapped into B[3], went
     * with B; A[1]'s is unreachable but still there.
     */
    @Test
    void aFinalCNodeCapMetByAnUnexposedDeleteEndsAsACyclicZombieInItsOwnSlotZero() {
        Sys s = nested();
        long a = s.k.view().capAt(s.k.view().resolveSlot(40, 3, 2)).paddr();
        assertEquals(2, s.descendants(30));
        assertEquals(SeL4Error.NoError, s.delete(40));
        assertEquals(1, s.descendants(30), "A[1]'s copy");
        int zombies = 0;
        for (int slot : s.k.view().derivationOrder()) {
            SlotAddress where = s.k.view().addressOf(slot);
            assertTrue(where != null, "slot " + slot + " lies in a live object");
            if (s.k.view().typeAt(slot) == CapType.Zombie) {
                zombies++;
                assertEquals(new SlotAddress(a, "CNode", 0, false), where);
            }
        }
        assertEquals(1, zombies);
    }

    /**
     * The same deletion preempted at every preemption point (budget 1) and restarted until done ends in
     * the state it reaches without preemption, every invariant holding between the steps: a preempted
     * unexposed delete inside a Zombie's reduction stops the reduction too (the Zombie does not shrink).
     */
    @Test
    void aNestedDeletionPreemptedAtEveryPointEndsAsWithoutPreemption() {
        Sys reference = nested();
        assertEquals(SeL4Error.NoError, reference.delete(40));
        Sys s = nested();
        int steps = 0;
        do {
            s.k.setWorkBudget(1);
            assertEquals(SeL4Error.NoError, s.delete(40));
            steps++;
            assertTrue(steps < 50);
        } while (s.k.wasPreempted());
        assertTrue(steps > 4, "preempted at least once per slot of B");
        org.junit.jupiter.api.Assertions.assertArrayEquals(reference.k.encode(), s.k.encode());
        assertEquals(1, s.descendants(30));
    }

    /**
     * A cyclic Zombie (A's, left in A[0] by an unexposed delete) is removable only when it covers nothing
     * but its own slot (capRemovable: n = 1 and the Zombie in slot 0): revoking the untyped deletes it
     * exposed, which first clears A[3]..A[1], there the final handler of IRQ 7 (a child of IRQControl, not
     * of the untyped), so the IRQ is released.
     */
    @Test
    void aCyclicZombieIsClearedBeforeItIsRemoved() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 40, 1)); // B
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 41, 1)); // A
        assertEquals(SeL4Error.NoError, s.done(s.k.irqControlGet(Sys.IRQ_CONTROL, 7, 41, 1, 2))); // A[1]
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeMove(40, 3, 2, Sys.ROOT, 41, 64)));
        assertEquals(SeL4Error.NoError, s.delete(40));
        assertTrue(s.k.view().irqHasHandler(7), "A[1] is unreachable but still there");
        assertEquals(SeL4Error.RevokeFirst, s.irqGet(7, 50));
        assertEquals(SeL4Error.NoError, s.revoke(16));
        assertEquals(1, count(s.k, HostEvents.Kind.IRQ_RELEASED), events(s.k).toString());
        assertFalse(s.k.view().irqHasHandler(7));
        assertEquals(SeL4Error.NoError, s.irqGet(7, 50));
    }
}
