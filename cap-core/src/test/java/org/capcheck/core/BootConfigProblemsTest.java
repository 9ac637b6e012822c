package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BootConfig#problems()} on its own, at each documented limit: the first and last accepted value
 * of every field give no problem, the values just beyond give exactly the one problem naming the field.
 * (BootConfigLimitsTest checks that problems() and Kernel.boot agree; boot asks problems(), so only
 * this test pins the limits themselves.)
 */
class BootConfigProblemsTest {
    /** Valid in every field: root CNode radix 8 in a pool of 2^10 slots, 64 objects. */
    private static final BootConfig OK = BootConfig.defaults().withCapacity(10, 64);

    private static BootConfig config(int rootBits, int maxIrq, int fanout, int poolBits, int objects) {
        return new BootConfig(rootBits, List.of(), maxIrq, fanout, poolBits, objects);
    }

    private static void accepted(BootConfig c) {
        assertEquals(List.of(), c.problems(), c.toString());
    }

    private static void refused(BootConfig c, String message) {
        assertEquals(List.of(message), c.problems(), c.toString());
    }

    @Test
    void rootCNodeRadixIsFiveToSixteen() {
        accepted(config(5, 31, 256, 17, 64));
        accepted(config(16, 31, 256, 17, 64));
        refused(config(4, 31, 256, 17, 64), "root_cnode_bits must be 5..16, not 4");
        refused(config(17, 31, 256, 18, 64), "root_cnode_bits must be 5..16, not 17");
    }

    @Test
    void irqsZeroToTheLimit() {
        accepted(OK.withMaxIrq(0));
        accepted(OK.withMaxIrq(BootConfig.MAX_IRQ_LIMIT));
        refused(OK.withMaxIrq(-1), "max_irq must be 0..65536, not -1");
        refused(OK.withMaxIrq(BootConfig.MAX_IRQ_LIMIT + 1), "max_irq must be 0..65536, not 65537");
    }

    @Test
    void fanoutOneToTheLimit() {
        accepted(OK.withFanoutLimit(1));
        accepted(OK.withFanoutLimit(BootConfig.MAX_FANOUT_LIMIT));
        refused(OK.withFanoutLimit(0), "fanout_limit must be 1..65536, not 0");
        refused(OK.withFanoutLimit(BootConfig.MAX_FANOUT_LIMIT + 1), "fanout_limit must be 1..65536, not 65537");
    }

    @Test
    void theSlotPoolMustBeLargerThanTheRootCNode() {
        // The root CNode takes 2^rootBits slots of the pool and the initial TCB some more.
        accepted(config(5, 31, 256, 6, 64));
        accepted(config(16, 31, 256, 17, 64));
        String tooSmall = "slot pool of 2^%d slots cannot hold the root CNode and the initial TCB";
        refused(config(5, 31, 256, 5, 64), String.format(tooSmall, 5));
        refused(config(16, 31, 256, 16, 64), String.format(tooSmall, 16));
        refused(config(8, 31, 256, 8, 64), String.format(tooSmall, 8));
        // The pool's own range is 4..22; below it, or with a root radix out of range, only that is said.
        refused(config(8, 31, 256, BootConfig.MIN_SLOT_POOL_BITS - 1, 64),
                "slot pool bits must be 4..22 (2^22 slots is about 170 MB), not 3");
        refused(config(8, 31, 256, BootConfig.MAX_SLOT_POOL_BITS + 1, 64),
                "slot pool bits must be 4..22 (2^22 slots is about 170 MB), not 23");
        refused(config(4, 31, 256, BootConfig.MIN_SLOT_POOL_BITS, 64), "root_cnode_bits must be 5..16, not 4");
        refused(config(17, 31, 256, 17, 64), "root_cnode_bits must be 5..16, not 17");
        accepted(config(16, 31, 256, BootConfig.MAX_SLOT_POOL_BITS, 64));
    }

    @Test
    void withRootCNodeBitsGrowsThePoolToHoldIt() {
        BootConfig c = BootConfig.defaults().withCapacity(6, 64).withRootCNodeBits(8);
        assertEquals(9, c.slotPoolBits(), "one more bit than the root CNode's radix");
        accepted(c);
        assertEquals(18, BootConfig.defaults().withRootCNodeBits(8).slotPoolBits(), "a larger pool is kept");
    }

