package org.capcheck.model.refine;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capcheck.core.Kernel;
import org.junit.jupiter.api.Test;

/** Seeded random exploration: refinement checked on every step of a few thousand invocations. */
class RandomRefinementTest {

    @Test
    void refinementHoldsOnRandomInvocations() {
        int[] steps = {0};
        for (long seed = 1; seed <= 4; seed++) {
            String failure = RandomInvocations.explore(Kernel::boot, seed, 10, 150, steps);
            assertNull(failure, failure);
        }
        assertTrue(steps[0] > 3000, "only " + steps[0] + " steps checked");
    }
}
