package org.capcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Report;
import org.capcheck.model.local.Distribution;
import org.capcheck.model.local.LocalAction;
import org.capcheck.model.local.LocalBounds;
import org.capcheck.model.local.LocalModel;
import org.capcheck.model.local.LocalState;
import org.capcheck.model.multikernel.MultikernelAction;
import org.capcheck.model.multikernel.MultikernelModel;
import org.capcheck.model.multikernel.MultikernelState;

/**
 * Runs whose reports the tests draw, each checked once per JVM: a seeded bug's counterexample in the
 * local model (DELETE_DROPS_FIRST_BADGED: Delete of a badged original leaves its copy without a
 * first-badged run, so valid_badges breaks) and the Barrelfish protocol's panic on two cores.
 */
final class Fixtures {
    /** Three slots and one badge, no CNodes: the bug needs an original, a badged child and its copy. */
    static final LocalBounds BOUNDS = new LocalBounds(6, List.of(20, 21, 22), List.of(1L), 0, 0, false, 1,
            Distribution.DEFAULT, Mutant.DELETE_DROPS_FIRST_BADGED);

    private static LocalModel local;
    private static Report<LocalState, LocalAction> localReport;
    private static MultikernelModel multikernel;
    private static Report<MultikernelState, MultikernelAction> multikernelReport;

    private Fixtures() {
    }

    static synchronized LocalModel local() {
        if (local == null) {
            local = new LocalModel(BOUNDS, null);
            localReport = Checker.of(local).workers(2).bfs().run();
            assertEquals(Report.Result.VIOLATION, localReport.result());
        }
        return local;
    }

    static synchronized Report<LocalState, LocalAction> localReport() {
        local();
        return localReport;
    }

    static synchronized MultikernelModel multikernel() {
        if (multikernel == null) {
            multikernel = MultikernelModel.of(2, "barrelfish", 1, true);
            multikernelReport = Checker.of(multikernel).workers(1).bfs().run();
            assertEquals(Report.Result.VIOLATION, multikernelReport.result());
        }
        return multikernel;
    }

    static synchronized Report<MultikernelState, MultikernelAction> multikernelReport() {
        multikernel();
        return multikernelReport;
    }
}
