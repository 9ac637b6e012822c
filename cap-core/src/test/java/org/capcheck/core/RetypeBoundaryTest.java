package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** A window of objects that ends at the destination CNode's last slot fits; one more is RangeError 1..room. */
    @Test
    void aWindowEndingAtTheLastSlotFits() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.RangeError, s.retype(16, ObjectType.Endpoint, 0, 250, 7));
        assertEquals(1, s.err().rangeMin());
        assertEquals(6, s.err().rangeMax());
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 250, 6));
        assertEquals(CapType.Endpoint, s.cap(255).type());
    }

    /** seL4 compares free bytes >> object bits with the count: objects that fill the untyped exactly fit. */
    @Test
    void objectsThatFillTheUntypedExactlyFit() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Untyped, 16, 30, 16)); // 16 x 64 KiB = 1 MiB
        assertEquals(1L << 20, s.cap(16).freeIndex());
        assertEquals(SeL4Error.NotEnoughMemory, s.retype(16, ObjectType.Endpoint, 0, 50, 1));
        assertEquals(0, s.err().memoryLeft());
    }

    /**
     * resetUntypedCap zeroes in 2^8-byte chunks, a preemption point after each, unless the untyped is
     * smaller than one chunk (then at once): with a budget of one, a used 256-byte untyped's reset is
     * preempted once, a 128-byte one's is not.
     */
    @Test
    void anUntypedOfOneChunkIsResetInChunks() {
        for (int bits : new int[] {Retype.RESET_CHUNK_BITS - 1, Retype.RESET_CHUNK_BITS}) {
            Sys s = Sys.standard();
            assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Untyped, bits, 30, 1));
            assertEquals(SeL4Error.NoError, s.retype(30, ObjectType.Endpoint, 0, 31, 1));
            assertEquals(SeL4Error.NoError, s.revoke(30));
            assertEquals(16, s.cap(30).freeIndex(), "the watermark stays until a reset");
            s.k.setWorkBudget(1);
            assertEquals(SeL4Error.NoError, s.retype(30, ObjectType.Endpoint, 0, 31, 1));
            boolean chunked = bits >= Retype.RESET_CHUNK_BITS;
            assertEquals(chunked, s.k.wasPreempted(), "untyped of " + bits + " bits");
            if (chunked) {
                assertEquals(0, s.cap(30).freeIndex(), "the one chunk is zeroed");
                assertTrue(s.cap(31).isNull(), "no object before the reset is done");
                assertEquals(SeL4Error.NoError, s.retype(30, ObjectType.Endpoint, 0, 31, 1));
                assertFalse(s.k.wasPreempted());
            }
            assertEquals(CapType.Endpoint, s.cap(31).type());
            assertEquals(s.cap(30).paddr(), s.cap(31).paddr(), "allocated again from the base");
        }
    }

    /** 64 KiB untyped at slot 30 with 16 KiB used (64 chunks of 256 bytes), its children deleted. */
    private static Sys usedUntyped() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Untyped, 16, 30, 1));
        assertEquals(SeL4Error.NoError, s.retype(30, ObjectType.Frame, 0, 31, 4));
        assertEquals(SeL4Error.NoError, s.revoke(30));
        assertEquals(4 * 4096, s.cap(30).freeIndex());
        return s;
    }

    /**
     * resetUntypedCap with a budget of n: each chunk is one preemption point, so n chunks are zeroed (from
     * the top) before it stops, and one ZERO_MEMORY event covers them; a budget above the chunk count
     * finishes the reset and the retype in one invocation, a budget of exactly the count stops after the
     * last chunk.
     */
    @Test
    void aResetStopsAfterAsManyChunksAsTheBudgetAllows() {
        long used = 4 * 4096;
        for (long budget : new long[] {3, 64, 65}) {
            Sys s = usedUntyped();
            long base = s.cap(30).paddr();
            s.k.setWorkBudget(budget);
            assertEquals(SeL4Error.NoError, s.retype(30, ObjectType.Endpoint, 0, 40, 1));
            boolean stopped = budget <= 64;
            assertEquals(stopped, s.k.wasPreempted(), "budget " + budget);
            long watermark = stopped ? used - 256 * budget : 16; // after the retype: one endpoint
            assertEquals(watermark, s.cap(30).freeIndex(), "budget " + budget);
            HostEvents e = s.k.events();
            assertEquals(HostEvents.Kind.ZERO_MEMORY, e.kind(0));
            long zeroedFrom = stopped ? used - 256 * budget : 0;
            assertEquals(base + zeroedFrom, e.b(0), "budget " + budget + ": the zeroed range starts");
            assertEquals(used - zeroedFrom, e.c(0), "budget " + budget + ": the zeroed range's length");
            assertEquals(!stopped, !s.cap(40).isNull());
        }
    }

    /** resetUntypedCap of an untyped smaller than a chunk zeroes the whole region at once: one event. */
    @Test
    void aSmallUntypedIsZeroedWholeInOneEvent() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Untyped, 7, 30, 1));
        long base = s.cap(30).paddr();
        assertEquals(SeL4Error.NoError, s.retype(30, ObjectType.Endpoint, 0, 31, 1));
        assertEquals(SeL4Error.NoError, s.revoke(30));
        assertEquals(SeL4Error.NoError, s.retype(30, ObjectType.Endpoint, 0, 31, 1));
        HostEvents e = s.k.events();
        assertEquals(HostEvents.Kind.ZERO_MEMORY, e.kind(0));
        assertEquals(base, e.b(0));
        assertEquals(128, e.c(0), "the whole 2^7-byte region");
        assertEquals(HostEvents.Kind.OBJECT_CREATED, e.kind(1));
    }
}