    @Test
    void objectCapacityTwoToTheLimit() {
        accepted(OK.withCapacity(10, 2));
        accepted(OK.withCapacity(10, BootConfig.MAX_OBJECT_CAPACITY));
        refused(OK.withCapacity(10, 1), "object capacity must be 2..1048576, not 1");
        refused(OK.withCapacity(10, BootConfig.MAX_OBJECT_CAPACITY + 1),
                "object capacity must be 2..1048576, not 1048577");
    }

    @Test
    void untypedSizesAreMinToMaxUntypedBits() {
        accepted(OK.withUntyped(List.of(new UntypedRegion(0, ObjectType.MIN_UNTYPED_BITS, false))));
        accepted(OK.withUntyped(List.of(new UntypedRegion(0, ObjectType.MAX_UNTYPED_BITS, false))));
        refused(OK.withUntyped(List.of(new UntypedRegion(0, ObjectType.MIN_UNTYPED_BITS - 1, false))),
                "untyped[0]: size_bits must be 4..47, not 3");
        refused(OK.withUntyped(List.of(new UntypedRegion(0, ObjectType.MAX_UNTYPED_BITS + 1, false))),
                "untyped[0]: size_bits must be 4..47, not 48");
    }

    @Test
    void overlapsWithRegionsOfTheSmallestAndLargestSize() {
        refused(OK.withUntyped(List.of(new UntypedRegion(0x1000, ObjectType.MIN_UNTYPED_BITS, false),
                new UntypedRegion(0x1000, ObjectType.MIN_UNTYPED_BITS, false))), "untyped[1] overlaps untyped[0]");
        refused(OK.withUntyped(List.of(new UntypedRegion(0, ObjectType.MAX_UNTYPED_BITS, false),
                new UntypedRegion(0x1000, 12, false))), "untyped[1] overlaps untyped[0]");
        // An earlier region with an invalid size is reported for its size, and not also as overlapping.
        refused(OK.withUntyped(List.of(new UntypedRegion(0, ObjectType.MAX_UNTYPED_BITS + 1, false),
                new UntypedRegion(0x1000, 12, false))), "untyped[0]: size_bits must be 4..47, not 48");
    }

    @Test
    void untypedCapsMustFitAfterSlotSixteen() {
        // A root CNode of radix 5 has 32 slots: slots 16..31 hold at most 16 untyped caps.
        accepted(config(5, 31, 256, 17, 64).withUntyped(regions(16)));
        refused(config(5, 31, 256, 17, 64).withUntyped(regions(17)),
                "17 untyped caps do not fit in a root CNode of 32 slots (they start at slot 16)");
        // The largest root CNode, 65,536 slots, holds 65,520 (null regions: each is reported once, quickly).
        List<String> full = config(16, 31, 256, 17, 64).withUntyped(nulls(65_520)).problems();
        assertEquals(65_520, full.size());
        assertEquals("untyped[65519] is null", full.get(65_519));
        List<String> over = config(16, 31, 256, 17, 64).withUntyped(nulls(65_521)).problems();
        assertEquals("65521 untyped caps do not fit in a root CNode of 65536 slots (they start at slot 16)",
                over.get(over.size() - 1));
        // With a root radix out of range only the radix is reported.
        refused(config(4, 31, 256, 17, 64).withUntyped(regions(17)), "root_cnode_bits must be 5..16, not 4");
    }

    private static List<UntypedRegion> regions(int n) {
        List<UntypedRegion> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(new UntypedRegion(0x100000L * (i + 1), 12, false));
        }
        return r;
    }

    private static List<UntypedRegion> nulls(int n) {
        List<UntypedRegion> r = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            r.add(null);
        }
        return r;
    }

    @Test
    void aValidConfigurationBoots() {
        assertTrue(Kernel.boot(config(5, 0, 1, 6, 2)).canInvoke(), "the smallest accepted values boot");
    }
}
