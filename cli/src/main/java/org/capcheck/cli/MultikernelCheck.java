package org.capcheck.cli;

import org.capcheck.engine.Model;
import org.capcheck.model.multikernel.MultikernelModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capcheck check multikernel}: Barrelfish-style distributed capability protocols, one kernel
 * per core, over every interleaving of invocations and FIFO message deliveries (docs/MULTIKERNEL.md).
 */
@Command(name = "multikernel", mixinStandardHelpOptions = true,
        description = "Distributed capability protocols (copy, move, retrieve, delete, revoke, retype) on N cores, "
                + "every interleaving of invocations and message deliveries (docs/MULTIKERNEL.md).")
public final class MultikernelCheck extends ModelCheck {

    @Option(names = "--cores", paramLabel = "N", defaultValue = "2",
            description = "Cores, 2 to 4 (default: ${DEFAULT-VALUE}).")
    int cores;

    @Option(names = "--protocol", paramLabel = "barrelfish|capcheck", defaultValue = "capcheck",
            description = "barrelfish: the reference design as its code reads; capcheck: ours (default: "
                    + "${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--ops", paramLabel = "K", defaultValue = "1",
            description = "Operations each core's application issues, 1 to 15 (default: ${DEFAULT-VALUE}).")
    int ops;

    @Option(names = "--symmetry", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Identify states that differ only by a renaming of the cores (default: on; "
                    + "--no-symmetry to count every state).")
    boolean symmetry;

    @Override
    protected Model<?, ?> model() {
        return MultikernelModel.of(cores, protocol, ops, symmetry);
    }
}
