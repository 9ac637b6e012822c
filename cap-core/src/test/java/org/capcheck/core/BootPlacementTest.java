package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where boot puts the root CNode and the initial TCB (seL4's create_root_cnode and create_initial_thread
 * take their memory from alloc_region, which hands out regions aligned to their size): each boot object
 * is aligned to its own size, above the first 4 KiB, clear of the other and of every untyped region.
 */
class BootPlacementTest {

    private static void placedSoundly(BootConfig c) {
        Sys s = Sys.with(c);
        Cap tcb = s.cap(Sys.TCB);
        Cap root = s.cap(Sys.ROOT);
        assertEquals(c.rootCNodeBits() + ObjectType.SLOT_BITS, root.sizeBits());
        for (Cap o : new Cap[] {tcb, root}) {
            long size = 1L << o.sizeBits();
            assertEquals(0, o.paddr() & (size - 1), o + " aligned to its size");
            assertTrue(Long.compareUnsigned(o.paddr(), 0x1000) >= 0, o + " above the first 4 KiB");
            long last = o.paddr() + size - 1;
            for (UntypedRegion u : c.untyped()) {
                assertFalse(u.overlaps(o.paddr(), last), o + " clear of " + u);
            }
        }
        long tcbLast = tcb.paddr() + (1L << tcb.sizeBits()) - 1;
        long rootLast = root.paddr() + (1L << root.sizeBits()) - 1;
        assertTrue(tcbLast < root.paddr() || rootLast < tcb.paddr(), "the TCB and the root CNode apart");
    }

    @Test
    void bootObjectsAreAlignedToTheirSizeAndApart() {
        for (int bits : new int[] {5, 8, 12, 16}) {
            placedSoundly(BootConfig.defaults().withRootCNodeBits(bits)
                    .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false))));
            placedSoundly(BootConfig.defaults().withRootCNodeBits(bits).withUntyped(List.of(
                    new UntypedRegion(0x1000, 12, false), new UntypedRegion(0x4000, 14, true),
                    new UntypedRegion(0x10000, 16, false))));
        }
    }
}
