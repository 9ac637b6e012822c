package org.capcheck.fuzz;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a campaign runs against. A target draws invocations, makes them, checks every k-th step,
 * counts what happened in the statistics and, on a violation, shrinks the failing run and writes a
 * reproducer. New targets (the multikernel machines, once they exist) plug in through {@link Targets}.
 */
public interface Target {
    String name();

    /** The names of the operations the statistics count, one per row. */
    List<String> operationNames();

    /**
     * Runs until {@code stop} says so or a violation is found.
     *
     * @param progress receives a progress line about once a second
     * @return the shrunk finding (its reproducer written), or null if none was found
     */
    Finding run(CampaignOptions options, Statistics stats, Stop stop, Consumer<String> progress) throws IOException;
}
