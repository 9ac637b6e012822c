package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Any argument values: every invocation answers with an seL4 error code, never an exception; a
 * failed invocation leaves the state exactly as it was; the invariants hold throughout; and the same
 * invocations give the same state. Arguments mix small slot numbers (where the action is) with edge
 * values (0, all ones, 63/64/65, 255/256) and random words. Seeded, so a failure reproduces.
 */
class NeverThrowsTest {
    private static final long[] EDGES = {0, 1, 2, 4, 16, 63, 64, 65, 255, 256, -1L, Long.MIN_VALUE, Long.MAX_VALUE};

    private static long arg(Random r, int smallBound) {
        switch (r.nextInt(4)) {
            case 0:
                return EDGES[r.nextInt(EDGES.length)];
            case 1:
                return r.nextLong();
            default:
                return r.nextInt(smallBound);
        }
    }

    private static long depth(Random r) {
        return r.nextInt(5) == 0 ? arg(r, 70) : 64;
    }

    private static SeL4Error invokeRandomly(Kernel k, Random r) {
        int cptrBound = 48;
        switch (r.nextInt(10)) {
            case 0:
                return k.cnodeCopy(arg(r, 4) == 0 ? 2 : arg(r, cptrBound), arg(r, cptrBound), depth(r), 2,
                        arg(r, cptrBound), depth(r), arg(r, 16));
            case 1:
                return k.cnodeMint(2, arg(r, cptrBound), depth(r), arg(r, 3) + 1, arg(r, cptrBound), depth(r),
                        arg(r, 16), arg(r, 8));
            case 2:
                return k.cnodeMove(2, arg(r, cptrBound), depth(r), 2, arg(r, cptrBound), depth(r));
            case 3:
                return k.cnodeMutate(2, arg(r, cptrBound), depth(r), 2, arg(r, cptrBound), depth(r), arg(r, 1024));
            case 4:
                return k.cnodeRotate(2, arg(r, cptrBound), depth(r), 2, arg(r, cptrBound), depth(r), arg(r, 64),
                        2, arg(r, cptrBound), depth(r), arg(r, 64));
            case 5:
                return k.cnodeDelete(2, arg(r, cptrBound), depth(r));
            case 6:
                return k.cnodeRevoke(2, arg(r, cptrBound), depth(r));
            case 7:
                return k.cnodeCancelBadgedSends(2, arg(r, cptrBound), depth(r));
            case 8:
                return k.untypedRetype(r.nextBoolean() ? 16 : arg(r, cptrBound), arg(r, 7), arg(r, 14), 2,
                        arg(r, cptrBound), r.nextBoolean() ? 0 : depth(r), arg(r, cptrBound), arg(r, 6));
            default:
                return k.irqControlGet(4, arg(r, 40), 2, arg(r, cptrBound), depth(r));
        }
    }

    @Test
    void randomInvocationsNeverThrowAndFailuresChangeNothing() {
        int[] outcomes = new int[SeL4Error.values().length];
        for (long seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed);
            Kernel k = Kernel.boot(BootConfig.defaults().withCapacity(11, 64).withUntyped(List.of(
                    new UntypedRegion(0x100000, 16, false), new UntypedRegion(0x400000, 14, true))));
            for (int step = 0; step < 200 && k.canInvoke(); step++) {
                byte[] before = k.encode();
                SeL4Error e = invokeRandomly(k, r);
                outcomes[e.ordinal()]++;
                if (e != SeL4Error.NoError) {
                    assertArrayEquals(before, k.encode(), "seed " + seed + " step " + step + ": " + e);
                }
                assertEquals(List.of(), k.checkInvariants(), "seed " + seed + " step " + step);
            }
        }
        // The campaign is only worth something if it reaches both successes and every kind of refusal
        // the arguments can provoke.
        for (SeL4Error e : new SeL4Error[] {SeL4Error.NoError, SeL4Error.InvalidCapability,
                SeL4Error.IllegalOperation, SeL4Error.RangeError, SeL4Error.FailedLookup, SeL4Error.DeleteFirst,
                SeL4Error.InvalidArgument, SeL4Error.NotEnoughMemory}) {
            assertTrue(outcomes[e.ordinal()] > 0, "never saw " + e + ": " + java.util.Arrays.toString(outcomes));
        }
    }

    @Test
    void theSameSeedGivesTheSameState() {
        byte[][] out = new byte[2][];
        for (int run = 0; run < 2; run++) {
            Random r = new Random(99);
            Kernel k = Kernel.boot(BootConfig.defaults().withCapacity(11, 64)
                    .withUntyped(List.of(new UntypedRegion(0x100000, 16, false))));
            for (int step = 0; step < 300 && k.canInvoke(); step++) {
                invokeRandomly(k, r);
            }
            out[run] = k.encode();
        }
        assertArrayEquals(out[0], out[1]);
    }
}
