package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inspection of a kernel through {@link KernelView}: the slots in use, the derivation list in
 * seL4's pre-order, which objects a cap names, threads and their states, and the first-badged flag.
 */
class KernelViewTest {

    @Test
    void occupiedSlotsAndTheDerivationOrderFollowTheState() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        // Boot: TCB, root CNode, IRQControl, the untyped; the TCB's CSpace-root slot (a TCB slot).
        List<Integer> boot = v.occupiedSlots();
        assertTrue(boot.containsAll(List.of(s.slot(1), s.slot(2), s.slot(4), s.slot(16))));
        assertEquals(5, boot.size(), boot.toString());
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.mint(31, 30, "RW", 7);
        s.copy(32, 31, "RW");
        assertEquals(8, v.occupiedSlots().size());
        List<Integer> order = v.derivationOrder();
        assertEquals(8, order.size());
        // Pre-order: the untyped, then the endpoint, its badged child, and that child's copy.
        int ut = order.indexOf(s.slot(16));
        assertEquals(List.of(s.slot(16), s.slot(30), s.slot(31), s.slot(32)), order.subList(ut, ut + 4));
        assertTrue(v.isFirstBadged(s.slot(31)));
        assertFalse(v.isFirstBadged(s.slot(32)));
        assertTrue(v.isOriginal(s.slot(31)));
        assertFalse(v.isOriginal(s.slot(32)));
        assertFalse(v.isFirstBadged(s.slot(99)), "an empty slot");
        s.delete(32);
        assertEquals(7, v.occupiedSlots().size());
        assertFalse(v.occupiedSlots().contains(s.slot(32)));
    }

    /** The unboxed form gives the same handles in the same order, and the count when short of room. */
    @Test
    void occupiedSlotsIntoAnArrayAgreeWithTheList() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        s.retype(16, ObjectType.CNode, 2, 30, 1);
        s.retype(16, ObjectType.Endpoint, 0, 31, 1);
        s.mint(32, 31, "RW", 7);
        s.delete(30);
        s.retype(16, ObjectType.TCB, 0, 33, 1);
        List<Integer> list = v.occupiedSlots();
        int[] into = new int[list.size() + 3];
        assertEquals(list.size(), v.occupiedSlots(into));
        for (int i = 0; i < list.size(); i++) {
            assertEquals(list.get(i), into[i], "position " + i);
        }
        int[] small = new int[2];
        assertEquals(list.size(), v.occupiedSlots(small));
        assertEquals(list.get(0), small[0]);
        assertEquals(list.get(1), small[1]);
        assertEquals(list.size(), v.occupiedSlots(null));
    }

    @Test
    void sameObjectFollowsSeL4sSameObjectAs() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        s.retype(16, ObjectType.Endpoint, 0, 30, 2);
        s.mint(32, 30, "R", 3);
        assertTrue(v.sameObject(s.slot(30), s.slot(32)), "a badged copy names the same endpoint");
        assertFalse(v.sameObject(s.slot(30), s.slot(31)), "two endpoints");
        assertFalse(v.sameObject(s.slot(30), s.slot(99)), "an empty slot names nothing");
        assertFalse(v.sameObject(s.slot(99), s.slot(99)));
        assertFalse(v.sameObject(s.slot(16), s.slot(30)), "an untyped and an object inside it");
        // Untyped caps are the same object when they cover the same region.
        Sys t = Sys.standard();
        t.copy(40, 16, "");
        assertTrue(t.k.view().sameObject(t.slot(16), t.slot(40)));
        t.retype(40, ObjectType.Untyped, 19, 41, 1);
        assertFalse(t.k.view().sameObject(t.slot(40), t.slot(41)), "the lower half is another region");
        t.retype(40, ObjectType.Untyped, 19, 42, 1);
        assertFalse(t.k.view().sameObject(t.slot(41), t.slot(42)), "same size, other base");
        // IRQControl is one object; a handler is not it.
        t.irqGet(3, 50);
        t.copy(51, 50, "");
        assertTrue(t.k.view().sameObject(t.slot(4), t.slot(4)));
        assertFalse(t.k.view().sameObject(t.slot(4), t.slot(50)));
        assertTrue(t.k.view().sameObject(t.slot(50), t.slot(51)));
    }

    @Test
    void threadsAndTheirStates() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        int boot = s.k.initialThread();
        assertEquals(boot, s.k.currentThread());
        assertEquals(boot, v.threadOf(s.slot(1)));
        long bootTcb = s.cap(1).paddr();
        assertEquals(bootTcb, v.currentThreadAddress());
        assertEquals(List.of(), v.suspendedThreadAddresses());
        assertEquals(0, v.suspendedThreadCount());
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        int other = v.threadOf(s.slot(30));
        assertTrue(other >= 0 && other != boot);
        assertTrue(s.k.isRunnable(other));
        long otherTcb = s.cap(30).paddr();
        // Deleting its last cap suspends the thread; while the Zombie is being cleared (preempted
        // here after one step) the TCB is live and suspended, then it is gone.
        s.k.setWorkBudget(1);
        assertEquals(SeL4Error.NoError, s.delete(30));
        assertTrue(s.k.wasPreempted());
        assertEquals(List.of(otherTcb), v.suspendedThreadAddresses());
        assertEquals(1, v.suspendedThreadCount());
        assertFalse(s.k.isRunnable(other));
        assertEquals(CapType.Zombie, s.cap(30).type());
        s.k.setWorkBudget(Kernel.UNLIMITED);
        assertEquals(SeL4Error.NoError, s.delete(30));
        assertEquals(List.of(), v.suspendedThreadAddresses());
        assertEquals(0, v.suspendedThreadCount());
        assertEquals(bootTcb, v.currentThreadAddress());
        // Deleting the running thread's last cap leaves no current thread: nothing can be invoked.
        s.delete(1);
        assertEquals(-1, s.k.currentThread());
        assertEquals(-1, s.k.initialThread());
        assertEquals(-1, v.currentThreadAddress());
        assertFalse(s.k.canInvoke());
        assertEquals(SeL4Error.IllegalOperation, s.k.cnodeDelete(2, 30, 64));
        assertEquals(-1, v.lookupCPtr(2));
        assertEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
        assertEquals(-1, v.resolveSlot(2, 30, 64));
        assertEquals(SeL4Error.FailedLookup, s.err().error());
    }

    @Test
    void addressesOfSlotsInsideATcbAndANestedCNode() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        // The boot TCB's CSpace-root slot is slot 0 of the TCB: the root CNode cap's child.
        List<Integer> tcbSlots = new ArrayList<>();
        for (int slot : v.occupiedSlots()) {
            SlotAddress a = v.addressOf(slot);
            if (!a.inRootCNode()) {
                tcbSlots.add(slot);
                assertEquals("TCB", a.objectKind());
                assertEquals(0, a.index());
                assertEquals(s.cap(1).paddr(), a.objectPaddr());
            }
        }
        assertEquals(1, tcbSlots.size());
        assertEquals(-1, s.parent(2), "boot caps are parentless");
        assertEquals(s.slot(2), v.parentOf(tcbSlots.get(0)));
        assertEquals(SeL4Error.NoError, s.revoke(2));
        assertTrue(v.capAt(tcbSlots.get(0)).isNull(), "revoking the root CNode cap deletes the TCB's copy");
        // With no CSpace root, no CPtr resolves: the invoked cap is InvalidCapability (InvalidRoot).
        assertEquals(SeL4Error.InvalidCapability, s.k.cnodeDelete(2, 30, 64));
        assertEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
        assertEquals(-1, v.lookupCPtr(2));
        assertTrue(v.rootSlot(255) >= 0, "the last of the root's 2^8 slots");
        assertEquals(-1, v.rootSlot(256));
    }

    /**
     * typeAt, sizeBitsAt, radixAt and guardSizeAt read what capAt's Cap holds, for every slot (the scratch slots
     * and handles that name no slot included) of states reached by random invocations, with every cap type
     * (CNodes, TCB and CNode Zombies among them).
     */
    @Test
    void fieldReadsAgreeWithCapAt() {
        long[] a = new long[16];
        java.util.Set<CapType> seen = java.util.EnumSet.noneOf(CapType.class);
        for (long seed = 1; seed <= 20; seed++) {
            java.util.Random r = new java.util.Random(seed);
            Kernel k = IncrementalInvariantsTest.small(Faults.NONE);
            KernelView v = k.view();
            for (int step = 0; step < 120 && k.canInvoke(); step++) {
                IncrementalInvariantsTest.step(k, r, a);
                if (step % 4 != 3) {
                    continue;
                }
                for (int h = -2; h < k.caps.size() + 2; h++) {
                    Cap c = v.capAt(h);
                    seen.add(c.type());
                    String at = "seed " + seed + " step " + step + " slot " + h + ": " + c;
                    assertEquals(c.type(), v.typeAt(h), at);
                    assertEquals(c.sizeBits(), v.sizeBitsAt(h), at);
                    assertEquals(c.radix(), v.radixAt(h), at);
                    assertEquals(c.guardSize(), v.guardSizeAt(h), at);
                }
            }
        }
        assertTrue(seen.containsAll(java.util.EnumSet.of(CapType.Untyped, CapType.CNode, CapType.Thread,
                CapType.Endpoint, CapType.Frame, CapType.IRQHandler, CapType.IRQControl)), "cap types read: " + seen);
    }
}
