package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CNode_Delete and CNode_Revoke: emptySlot's re-parenting, final caps, Zombies, revocation. */
class DeleteRevokeTest {
    private Sys s;

    @BeforeEach
    void boot() {
        s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
    }

    @Test
    void deletingAnEmptySlotDoesNothing() {
        byte[] before = s.k.encode();
        assertEquals(SeL4Error.NoError, s.delete(99));
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(s.k.encode()));
    }

    @Test
    void deleteReparentsChildrenToTheDeletedCapsParent() {
        s.mint(31, 30, "RWGP", 5);
        s.copy(32, 31, "RW");
        s.copy(33, 31, "RW");
        assertEquals(SeL4Error.NoError, s.delete(31));
        assertEquals(30, s.parent(32));
        assertEquals(30, s.parent(33));
        assertFalse(s.original(32));
        assertEquals(2, s.descendants(30));
    }

    @Test
    void deleteOfABadgedOriginalDoesNotHandItsCopiesToAnEarlierMintOfTheSameBadge() {
        s.mint(31, 30, "RWGP", 5);
        s.mint(32, 30, "RWGP", 5); // sibling of 31, placed before it in the list
        s.copy(33, 31, "RW");      // child of 31
        assertEquals(31, s.parent(33));
        assertEquals(SeL4Error.NoError, s.delete(31));
        // emptySlot ORs 31's first-badged flag into 33, so 32 does not adopt it.
        assertEquals(30, s.parent(33));
        assertEquals(0, s.descendants(32));
    }

    @Test
    void revokeDeletesEveryDescendantAndKeepsTheCap() {
        s.mint(31, 30, "RWGP", 5);
        s.copy(32, 31, "RW");
        s.copy(33, 30, "RW");
        assertEquals(SeL4Error.NoError, s.revoke(30));
        assertEquals(CapType.Endpoint, s.cap(30).type());
        for (int i : new int[] {31, 32, 33}) {
            assertTrue(s.cap(i).isNull(), "slot " + i);
        }
        assertEquals(0, s.descendants(30));
    }

    @Test
    void revokeOfABadgedOriginalDeletesOnlyItsCopies() {
        s.mint(31, 30, "RWGP", 5);
        s.mint(32, 30, "RWGP", 6);
        s.copy(33, 31, "RW");
        s.copy(34, 32, "RW");
        assertEquals(SeL4Error.NoError, s.revoke(31));
        assertTrue(s.cap(33).isNull());
        assertEquals(CapType.Endpoint, s.cap(34).type());
        assertEquals(32, s.parent(34));
    }

    @Test
    void revokeOfAThreeLevelUntypedChainDeletesEveryLevel() {
        s.revoke(16);
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Untyped, 16, 40, 1));
        assertEquals(SeL4Error.NoError, s.retype(40, ObjectType.Untyped, 12, 41, 1));
        assertEquals(SeL4Error.NoError, s.retype(41, ObjectType.Endpoint, 0, 42, 2));
        assertEquals(41, s.parent(42));
        assertEquals(40, s.parent(41));
        assertEquals(16, s.parent(40));
        assertEquals(4, s.descendants(16));
        assertEquals(SeL4Error.NoError, s.revoke(16));
        for (int i = 40; i <= 43; i++) {
            assertTrue(s.cap(i).isNull(), "slot " + i);
        }
    }

    @Test
    void deletingTheFinalCapOfACNodeDeletesItsContents() {
        // A radix-2 CNode at 40 holding a copy of the endpoint (as a child of 30) in its slot 1.
        s.retype(16, ObjectType.CNode, 2, 40, 1);
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(40, 1, 2, 2, 30, 64, Rights.ALL));
        s.assertInvariants();
        assertEquals(1, s.descendants(30));
        assertEquals(SeL4Error.NoError, s.delete(40));
        assertTrue(s.cap(40).isNull());
        assertEquals(0, s.descendants(30), "the copy inside the CNode went with it");
    }

    @Test
    void aNonFinalCNodeCapDeletesNothingElse() {
        s.retype(16, ObjectType.CNode, 2, 40, 1);
        s.k.cnodeCopy(40, 1, 2, 2, 30, 64, Rights.ALL);
        s.copy(41, 40, "");
        assertEquals(SeL4Error.NoError, s.delete(40));
        assertEquals(1, s.descendants(30));
        assertEquals(CapType.Endpoint, s.k.view().capAt(s.k.view().resolveSlot(41, 1, 2)).type());
    }

    @Test
    void aNestedFinalCNodeIsLeftAsACyclicZombieUntilItsUntypedIsRevoked() {
        // Outer CNode A at 40 (radix 2); inner CNode B (radix 2) moved into A[0]; B[1] holds an endpoint copy.
        s.retype(16, ObjectType.CNode, 2, 40, 1);
        s.retype(16, ObjectType.CNode, 2, 41, 1);
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(41, 1, 2, 2, 30, 64, Rights.ALL));
        assertEquals(SeL4Error.NoError, s.k.cnodeMove(40, 0, 2, 2, 41, 64));
        s.assertInvariants();
        assertEquals(1, s.descendants(30));
        assertEquals(SeL4Error.NoError, s.delete(40));
        s.assertInvariants();
        // B's final cap sat in A: unexposed deletion swapped B's Zombie into B[0], and B[1] remains.
        assertEquals(1, s.descendants(30), "B[1] is unreachable but still exists (seL4 manual, CSpace)");
        assertEquals(SeL4Error.NoError, s.revoke(16));
        assertEquals(0, s.descendants(16));
        assertEquals(0, s.descendants(30));
    }

    @Test
    void deletingTheInitialThreadsLastTcbCapStopsInvocations() {
        assertTrue(s.k.canInvoke());
        assertEquals(SeL4Error.NoError, s.delete(1));
        assertFalse(s.k.canInvoke());
        assertEquals(-1, s.k.initialThread());
        s.assertInvariants();
        assertEquals(0, s.descendants(2), "the TCB's CSpace-root copy went with the TCB");
    }

    @Test
    void aCopiedTcbCapIsNotFinal() {
        s.copy(40, 1, "");
        assertEquals(SeL4Error.NoError, s.delete(1));
        assertTrue(s.k.canInvoke());
    }

    @Test
    void deletingTheLastHandlerCapFreesTheIrq() {
        assertEquals(SeL4Error.NoError, s.irqGet(3, 50));
        s.copy(51, 50, "");
        assertEquals(SeL4Error.RevokeFirst, s.irqGet(3, 52));
        s.delete(50);
        assertTrue(s.k.view().irqHasHandler(3), "a copy remains");
        s.delete(51);
        assertFalse(s.k.view().irqHasHandler(3));
        assertEquals(SeL4Error.NoError, s.irqGet(3, 52));
    }

    @Test
    void lookupErrorsAreTheOnlyErrors() {
        assertEquals(SeL4Error.RangeError, s.k.cnodeDelete(2, 30, 65));
        // 63 bits: the 56-bit guard of zeros matches, then the level needs 64 bits: DepthMismatch.
        assertEquals(SeL4Error.FailedLookup, s.k.cnodeRevoke(2, 30, 63));
        assertEquals(LookupFailure.DepthMismatch, s.err().lookupFailure());
        // A set bit inside the guard: GuardMismatch.
        assertEquals(SeL4Error.FailedLookup, s.k.cnodeRevoke(2, (1L << 40) | 30, 64));
        assertEquals(LookupFailure.GuardMismatch, s.err().lookupFailure());
        assertEquals(SeL4Error.IllegalOperation, s.k.cnodeDelete(30, 30, 64));
    }

    @Test
    void cancelBadgedSendsNeedsAnEndpointWithAllRights() {
        assertEquals(SeL4Error.NoError, s.k.cnodeCancelBadgedSends(2, 30, 64));
        s.copy(31, 30, "RWG");
        assertEquals(SeL4Error.IllegalOperation, s.k.cnodeCancelBadgedSends(2, 31, 64));
        assertEquals(SeL4Error.IllegalOperation, s.k.cnodeCancelBadgedSends(2, 99, 64));
        assertEquals(SeL4Error.IllegalOperation, s.k.cnodeCancelBadgedSends(2, 16, 64));
    }
}
