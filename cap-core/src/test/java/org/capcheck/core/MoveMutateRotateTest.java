package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CNode_Move, CNode_Mutate and CNode_Rotate: cteMove and cteSwap keep derivation-tree positions. */
class MoveMutateRotateTest {
    private Sys s;

    @BeforeEach
    void boot() {
        s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.mint(31, 30, "RWGP", 5);
        s.copy(32, 31, "RW");
    }

    @Test
    void moveKeepsPositionOriginalFlagAndChildren() {
        assertEquals(SeL4Error.NoError, s.move(40, 31));
        assertTrue(s.cap(31).isNull());
        assertFalse(s.original(31));
        assertTrue(s.original(40));
        assertEquals(30, s.parent(40));
        assertEquals(40, s.parent(32));
        assertEquals(1, s.descendants(40));
    }

    @Test
    void moveOfAnUntypedWithChildrenIsAllowed() {
        assertEquals(SeL4Error.NoError, s.move(40, 16));
        assertEquals(3, s.descendants(40));
        assertEquals(40, s.parent(30));
    }

    @Test
    void moveToTheSameSlotMustDeleteFirst() {
        assertEquals(SeL4Error.DeleteFirst, s.move(31, 31));
    }

    @Test
    void mutateOfAnyEndpointCapIsIllegal() {
        assertEquals(SeL4Error.IllegalOperation, s.mutate(40, 30, 0));
        assertEquals(SeL4Error.IllegalOperation, s.mutate(40, 31, 5));
    }

    @Test
    void mutateSetsACNodeGuard() {
        // Guard size in bits 0..5 of the data word, guard above (seL4_CNode_CapData on 64-bit).
        long data = (0b1011L << 6) | 4;
        assertEquals(SeL4Error.NoError, s.mutate(40, 2, data));
        Cap c = s.cap(40);
        assertEquals(4, c.guardSize());
        assertEquals(0b1011, c.guard());
        assertTrue(s.cap(2).isNull());
        assertEquals(1, s.descendants(40), "the TCB's CSpace root stays a child");
    }

    @Test
    void mutateMasksTheGuardToItsSize() {
        long data = (0b1111L << 6) | 2;
        s.mutate(40, 2, data);
        assertEquals(0b11, s.cap(40).guard());
    }

    @Test
    void mutateWithAGuardTooLargeForTheWordIsIllegal() {
        long data = 57; // guard size 57 + radix 8 > 64
        assertEquals(SeL4Error.IllegalOperation, s.mutate(40, 2, data));
        assertEquals(CapType.CNode, s.cap(2).type());
    }

    @Test
    void mutateOfAFrameMovesItUnchanged() {
        s.retype(16, ObjectType.Frame, 0, 33, 1);
        assertEquals(SeL4Error.NoError, s.mutate(40, 33, 12345));
        assertEquals(CapType.Frame, s.cap(40).type());
        assertEquals(16, s.parent(40));
    }

    @Test
    void rotateWithSourceAsDestinationSwapsTwoCaps() {
        s.retype(16, ObjectType.Frame, 0, 33, 1);
        s.retype(16, ObjectType.Notification, 0, 34, 1);
        // Frames and CNode caps survive updateCapData(True); endpoint caps would not.
        s.copy(35, 33, "RW");
        assertEquals(SeL4Error.NoError, s.rotate(35, 2, 56, 35, 0));
        assertEquals(CapType.CNode, s.cap(35).type());
        assertEquals(CapType.Frame, s.cap(2).type());
        assertEquals(33, s.parent(2), "the frame copy keeps its place: a child of the original frame cap");
        assertEquals(1, s.descendants(35), "the root CNode cap kept its child");
        assertTrue(s.original(35));
        assertFalse(s.original(2));
    }

