package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Untyped_Retype: decodeUntypedInvocation's checks in order, the watermark, reset, device memory. */
class RetypeTest {
    private Sys s;

    @BeforeEach
    void boot() {
        s = Sys.standard();
    }

    private SeL4Error raw(long type, long size, long offset, long n) {
        return s.done(s.k.untypedRetype(16, type, size, 2, 0, 0, offset, n));
    }

    @Test
    void objectsArePlacedInOrderAboveTheWatermarkAndLinkedInReverse() {
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 3));
        for (int i = 0; i < 3; i++) {
            Cap c = s.cap(30 + i);
            assertEquals(Sys.UT_BASE + 16L * i, c.paddr());
            assertEquals(Rights.ALL, c.rights());
            assertEquals(16, s.parent(30 + i));
            assertTrue(s.original(30 + i));
        }
        assertEquals(48, s.cap(16).freeIndex());
        // insertNewCap links each new cap right after the untyped: the last created comes first.
        assertEquals(s.slot(32), s.k.mdb.next(s.slot(16)));
    }

    @Test
    void alignmentSkipsToTheObjectSize() {
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Frame, 0, 31, 1));
        assertEquals(Sys.UT_BASE + 4096, s.cap(31).paddr());
        assertEquals(8192, s.cap(16).freeIndex());
    }

    @Test
    void anUntypedWithoutChildrenIsResetAndReusedFromItsBase() {
        s.retype(16, ObjectType.TCB, 0, 30, 2);
        assertEquals(4096, s.cap(16).freeIndex());
        s.revoke(16);
        assertEquals(4096, s.cap(16).freeIndex(), "the watermark stays until the next retype");
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 40, 1));
        assertEquals(Sys.UT_BASE, s.cap(40).paddr());
        assertEquals(16, s.cap(16).freeIndex());
    }

    @Test
    void checksComeInSeL4Order() {
        assertEquals(SeL4Error.InvalidArgument, raw(6, 0, 30, 1));
        assertEquals(0, s.err().invalidArgument());
        assertEquals(SeL4Error.RangeError, raw(ObjectType.Untyped.number(), 48, 30, 1));
        assertEquals(0, s.err().rangeMin());
        assertEquals(47, s.err().rangeMax());
        assertEquals(SeL4Error.RangeError, raw(ObjectType.Endpoint.number(), 64, 30, 1));
        assertEquals(SeL4Error.RangeError, raw(ObjectType.CNode.number(), 43, 30, 1));
        assertEquals(SeL4Error.InvalidArgument, raw(ObjectType.CNode.number(), 0, 30, 1));
        assertEquals(1, s.err().invalidArgument());
        assertEquals(SeL4Error.InvalidArgument, raw(ObjectType.Untyped.number(), 3, 30, 1));
        assertEquals(SeL4Error.RangeError, raw(ObjectType.Endpoint.number(), 0, 256, 1));
        assertEquals(255, s.err().rangeMax());
        assertEquals(SeL4Error.RangeError, raw(ObjectType.Endpoint.number(), 0, 30, 0));
        assertEquals(SeL4Error.RangeError, raw(ObjectType.Endpoint.number(), 0, 30, 257));
        assertEquals(256, s.err().rangeMax());
        assertEquals(SeL4Error.RangeError, raw(ObjectType.Endpoint.number(), 0, 250, 7));
        assertEquals(1, s.err().rangeMin());
        assertEquals(6, s.err().rangeMax());
        assertEquals(SeL4Error.DeleteFirst, raw(ObjectType.Endpoint.number(), 0, 15, 2));
        assertEquals(SeL4Error.NotEnoughMemory, raw(ObjectType.Untyped.number(), 21, 30, 1));
        assertEquals(SeL4Error.NotEnoughMemory, raw(ObjectType.Untyped.number(), 19, 30, 3));
    }

    @Test
    void destinationRootMustBeACNode() {
        assertEquals(SeL4Error.FailedLookup, s.done(s.k.untypedRetype(16, ObjectType.Endpoint, 0, 1, 0, 0, 30, 1)));
        assertEquals(LookupFailure.MissingCapability, s.err().lookupFailure());
        assertEquals(SeL4Error.FailedLookup, s.done(s.k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 1, 64, 30, 1)));
        assertEquals(LookupFailure.MissingCapability, s.err().lookupFailure());
        assertEquals(SeL4Error.FailedLookup, s.done(s.k.untypedRetype(16, ObjectType.Endpoint, 0, 1, 2, 64, 30, 1)));
        assertEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
        assertEquals(SeL4Error.RangeError, s.done(s.k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 2, 65, 30, 1)));
    }

    @Test
    void retypeIntoANestedCNodeThroughItsSlot() {
        s.retype(16, ObjectType.CNode, 3, 40, 1);
        assertEquals(SeL4Error.NoError, s.done(s.k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 40, 64, 5, 2)));
        assertEquals(CapType.Endpoint, s.k.view().capAt(s.k.view().resolveSlot(40, 5, 3)).type());
        assertEquals(CapType.Endpoint, s.k.view().capAt(s.k.view().resolveSlot(40, 6, 3)).type());
    }

    @Test
    void deviceUntypedMakesOnlyFramesAndUntyped() {
        Sys d = Sys.with(BootConfig.defaults().withUntyped(List.of(new UntypedRegion(0x200000, 16, true))));
        assertEquals(SeL4Error.InvalidArgument, d.retype(16, ObjectType.Endpoint, 0, 30, 1));
        assertEquals(1, d.err().invalidArgument());
        assertEquals(SeL4Error.NoError, d.retype(16, ObjectType.Frame, 0, 30, 1));
        assertTrue(d.cap(30).device());
        assertEquals(SeL4Error.NoError, d.retype(16, ObjectType.Untyped, 12, 31, 1));
        assertTrue(d.cap(31).device());
        assertEquals(SeL4Error.InvalidArgument, d.retype(31, ObjectType.TCB, 0, 32, 1));
    }

    @Test
    void fanoutLimitComesFromTheConfiguration() {
        Sys f = Sys.with(BootConfig.defaults().withFanoutLimit(4)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
        assertEquals(SeL4Error.RangeError, f.retype(16, ObjectType.Endpoint, 0, 30, 5));
        assertEquals(4, f.err().rangeMax());
    }

    @Test
    void runningOutOfPreallocatedSlotsIsNotEnoughMemory() {
        Sys c = Sys.with(BootConfig.defaults().withCapacity(10, 64)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
        // The pool of 1024 slots holds the 256-slot root CNode and the TCB; one radix-9 CNode fits
        // in the upper half, a second does not, nor do two at once.
        assertEquals(SeL4Error.NotEnoughMemory, c.retype(16, ObjectType.CNode, 9, 30, 2));
        assertEquals(SeL4Error.NoError, c.retype(16, ObjectType.CNode, 9, 30, 1));
        assertEquals(SeL4Error.NotEnoughMemory, c.retype(16, ObjectType.CNode, 9, 31, 1));
        // Deleting it gives the slots back.
        assertEquals(SeL4Error.NoError, c.delete(30));
        assertEquals(SeL4Error.NoError, c.retype(16, ObjectType.CNode, 9, 31, 1));
    }

    @Test
    void aTcbCreatedByRetypeHasEmptySlotsAndCanBeDeleted() {
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        assertEquals(SeL4Error.NoError, s.delete(30));
        assertTrue(s.k.canInvoke());
    }
}
