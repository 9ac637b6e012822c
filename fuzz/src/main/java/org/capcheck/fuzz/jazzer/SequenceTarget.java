package org.capcheck.fuzz.jazzer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;
import org.capcheck.fuzz.CampaignOptions;
import org.capcheck.fuzz.Checks;
import org.capcheck.fuzz.Step;
import org.capcheck.fuzz.Violation;

/**
 * Jazzer target (coverage-guided stateful fuzzing): invocation sequences decoded from the fuzzer's
 * bytes, each step checked for refinement against the specification and every invariant. A
 * violation is thrown as an AssertionError, which Jazzer reports as a finding.
 */
public final class SequenceTarget {
    private SequenceTarget() {
    }

    /** Jazzer's entry point. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        List<Step> steps = FuzzInput.steps(data);
        Violation v = Checks.firstViolation(CampaignOptions.CONFIG, FuzzInput.mutant(), steps);
        if (v != null) {
            throw new AssertionError(v.kind() + " at step " + (v.step() + 1) + " of " + steps + ":\n" + v.message());
        }
    }
}
