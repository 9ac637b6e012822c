package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Inspection given handles and indices that name nothing answers with the documented value (an
 * empty slot, -1, 0, false, null), never an exception, whatever the handle.
 */
class BadHandlesTest {
    private static final int[] BAD = {-1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20};

    @Test
    void aSlotHandleThatNamesNoSlotReadsAsAnEmptySlot() {
        Sys s = Sys.standard();
        KernelView v = s.k.view();
        int beyond = s.k.objects.slotCapacity() + 3; // past the pool and the scratch slots
        for (int h : new int[] {BAD[0], BAD[1], BAD[2], BAD[3], BAD[4], beyond, s.k.scratch(0)}) {
            assertEquals(Cap.NULL, v.capAt(h), "capAt " + h);
            assertFalse(v.isOriginal(h), "isOriginal " + h);
            assertFalse(v.isFirstBadged(h), "isFirstBadged " + h);
            assertEquals(-1, v.parentOf(h), "parentOf " + h);
            assertEquals(0, v.descendantCount(h), "descendantCount " + h);
            assertFalse(v.sameObject(h, s.slot(2)), "sameObject " + h);
            assertFalse(v.sameObject(s.slot(2), h), "sameObject " + h);
            assertNull(v.addressOf(h), "addressOf " + h);
            assertEquals(-1, v.threadOf(h), "threadOf " + h);
            assertFalse(s.k.isRunnable(h));
            assertEquals(SeL4Error.IllegalOperation, s.k.switchThread(h));
        }
        for (long i : new long[] {-1, 256, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(-1, v.rootSlot(i), "rootSlot " + i);
        }
        for (int irq : new int[] {-1, 32, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertFalse(v.irqHasHandler(irq));
        }
    }

    @Test
    void anEventIndexThatNamesNoEventReadsAsNone() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        HostEvents e = s.k.events();
        assertEquals(1, e.size());
        for (int i : new int[] {-1, 1, e.capacity(), Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertNull(e.kind(i));
            assertEquals(0, e.a(i));
            assertEquals(0, e.b(i));
            assertEquals(0, e.c(i));
            assertEquals("no event", e.describe(i));
        }
    }

    @Test
    void nullArgumentsGiveTheRawPathsAnswers() {
        Sys s = Sys.standard();
        assertEquals(-1, Rights.parseLetters(null));
        assertNull(ObjectType.ofName(null));
        assertNull(SeL4Error.ofName(null));
        assertEquals(SeL4Error.InvalidArgument, s.k.untypedRetype(16, (ObjectType) null, 0, 2, 0, 0, 30, 1));
        assertEquals(SeL4Error.TruncatedMessage, s.k.invoke(2, InvocationLabel.CNODE_COPY, null, 5, null, 1));
        assertEquals(SeL4Error.InvalidArgument, Operation.CNode_Copy.invokeOnce(s.k, null));
        assertFalse(s.k.load(null));
    }
}
