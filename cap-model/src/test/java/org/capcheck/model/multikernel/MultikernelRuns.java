package org.capcheck.model.multikernel;

import java.time.Duration;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Report;
import org.capcheck.multikernel.Protocol;

/**
 * The measurements of docs/MULTIKERNEL.md, outside the test suite (a plain main, not a test):
 * {@code java -cp ... org.capcheck.model.multikernel.MultikernelRuns CORES PROTOCOL OPS SYMMETRY SECONDS [PROPERTY]}
 * where PROTOCOL is barrelfish, capcheck, capcheck-without-mark or capcheck-without-remote-retype-check.
 */
public final class MultikernelRuns {
    private MultikernelRuns() {
    }

    public static void main(String[] args) {
        int cores = Integer.parseInt(args[0]);
        Protocol protocol = protocol(args[1]);
        int ops = Integer.parseInt(args[2]);
        boolean symmetry = Boolean.parseBoolean(args[3]);
        int seconds = Integer.parseInt(args[4]);
        MultikernelModel model = new MultikernelModel(cores, protocol, ops, symmetry);
        if (args.length > 5) {
            model = model.only(args[5]);
        }
        Report<MultikernelState, MultikernelAction> report = Checker.of(model)
                .timeout(Duration.ofSeconds(seconds)).expectedStates(1 << 20)
                .progress(line -> System.err.println(line), Duration.ofSeconds(30)).workers(1).bfs().run();
        System.out.printf("RESULT cores=%d protocol=%s ops=%d symmetry=%s property=%s: %s complete=%s states=%d"
                + " generated=%d depth=%d seconds=%.1f%n", cores, protocol.name(), ops, symmetry,
                args.length > 5 ? args[5] : "all", report.result().label(), report.complete(),
                report.distinctStates(), report.generatedStates(), report.maxDepth(), report.seconds());
        if (!report.violations().isEmpty()) {
            String property = report.violations().get(0).property();
            System.out.println("VIOLATED " + property);
            MessageSequence sequence = MessageSequence.of(model, report.violations().get(0).trace());
            System.out.println(sequence.lanes());
            System.out.println(sequence.json(property));
            System.out.println(sequence.captrace());
        }
    }

    static Protocol protocol(String name) {
        switch (name) {
            case "capcheck-without-mark":
                return Protocol.CAPCHECK.withoutMarkPhase();
            case "capcheck-without-remote-retype-check":
                return Protocol.CAPCHECK.withoutRemoteRetypeCheck();
            case "barrelfish-without-mark":
                return Protocol.BARRELFISH.withoutMarkPhase();
            default:
                Protocol p = Protocol.named(name);
                if (p == null) {
                    throw new IllegalArgumentException("unknown protocol " + name);
                }
                return p;
        }
    }
}
