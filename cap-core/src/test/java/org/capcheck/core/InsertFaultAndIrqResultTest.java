package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two small contracts around cteInsert: the seeded fault INSERT_NON_ORIGINAL_AS_CHILD (Faults: a copy of a
 * non-original cap is linked as its child, not its sibling, and nothing else changes), which the checkers'
 * tests rely on; and IRQControl_Get's refusals returned as its result (not only in lastError()).
 */
class InsertFaultAndIrqResultTest {

    private static Sys booted(int faults) {
        Sys s = new Sys(Kernel.boot(BootConfig.defaults().withRootCNodeBits(6).withCapacity(8, 16)
                .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false))), faults));
        assertEquals(SeL4Error.NoError, s.k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 30, 1));
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(2, 31, 64, 2, 30, 64, Rights.ALL)); // a copy: not original
        return s;
    }

    @Test
    void aCopyOfACopyIsItsSiblingAsSeL4Has() {
        Sys s = booted(Faults.NONE);
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(2, 32, 64, 2, 31, 64, Rights.ALL));
        assertEquals(30, s.parent(32));
        assertFalse(s.original(31));
    }

    @Test
    void theSeededFaultMakesTheCopiedCopyAParent() {
        Sys s = booted(Faults.INSERT_NON_ORIGINAL_AS_CHILD);
        assertEquals(30, s.parent(31), "a copy of an original is its child either way");
        assertTrue(s.original(30));
        assertFalse(s.original(31));
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(2, 32, 64, 2, 31, 64, Rights.ALL));
        assertEquals(31, s.parent(32), "the fault: a copy of a non-original cap becomes its child");
        assertTrue(s.original(31));
    }

    /** A badged Mint from a copy is original itself (isCapRevocable): the fault leaves its source alone. */
    @Test
    void theSeededFaultLeavesOriginalInsertionsAlone() {
        Sys s = booted(Faults.INSERT_NON_ORIGINAL_AS_CHILD);
        assertEquals(SeL4Error.NoError, s.k.cnodeMint(2, 33, 64, 2, 31, 64, Rights.ALL, 9));
        assertTrue(s.original(33));
        assertFalse(s.original(31), "the source's flags are not touched");
    }

    @Test
    void irqControlGetReturnsItsRefusals() {
        Sys s = booted(Faults.NONE);
        assertEquals(SeL4Error.DeleteFirst, s.k.irqControlGet(Sys.IRQ_CONTROL, 5, Sys.ROOT, 30, 64));
        assertEquals(SeL4Error.FailedLookup, s.k.irqControlGet(Sys.IRQ_CONTROL, 5, Sys.ROOT, 30, 63));
        assertEquals(SeL4Error.RangeError, s.k.irqControlGet(Sys.IRQ_CONTROL, 5, Sys.ROOT, 30, 65));
        assertEquals(SeL4Error.NoError, s.k.irqControlGet(Sys.IRQ_CONTROL, 5, Sys.ROOT, 40, 64));
        assertEquals(SeL4Error.RevokeFirst, s.k.irqControlGet(Sys.IRQ_CONTROL, 5, Sys.ROOT, 41, 64));
        s.assertInvariants();
    }
}
