package org.capcheck.fuzz;

import java.util.List;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Mutant;

/**
 * Re-runs a sequence from a fresh boot with every step checked, as the shrinker does: for the
 * coverage-guided targets, for tests, and for anyone holding a sequence.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * The first violation of refinement or of an invariant (or a throw, or a non-terminating
     * invocation) when the steps are made in order on a kernel booted with the mutant; null if none,
     * or if a step comes after the initial thread's TCB is gone (no invocation can then be made).
     */
    public static Violation firstViolation(BootConfig config, Mutant mutant, List<Step> steps) {
        return LocalTarget.firstViolation(config, mutant, steps);
    }

    /**
     * The first raw call that throws, never completes, changes the state although it fails, or
     * leaves an invariant broken; null if none.
     */
    public static Violation firstRawViolation(BootConfig config, Mutant mutant, List<RawCall> calls) {
        return DecoderTarget.firstViolation(config, mutant, calls);
    }
}
