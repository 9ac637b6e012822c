package org.capcheck.cli;

import picocli.CommandLine.Option;

/**
 * The options of the built-in models, gathered in one place so each model's factory in {@link Models}
 * reads the ones it needs. A new model adds its options here.
 */
public final class ModelOptions {

    @Option(names = "--rms", paramLabel = "N", defaultValue = "3",
            description = "two-phase-commit: the number of resource managers, 1 to 15 (default: ${DEFAULT-VALUE}).")
    int rms;

    /** two-phase-commit's number of resource managers. */
    public int rms() {
        return rms;
    }
}
