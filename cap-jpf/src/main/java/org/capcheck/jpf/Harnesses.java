package org.capcheck.jpf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capcheck.core.Mutant;

/**
 * The built-in harnesses, by name ({@code capcheck check --harness NAME}). Besides the listed names,
 * {@code cap-revoke-N} is cap-revoke with N steps (1 to 8) and {@code two-phase-commit-N} two-phase
 * commit with N resource managers (2 to 15). JPF's target ({@link JpfMain}) looks harnesses up here, so
 * this class, like every harness, avoids invokedynamic (no lambdas): a plain switch builds them.
 */
public final class Harnesses {
    /**
     * The listed names, in a class of their own: JpfMain looks a harness up here under JPF, which
     * would otherwise keep the list (the statics of every loaded class) in every state it stores.
     */
    private static final class Listed {
        static final List<String> NAMES = List.of("cap-revoke", "cap-revoke-deep", "cap-revoke-mutant",
                "cap-revoke-mutant-narrow", "racy-counter", "atomic-counter", "two-phase-commit-3",
                "two-phase-commit-5", "two-phase-commit-7", "two-phase-commit-early-commit");
    }

    private static final String CAP_REVOKE = "cap-revoke-";
    private static final String TWO_PHASE = "two-phase-commit-";

    private Harnesses() {
    }

    /** A fresh instance of the harness called {@code name}, or null if there is none. */
    public static Harness named(String name) {
        switch (name) {
            case "cap-revoke":
                return new CapRevokeHarness(name, Mutant.NONE, 3);
            case "cap-revoke-deep":
                return new CapRevokeHarness(name, Mutant.NONE, 4);
            case "cap-revoke-mutant":
                return new CapRevokeHarness(name, Mutant.DELETE_DROPS_FIRST_BADGED, 4);
            case "cap-revoke-mutant-narrow":
                return new CapRevokeHarness(name, Mutant.DELETE_DROPS_FIRST_BADGED, 3, true);
            case "racy-counter":
                return new RacyCounterHarness(false);
            case "atomic-counter":
                return new RacyCounterHarness(true);
            case "two-phase-commit-early-commit":
                return new TwoPhaseCommitHarness(name, 3, true);
            default:
                break;
        }
        int cap = size(name, CAP_REVOKE, 1, 8);
        if (cap > 0) {
            return new CapRevokeHarness(name, Mutant.NONE, cap);
        }
        int rms = size(name, TWO_PHASE, 2, TwoPhaseCommitHarness.MAX_RMS);
        if (rms > 0) {
            return new TwoPhaseCommitHarness(name, rms, false);
        }
        return null;
    }

    /** N from PREFIX + N, in min..max with no leading zero; 0 otherwise. */
    private static int size(String name, String prefix, int min, int max) {
        if (!name.startsWith(prefix) || name.length() == prefix.length() || name.length() > prefix.length() + 2
                || name.charAt(prefix.length()) == '0') {
            return 0;
        }
        int n = 0;
        for (int i = prefix.length(); i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '0' || ch > '9') {
                return 0;
            }
            n = n * 10 + (ch - '0');
        }
        return n >= min && n <= max ? n : 0;
    }

    /** The listed names, in a fixed order. */
    public static List<String> names() {
        return Listed.NAMES;
    }

    /** Each listed name with its one-line description, then the two name patterns. */
    public static Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : Listed.NAMES) {
            out.put(name, named(name).description());
        }
        out.put("cap-revoke-N", "cap-revoke with N steps (1 to 8)");
        out.put("two-phase-commit-N", "two-phase commit with N resource managers (2 to 15)");
        return Collections.unmodifiableMap(out);
    }
}
