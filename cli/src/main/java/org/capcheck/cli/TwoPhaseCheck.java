package org.capcheck.cli;

import org.capcheck.engine.Model;
import org.capcheck.model.twophase.TwoPhaseCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code capcheck check two-phase-commit}: Gray and Lamport's TwoPhase specification. */
@Command(name = "two-phase-commit", mixinStandardHelpOptions = true,
        description = "Gray and Lamport's TwoPhase commit (the TLA+ example): 288 states for 3 resource managers.")
public final class TwoPhaseCheck extends ModelCheck {

    @Option(names = "--rms", paramLabel = "N", defaultValue = "3",
            description = "The number of resource managers, 1 to " + TwoPhaseCommit.MAX_RMS
                    + " (default: ${DEFAULT-VALUE}).")
    int rms;

    // Off by default, unlike the multikernel model's: the TLA+ example's state counts (288, 8,832, ...)
    // are without symmetry, and TLC also checks TwoPhase without SYMMETRY unless asked.
    @Option(names = "--symmetry", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Identify states that differ only by a renaming of the resource managers (TLC's "
                    + "SYMMETRY Permutations(RM)): one state per class (default: off; --symmetry to turn on).")
    boolean symmetry;

    @Override
    protected Model<?, ?> model() {
        return new TwoPhaseCommit(rms);
    }

    @Override
    protected boolean symmetry() {
        return symmetry;
    }
}
