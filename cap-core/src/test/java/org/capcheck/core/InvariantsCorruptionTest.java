package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each check of {@link Invariants} at its edges: a state corrupted in exactly one way (a link one past
 * the slot pool, a flag alone, a size at its bound, a cap at the first or last byte of a region) is
 * reported under exactly the names it breaks, and a state at a bound that seL4 allows is reported
 * clean. Every corruption is made after a clean incremental check, and both the full check and the
 * incremental one (over the change log the corruption's writes leave) must report it, so the focus
 * of the incremental check is tested with it. The corruptions write cap-core's tables from the same
 * package, as a bug in cap-core would. InvariantsTest breaks each invariant once; this class breaks
 * each one at its boundaries.
 */
class InvariantsCorruptionTest {
    private static final int NIL = DerivationTree.NIL;
    private Sys s;
    private Kernel k;

    @BeforeEach
    void boot() {
        // Sys.standard's layout (root CNode of radix 8, one 1 MiB untyped in slot 16) in a pool of
        // 1,024 slots, so that every check that looks at the whole pool stays cheap.
        s = Sys.with(BootConfig.defaults().withCapacity(10, 64)
                .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false))));
        k = s.k;
    }

    private int slot(long i) {
        return s.slot(i);
    }

    /**
     * The state is clean (and the change log starts here), {@code corruption} runs, and then the full
     * check and the incremental check both report exactly {@code names}, in {@link Invariants#ALL}'s order.
     */
    private void assertReported(Runnable corruption, String... names) {
        assertEquals(List.of(), k.checkInvariantsIncrementally(), "clean before the corruption");
        corruption.run();
        List<String> want = List.of(names);
        assertEquals(want, k.checkInvariants(), "full check");
        assertEquals(want, k.checkInvariantsIncrementally(), "incremental check");
        assertEquals(want, k.checkInvariants(), "full check again (nothing left over from the last checks)");
    }

    // ----- valid_dlist, mdb_cte_at, valid_ioc (checkLinksAt)

    @Test
    void aNextLinkOnePastThePoolBreaksValidDlist() {
        // Invariants_H valid_dlist: a link names a slot of the CDT. The first slot past the pool is a
        // scratch register; even with its prev pointing back, the link leaves the tree.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int tail = slot(30);
        assertEquals(NIL, k.mdb.next(tail));
        int past = k.scratchBase;
        assertReported(() -> {
            k.mdb.corruptLinks(tail, k.mdb.prev(tail), past);
            k.mdb.corruptLinks(past, tail, NIL);
        }, Invariants.VALID_DLIST);
    }

    @Test
    void aPrevLinkOnePastThePoolBreaksValidDlist() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int head = slot(16);
        assertEquals(NIL, k.mdb.prev(head));
        int past = k.scratchBase;
        assertReported(() -> {
            k.mdb.corruptLinks(head, past, k.mdb.next(head));
            k.mdb.corruptLinks(past, NIL, head);
        }, Invariants.VALID_DLIST);
    }

    @Test
    void aLinkFarPastThePoolIsReportedNotFollowed() {
        // No walk of any check may follow a link out of the pool: each stops at it, and valid_dlist
        // names it.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int tail = slot(30);
        assertReported(() -> k.mdb.corruptLinks(tail, k.mdb.prev(tail), 1 << 30), Invariants.VALID_DLIST);
    }

    @Test
    void aPrevLinkFarPastThePoolIsReportedNotFollowed() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int head = slot(16);
        assertReported(() -> k.mdb.corruptLinks(head, 1 << 30, k.mdb.next(head)), Invariants.VALID_DLIST);
    }

    @Test
    void slotZeroIsASlotLikeAnyOther() {
        // Pool slot 0 (root CNode slot 0) is a valid link target: a cap copied there is clean.
        assertEquals(0, slot(0));
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.copy(0, 30, "RW");
        s.copy(40, 0, "R");
        assertReported(() -> k.caps.setRights(slot(40), Rights.parseLetters("W")));
    }

    @Test
    void anEmptySlotThatIsOriginalOnlyBreaksValidIoc() {
        // valid_ioc: is_original_cap and the first-badged flag are each false for a null cap.
        assertReported(() -> k.mdb.setFlags(slot(99), true, false), Invariants.VALID_IOC);
    }

    @Test
    void anEmptySlotThatIsFirstBadgedOnlyBreaksValidIoc() {
        assertReported(() -> k.mdb.setFlags(slot(99), false, true), Invariants.VALID_IOC);
    }

    @Test
    void anEmptySlotWithOnlyANextLinkBreaksMdbCteAt() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int empty = slot(99);
        // The empty slot points into the list but nothing points at it: only its own link is at fault.
        assertReported(() -> k.mdb.corruptLinks(empty, NIL, slot(16)),
                Invariants.VALID_DLIST, Invariants.MDB_CTE_AT);
    }

    @Test
    void anEmptySlotWithOnlyAPrevLinkBreaksMdbCteAt() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int empty = slot(99);
        assertReported(() -> k.mdb.corruptLinks(empty, slot(30), NIL),
                Invariants.VALID_DLIST, Invariants.MDB_CTE_AT);
    }

    @Test
    void aCapWhoseNextIsAnUnlinkedEmptySlotBreaksMdbCteAt() {
        // mdb_cte_at: both ends of a link hold a cap. The empty slot has no links of its own, so only
        // the occupied slot's next link shows it (besides valid_dlist: the empty slot does not point back).
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int tail = slot(30);
        assertReported(() -> k.mdb.corruptLinks(tail, k.mdb.prev(tail), slot(99)),
                Invariants.VALID_DLIST, Invariants.MDB_CTE_AT);
    }

    @Test
    void aCapWhosePrevIsAnUnlinkedEmptySlotBreaksMdbCteAt() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int head = slot(16);
        assertReported(() -> k.mdb.corruptLinks(head, slot(99), k.mdb.next(head)),
                Invariants.VALID_DLIST, Invariants.MDB_CTE_AT);
    }

    // ----- no_mloop (checkLinks)

    @Test
    void aRepairedCycleLeavesNothingBehind() {
        // A cycle is reported; once the links are repaired the state is clean again, for both checks:
        // a slot once on a cycle is an ordinary slot afterwards (its untyped parent still finds it).
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int ut = slot(16);
        int ep = slot(30);
        assertReported(() -> {
            k.mdb.corruptLinks(ut, ep, ep);
            k.mdb.corruptLinks(ep, ut, ut);
        }, Invariants.NO_MLOOP, Invariants.UNTYPED_MDB); // on a cycle, no descendant of the untyped is found
        k.mdb.corruptLinks(ut, NIL, ep);
        k.mdb.corruptLinks(ep, ut, NIL);
        assertEquals(List.of(), k.checkInvariants());
        assertEquals(List.of(), k.checkInvariantsIncrementally());
        assertEquals(List.of(), k.checkInvariants());
    }

    // ----- valid_cap, untyped_free_index_bounds, ut_revocable (checkSlot, checkCapShape)

    @Test
    void untypedSizesFromFourToFortySevenBitsAreWellFormed() {
        // valid_cap for an untyped: its size lies in seL4's untyped range (minUntypedSizeBits 4 and
        // maxUntypedSizeBits 47 on x86-64), both bounds included.
        int ut = slot(16);
        assertReported(() -> k.caps.setUntyped(ut, Sys.UT_BASE, ObjectType.MIN_UNTYPED_BITS, 16, false));
        assertReported(() -> k.caps.setUntyped(ut, Sys.UT_BASE, ObjectType.MAX_UNTYPED_BITS, 16, false));
    }

    @Test
    void anUntypedBelowFourBitsBreaksValidCap() {
        int ut = slot(16);
        assertReported(() -> k.caps.setUntyped(ut, Sys.UT_BASE, ObjectType.MIN_UNTYPED_BITS - 1, 0, false),
                Invariants.VALID_CAP);
    }

    @Test
    void anUntypedAboveFortySevenBitsBreaksValidCap() {
        int ut = slot(16);
        assertReported(() -> k.caps.setUntyped(ut, Sys.UT_BASE, ObjectType.MAX_UNTYPED_BITS + 1, 0, false),
                Invariants.VALID_CAP);
    }

    @Test
    void anUntypedOfABadSizeWithAChildIsOnlyBadlySized() {
        // An untyped whose size is not valid has no region to compare its children with: valid_cap
        // names it, and no region rule (untyped_mdb, untyped_inc) is applied to the meaningless range.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int ut = slot(16);
        assertReported(() -> k.caps.setUntyped(ut, Sys.UT_BASE, ObjectType.MIN_UNTYPED_BITS - 1, 16, false),
                Invariants.VALID_CAP);
    }

    @Test
    void aFullUntypedKeepsItsFreeIndexInBounds() {
        // valid_untyped_cap: free_index <= 2^bits, so an untyped used up to its last byte is well formed
        // and one byte more is not.
        int ut = slot(16);
        assertReported(() -> k.caps.setFreeIndex(ut, 1L << 20));
        assertReported(() -> k.caps.setFreeIndex(ut, (1L << 20) + 1), Invariants.FREE_INDEX_BOUNDS);
    }

    @Test
    void aCNodeOfRadixZeroBreaksValidCap() {
        // valid_cap for a CNode: radix >= 1 (seL4 cannot create a CNode of one slot). The cap's radix
        // no longer matches its object's either.
        s.retype(16, ObjectType.CNode, 2, 30, 1);
        int c = slot(30);
        assertReported(() -> k.caps.setCNode(c, k.caps.paddr(c), k.caps.object(c), 0, 0, 0),
                Invariants.VALID_CAP, Invariants.CAPS_NAME_LIVE_OBJECTS);
    }

    @Test
    void aZombieCoversAtMostItsObjectsSlots() {
        // valid_cap for a Zombie: the slots still to clear are 0..2^radix for a CNode and 0..5 for a TCB.
        s.retype(16, ObjectType.CNode, 2, 30, 1);
        s.retype(16, ObjectType.TCB, 0, 31, 1);
        int cnode = slot(30);
        int tcb = slot(31);
        assertReported(() -> {
            k.caps.makeZombie(cnode, 4);
            k.caps.makeZombie(tcb, ObjectType.TCB_SLOTS);
        });
        assertReported(() -> k.caps.setZombieSlots(cnode, 0));
        assertReported(() -> k.caps.setZombieSlots(tcb, 2)); // more than a TCB Zombie's radix field allows
        assertReported(() -> k.caps.setZombieSlots(cnode, 5), Invariants.VALID_CAP);
        k.caps.setZombieSlots(cnode, 4);
        assertReported(() -> k.caps.setZombieSlots(tcb, ObjectType.TCB_SLOTS + 1), Invariants.VALID_CAP);
        k.caps.setZombieSlots(tcb, 0);
        assertReported(() -> k.caps.setZombieSlots(cnode, -1), Invariants.VALID_CAP);
    }

    // ----- valid_badges (checkSlot)

    @Test
    void anUnbadgedCopyAfterABadgedCapIsNoBadgeRun() {
        // valid_badges concerns badged caps only: a badge-0 cap after a badged one of the same object
        // need not start anything. Copy, then Mint, puts the badged cap between the original and the copy.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.copy(41, 30, "RW");
        s.mint(40, 30, "RW", 5);
        assertEquals(slot(41), k.mdb.next(slot(40)));
        assertReported(() -> k.caps.setRights(slot(41), Rights.parseLetters("R")));
    }

    @Test
    void aBadgedCapAfterAnotherObjectsBadgeNeedNotBeFirst() {
        // valid_badges compares caps of one object only: a badged cap that follows another object's
        // badged cap is not first of a badge because of it.
        s.retype(16, ObjectType.Endpoint, 0, 30, 2);
        s.mint(40, 30, "RW", 5);
        s.mint(41, 31, "RW", 7);
        s.copy(42, 41, "RW"); // badge 7, not first-badged
        int a = slot(40);
        int b = slot(42);
        assertReported(() -> {
            // 40 -> 42 directly: move 42's links after 40 (a consistent list of two).
            k.mdb.remove(b);
            k.mdb.insertAfter(a, b, false);
            k.mdb.setFlags(b, false, false);
        }, Invariants.MDB_CHUNKED);
    }

    @Test
    void aCNodeGuardIsNotABadge() {
        // The word a CNode cap keeps its guard in is no badge: a CNode cap minted with a guard, after
        // the original, is no valid_badges matter.
        s.retype(16, ObjectType.CNode, 2, 30, 1);
        assertEquals(SeL4Error.NoError, s.mint(40, 30, "", (3L << 6) | 1)); // guard 1 of 3 bits
        assertReported(() -> k.caps.setRights(slot(40), 0));
    }
}
