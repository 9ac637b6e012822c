package org.capcheck.cli;

import java.nio.file.Path;
import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.model.local.AuthorityQuery;
import org.capcheck.model.local.Distribution;
import org.capcheck.model.local.LocalBounds;
import org.capcheck.model.local.LocalModel;
import picocli.CommandLine.Option;

/**
 * The local model's options: {@code capcheck check local ...}, and {@code capcheck check ...} with no
 * model, which checks the local model. Each option is a field of {@link LocalBounds} (or the query); the
 * model itself says what is wrong with a value, naming the field, and the command maps it back here.
 */
public final class LocalOptions {

    @Option(names = "--untyped-bits", paramLabel = "N", defaultValue = "6",
            description = "Size of the untyped region, 2^N bytes, 4 to 20 (default: ${DEFAULT-VALUE}).")
    int untypedBits;

    @Option(names = "--slots", paramLabel = "LIST", split = ",", defaultValue = "20,21,22",
            description = "Root-CNode slots the invocations use (default: ${DEFAULT-VALUE}).")
    List<Integer> slots;

    @Option(names = "--badges", paramLabel = "LIST", split = ",", defaultValue = "1",
            description = "Badges Mint may use (default: ${DEFAULT-VALUE}).")
    List<Long> badges;

    @Option(names = "--cnode-radix", paramLabel = "N", defaultValue = "1",
            description = "Radix of the CNodes Retype may create, 0 for none (default: ${DEFAULT-VALUE}).")
    int cnodeRadix;

    @Option(names = "--untyped-child", paramLabel = "N", defaultValue = "0",
            description = "Size bits of the untyped Retype may split off, 0 for none (default: ${DEFAULT-VALUE}).")
    int untypedChild;

    @Option(names = "--preempt",
            description = "Also explore Delete, Revoke and Retype stopped at their first preemption point.")
    boolean preempt;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "1",
            description = "Processes, each with its own CSpace, 1 to 4 (default: ${DEFAULT-VALUE}).")
    int processes;

    @Option(names = "--distribution", paramLabel = "TEXT",
            description = "With --processes 2 or more: who holds what (default: '" + Distribution.DEFAULT + "').")
    String distribution;

    @Option(names = "--query", paramLabel = "TEXT",
            description = "With --processes 2 or more: an authority question, 'pN can hold RIGHTS to OBJECT'.")
    String query;

    @Option(names = "--mutant", paramLabel = "NAME", defaultValue = "NONE",
            description = "Boot cap-core with a deliberate bug, to see the checker catch it: ${COMPLETION-CANDIDATES}.")
    Mutant mutant;

    @Option(names = "--captrace", paramLabel = "FILE",
            description = "One process only: where to write a counterexample as captrace ('-': standard output; "
                    + "default: beside --json, else ./counterexample.captrace.jsonl).")
    Path captrace;

    /** The model these options describe; throws a SettingException naming the field at fault. */
    LocalModel model() {
        if (captrace != null && processes > 1) {
            throw new org.capcheck.engine.SettingException("captrace", "applies to one process only (a "
                    + "counterexample with several processes is not written as captrace)");
        }
        if (distribution != null && processes < 2) {
            throw new org.capcheck.engine.SettingException("distribution", "needs --processes 2 or more");
        }
        LocalBounds bounds = new LocalBounds(untypedBits, slots, badges, cnodeRadix, untypedChild, preempt, processes,
                distribution != null ? distribution : Distribution.DEFAULT, mutant);
        return new LocalModel(bounds, query == null ? null : AuthorityQuery.parse(query));
    }
}
