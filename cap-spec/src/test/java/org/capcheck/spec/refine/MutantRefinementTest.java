package org.capcheck.spec.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The seeded bugs of {@link Mutant}: for each, a short scenario on which refinement fails for the
 * mutant and holds for the correct kernel, and a seeded random exploration that finds it within
 * its budget (and finds nothing in the correct kernel: see {@link RandomRefinementTest}).
 */
class MutantRefinementTest {
    private static final int EP = ObjectType.Endpoint.number();

    /** Runs the scenario on the correct kernel (must refine) and on the mutant (must not). */
    private static String mutantFailure(Mutant m, Consumer<Scenario> scenario) {
        Scenario good = Scenario.correct();
        scenario.accept(good);
        assertNull(good.failure, good.failure);
        Scenario bad = new Scenario(m);
        scenario.accept(bad);
        assertNotNull(bad.failure, m + " was not caught");
        return bad.failure;
    }

    @Test
    void copyOfNonOriginalBecomingItsChildIsCaught() {
        String f = mutantFailure(Mutant.COPY_OF_NON_ORIGINAL_IS_CHILD, s -> {
            assertEquals(SeL4Error.NoError, s.copy(20, 2, Rights.ALL));    // non-original child of slot 2
            assertEquals(SeL4Error.NoError, s.copy(21, 20, Rights.ALL));   // must be 20's sibling
        });
        assertTrue(f.contains("0x1000[21] parent: spec 0x1000[2], kernel 0x1000[20]"), f);
    }

    @Test
    void deleteDroppingFirstBadgedIsCaught() {
        String f = mutantFailure(Mutant.DELETE_DROPS_FIRST_BADGED, s -> {
            assertEquals(SeL4Error.NoError, s.retype(Scenario.UT, EP, 0, 20, 1));
            assertEquals(SeL4Error.NoError, s.mint(21, 20, Rights.ALL, 5));  // first badge-5 original
            assertEquals(SeL4Error.NoError, s.mint(22, 20, Rights.ALL, 5));  // second: before 21 in the list
            assertEquals(SeL4Error.NoError, s.copy(23, 21, Rights.ALL));     // child of 21
            assertEquals(SeL4Error.NoError, s.delete(21));                   // 23 must move up to 20
        });
        assertTrue(f.contains("0x1000[23] parent: spec 0x1000[20], kernel 0x1000[22]"), f);
    }

    @Test
    void untypedCopyNotMarkedFullIsCaught() {
        String f = mutantFailure(Mutant.UNTYPED_COPY_NOT_FULL, s ->
                assertEquals(SeL4Error.NoError, s.copy(20, Scenario.UT, Rights.ALL)));
        assertTrue(f.contains("0x1000[16] cap: spec Untyped@0x100000 size_bits=16 free_index=65536"), f);
    }

    @Test
    void resetWhileChildrenExistIsCaught() {
        String f = mutantFailure(Mutant.RESET_WITH_CHILDREN, s -> {
            assertEquals(SeL4Error.NoError, s.retype(Scenario.UT, EP, 0, 20, 1));
            assertEquals(SeL4Error.NoError, s.retype(Scenario.UT, EP, 0, 21, 1)); // must not reuse 0x100000
        });
        assertTrue(f.contains("0x1000[21] cap: spec Endpoint@0x100010"), f);
    }

    /** The random exploration's budget for finding a seeded bug: whole seeds of 60 runs × 60 steps. */
    private static final int BUDGET = 4 * 3600;

    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void randomExplorationFindsEachMutant(Mutant m) {
        int[] steps = {0};
        String found = null;
        for (long seed = 1; found == null && steps[0] < BUDGET; seed++) {
            found = RandomInvocations.explore(c -> m.boot(c), seed, 60, 60, steps);
        }
        assertNotNull(found, m + " not found in " + steps[0] + " random steps");
    }
}
