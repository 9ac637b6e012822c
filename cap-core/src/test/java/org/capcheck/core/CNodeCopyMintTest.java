package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CNode_Copy and CNode_Mint: decodeCNodeInvocation's checks in order, and cteInsert's derivation rules. */
class CNodeCopyMintTest {
    private Sys s;

    @BeforeEach
    void boot() {
        s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 1));
    }

    @Test
    void copyOfAnOriginalIsANonOriginalChild() {
        assertEquals(SeL4Error.NoError, s.copy(40, 30, "RWGP"));
        assertEquals(30, s.parent(40));
        assertFalse(s.original(40));
        assertEquals(1, s.descendants(30));
        assertTrue(s.k.view().sameObject(s.slot(30), s.slot(40)));
    }

    @Test
    void copyOfACopyIsASibling() {
        s.copy(40, 30, "RWGP");
        assertEquals(SeL4Error.NoError, s.copy(41, 40, "RWGP"));
        assertEquals(30, s.parent(41));
        assertEquals(0, s.descendants(40));
        assertEquals(2, s.descendants(30));
    }

    @Test
    void copyMasksRightsAndNeverAddsThem() {
        assertEquals(SeL4Error.NoError, s.copy(40, 30, "RW"));
        assertEquals(Rights.READ | Rights.WRITE, s.cap(40).rights());
        assertEquals(SeL4Error.NoError, s.copy(41, 40, "RWGP"));
        assertEquals(Rights.READ | Rights.WRITE, s.cap(41).rights());
    }

    @Test
    void mintWithABadgeMakesAnOriginalChildOfTheUnbadgedCap() {
        assertEquals(SeL4Error.NoError, s.mint(40, 30, "RWGP", 7));
        assertEquals(7, s.cap(40).badge());
        assertTrue(s.original(40));
        assertEquals(30, s.parent(40));
        // A copy of the badged original is its child; a copy of that copy, a sibling.
        s.copy(41, 40, "RW");
        assertEquals(40, s.parent(41));
        s.copy(42, 41, "RW");
        assertEquals(40, s.parent(42));
        assertEquals(2, s.descendants(40));
        assertEquals(3, s.descendants(30));
    }

    @Test
    void twoMintsOfOneBadgeAreSiblings() {
        s.mint(40, 30, "RWGP", 7);
        assertEquals(SeL4Error.NoError, s.mint(41, 30, "RWGP", 7));
        assertEquals(30, s.parent(40));
        assertEquals(30, s.parent(41));
        assertEquals(0, s.descendants(41));
        assertEquals(0, s.descendants(40));
    }

    @Test
    void mintWithBadgeZeroIsACopy() {
        assertEquals(SeL4Error.NoError, s.mint(40, 30, "RWGP", 0));
        assertFalse(s.original(40));
        assertEquals(30, s.parent(40));
    }

    @Test
    void mintFromABadgedCapIsIllegal() {
        s.mint(40, 30, "RWGP", 7);
        // updateCapData(False, w) of a badged endpoint cap is the null cap.
        assertEquals(SeL4Error.IllegalOperation, s.mint(41, 40, "RWGP", 9));
        assertTrue(s.cap(41).isNull());
    }

    @Test
    void copyOfIrqControlIsIllegal() {
        assertEquals(SeL4Error.IllegalOperation, s.copy(40, 4, "RWGP"));
    }

    @Test
    void copyOfAnUntypedWithChildrenMustRevokeFirst() {
        assertEquals(SeL4Error.RevokeFirst, s.copy(40, 16, "RWGP"));
    }

    @Test
    void copyOfAnUntypedMarksTheSourceFull() {
        Sys t = Sys.standard();
        assertEquals(SeL4Error.NoError, t.copy(40, 16, ""));
        assertEquals(1L << 20, t.cap(16).freeIndex());
        assertEquals(0, t.cap(40).freeIndex());
        assertTrue(t.original(40));
        assertEquals(16, t.parent(40));
        // The full source can no longer retype: its free index is not reset while it has a child.
        assertEquals(SeL4Error.NotEnoughMemory, t.retype(16, ObjectType.Endpoint, 0, 50, 1));
    }

    @Test
    void destinationMustBeEmpty() {
        assertEquals(SeL4Error.DeleteFirst, s.copy(30, 16, "RWGP"));
    }

    @Test
    void emptySourceIsAMissingCapability() {
        assertEquals(SeL4Error.FailedLookup, s.copy(40, 41, "RWGP"));
        assertTrue(s.err().failedLookupWasSource());
        assertEquals(LookupFailure.MissingCapability, s.err().lookupFailure());
    }

    @Test
    void depthOutOfRangeIsARangeError() {
        assertEquals(SeL4Error.RangeError, s.k.cnodeCopy(2, 40, 0, 2, 30, 64, 15));
        assertEquals(1, s.err().rangeMin());
        assertEquals(64, s.err().rangeMax());
        assertEquals(SeL4Error.RangeError, s.k.cnodeCopy(2, 40, 64, 2, 30, 65, 15));
    }

    @Test
    void destinationCheckedBeforeSource() {
        // Dest is full and the source depth is bad: ensureEmptySlot comes first.
        assertEquals(SeL4Error.DeleteFirst, s.k.cnodeCopy(2, 30, 64, 2, 16, 0, 15));
    }

    @Test
    void serviceThatIsNoCNodeIsIllegalAndEmptyServiceInvalid() {
        assertEquals(SeL4Error.IllegalOperation, s.k.cnodeCopy(16, 40, 64, 2, 30, 64, 15));
        assertEquals(SeL4Error.InvalidCapability, s.k.cnodeCopy(41, 40, 64, 2, 30, 64, 15));
    }

    @Test
    void srcRootThatIsNoCNodeIsAnInvalidRoot() {
        assertEquals(SeL4Error.FailedLookup, s.k.cnodeCopy(2, 40, 64, 16, 30, 64, 15));
        assertEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
        assertTrue(s.err().failedLookupWasSource());
    }

    @Test
    void failedInvocationsChangeNothing() {
        byte[] before = s.k.encode();
        s.copy(30, 16, "RWGP");
        s.copy(40, 41, "RWGP");
        s.mint(41, 4, "", 1);
        s.copy(40, 16, "RWGP");
        assertArrayEquals(before, s.k.encode());
    }

    @Test
    void frameRightsFollowVmRights() {
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Frame, 0, 31, 1));
        assertEquals(Rights.READ | Rights.WRITE, s.cap(31).rights());
        s.copy(40, 31, "R");
        assertEquals(Rights.READ, s.cap(40).rights());
        s.copy(41, 31, "W");
        assertEquals(Rights.NONE, s.cap(41).rights());
        s.copy(42, 31, "RWG");
        assertEquals(Rights.READ | Rights.WRITE, s.cap(42).rights());
    }

    @Test
    void notificationCapsCarryOnlyReadAndWrite() {
        s.retype(16, ObjectType.Notification, 0, 31, 1);
        assertEquals(Rights.READ | Rights.WRITE, s.cap(31).rights());
        s.mint(40, 31, "RWGP", 3);
        assertEquals(Rights.READ | Rights.WRITE, s.cap(40).rights());
        assertTrue(s.original(40));
    }

    @Test
    void aFailedDeriveCapIsTheLastError() {
        assertEquals(SeL4Error.RevokeFirst, s.copy(40, 16, "RWGP"));
        assertEquals(SeL4Error.RevokeFirst, s.err().error());
        assertTrue(s.cap(40).isNull());
    }

    @Test
    void copyOfAnIrqHandlerIsNotOriginal() {
        // isCapRevocable: an IRQHandler cap is original only when IRQControl issues it.
        assertEquals(SeL4Error.NoError, s.irqGet(3, 40));
        assertTrue(s.original(40));
        assertEquals(4, s.parent(40));
        assertEquals(SeL4Error.NoError, s.copy(41, 40, "RWGP"));
        assertFalse(s.original(41));
        assertEquals(40, s.parent(41));
        assertEquals(CapType.IRQHandler, s.cap(41).type());
        assertEquals(3, s.cap(41).irq());
    }
}
