package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernel#load} is the inverse of {@link Kernel#encode}: over many random reachable states
 * (every operation, random arguments and budgets, every seeded fault) the loaded scratch kernel
 * encodes to the same bytes and answers the next random invocation exactly as the original does;
 * loading allocates nothing after the first load; bad bytes are refused, not thrown on.
 */
class LoadTest {
    @Test
    void encodeLoadEncodeIsIdenticalAndBehaviourFollows() {
        long[] a = new long[16];
        int loads = 0;
        int seeds = Campaigns.seeds(12);
        for (int faults : IncrementalInvariantsTest.FAULTS) {
            Kernel scratch = IncrementalInvariantsTest.small(faults);
            for (long seed = 1; seed <= seeds; seed++) {
                Random r = new Random(seed * 17 + faults);
                Kernel k = IncrementalInvariantsTest.small(faults);
                for (int step = 0; step < 120 && k.canInvoke(); step++) {
                    byte[] before = k.encode();
                    assertTrue(scratch.load(before), "faults " + faults + " seed " + seed + " step " + step);
                    assertArrayEquals(before, scratch.encode(), "round trip, seed " + seed + " step " + step);
                    List<String> broken = k.checkInvariants();
                    if (!broken.contains(Invariants.OBJECTS_DISJOINT)) {
                        // Two live objects at one address (only in a state that breaks objects_disjoint):
                        // which one a cap names is not in the encoding, so objs_reachable may differ.
                        assertEquals(broken, scratch.checkInvariants());
                    }
                    assertEquals(k.canInvoke(), scratch.canInvoke());
                    loads++;
                    // The same next invocation on both.
                    Operation op = IncrementalInvariantsTest.draw(r, a);
                    if (op == Operation.Untyped_Retype && r.nextBoolean()) {
                        a[0] = 16;
                        a[4] = 0;
                        a[5] = 0;
                    }
                    long budget = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : Kernel.UNLIMITED;
                    k.setWorkBudget(budget);
                    scratch.setWorkBudget(budget);
                    SeL4Error expected = op.invoke(k, a);
                    SeL4Error actual = op.invoke(scratch, a);
                    assertEquals(expected, actual, op + " " + Arrays.toString(a));
                    assertEquals(k.lastError().toString(), scratch.lastError().toString());
                    assertArrayEquals(k.encode(), scratch.encode(), op + " " + Arrays.toString(a));
                }
            }
        }
        assertTrue(loads > 3000 * seeds / 12, "loads: " + loads);
    }

    @Test
    void loadingAllocatesNothingAfterTheFirstLoad() {
        Kernel k = IncrementalInvariantsTest.small(Faults.NONE);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30, 2));
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 32, 3));
        assertEquals(SeL4Error.NoError, k.cnodeMint(2, 40, 64, 2, 32, 64, Rights.ALL, 5));
        byte[] one = k.encode();
        byte[] boot = IncrementalInvariantsTest.small(Faults.NONE).encode();
        Kernel scratch = IncrementalInvariantsTest.small(Faults.NONE);
        for (int i = 0; i < 2000; i++) { // warm-up
            scratch.load(i % 2 == 0 ? one : boot);
        }
        boolean[] ok = {true};
        long quietest = ThreadAllocation.quietest(5, () -> {
            for (int i = 0; i < 1000; i++) {
                ok[0] &= scratch.load(i % 2 == 0 ? one : boot);
            }
        });
        assertTrue(ok[0]);
        assertEquals(0, quietest, "bytes allocated by 1,000 loads in the quietest round");
        assertArrayEquals(boot, scratch.encode());
    }

    @Test
    void badBytesAreRefused() {
        Kernel k = IncrementalInvariantsTest.small(Faults.NONE);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30, 1));
        byte[] good = k.encode();
        Kernel scratch = IncrementalInvariantsTest.small(Faults.NONE);
        assertFalse(scratch.load(null));
        assertFalse(scratch.load(new byte[0]));
        for (int cut = 1; cut < good.length; cut += 7) {
            assertFalse(scratch.load(Arrays.copyOf(good, cut)), "truncated at " + cut);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertFalse(scratch.load(longer), "trailing bytes");
        Random r = new Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] noisy = good.clone();
            noisy[r.nextInt(noisy.length)] = (byte) r.nextInt(256);
            scratch.load(noisy); // any answer, but no exception
        }
        Kernel other = Kernel.boot(BootConfig.defaults().withCapacity(10, 64).withMaxIrq(7));
        assertFalse(scratch.load(other.encode()), "an encoding of another configuration");
        assertTrue(scratch.load(good));
        assertArrayEquals(good, scratch.encode());
        assertEquals(List.of(), scratch.checkInvariants());
    }
}
