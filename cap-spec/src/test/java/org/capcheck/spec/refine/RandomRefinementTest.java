package org.capcheck.spec.refine;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capcheck.core.Kernel;
import org.junit.jupiter.api.Test;

/**
 * Seeded random exploration (java.util.Random, fixed seeds): from freshly booted kernels, a few
 * thousand random invocations over small argument domains, refinement checked on every step.
 */
class RandomRefinementTest {

    @Test
    void refinementHoldsOnRandomInvocations() {
        int[] steps = {0};
        for (long seed = 1; seed <= 6; seed++) {
            String failure = RandomInvocations.explore(Kernel::boot, seed, 60, 60, steps);
            assertNull(failure, failure);
        }
        assertTrue(steps[0] >= 20_000, "only " + steps[0] + " steps checked");
    }

    /**
     * The same with a work budget of one unit: every Delete, Revoke and reset stops at its first
     * preemption point and is restarted until done ({@link Invocation#applyTo(Kernel)}); the
     * final result and state must still be the specification's, which runs each to completion.
     */
    @Test
    void refinementHoldsWithPreemptionAndRestarts() {
        int[] steps = {0};
        for (long seed = 11; seed <= 13; seed++) {
            String failure = RandomInvocations.explore(c -> {
                Kernel k = Kernel.boot(c);
                k.setWorkBudget(1);
                return k;
            }, seed, 60, 60, steps);
            assertNull(failure, failure);
        }
        assertTrue(steps[0] >= 10_000, "only " + steps[0] + " steps checked");
    }
}
