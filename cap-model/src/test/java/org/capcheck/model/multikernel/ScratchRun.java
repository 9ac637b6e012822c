package org.capcheck.model.multikernel;

import org.capcheck.engine.Checker;
import org.capcheck.engine.Report;
import org.capcheck.multikernel.Protocol;
import org.junit.jupiter.api.Test;

class ScratchRun {
    @Test
    void run() {
        for (String p : new String[] {"capcheck", "barrelfish"}) {
            for (int cores = 2; cores <= 3; cores++) {
                for (int ops = 1; ops <= (cores == 2 ? 2 : 1); ops++) {
                    Report<MultikernelState, MultikernelAction> r = Checker.of(MultikernelModel.of(cores, p, ops, false))
                            .maxStates(3_000_000).run();
                    System.out.println("=== " + p + " cores " + cores + " ops " + ops + ": " + r.result() + " "
                            + r.distinctStates() + " " + r.seconds());
                    if (!r.violations().isEmpty()) {
                        System.out.println(r.violations().get(0).property());
                        System.out.println(r.violations().get(0).trace().toText());
                    }
                }
            }
        }
    }
}
