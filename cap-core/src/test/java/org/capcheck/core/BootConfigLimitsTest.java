package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BootConfig's validation and Kernel.boot agree on every field: a configuration without problems
 * boots (no exception, no out-of-memory on a default heap), one with problems is refused with an
 * IllegalArgumentException naming the field. Each field is tried at, inside and beyond its limits.
 */
class BootConfigLimitsTest {
    private static final BootConfig BASE = BootConfig.defaults().withCapacity(10, 64);

    private static void agree(BootConfig c, String field) {
        List<String> problems = c.problems();
        if (problems.isEmpty()) {
            Kernel k = Kernel.boot(c);
            assertTrue(k.canInvoke(), c + " boots");
            assertEquals(List.of(), k.checkInvariants());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.boot(c));
            assertTrue(e.getMessage().contains(field), e.getMessage() + " names " + field);
            assertTrue(problems.get(0).contains(field), problems + " names " + field);
        }
    }

    @Test
    void fanoutLimit() {
        for (int v : new int[] {Integer.MIN_VALUE, -1, 0, 1, 256, BootConfig.MAX_FANOUT_LIMIT,
                BootConfig.MAX_FANOUT_LIMIT + 1, Integer.MAX_VALUE - 63, Integer.MAX_VALUE}) {
            agree(BASE.withFanoutLimit(v), "fanout_limit");
        }
        assertTrue(BASE.withFanoutLimit(Integer.MAX_VALUE - 10).problems().get(0).contains("1..65536"),
                "the message states the limit");
    }

    @Test
    void maxIrq() {
        for (int v : new int[] {Integer.MIN_VALUE, -1, 0, 31, BootConfig.MAX_IRQ_LIMIT, BootConfig.MAX_IRQ_LIMIT + 1,
                Integer.MAX_VALUE}) {
            agree(BASE.withMaxIrq(v), "max_irq");
        }
    }

    @Test
    void rootCNodeBits() {
        for (int v : new int[] {Integer.MIN_VALUE, 4, 5, 9, 16, 17, Integer.MAX_VALUE}) {
            agree(new BootConfig(v, List.of(), 31, 256, 17, 64), "root_cnode_bits");
        }
    }

    @Test
    void slotPoolAndObjectCapacity() {
        for (int v : new int[] {Integer.MIN_VALUE, 3, 9, BootConfig.MAX_SLOT_POOL_BITS + 1, 31, Integer.MAX_VALUE}) {
            agree(BootConfig.defaults().withCapacity(v, 64), "slot pool");
        }
        for (int v : new int[] {Integer.MIN_VALUE, 0, 1, 2, BootConfig.MAX_OBJECT_CAPACITY,
                BootConfig.MAX_OBJECT_CAPACITY + 1, Integer.MAX_VALUE}) {
            agree(BootConfig.defaults().withCapacity(10, v), "object capacity");
        }
    }

    @Test
    void theLargestPoolBoots() {
        Kernel k = Kernel.boot(BootConfig.defaults().withCapacity(BootConfig.MAX_SLOT_POOL_BITS, 64));
        assertTrue(k.canInvoke());
        assertEquals(SeL4Error.NoError, k.cnodeCopy(2, 40, 64, 2, 2, 64, Rights.ALL));
    }

    @Test
    void untypedRegions() {
        agree(BASE.withUntyped(List.of(new UntypedRegion(0x100000, 3, false))), "untyped[0]");
        agree(BASE.withUntyped(List.of(new UntypedRegion(0x100000, 48, false))), "untyped[0]");
        agree(BASE.withUntyped(List.of(new UntypedRegion(0x100001, 12, false))), "untyped[0]");
        agree(BASE.withUntyped(List.of(new UntypedRegion(0, 47, false))), "untyped");
        agree(BASE.withUntyped(List.of(new UntypedRegion(-(1L << 47), 47, true))), "untyped");
        List<UntypedRegion> withNull = new ArrayList<>(Arrays.asList(new UntypedRegion(0x100000, 12, false), null));
        agree(BASE.withUntyped(withNull), "untyped[1]");
        List<UntypedRegion> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new UntypedRegion(0x100000L * (i + 1), 12, false));
        }
        agree(BASE.withUntyped(many), "untyped caps do not fit");
    }

    @Test
    void nullsAreRefusedNotThrownAsNullPointers() {
        assertFalse(BASE.withUntyped(null).problems().iterator().hasNext(), "a null list is no regions");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernel.boot(null));
        assertNotNull(e.getMessage());
        Kernel k = Kernel.boot(BASE.withUntyped(List.of(new UntypedRegion(0x100000, 16, false))));
        assertEquals(SeL4Error.InvalidArgument, k.untypedRetype(16, (ObjectType) null, 0, 2, 0, 0, 30, 1));
        assertEquals(0, k.lastError().invalidArgument());
    }
}
