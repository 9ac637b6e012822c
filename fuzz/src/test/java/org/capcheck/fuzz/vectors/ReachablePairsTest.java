package org.capcheck.fuzz.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.TreeSet;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.fuzz.gen.Generator;
import org.capcheck.fuzz.gen.Rng;
import org.capcheck.fuzz.gen.Weights;
import org.junit.jupiter.api.Test;

/**
 * The table of reachable pairs against cap-core from the other side: the vectors reach every pair
 * in it (VectorGeneratorTest); here a random campaign, over the vectors' boot configurations and
 * restricted to invocations captrace can write, reaches no pair outside it.
 */
class ReachablePairsTest {

    @Test
    void aRandomCampaignReachesNoPairOutsideTheTable() {
        TreeSet<String> outside = new TreeSet<>();
        long made = 0;
        for (int run = 0; run < 40; run++) {
            Rng rng = new Rng(1000 + run);
            BootConfig config = VectorGenerator.header(rng).bootConfig();
            Kernel k = Kernel.boot(config);
            Generator gen = new Generator(config, Weights.defaults(), rng.nextLong());
            gen.reset(k);
            long[] a = new long[16];
            for (int step = 0; step < 2000 && k.canInvoke(); step++) {
                Arrays.fill(a, 0);
                Operation op = gen.next(a);
                if (op == Operation.Untyped_Retype && ObjectType.ofNumber(a[1]) == null) {
                    continue; // captrace v1 has no name for the type: not a line a vector can hold
                }
                long[] args = Arrays.copyOf(a, op.arity());
                SeL4Error e = op.invoke(k, args);
                made++;
                if (!ReachablePairs.contains(op, e)) {
                    outside.add(op + "/" + e);
                }
                gen.observe(k, op, args, e);
            }
        }
        assertTrue(made > 50_000, "invocations made: " + made);
        assertEquals(new TreeSet<>(), outside);
    }

    @Test
    void theTableHasEveryOperationAndNeitherErrorTheContractRulesOut() {
        assertEquals(62, ReachablePairs.all().size());
        for (Operation op : Operation.values()) {
            assertTrue(ReachablePairs.contains(op, SeL4Error.NoError), op.name());
            assertFalse(ReachablePairs.contains(op, SeL4Error.TruncatedMessage), op.name());
            assertFalse(ReachablePairs.contains(op, SeL4Error.AlignmentError), op.name());
        }
    }
}
