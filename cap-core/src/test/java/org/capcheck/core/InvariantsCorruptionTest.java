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
        // The first incremental check is a full one; from here on, each is incremental over the
        // writes since the last (the test's invocations first, then its corruption).
        assertEquals(List.of(), k.checkInvariantsIncrementally());
    }

    private int slot(long i) {
        return s.slot(i);
    }

    /**
     * The state is clean (and the change log starts here), {@code corruption} runs, and then the
     * incremental check and the full check both report exactly {@code names}, in {@link Invariants#ALL}'s
     * order, each twice.
     */
    private void assertReported(Runnable corruption, String... names) {
        assertEquals(List.of(), k.checkInvariantsIncrementally(), "clean before the corruption");
        corruption.run();
        List<String> want = List.of(names);
        // The incremental check first, right after the clean one: nothing a full check leaves behind helps it.
        assertEquals(want, k.checkInvariantsIncrementally(), "incremental check");
        assertEquals(want, k.checkInvariants(), "full check");
        assertEquals(want, k.checkInvariantsIncrementally(), "incremental check again (reported until repaired)");
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

    // ----- untyped_mdb, untyped_inc, untyped_no_reuse_of_live (checkUntyped)

    private static final long UT_LAST = Sys.UT_BASE + (1L << 20) - 1;

    @Test
    void aCapStartingAtTheUntypedsLastByteMustDescendFromIt() {
        // untyped_mdb: a cap whose object starts inside the region (here at its last byte) descends from
        // the untyped cap; this one runs past the region's end, so it cannot.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        assertReported(() -> k.caps.corruptRef(slot(30), UT_LAST), Invariants.UNTYPED_MDB);
    }

    @Test
    void aCapStartingAtTheUntypedsFirstByteMustDescendFromIt() {
        // The same at the region's first byte: an endpoint there, linked outside the untyped's run.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        int ep = slot(30);
        int tcbCap = slot(1);
        assertReported(() -> {
            k.mdb.remove(ep);
            k.mdb.insertAfter(tcbCap, ep, true);
        }, Invariants.UNTYPED_MDB, Invariants.MDB_CHUNKED);
    }

    @Test
    void anObjectEndingAtTheUntypedsLastByteIsNotReusedByIt() {
        // untyped_no_reuse_of_live: an object inside the region up to its last byte, in the part the
        // next retype would hand out.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        assertReported(() -> k.caps.corruptRef(slot(30), UT_LAST - 15), Invariants.UNTYPED_NO_REUSE_OF_LIVE);
    }

    @Test
    void theFreePartOfOneByteStillHoldsNoObject() {
        // A free index one short of the size leaves one free byte, the last; an object over it is reused.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        assertReported(() -> {
            k.caps.setFreeIndex(slot(16), (1L << 20) - 1);
            k.caps.corruptRef(slot(30), UT_LAST - 15);
        }, Invariants.UNTYPED_NO_REUSE_OF_LIVE);
    }

    @Test
    void anObjectEndingJustBelowTheFreePartIsNotReused() {
        // The first free byte is the one after the last byte handed out: an object ending right
        // below it is in the used part.
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        assertReported(() -> k.caps.setFreeIndex(slot(16), 16));
        assertReported(() -> k.caps.setFreeIndex(slot(16), 15), Invariants.UNTYPED_NO_REUSE_OF_LIVE);
    }

    @Test
    void untypedRegionsOverlappingByOneByteBreakUntypedInc() {
        // untyped_inc: two regions nest or are disjoint; sharing one byte is neither.
        s.retype(16, ObjectType.Untyped, 12, 30, 2);
        assertReported(() -> k.caps.corruptRef(slot(31), Sys.UT_BASE + 4095), Invariants.UNTYPED_INC);
    }

    @Test
    void anInnerUntypedReachingTheOuterFreePartBreaksUntypedInc() {
        // An inner region lies below the outer untyped's free part: its last byte is the first free one.
        s.retype(16, ObjectType.Untyped, 12, 30, 1);
        assertReported(() -> k.caps.setFreeIndex(slot(16), 4095), Invariants.UNTYPED_INC);
    }

    @Test
    void anInnerUntypedUpToTheOuterLastByteIsNested() {
        // A region that ends at the outer region's last byte is still inside it.
        s.retype(16, ObjectType.Untyped, 12, 30, 1);
        assertReported(() -> {
            k.caps.corruptRef(slot(30), UT_LAST - 4095);
            k.caps.setFreeIndex(slot(16), 1L << 20);
        });
    }

    @Test
    void twoCapsToOneRegionNestOnlyThroughAFullParent() {
        // untyped_inc for two caps to the same region: one descends from the other, which is full
        // (seL4 retypes an untyped into an untyped of its own size only from a full... reset parent);
        // otherwise the two would hand out the same memory twice.
        s.retype(16, ObjectType.Untyped, 12, 30, 1);
        int outer = slot(30);
        s.retype(30, ObjectType.Untyped, 12, 31, 1);
        int inner = slot(31);
        assertEquals(1L << 12, k.caps.freeIndex(outer));
        assertReported(() -> k.caps.setFreeIndex(inner, 16));
        assertReported(() -> k.caps.setFreeIndex(outer, (1L << 12) - 1), Invariants.UNTYPED_INC);
        k.caps.setFreeIndex(outer, 1L << 12);
        assertReported(() -> {
            // the inner one no longer descends: moved out of the outer one's run, to the end of the list
            k.mdb.remove(inner);
            k.mdb.insertAfter(slot(1), inner, true);
        }, Invariants.UNTYPED_INC, Invariants.MDB_CHUNKED); // (untyped_mdb is about caps to objects, not untypeds)
    }

    @Test
    void manyUntypedCapsAreAllChecked() {
        // More untyped caps than the checker first makes room for (16): the last is checked as the first.
        s.retype(16, ObjectType.Untyped, 12, 30, 20);
        assertReported(() -> k.caps.corruptRef(slot(49), k.caps.paddr(slot(48)) + 2048), Invariants.UNTYPED_INC);
    }

    @Test
    void anIrqHandlerIsNotInAnyUntyped() {
        // untyped_mdb is about physical caps: an IRQHandler's number is no address, even when an untyped
        // region starts at 0 and would contain it.
        Sys low = Sys.with(BootConfig.defaults().withCapacity(10, 64)
                .withUntyped(List.of(new UntypedRegion(0, 4, false))));
        low.irqGet(3, 50);
        assertEquals(List.of(), low.k.checkInvariantsIncrementally());
        low.irqGet(5, 51);
        assertEquals(List.of(), low.k.checkInvariantsIncrementally());
        assertEquals(List.of(), low.k.checkInvariants());
    }

    // ----- objects_disjoint, zombies_final (checkPair)

    @Test
    void objectsSharingTheirLastAndFirstByteOverlap() {
        // Distinct objects do not overlap, by a single byte either, at either end.
        s.retype(16, ObjectType.Endpoint, 0, 30, 2);
        k.caps.setFreeIndex(slot(16), 4096); // room above, so that no move below reaches the free part
        int a = slot(30);
        int b = slot(31);
        long a0 = k.caps.paddr(a);
        long b0 = k.caps.paddr(b);
        assertReported(() -> k.caps.corruptRef(b, a0 + 15), Invariants.OBJECTS_DISJOINT); // b starts at a's last byte
        k.caps.corruptRef(b, b0);
        assertReported(() -> k.caps.corruptRef(a, b0 + 15), Invariants.OBJECTS_DISJOINT); // a starts at b's last byte
        k.caps.corruptRef(a, a0);
        assertReported(() -> k.caps.corruptRef(a, b0 - 15), Invariants.OBJECTS_DISJOINT); // a ends at b's first byte
    }

    @Test
    void anOverlapWithAnUnchangedCapIsFoundIncrementally() {
        // The incremental check pairs a written slot with every occupied slot, before and after it:
        // a new cap in a higher slot overlapping the TCB (slot 1, unchanged).
        long tcb = k.caps.paddr(slot(1));
        assertReported(() -> k.caps.setEndpoint(slot(50), tcb + 16, 0, 0), Invariants.OBJECTS_DISJOINT);
    }

    @Test
    void anOverlapWithAnUnchangedHigherCapIsFoundIncrementally() {
        s.retype(16, ObjectType.Endpoint, 0, 60, 1);
        long ep = k.caps.paddr(slot(60));
        assertReported(() -> k.caps.setEndpoint(slot(50), ep, 0, 0), Invariants.UNTYPED_MDB,
                Invariants.MDB_CHUNKED);
    }

    @Test
    void aNewCapToAZombiesObjectBreaksZombiesFinal() {
        // zombies_final: while a Zombie stands for an object, no other cap names it. The new cap is in a
        // higher slot than the (unchanged) Zombie, so only the pair with the Zombie first shows it.
        int tcbCap = slot(1);
        long tcb = k.caps.paddr(tcbCap);
        int obj = k.caps.object(tcbCap);
        assertReported(() -> k.caps.makeZombie(tcbCap, ObjectType.TCB_SLOTS));
        assertReported(() -> k.caps.setThread(slot(50), tcb, obj), Invariants.ZOMBIES_FINAL);
    }

    // ----- valid_irq_handlers, irq_handler_unique (checkIrqs)

    @Test
    void aHandlerForIrqZeroIsValid() {
        s.irqGet(0, 50);
        s.irqGet(31, 51);
        assertReported(() -> k.caps.setRights(slot(50), 0));
        assertReported(() -> k.caps.setRights(slot(51), 0));
    }

    @Test
    void aHandlerPastTheLastIrqBreaksValidIrqHandlers() {
        assertEquals(32, k.irqActive.length);
        assertReported(() -> {
            k.caps.setIrqHandler(slot(50), 32);
            k.mdb.insertAfter(slot(Sys.IRQ_CONTROL), slot(50), true); // where IRQControl_Get would put it
        }, Invariants.VALID_IRQ_HANDLERS);
    }

    @Test
    void aHandlerForANegativeIrqBreaksValidIrqHandlers() {
        assertReported(() -> {
            k.caps.setIrqHandler(slot(50), -1);
            k.mdb.insertAfter(slot(Sys.IRQ_CONTROL), slot(50), true);
        }, Invariants.VALID_IRQ_HANDLERS);
    }

    @Test
    void aSecondOriginalHandlerForIrqZeroBreaksIrqHandlerUnique() {
        s.irqGet(0, 50);
        assertReported(() -> {
            k.caps.setIrqHandler(slot(51), 0);
            k.mdb.insertAfter(slot(50), slot(51), true);
        }, Invariants.IRQ_HANDLER_UNIQUE);
    }

    // ----- caps_name_live_objects, objs_reachable (checkLiveness)

    @Test
    void aThreadCapAtAnotherAddressNamesNoLiveObject() {
        // valid_objs: the cap's address is its object's.
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        s.copy(40, 30, "");
        assertReported(() -> k.caps.corruptRef(slot(40), 0x900000), Invariants.CAPS_NAME_LIVE_OBJECTS);
    }

    @Test
    void aCNodeCapOfAnotherRadixNamesNoLiveObject() {
        s.retype(16, ObjectType.CNode, 2, 30, 1);
        int c = slot(30);
        k.caps.setFreeIndex(slot(16), 4096);
        assertReported(() -> k.caps.setCNode(c, k.caps.paddr(c), k.caps.object(c), 3, 0, 0),
                Invariants.CAPS_NAME_LIVE_OBJECTS);
    }

    @Test
    void aZombieOfACNodeNamingATcbNamesNoLiveObject() {
        // A Zombie keeps its object's kind: a CNode Zombie (no TCB flag) over a TCB is wrong.
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        int t = slot(30);
        k.caps.setFreeIndex(slot(16), 4096);
        assertReported(() -> assertEquals(true, k.caps.decode(t, CapType.Zombie.code(), k.caps.paddr(t), 5, 5, 0,
                0, 0, k.caps.object(t))), Invariants.CAPS_NAME_LIVE_OBJECTS);
    }

    @Test
    void aCapNamingTheFirstHandlePastTheTableNamesNoLiveObject() {
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        s.copy(40, 30, "");
        assertReported(() -> k.caps.setObject(slot(40), k.objects.capacity()), Invariants.CAPS_NAME_LIVE_OBJECTS);
    }

    @Test
    void anObjectNamedTwiceDoesNotHideAnotherThatLeaks() {
        // objs_reachable counts objects, not caps: two caps to one CNode do not make up for another
        // CNode nothing names.
        s.retype(16, ObjectType.CNode, 2, 30, 2);
        s.copy(40, 30, "");
        s.copy(41, 30, "");
        assertReported(() -> {
            k.mdb.remove(slot(31));
            k.caps.clear(slot(31));
        }, Invariants.OBJS_REACHABLE);
    }

    // ----- no_mloop, mdb_chunked at their edges (checkLinks, markRun)

    @Test
    void aCycleOfEmptySlotsBreaksNoMloop() {
        // no_mloop holds for every slot's links, not only those of occupied slots.
        int a = slot(98);
        int b = slot(99);
        assertReported(() -> {
            k.mdb.corruptLinks(a, b, b);
            k.mdb.corruptLinks(b, a, a);
        }, Invariants.MDB_CTE_AT, Invariants.NO_MLOOP);
    }

    @Test
    void aListThroughEverySlotOfThePoolHasNoLoop() {
        // The longest list without a cycle runs through every slot of the pool once: as many steps as
        // there are slots, and no more, is still an end.
        int slots = k.scratchBase;
        assertEquals(1024, slots);
        assertReported(() -> {
            for (int i = 0; i < slots; i++) {
                k.mdb.corruptLinks(i, i == 0 ? NIL : i - 1, i == slots - 1 ? NIL : i + 1);
            }
            for (int i = slots; i < k.caps.size(); i++) {
                k.mdb.corruptLinks(i, NIL, NIL); // the scratch slots written too: every slot of the table
            }
        }, Invariants.MDB_CTE_AT, Invariants.MDB_CHUNKED); // empty slots in the list, the root CNode's caps apart
    }

    @Test
    void aCapOfAnotherObjectBetweenCopiesBreaksMdbChunked() {
        // mdb_chunked: the caps to one object sit together, even inside the run of the untyped they
        // all came from. 16 -> 30 -> 31 -> 40, with 40 a copy of 30 and 31 another endpoint.
        s.retype(16, ObjectType.Endpoint, 0, 30, 2);
        s.copy(40, 30, "RW");
        int ut = slot(16);
        int a = slot(30);
        int b = slot(31);
        int copy = slot(40);
        assertReported(() -> {
            for (int x : new int[] {ut, a, b, copy}) {
                k.mdb.remove(x);
            }
            k.mdb.insertRoot(ut);
            k.mdb.insertAfter(ut, a, true);
            k.mdb.insertAfter(a, b, true);
            k.mdb.insertAfter(b, copy, false);
        }, Invariants.MDB_CHUNKED);
    }

    // ----- what the incremental check looks at

    @Test
    void aCapWrittenIntoAnEmptySlotIsChecked() {
        // The incremental check's list of occupied slots includes the slots filled since the last check.
        assertReported(() -> {
            k.caps.setUntyped(slot(50), 0x900000, ObjectType.MIN_UNTYPED_BITS - 1, 0, false);
            k.mdb.insertRoot(slot(50)); // original, as an untyped cap is
        }, Invariants.VALID_CAP);
    }

    @Test
    void anInvocationThatWouldHaveLoopedIsReportedIncrementally() {
        // invocation_terminates is about the last invocation, not about what it wrote: the incremental
        // check reports it even when the state it left keeps every other invariant.
        Sys looping = Sys.with(BootConfig.defaults().withCapacity(10, 64)
                .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false))), Faults.ZOMBIE_NOT_REDUCED);
        Kernel m = looping.k;
        assertEquals(SeL4Error.NoError, m.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30, 1));
        assertEquals(List.of(), m.checkInvariantsIncrementally());
        assertEquals(List.of(), m.checkInvariantsIncrementally());
        assertEquals(SeL4Error.IllegalOperation, m.cnodeDelete(2, 30, 64));
        assertEquals(true, m.stepBoundExceeded());
        List<String> incremental = m.checkInvariantsIncrementally();
        assertEquals(m.checkInvariants(), incremental);
        assertEquals(true, incremental.contains(Invariants.INVOCATION_TERMINATES), incremental.toString());
    }

    @Test
    void moreCapsThanTheCheckerFirstListsAreAllChecked() {
        // The checker's list of occupied slots starts at 64 entries; a state with more is checked whole.
        s.retype(16, ObjectType.Endpoint, 0, 30, 100);
        int last = slot(129);
        long before = k.caps.paddr(slot(128));
        assertReported(() -> k.caps.corruptRef(last, before + 8), Invariants.OBJECTS_DISJOINT);
    }

    // ----- list lengths at the checker's own bounds

    @Test
    void exactlySixtyFourCapsAreCheckedAsAnyOther() {
        // The checker's occupied-slot list holds 64 before it grows: a state of exactly 64 caps.
        s.retype(16, ObjectType.Endpoint, 0, 30, 59);
        assertEquals(64, k.view().occupiedSlots().size());
        assertReported(() -> k.caps.setRights(slot(88), 0));
        assertReported(() -> k.caps.corruptRef(slot(88), k.caps.paddr(slot(87)) + 8), Invariants.OBJECTS_DISJOINT);
    }

    @Test
    void exactlySixteenUntypedCapsAreCheckedAsAnyOther() {
        s.retype(16, ObjectType.Untyped, 12, 30, 15);
        assertReported(() -> k.caps.setFreeIndex(slot(44), 16));
        assertReported(() -> k.caps.corruptRef(slot(44), k.caps.paddr(slot(43)) + 2048), Invariants.UNTYPED_INC);
    }

    @Test
    void aCNodeOfTwoSlotsIsWellFormed() {
        // valid_cap: radix 1 is the smallest CNode seL4 creates.
        s.retype(16, ObjectType.CNode, 1, 30, 1);
        assertReported(() -> k.caps.setGuard(slot(30), 0, 63)); // radix 1 + guard 63 = 64 bits
    }

    @Test
    void aCapStartingInsideAnUnchangedUntypedIsFoundIncrementally() {
        // untyped_mdb pairs a written cap with every untyped, written or not: a new endpoint cap, in no
        // list, whose object starts at the untyped's last byte (and so is in no region rule but this one).
        assertReported(() -> k.caps.setEndpoint(slot(50), UT_LAST, 0, 0), Invariants.UNTYPED_MDB);
    }

    @Test
    void anUntypedMovedOverUnchangedCapsIsFoundIncrementally() {
        // And a written untyped with every cap: moved to start at the root CNode's address, the root
        // CNode's caps start inside it without descending from it (they run past its end).
        int ut = slot(16);
        long cnode = k.caps.paddr(slot(Sys.ROOT));
        assertReported(() -> k.caps.setUntyped(ut, cnode, 12, 1L << 12, false), Invariants.UNTYPED_MDB);
    }

    @Test
    void aCopyOnACycleIsApartFromItsObjectsOtherCaps() {
        // mdb_chunked holds only through the list: a cap of the same object that sits on a cycle of its
        // own is in no chunk with the others (and, on a cycle, descends from no untyped).
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.copy(40, 30, "RW");
        int ep = slot(30);
        int copy = slot(40);
        assertReported(() -> {
            k.mdb.corruptLinks(ep, k.mdb.prev(ep), NIL);
            k.mdb.corruptLinks(copy, copy, copy);
        }, Invariants.NO_MLOOP, Invariants.UNTYPED_MDB, Invariants.MDB_CHUNKED);
    }

    @Test
    void aCycleAfterAnUnchangedUntypedEndsEveryWalk() {
        // Two children of the untyped are turned into a cycle of their own, which the untyped's list
        // still leads into; a new cap in the untyped's region is then checked incrementally against the
        // unchanged untyped, whose walks must stop on the cycle.
        s.retype(16, ObjectType.Endpoint, 0, 30, 2);
        k.caps.setFreeIndex(slot(16), 4096);
        int x = k.mdb.next(slot(16));
        int y = k.mdb.next(x);
        assertReported(() -> {
            k.mdb.corruptLinks(x, y, y);
            k.mdb.corruptLinks(y, x, x);
            k.caps.setEndpoint(slot(50), Sys.UT_BASE + 64, 0, 0);
        }, Invariants.VALID_DLIST, Invariants.NO_MLOOP, Invariants.UNTYPED_MDB);
    }

    @Test
    void aBadgeWrittenAfterAnUnchangedCapIsCheckedAgainstIt() {
        // valid_badges is a rule about a slot and its list successor: writing the successor's badge
        // puts the predecessor under check (the incremental check's focus takes in the whole chain).
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.copy(40, 30, "RW");
        assertReported(() -> k.caps.setBadge(slot(40), 7), Invariants.VALID_BADGES);
    }

    @Test
    void anEmptySlotIsNoDescendantOfTheIrqControlCap() {
        // descendants_inc: a descendant is of its ancestor's class; an empty slot is of none.
        assertEquals(false, new Invariants(k).descendantsInc(slot(Sys.IRQ_CONTROL), slot(99)));
    }

    @Test
    void aDanglingOldSuccessorIsFoundIncrementally() {
        // (This found a gap in the incremental check, fixed with it: the old successor is outside every
        // written chain, and the incremental check reported the state clean.)
        // valid_dlist after a write that redirects a slot's next link: the old successor still points
        // back at it, though it is no longer in the written slot's chain. (2 -> 256 -> 1, then 256's next
        // is redirected to a new copy of the root CNode cap in 50.)
        int root = slot(Sys.ROOT);
        int cspace = k.mdb.next(root);
        int tcbCap = slot(Sys.TCB);
        k.mdb.corruptLinks(cspace, root, tcbCap);
        k.mdb.corruptLinks(tcbCap, cspace, NIL);
        assertEquals(List.of(), k.checkInvariants(), "a thread cap after the root CNode's chunk is clean");
        int copy = slot(50);
        assertReported(() -> {
            k.caps.copy(root, copy);
            k.mdb.corruptLinks(copy, cspace, NIL);
            k.mdb.corruptLinks(cspace, root, copy);
        }, Invariants.VALID_DLIST);
    }

    @Test
    void aWrittenSlotWhoseListRunsIntoACycleIsReported() {
        // The incremental check's focus follows the next links of a written slot until they return to
        // a slot already in focus: here the untyped is written first, and its list runs into a cycle of
        // two of its children (written after it).
        s.retype(16, ObjectType.Endpoint, 0, 30, 2);
        int ut = slot(16);
        int x = k.mdb.next(ut);
        int y = k.mdb.next(x);
        assertReported(() -> {
            k.caps.setFreeIndex(ut, 4096);
            k.mdb.corruptLinks(x, y, y);
            k.mdb.corruptLinks(y, x, x);
        }, Invariants.VALID_DLIST, Invariants.NO_MLOOP, Invariants.UNTYPED_MDB);
    }

    @Test
    void aDanglingOldPredecessorIsFoundIncrementally() {
        // The mirror case: with 1 -> 2 -> 256 clean, 2's prev link is redirected to a new frame cap in
        // slot 50 (which points on to 2); slot 1's next link still names 2, from outside every written chain.
        int tcbCap = slot(Sys.TCB);
        int root = slot(Sys.ROOT);
        int cspace = k.mdb.next(root);
        k.mdb.corruptLinks(tcbCap, NIL, root);
        k.mdb.corruptLinks(root, tcbCap, cspace);
        assertEquals(List.of(), k.checkInvariants(), "a thread cap before the root CNode's chunk is clean");
        int frame = slot(50);
        assertReported(() -> {
            k.caps.setFrame(frame, 0x900000, Rights.parseLetters("RW"), false);
            k.mdb.corruptLinks(frame, NIL, root);
            k.mdb.corruptLinks(root, frame, cspace);
        }, Invariants.VALID_DLIST);
    }
}
