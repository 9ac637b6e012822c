package org.capcheck.fuzz.jazzer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;
import org.capcheck.fuzz.CampaignOptions;
import org.capcheck.fuzz.Checks;
import org.capcheck.fuzz.RawCall;
import org.capcheck.fuzz.Violation;

/**
 * Jazzer target: the raw invocation ABI on arbitrary bytes. Every call must return an error code
 * (never throw), leave the state unchanged when it fails, and leave every invariant holding. Any
 * of these failing (a throw included) reaches Jazzer as an AssertionError naming the call.
 */
public final class DecoderTarget {
    private DecoderTarget() {
    }

    /** Jazzer's entry point. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        List<RawCall> calls = FuzzInput.rawCalls(data);
        Violation v = Checks.firstRawViolation(CampaignOptions.CONFIG, FuzzInput.mutant(), calls);
        if (v != null) {
            throw new AssertionError(v.kind() + " at call " + (v.step() + 1) + ":\n" + v.message());
        }
    }
}
