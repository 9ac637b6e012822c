package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The incremental invariant check agrees with the full one after every step of random invocation
 * sequences (every operation of {@link Operation}, random arguments by kind, random work budgets, and
 * copies taken on the way), on the correct kernel and with each seeded fault; and a corruption made
 * after a clean check is reported by it, under the full check's names. Seeded, so a failure reproduces.
 */
class IncrementalInvariantsTest {
    /** The correct kernel and each seeded fault, as the random-sequence tests run them. */
    static final int[] FAULTS = {Faults.NONE, Faults.INSERT_NON_ORIGINAL_AS_CHILD,
            Faults.EMPTY_SLOT_DROPS_FIRST_BADGED, Faults.SKIP_SET_UNTYPED_CAP_AS_FULL,
            Faults.RESET_IGNORING_CHILDREN};

    static Kernel small(int faults) {
        return Kernel.boot(BootConfig.defaults().withCapacity(10, 64).withUntyped(List.of(
                new UntypedRegion(0x100000, 16, false), new UntypedRegion(0x400000, 12, true))), faults);
    }

    static long arg(Random r, Operation.Kind kind) {
        switch (kind) {
            case CPTR:
                return r.nextInt(4) == 0 ? r.nextInt(40) : 2;
            case INDEX:
            case OFFSET:
                return r.nextInt(40);
            case DEPTH:
                return r.nextInt(8) == 0 ? r.nextInt(70) : 64;
            case RIGHTS:
                return r.nextInt(16);
            case BADGE:
                return r.nextInt(3) == 0 ? 0 : r.nextInt(4) + 1;
            case OBJECT_TYPE:
                return ObjectType.values()[r.nextInt(ObjectType.values().length)].number();
            case SIZE_BITS:
                return r.nextInt(13);
            case COUNT:
                return 1 + r.nextInt(3);
            case IRQ:
            default:
                return r.nextInt(36);
        }
    }

    /** A random operation, its arguments drawn by kind into {@code a}. */
    static Operation draw(Random r, long[] a) {
        Operation op = Operation.values()[r.nextInt(Operation.values().length)];
        for (int i = 0; i < op.arity(); i++) {
            a[i] = arg(r, op.args().get(i).kind());
        }
        return op;
    }

    /** One random invocation of a random operation; preempted ones are sometimes left unfinished. */
    static SeL4Error step(Kernel k, Random r, long[] a) {
        Operation op = draw(r, a);
        if (op == Operation.IRQControl_Get && r.nextBoolean()) {
            a[0] = 4;
        }
        if (op == Operation.Untyped_Retype && r.nextInt(4) != 0) {
            a[0] = r.nextInt(3) == 0 ? r.nextInt(40) : 16 + r.nextInt(2);
            a[4] = 0; // the root CNode itself, as captrace's Retype usually does
            a[5] = 0;
        }
        k.setWorkBudget(r.nextInt(4) == 0 ? 1 + r.nextInt(3) : Kernel.UNLIMITED);
        return r.nextInt(3) == 0 ? op.invokeOnce(k, a) : op.invoke(k, a);
    }

    @Test
    void incrementalAgreesWithFullAfterEveryStep() {
        long[] a = new long[16];
        int violating = 0;
        int successes = 0;
        int seeds = Campaigns.seeds(25);
        for (int faults : FAULTS) {
            for (long seed = 1; seed <= seeds; seed++) {
                Random r = new Random(seed * 31 + faults);
                Kernel k = small(faults);
                for (int step = 0; step < 150 && k.canInvoke(); step++) {
                    if (step % 50 == 49) {
                        k = k.copy(); // a copy carries on from the original's last check
                    }
                    successes += step(k, r, a) == SeL4Error.NoError ? 1 : 0;
                    List<String> incremental = k.checkInvariantsIncrementally();
                    List<String> full = k.checkInvariants();
                    assertEquals(full, incremental, "faults " + faults + " seed " + seed + " step " + step);
                    violating += full.isEmpty() ? 0 : 1;
                }
            }
        }
        assertTrue(successes > 2000 * seeds / 25, "the sequences do something: " + successes + " successes");
        assertTrue(violating > 0, "some seeded fault breaks an invariant on the way");
    }

    @Test
    void theCorrectKernelKeepsEveryInvariant() {
        long[] a = new long[16];
        for (long seed = 1, seeds = Campaigns.seeds(20); seed <= seeds; seed++) {
            Random r = new Random(seed);
            Kernel k = small(Faults.NONE);
            for (int step = 0; step < 200 && k.canInvoke(); step++) {
                step(k, r, a);
                assertEquals(List.of(), k.checkInvariantsIncrementally(), "seed " + seed + " step " + step);
            }
        }
    }

    @Test
    void aCorruptionAfterACleanCheckIsReported() {
        long[] a = new long[16];
        Random r = new Random(7);
        for (int trial = 0, trials = 4 * Campaigns.seeds(10); trial < trials; trial++) {
            Kernel k = small(Faults.NONE);
            for (int step = 0; step < 60 && k.canInvoke(); step++) {
                step(k, r, a);
            }
            assertEquals(List.of(), k.checkInvariantsIncrementally());
            assertEquals(List.of(), k.checkInvariantsIncrementally(), "nothing changed, nothing to report");
            int slot = occupied(k, r);
            switch (trial % 4) {
                case 0:
                    k.mdb.setFlags(slot, !k.mdb.isRevocable(slot), k.mdb.isFirstBadged(slot));
                    break;
                case 1:
                    k.caps.corruptRef(slot, k.caps.paddr(slot) + 0x10);
                    break;
                case 2:
                    k.mdb.corruptLinks(slot, k.mdb.prev(slot), slot); // points at itself
                    break;
                default:
                    k.caps.clear(slot);
                    break;
            }
            List<String> full = k.checkInvariants();
            List<String> incremental = k.checkInvariantsIncrementally();
            assertEquals(full, incremental, "trial " + trial);
            if (trial % 4 >= 2) {
                assertFalse(incremental.isEmpty(), "a self-loop or a vanished linked cap is always caught");
            }
            assertEquals(full, k.checkInvariantsIncrementally(), "a violation is reported until it is gone");
        }
    }

    @Test
    void aRepairedStateIsCleanAgain() {
        Kernel k = small(Faults.NONE);
        assertEquals(List.of(), k.checkInvariantsIncrementally());
        int untyped = k.objects.slot(k.rootCNode, BootConfig.FIRST_UNTYPED_SLOT);
        k.mdb.setFlags(untyped, false, false);
        assertEquals(List.of(Invariants.UT_REVOCABLE), k.checkInvariantsIncrementally());
        k.mdb.setFlags(untyped, true, true);
        assertEquals(List.of(), k.checkInvariantsIncrementally(), "repaired");
    }

    private static int occupied(Kernel k, Random r) {
        int root = k.objects.slot(k.rootCNode, 0);
        while (true) {
            int s = root + r.nextInt(40);
            if (!k.caps.isNull(s)) {
                return s;
            }
        }
    }
}
