package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernel#modifications()} is a sound "changed nothing" signal: over many random invocations
 * (every operation, random arguments and budgets, every seeded fault), whenever the count is the same
 * after an invocation as before, the canonical encoding is too. And {@link Kernel#encode(byte[])}
 * writes what {@link Kernel#encode()} returns, allocating nothing once the kernel has encoded before.
 */
class ModificationsTest {
    @Test
    void anUnchangedCountMeansAnUnchangedState() {
        long[] a = new long[16];
        byte[] buffer = new byte[8];
        int unchanged = 0;
        int changed = 0;
        int seeds = Campaigns.seeds(12);
        for (int faults : IncrementalInvariantsTest.FAULTS) {
            for (long seed = 1; seed <= seeds; seed++) {
                Random r = new Random(seed * 31 + faults);
                Kernel k = IncrementalInvariantsTest.small(faults);
                for (int step = 0; step < 150 && k.canInvoke(); step++) {
                    byte[] before = k.encode();
                    long count = k.modifications();
                    Operation op = IncrementalInvariantsTest.draw(r, a);
                    if (op == Operation.Untyped_Retype && r.nextBoolean()) {
                        a[0] = 16;
                        a[4] = 0;
                        a[5] = 0;
                    }
                    k.setWorkBudget(r.nextInt(4) == 0 ? 1 + r.nextInt(3) : Kernel.UNLIMITED);
                    op.invoke(k, a);
                    byte[] after = k.encode();
                    if (k.modifications() == count) {
                        unchanged++;
                        assertArrayEquals(before, after, "count unchanged but state changed: faults " + faults
                                + " seed " + seed + " step " + step + " " + op + " " + Arrays.toString(a));
                    } else if (!Arrays.equals(before, after)) {
                        changed++;
                    }
                    int n = k.encode(buffer);
                    if (n > buffer.length) {
                        assertEquals(n, k.encode(null), "the length asked for, whatever the buffer");
                        buffer = new byte[n];
                        assertEquals(n, k.encode(buffer));
                    }
                    assertArrayEquals(after, Arrays.copyOf(buffer, n));
                }
            }
        }
        assertTrue(unchanged > 1000 * seeds / 12 && changed > 200 * seeds / 12,
                "unchanged " + unchanged + ", changed " + changed);
    }

    @Test
    void switchingThreadsCountsAsAChange() {
        Kernel k = IncrementalInvariantsTest.small(Faults.NONE);
        long count = k.modifications();
        assertEquals(SeL4Error.NoError, k.switchThread(k.currentThread()));
        assertEquals(count, k.modifications(), "the same thread again changes nothing");
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30, 1));
        assertNotEquals(count, k.modifications());
    }

    @Test
    void encodingIntoABufferAllocatesNothing() {
        Kernel k = IncrementalInvariantsTest.small(Faults.NONE);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30, 2));
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 32, 3));
        assertEquals(SeL4Error.NoError, k.cnodeMint(2, 40, 64, 2, 32, 64, Rights.ALL, 5));
        byte[] buffer = new byte[k.encode().length];
        for (int i = 0; i < 2000; i++) { // warm-up
            k.encode(buffer);
        }
        long quietest = ThreadAllocation.quietest(5, () -> {
            for (int i = 0; i < 1000; i++) {
                k.encode(buffer);
            }
        });
        assertEquals(0, quietest, "bytes allocated by 1,000 encodings into a buffer in the quietest round");
        assertArrayEquals(k.encode(), buffer);
    }
}
