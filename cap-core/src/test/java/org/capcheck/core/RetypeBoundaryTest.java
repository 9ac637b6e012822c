package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Untyped_Retype's argument checks (decodeUntypedInvocation) exactly at their limits. */
class RetypeBoundaryTest {

    /** seL4: an Untyped of fewer than minUntypedSizeBits (4) is InvalidArgument 1; 4 itself is allowed. */
    @Test
    void theSmallestUntypedIsSixteenBytes() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.InvalidArgument, s.retype(16, ObjectType.Untyped, ObjectType.MIN_UNTYPED_BITS - 1, 30, 1));
        assertEquals(1, s.err().invalidArgument());
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Untyped, ObjectType.MIN_UNTYPED_BITS, 30, 1));
        assertEquals(4, s.cap(30).sizeBits());
    }

    /** seL4: a node offset past the last slot of the destination CNode is RangeError 0..size-1; the last slot is fine. */
    @Test
    void theLastSlotOfTheDestinationIsInRange() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.RangeError, s.retype(16, ObjectType.Endpoint, 0, 256, 1));
        assertEquals(0, s.err().rangeMin());
        assertEquals(255, s.err().rangeMax());
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 255, 1));
        assertEquals(CapType.Endpoint, s.cap(255).type());
    }
}
