package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each invariant, broken on purpose in exactly one way, is reported by exactly its own name. The
 * corruptions reach into cap-core's storage from the same package, as a bug in cap-core would.
 */
class InvariantsTest {
    private static final Set<String> SEEN = new HashSet<>();
    private Sys s;
    private Kernel k;

    @BeforeEach
    void boot() {
        s = Sys.standard();
        k = s.k;
    }

    private int slot(long i) {
        return s.slot(i);
    }

    private void assertOnly(String name) {
        assertEquals(List.of(name), k.checkInvariants());
        SEEN.add(name);
    }

    @AfterAll
    static void everyNameHasACorruption() {
        Set<String> missing = new HashSet<>(Invariants.ALL);
        missing.removeAll(SEEN);
        missing.remove(Invariants.DESCENDANTS_INC); // see descendantsIncRejectsForeignPairs
        assertEquals(Set.of(), missing, "invariants without a corruption test");
    }

    @Test
    void aCleanStateHasNoViolations() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 2);
        s.mint(40, 30, "RW", 3);
        s.irqGet(7, 50);
        assertEquals(List.of(), k.checkInvariants());
    }

    @Test
    void validDlist() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.copy(40, 30, "RW");
        k.mdb.corruptLinks(slot(40), slot(16), DerivationTree.NIL); // prev no longer points back
        assertOnly(Invariants.VALID_DLIST);
    }

    @Test
    void mdbCteAt() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.copy(40, 30, "RW");
        k.caps.clear(slot(40)); // the cap goes, the links stay
        k.mdb.setFlags(slot(40), false, false);
        assertOnly(Invariants.MDB_CTE_AT);
    }

    @Test
    void noMloop() {
        int tcbCap = slot(1);
        int root = slot(2);
        int cspaceRoot = k.objects.slot(k.currentThread, 0);
        // 1 -> 2 -> tcb's cspace root -> 1: a consistent doubly linked cycle.
        k.mdb.corruptLinks(tcbCap, cspaceRoot, root);
        k.mdb.corruptLinks(root, tcbCap, cspaceRoot);
        k.mdb.corruptLinks(cspaceRoot, root, tcbCap);
        assertOnly(Invariants.NO_MLOOP);
    }

    @Test
    void validIoc() {
        k.mdb.setFlags(slot(99), true, true);
        assertOnly(Invariants.VALID_IOC);
    }

    @Test
    void untypedMdb() {
        s.retype(16, ObjectType.Frame, 0, 30, 1);
        // The frame now starts inside the untyped but runs past its end: not in its region, so
        // not its descendant, yet its object is inside.
        k.caps.corruptRef(slot(30), Sys.UT_BASE + (1L << 20) - 16);
        assertOnly(Invariants.UNTYPED_MDB);
    }

    @Test
    void descendantsIncRejectsForeignPairs() {
        // No state of the list representation can break descendants_inc alone: descendants are
        // found through isMDBParentOf, which already demands the same region (and so class). The
        // check itself is tested on a pair no derivation could produce.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        Invariants inv = new Invariants(k);
        assertTrue(inv.descendantsInc(slot(16), slot(30)));
        assertFalse(inv.descendantsInc(slot(30), slot(16)), "an untyped is not inside an endpoint");
        assertFalse(inv.descendantsInc(slot(4), slot(30)), "IRQ class above physical class");
        assertFalse(inv.descendantsInc(slot(2), slot(16)), "an untyped outside the CNode");
    }

    @Test
    void untypedInc() {
        s.retype(16, ObjectType.Untyped, 12, 30, 2);
        k.caps.corruptRef(slot(31), Sys.UT_BASE + 2048); // overlaps 30 without nesting
        assertOnly(Invariants.UNTYPED_INC);
    }

    @Test
    void untypedIncInnerRegionInFreePart() {
        s.retype(16, ObjectType.Untyped, 12, 30, 1);
        k.caps.setFreeIndex(slot(16), 0); // the parent would hand out its child's memory again
        assertOnly(Invariants.UNTYPED_INC);
    }

    @Test
    void utRevocable() {
        k.mdb.setFlags(slot(16), false, false);
        assertOnly(Invariants.UT_REVOCABLE);
    }

    @Test
    void irqRevocable() {
        k.mdb.setFlags(slot(4), false, false);
        assertOnly(Invariants.IRQ_REVOCABLE);
    }

    @Test
    void validBadges() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.mint(40, 30, "RW", 5);
        k.mdb.setFlags(slot(40), true, false); // a new badge that does not start a badge run
        assertOnly(Invariants.VALID_BADGES);
    }

    @Test
    void mdbChunked() {
        int tcbCap = slot(1);
        int root = slot(2);
        int cspaceRoot = k.objects.slot(k.currentThread, 0);
        // 2 -> 1 -> cspace root: the TCB cap splits the root CNode's caps apart.
        k.mdb.corruptLinks(root, DerivationTree.NIL, tcbCap);
        k.mdb.corruptLinks(tcbCap, root, cspaceRoot);
        k.mdb.corruptLinks(cspaceRoot, tcbCap, DerivationTree.NIL);
        assertOnly(Invariants.MDB_CHUNKED);
    }

    @Test
    void classLinks() {
        k.mdb.corruptLinks(slot(1), DerivationTree.NIL, slot(4));
        k.mdb.corruptLinks(slot(4), slot(1), DerivationTree.NIL);
        assertOnly(Invariants.CLASS_LINKS);
    }

    @Test
    void objectsDisjoint() {
        s.retype(16, ObjectType.Frame, 0, 30, 1);
        s.retype(16, ObjectType.Endpoint, 0, 31, 1);
        k.caps.corruptRef(slot(31), k.view().capAt(slot(30)).paddr() + 16);
        assertOnly(Invariants.OBJECTS_DISJOINT);
    }

    @Test
    void freeIndexBounds() {
        k.caps.setFreeIndex(slot(16), (1L << 20) + 16);
        assertOnly(Invariants.FREE_INDEX_BOUNDS);
    }

    @Test
    void validIrqHandlers() {
        s.irqGet(3, 50);
        k.irqActive[3] = false;
        assertOnly(Invariants.VALID_IRQ_HANDLERS);
    }

    @Test
    void irqHandlerUnique() {
        s.irqGet(3, 50);
        k.irqActive[3] = false;
        assertEquals(SeL4Error.NoError, k.irqControlGet(4, 3, 2, 51, 64));
        assertOnly(Invariants.IRQ_HANDLER_UNIQUE);
    }

    @Test
    void irqControlUnique() {
        k.caps.setIrqControl(slot(5));
        k.mdb.insertAfter(slot(4), slot(5), true); // beside the first, so only uniqueness breaks
        assertOnly(Invariants.IRQ_CONTROL_UNIQUE);
    }

    @Test
    void zombiesFinal() {
        s.retype(16, ObjectType.CNode, 2, 30, 1);
        s.copy(40, 30, "");
        k.caps.makeZombie(slot(30), 4);
        assertOnly(Invariants.ZOMBIES_FINAL);
    }

    @Test
    void validCap() {
        k.caps.setGuard(slot(2), 0, 60); // guard size + radix > 64
        assertOnly(Invariants.VALID_CAP);
    }

    @Test
    void capsNameLiveObjects() {
        s.retype(16, ObjectType.TCB, 0, 30, 2);
        s.copy(40, 30, "");
        // The copy names the other TCB's bookkeeping at the first TCB's address; both stay named.
        k.caps.setObject(slot(40), k.caps.object(slot(31)));
        assertOnly(Invariants.CAPS_NAME_LIVE_OBJECTS);
    }

    @Test
    void capsNameLiveObjectsOfAFreedHandle() {
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        s.copy(40, 30, "");
        k.caps.setObject(slot(40), k.objects.capacity() - 1); // a handle no object has
        assertOnly(Invariants.CAPS_NAME_LIVE_OBJECTS);
    }

    @Test
    void capsOfStateLive() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int nowhere = k.objects.slotCapacity() - 1; // a pool slot no CNode or TCB holds
        assertEquals(-1, k.objects.ownerOf(nowhere));
        k.caps.copy(slot(30), nowhere);
        k.mdb.insertAfter(slot(30), nowhere, false); // a well-linked copy, in a slot of no live object
        assertOnly(Invariants.CAPS_OF_STATE_LIVE);
    }

    @Test
    void objsReachable() {
        s.retype(16, ObjectType.CNode, 2, 30, 1);
        // The CNode's only cap goes without the CNode being finalised: the object leaks.
        k.mdb.remove(slot(30));
        k.caps.clear(slot(30));
        assertOnly(Invariants.OBJS_REACHABLE);
    }

    @Test
    void invocationTerminates() {
        Sys looping = Sys.with(BootConfig.defaults().withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false))),
                Faults.ZOMBIE_NOT_REDUCED);
        Kernel m = looping.k;
        assertEquals(SeL4Error.NoError, m.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30, 1));
        // The CNode's Zombie never shrinks, so the delete would clear its last slot forever.
        assertEquals(SeL4Error.IllegalOperation, m.cnodeDelete(2, 30, 64));
        assertTrue(m.stepBoundExceeded());
        assertFalse(m.wasPreempted(), "not a preemption: a restart would loop again");
        assertTrue(m.checkInvariants().contains(Invariants.INVOCATION_TERMINATES), m.checkInvariants().toString());
        SEEN.add(Invariants.INVOCATION_TERMINATES);
    }

    @Test
    void untypedNoReuseOfLive() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        k.caps.setFreeIndex(slot(16), 0); // the next retype would place an object over the endpoint
        assertOnly(Invariants.UNTYPED_NO_REUSE_OF_LIVE);
    }
}
