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

    @Override
    protected Model<?, ?> model() {
        return new TwoPhaseCommit(rms);
    }
}
