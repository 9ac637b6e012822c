package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Addressing through nested guarded CNodes (seL4's resolveAddressBits and lookupSlotForCNodeOp).
 * Layout: root slot 41 holds a cap to CNode X (radix 4) with guard 0b1010 of size 4, so X's slots
 * take 8 bits: {@code 1010 iiii}. X[3] holds a cap to CNode Y (radix 2) with guard 0b01 of size 2,
 * so Y's slots take 8 + 4 bits: {@code 1010 0011 01 jj}. X[5] holds an endpoint cap.
 */
class LookupTest {
    private Sys s;

    @BeforeEach
    void build() {
        s = Sys.standard();
        s.retype(16, ObjectType.CNode, 4, 40, 1);
        s.retype(16, ObjectType.CNode, 2, 42, 1);
        s.retype(16, ObjectType.Endpoint, 0, 43, 1);
        assertEquals(SeL4Error.NoError, s.mutate(41, 40, (0b1010L << 6) | 4));
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeMutate(41, 0b1010_0011, 8, 2, 42, 64, (0b01L << 6) | 2)));
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeCopy(41, 0b1010_0101, 8, 2, 43, 64, Rights.ALL)));
    }

    private int resolve(long index, long depth) {
        return s.k.view().resolveSlot(41, index, depth);
    }

    @Test
    void twoLevelsResolveWithGuardsAndRadices() {
        int y2 = resolve(0b1010_0011_01_10L, 12);
        assertTrue(y2 >= 0);
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeCopy(41, 0b1010_0011_01_10L, 12, 2, 43, 64, Rights.ALL)));
        assertEquals(CapType.Endpoint, s.k.view().capAt(y2).type());
        assertEquals(16, s.parent(43), "the endpoint came from the untyped");
        assertEquals(2, s.descendants(43));
    }

    @Test
    void guardMismatchAtTheFirstLevel() {
        assertEquals(-1, resolve(0b1011_0011, 8));
        assertEquals(SeL4Error.FailedLookup, s.err().error());
        assertEquals(LookupFailure.GuardMismatch, s.err().lookupFailure());
        assertEquals(8, s.err().bitsLeft());
    }

    @Test
    void depthMismatchAtTheFirstLevel() {
        assertEquals(-1, resolve(0b101_0001, 7));
        assertEquals(LookupFailure.DepthMismatch, s.err().lookupFailure());
        assertEquals(7, s.err().bitsLeft());
        assertEquals(8, s.err().bitsFound());
    }

    @Test
    void guardTooLongForTheBitsLeftIsAGuardMismatch() {
        assertEquals(-1, resolve(0b101, 3));
        assertEquals(LookupFailure.GuardMismatch, s.err().lookupFailure());
    }

    @Test
    void guardMismatchAtTheSecondLevel() {
        assertEquals(-1, resolve(0b1010_0011_11_10L, 12));
        assertEquals(LookupFailure.GuardMismatch, s.err().lookupFailure());
        assertEquals(4, s.err().bitsLeft());
    }

    @Test
    void depthMismatchAtTheSecondLevel() {
        assertEquals(-1, resolve(0b1010_0011_01_1L, 11));
        assertEquals(LookupFailure.DepthMismatch, s.err().lookupFailure());
        assertEquals(3, s.err().bitsLeft());
    }

    @Test
    void bitsLeftOverAtANonCNodeCapAreADepthMismatch() {
        assertEquals(-1, resolve(0b1010_0101_0000L, 12));
        assertEquals(LookupFailure.DepthMismatch, s.err().lookupFailure());
        assertEquals(4, s.err().bitsLeft());
        // ... and at an empty slot likewise.
        assertEquals(-1, resolve(0b1010_0110_0000L, 12));
        assertEquals(LookupFailure.DepthMismatch, s.err().lookupFailure());
    }

    @Test
    void stoppingAtTheCNodeCapSlotItselfIsAllowed() {
        int x3 = resolve(0b1010_0011, 8);
        assertEquals(CapType.CNode, s.k.view().capAt(x3).type());
    }

    @Test
    void onlyTheLowDepthBitsCount() {
        assertEquals(resolve(0b1010_0011_01_10L, 12), resolve((0xABCL << 12) | 0b1010_0011_01_10L, 12));
    }

    @Test
    void invokedCPtrStopsAtTheFirstNonCNodeCap() {
        // The root's level consumes all 64 bits; the invoked CPtr 43 names the endpoint, whose
        // type is wrong for a CNode operation.
        assertEquals(SeL4Error.IllegalOperation, s.k.cnodeDelete(43, 0, 64));
        assertEquals(SeL4Error.InvalidCapability, s.k.cnodeDelete(0xffff_0000_0000_0000L, 0, 64));
        assertEquals(LookupFailure.GuardMismatch, s.err().lookupFailure());
    }

    @Test
    void aGuardThatUsesEveryBitLeftIsADepthMismatch() {
        // resolveAddressBits checks the guard (4 bits, matching) before the level (4 + 4 bits): a
        // walk of exactly the guard's 4 bits fails on the level, not the guard.
        assertEquals(-1, resolve(0b1010, 4));
        assertEquals(LookupFailure.DepthMismatch, s.err().lookupFailure());
        assertEquals(4, s.err().bitsLeft());
        assertEquals(8, s.err().bitsFound());
    }

    @Test
    void aCNodeOperationWhoseWalkFailsIsAFailedLookupOfThatSide() {
        // Source walk through X stops at a guard mismatch.
        assertEquals(SeL4Error.FailedLookup, s.k.cnodeCopy(2, 50, 64, 41, 0b1011_0011, 8, Rights.ALL));
        assertTrue(s.err().failedLookupWasSource());
        assertEquals(LookupFailure.GuardMismatch, s.err().lookupFailure());
        // Destination walk that reaches the endpoint in X[5] with 4 bits left over.
        assertEquals(SeL4Error.FailedLookup, s.k.cnodeCopy(41, 0b1010_0101_0000L, 12, 2, 43, 64, Rights.ALL));
        assertFalse(s.err().failedLookupWasSource());
        assertEquals(LookupFailure.DepthMismatch, s.err().lookupFailure());
        assertEquals(4, s.err().bitsLeft());
        assertTrue(s.cap(50).isNull());
    }

    @Test
    void depthOneIsInRangeAndSixtyFiveIsNot() {
        // lookupSlotForCNodeOp's range is [1, 64]: depth 1 gets to the walk, which fails on the
        // root's 56-bit guard.
        assertEquals(SeL4Error.FailedLookup, s.k.cnodeDelete(2, 0, 1));
        assertEquals(LookupFailure.GuardMismatch, s.err().lookupFailure());
        assertEquals(SeL4Error.RangeError, s.k.cnodeDelete(2, 0, 0));
        assertEquals(SeL4Error.RangeError, s.k.cnodeDelete(2, 0, 65));
        assertEquals(1, s.err().rangeMin());
        assertEquals(64, s.err().rangeMax());
    }
}
