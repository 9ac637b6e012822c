package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The boot state seL4's boot code leaves the initial thread, as captrace v1 fixes it. */
class BootTest {

    @Test
    void fixedSlotsHoldTheBootCaps() {
        Sys s = Sys.standard();
        assertEquals(CapType.Null, s.cap(0).type());
        assertEquals(CapType.Thread, s.cap(1).type());
        Cap root = s.cap(2);
        assertEquals(CapType.CNode, root.type());
        assertEquals(8, root.radix());
        assertEquals(56, root.guardSize());
        assertEquals(0, root.guard());
        assertEquals(CapType.Null, s.cap(3).type());
        assertEquals(CapType.IRQControl, s.cap(4).type());
        Cap ut = s.cap(16);
        assertEquals(CapType.Untyped, ut.type());
        assertEquals(Sys.UT_BASE, ut.paddr());
        assertEquals(20, ut.sizeBits());
        assertEquals(0, ut.freeIndex());
        assertEquals(CapType.Null, s.cap(17).type());
    }

    @Test
    void bootCapsAreOriginalAndParentless() {
        Sys s = Sys.standard();
        for (int i : new int[] {1, 2, 4, 16}) {
            assertTrue(s.original(i), "slot " + i);
            assertEquals(-1, s.parent(i), "slot " + i);
        }
    }

    @Test
    void rootCNodeCapHasTheTcbCSpaceRootAsItsOnlyDescendant() {
        Sys s = Sys.standard();
        assertEquals(1, s.descendants(2));
        assertEquals(0, s.descendants(1));
        assertEquals(0, s.descendants(16));
    }

    @Test
    void deletingTheRootCNodeCapLeavesLookupsWorking() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.delete(2));
        assertTrue(s.cap(2).isNull());
        // The TCB's CSpace root still resolves every CPtr, but the invoked cap at 2 is gone.
        assertEquals(SeL4Error.InvalidCapability, s.k.cnodeCopy(2, 40, 64, 2, 16, 64, Rights.ALL));
        // The untyped at 16 still resolves as the invoked cap; the root argument (slot 1, a TCB cap)
        // is then no CNode: decodeUntypedInvocation's FailedLookup/MissingCapability, not InvalidCapability.
        assertEquals(SeL4Error.FailedLookup, s.k.untypedRetype(16, ObjectType.Endpoint, 0, 1, 0, 0, 0, 1));
        assertEquals(LookupFailure.MissingCapability, s.err().lookupFailure());
    }

    @Test
    void revokingTheRootCNodeCapCutsOffEveryCPtr() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.revoke(2));
        assertEquals(0, s.descendants(2));
        assertEquals(SeL4Error.InvalidCapability, s.k.cnodeDelete(2, 16, 64));
        assertEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
    }

    @Test
    void bootObjectsLieOutsideEveryUntypedRegion() {
        Sys s = Sys.with(BootConfig.defaults().withUntyped(List.of(
                new UntypedRegion(0x1000, 12, false), new UntypedRegion(0x4000, 14, true))));
        for (int i : new int[] {1, 2}) {
            Cap c = s.cap(i);
            long last = c.paddr() + (1L << c.sizeBits()) - 1;
            assertFalse(c.paddr() <= 0x1fff && last >= 0x1000, "slot " + i + " overlaps region 0");
            assertFalse(c.paddr() <= 0x7fff && last >= 0x4000, "slot " + i + " overlaps region 1");
        }
        assertTrue(s.cap(17).device());
    }

    @Test
    void invalidConfigurationsAreRejectedWithTheirReasons() {
        BootConfig tooMany = BootConfig.defaults().withRootCNodeBits(5)
                .withUntyped(java.util.Collections.nCopies(17, new UntypedRegion(0, 4, false)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.boot(tooMany));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
        assertTrue(BootConfig.defaults().withUntyped(List.of(new UntypedRegion(0x1010, 8, false))).problems()
                .get(0).contains("not aligned"));
        assertTrue(BootConfig.defaults().withUntyped(List.of(new UntypedRegion(0x1000, 12, false),
                new UntypedRegion(0x1800, 11, false))).problems().get(0).contains("overlaps"));
        assertTrue(BootConfig.defaults().withUntyped(List.of(new UntypedRegion(0, 48, false))).problems()
                .get(0).contains("size_bits"));
        assertTrue(BootConfig.defaults().withRootCNodeBits(4).problems().get(0).contains("root_cnode_bits"));
    }

    @Test
    void regionAtTheTopOfMemoryBoots() {
        Sys s = Sys.with(BootConfig.defaults().withUntyped(List.of(new UntypedRegion(0xffff_8000_0000_0000L, 47, false))));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Untyped, 47, 20, 1));
        assertEquals(0xffff_8000_0000_0000L, s.cap(20).paddr());
    }
}
