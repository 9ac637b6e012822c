package org.capcheck.jpf;

/**
 * The program JPF runs ({@code target} of the generated .jpf): {@code JpfMain HARNESS} runs the named
 * built-in harness once with {@link JpfChoices}, so that JPF explores its choices; an assertion failure
 * escapes as an uncaught exception, which JPF reports as an error with its trace. Started on an
 * ordinary JVM instead, it explores the harness with capcheck's own {@link Explorer} and exits 0 (no
 * violation), 1 (violation) or 3 (incomplete).
 */
public final class JpfMain {
    private JpfMain() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: JpfMain HARNESS (one of " + String.join(", ", Harnesses.names()) + ")");
            System.exit(2);
            return;
        }
        Harness harness = Harnesses.named(args[0]);
        if (harness == null) {
            System.err.println("unknown harness '" + args[0] + "'; known harnesses: "
                    + String.join(", ", Harnesses.names()));
            System.exit(2);
            return;
        }
        if (JpfChoices.runningInJpf()) {
            harness.run(new JpfChoices());
            return;
        }
        ExplorationReport report = Explorer.of(harness).run();
        System.out.print(report.summary());
        System.exit(report.counterexample() != null ? 1 : report.complete() ? 0 : 3);
    }
}
