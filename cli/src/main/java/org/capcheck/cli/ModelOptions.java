package org.capcheck.cli;

import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.model.local.AuthorityQuery;
import org.capcheck.model.local.Distribution;
import org.capcheck.model.local.LocalBounds;
import picocli.CommandLine.Option;

/**
 * The options of the built-in models, gathered in one place so each model's factory in {@link Models}
 * reads the ones it needs. A new model adds its options here.
 */
public final class ModelOptions {

    @Option(names = "--rms", paramLabel = "N", defaultValue = "3",
            description = "two-phase-commit: the number of resource managers, 1 to 15 (default: ${DEFAULT-VALUE}).")
    int rms;

    @Option(names = "--untyped-bits", paramLabel = "N", defaultValue = "6",
            description = "local: size of the untyped region, 2^N bytes (default: ${DEFAULT-VALUE}).")
    int untypedBits;

    @Option(names = "--slots", paramLabel = "LIST", split = ",", defaultValue = "20,21,22",
            description = "local: root-CNode slots the invocations use (default: ${DEFAULT-VALUE}).")
    List<Integer> slots;

    @Option(names = "--badges", paramLabel = "LIST", split = ",", defaultValue = "1",
            description = "local: badges Mint may use (default: ${DEFAULT-VALUE}).")
    List<Long> badges;

    @Option(names = "--cnode-radix", paramLabel = "N", defaultValue = "1",
            description = "local: radix of the CNodes Retype may create, 0 for none (default: ${DEFAULT-VALUE}).")
    int cnodeRadix;

    @Option(names = "--untyped-child", paramLabel = "N", defaultValue = "0",
            description = "local: size bits of the untyped Retype may split off, 0 for none (default: ${DEFAULT-VALUE}).")
    int untypedChild;

    @Option(names = "--preempt",
            description = "local: also explore Delete, Revoke and Retype stopped at their first preemption point.")
    boolean preempt;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "1",
            description = "local: processes, each with its own CSpace (default: ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--distribution", paramLabel = "TEXT", defaultValue = Distribution.DEFAULT,
            description = "local, with --processes 2 or more: who holds what, e.g. '${DEFAULT-VALUE}'.")
    String distribution;

    @Option(names = "--query", paramLabel = "TEXT",
            description = "local, with --processes 2 or more: an authority question, 'pN can hold RIGHTS to OBJECT'.")
    String query;

    @Option(names = "--mutant", paramLabel = "NAME", defaultValue = "NONE",
            description = "local: boot cap-core with a deliberate bug, to see the checker catch it: ${COMPLETION-CANDIDATES}.")
    Mutant mutant;

    private static final java.util.Map<String, List<String>> OPTIONS_OF_MODEL = java.util.Map.of(
            "local", List.of("--untyped-bits", "--slots", "--badges", "--cnode-radix", "--untyped-child", "--preempt",
                    "--processes", "--distribution", "--query", "--mutant", "--captrace"),
            "two-phase-commit", List.of("--rms"));

    /** The first model option given on the command line, or null. */
    static String anyModelOption(picocli.CommandLine.ParseResult parsed) {
        for (List<String> options : OPTIONS_OF_MODEL.values()) {
            for (String option : options) {
                if (parsed.hasMatchedOption(option)) {
                    return option;
                }
            }
        }
        return null;
    }

    /** A message if an option given on the command line belongs to another model than {@code model}, else null. */
    String misplacedOption(String model, picocli.CommandLine.ParseResult parsed) {
        if ("local".equals(model) && parsed.hasMatchedOption("--distribution") && processes < 2) {
            return "--distribution needs --processes 2 or more";
        }
        for (java.util.Map.Entry<String, List<String>> e : OPTIONS_OF_MODEL.entrySet()) {
            if (e.getKey().equals(model)) {
                continue;
            }
            for (String option : e.getValue()) {
                if (parsed.hasMatchedOption(option)) {
                    return option + " applies to the " + e.getKey() + " model, not to " + model
                            + " (choose it with --model " + e.getKey() + ")";
                }
            }
        }
        return null;
    }

    /** The local model's bounds. */
    public LocalBounds localBounds() {
        return new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes, distribution,
                mutant);
    }

    /** The local model's authority query, or null. */
    public AuthorityQuery query() {
        return query == null ? null : AuthorityQuery.parse(query);
    }

    /** two-phase-commit's number of resource managers. */
    public int rms() {
        return rms;
    }
}
