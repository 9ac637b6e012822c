package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KernelView's canonical order (objects by physical address, then kind, whatever order cap-core's
 * handles are in) and the edges of its handle and index ranges.
 */
class KernelViewOrderTest {
    /** The physical address and kind of each occupied slot's object, in occupiedSlots() order. */
    private static List<String> owners(KernelView v) {
        List<String> out = new ArrayList<>();
        for (int s : v.occupiedSlots()) {
            SlotAddress a = v.addressOf(s);
            out.add(Long.toHexString(a.objectPaddr()) + " " + a.objectKind() + " " + a.index());
        }
        return out;
    }

    @Test
    void slotsAreListedByObjectAddressNotByHandle() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        // Two CNodes of radix 2, the second at the higher address; then the first is deleted and a
        // third, at a higher address still, takes the freed handle: handles no longer follow addresses.
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 40, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 30, 2));
        long second = s.cap(31).paddr();
        assertEquals(SeL4Error.NoError, s.delete(30));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 32, 1));
        long third = s.cap(32).paddr();
        assertTrue(Long.compareUnsigned(second, third) < 0);
        // A cap in slot 0 of each: a copy of the endpoint cap.
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(31, 0, 2, Sys.ROOT, 40, Sys.D, Rights.ALL));
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(32, 0, 2, Sys.ROOT, 40, Sys.D, Rights.ALL));
        s.assertInvariants();
        List<String> owners = owners(v);
        assertTrue(owners.contains(Long.toHexString(second) + " CNode 0"), owners.toString());
        assertTrue(owners.indexOf(Long.toHexString(second) + " CNode 0")
                < owners.indexOf(Long.toHexString(third) + " CNode 0"), owners.toString());
        long previous = 0;
        for (int slot : v.occupiedSlots()) {
            long paddr = v.addressOf(slot).objectPaddr();
            assertTrue(Long.compareUnsigned(previous, paddr) <= 0, owners.toString());
            previous = paddr;
        }
    }

    @Test
    void suspendedThreadsAreListedByAddress() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.TCB, 0, 30, 2));
        long low = s.cap(30).paddr();
        long high = s.cap(31).paddr();
        assertEquals(SeL4Error.NoError, s.delete(30));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.TCB, 0, 30, 1)); // takes the freed handle
        long highest = s.cap(30).paddr();
        // Deleting a thread's last cap with a budget of one step leaves it suspended behind a Zombie.
        for (long slot : new long[] {30, 31}) {
            s.k.setWorkBudget(1);
            assertEquals(SeL4Error.NoError, s.delete(slot));
            assertTrue(s.k.wasPreempted());
        }
        s.k.setWorkBudget(Kernel.UNLIMITED);
        assertTrue(Long.compareUnsigned(low, high) < 0 && Long.compareUnsigned(high, highest) < 0);
        assertEquals(List.of(high, highest), v.suspendedThreadAddresses());
        assertEquals(2, v.suspendedThreadCount());
    }

    @Test
    void aCNodeComesBeforeAThreadAtTheSameAddress() {
        // Only a corrupt state has two objects at one address (objects_disjoint); the order is still
        // total: by kind, CNode first, whichever handle is lower.
        Kernel k = Kernel.boot(BootConfig.defaults().withCapacity(10, 64));
        int tcb = k.objects.create(ObjectTable.TCB, 1L << 46, 0);
        int cnode = k.objects.create(ObjectTable.CNODE, 1L << 46, 1);
        assertTrue(tcb < cnode);
        int[] order = KernelView.liveObjectsByAddress(k); // the live objects, then -1s
        int live = (int) Arrays.stream(order).filter(o -> o >= 0).count();
        assertArrayEquals(new int[] {cnode, tcb}, Arrays.copyOfRange(order, live - 2, live));
        // The encoding orders objects the same way: it ends with the CNode's header and its two empty
        // slots, the TCB's header and its five empty slots, then one byte per IRQ (0..31).
        byte[] e = k.encode();
        int tcbHeader = e.length - 32 - ObjectType.TCB_SLOTS - 12;
        int cnodeHeader = tcbHeader - 2 - 12;
        assertEquals(ObjectTable.TCB, e[tcbHeader]);
        assertEquals(ObjectTable.CNODE, e[cnodeHeader]);
        assertEquals(1, e[cnodeHeader + 9], "radix 1");
    }

    @Test
    void rootSlotsAreZeroToTheLastIndex() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        assertTrue(v.rootSlot(0) >= 0);
        assertTrue(v.rootSlot(255) >= 0);
        assertEquals(-1, v.rootSlot(256));
        assertEquals(-1, v.rootSlot(-1));
        // seL4 leaves slot 0 empty by convention only: a cap copied there is seen.
        assertEquals(SeL4Error.NoError, s.copy(0, 16, "RW"));
        int zero = v.rootSlot(0);
        assertEquals(CapType.Untyped, v.capAt(zero).type());
        assertTrue(v.isOriginal(zero), "a copy of an untyped cap is original (isCapRevocable)");
        assertEquals(s.slot(16), v.parentOf(zero));
    }

    @Test
    void handlesPastTheSlotsNameNothing() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        // IRQControl_Get builds the handler cap in a scratch slot past the object slots; the view
        // does not show scratch slots, whatever an invocation left there.
        assertEquals(SeL4Error.NoError, s.irqGet(3, 40));
        for (int h = s.k.scratchBase; h < s.k.caps.size(); h++) {
            assertEquals(Cap.NULL, v.capAt(h), "handle " + h);
            assertFalse(v.isOriginal(h));
            assertEquals(-1, v.threadOf(h));
        }
        assertEquals(Cap.NULL, v.capAt(-1));
    }

    @Test
    void irqsPastTheLastHaveNoHandler() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        assertFalse(v.irqHasHandler(0));
        assertEquals(SeL4Error.NoError, s.irqGet(0, 41));
        assertTrue(v.irqHasHandler(0), "IRQ 0 is an IRQ like any other");
        assertEquals(SeL4Error.NoError, s.irqGet(31, 40));
        assertTrue(v.irqHasHandler(31));
        assertFalse(v.irqHasHandler(32));
        assertFalse(v.irqHasHandler(-1));
    }

    @Test
    void aFailedRootLookupIsReportedAsAnInvalidRoot() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        // The root CNode cap's guard is 56 zero bits: a CPtr with a high bit set fails the walk
        // (GuardMismatch), and resolveSlot reports the root as invalid, as seL4's CNode
        // invocations do for their extra-cap root.
        assertEquals(-1, v.lookupCPtr(1L << 40));
        assertNotEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
        assertEquals(-1, v.resolveSlot(1L << 40, 30, 64));
        assertEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
        assertEquals(SeL4Error.FailedLookup, s.err().error());
    }
}