    @Test
    void rotateThroughAPivotMovesPivotToDestAndSourceToPivot() {
        s.retype(16, ObjectType.Frame, 0, 33, 2);
        assertEquals(SeL4Error.NoError, s.rotate(40, 33, 0, 34, 0));
        Cap pivotWas = s.cap(40);
        assertEquals(CapType.Frame, pivotWas.type());
        assertEquals(CapType.Frame, s.cap(33).type());
        assertTrue(s.cap(34).isNull());
        assertEquals(16, s.parent(40));
        assertEquals(16, s.parent(33));
    }

    @Test
    void rotateChecksInSeL4Order() {
        s.retype(16, ObjectType.Frame, 0, 33, 2);
        // pivot = src
        assertEquals(SeL4Error.IllegalOperation, s.rotate(40, 33, 0, 33, 0));
        // pivot = dest
        assertEquals(SeL4Error.IllegalOperation, s.rotate(33, 33, 0, 34, 0));
        // dest full (and dest != src)
        assertEquals(SeL4Error.DeleteFirst, s.rotate(30, 33, 0, 34, 0));
        // empty src is a source lookup failure
        assertEquals(SeL4Error.FailedLookup, s.rotate(40, 33, 0, 41, 0));
        assertTrue(s.err().failedLookupWasSource());
        // empty pivot is not
        assertEquals(SeL4Error.FailedLookup, s.rotate(40, 41, 0, 33, 0));
        assertFalse(s.err().failedLookupWasSource());
        assertEquals(LookupFailure.MissingCapability, s.err().lookupFailure());
        // endpoint caps cannot go through updateCapData(True)
        assertEquals(SeL4Error.IllegalOperation, s.rotate(40, 33, 0, 30, 0));
    }

    @Test
    void rotateAppliesThePivotDataToThePivotCap() {
        // The root CNode cap as pivot: updateCapData(True) sets its guard on the way to dest.
        s.retype(16, ObjectType.Frame, 0, 33, 1);
        long data = (0b101L << 6) | 3;
        assertEquals(SeL4Error.NoError, s.rotate(40, 2, data, 33, 0));
        assertEquals(CapType.CNode, s.cap(40).type());
        assertEquals(3, s.cap(40).guardSize());
        assertEquals(0b101, s.cap(40).guard());
        assertEquals(CapType.Frame, s.cap(2).type());
        // An endpoint cap as pivot cannot go through updateCapData(True), whatever the data.
        s.retype(16, ObjectType.Frame, 0, 34, 1);
        assertEquals(SeL4Error.IllegalOperation, s.rotate(41, 31, 0, 34, 0));
        assertEquals(CapType.Endpoint, s.cap(31).type());
        assertTrue(s.cap(41).isNull());
    }

    @Test
    void rotateLookupFailuresNameTheirSide() {
        s.retype(16, ObjectType.Frame, 0, 33, 2);
        // An empty source: MissingCapability with the source depth as the bits left.
        assertEquals(SeL4Error.FailedLookup, s.rotate(40, 33, 0, 41, 0));
        assertEquals(LookupFailure.MissingCapability, s.err().lookupFailure());
        assertEquals(64, s.err().bitsLeft());
        // A source depth out of range, then a pivot depth out of range.
        assertEquals(SeL4Error.RangeError,
                s.done(s.k.cnodeRotate(2, 40, 64, 2, 33, 64, 0, 2, 34, 0, 0)));
        assertEquals(SeL4Error.RangeError,
                s.done(s.k.cnodeRotate(2, 40, 64, 2, 33, 65, 0, 2, 34, 64, 0)));
        // A pivot root that is no CNode: seL4's lookupPivotSlot reports its failure as the source's.
        assertEquals(SeL4Error.FailedLookup,
                s.done(s.k.cnodeRotate(2, 40, 64, 33, 33, 64, 0, 2, 34, 64, 0)));
        assertEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
        assertTrue(s.err().failedLookupWasSource());
        assertEquals(CapType.Frame, s.cap(34).type());
        assertTrue(s.cap(40).isNull());
    }
}
