package org.capcheck.jpf;

/**
 * The program JPF runs ({@code target} of the generated .jpf): {@code JpfMain HARNESS} runs the named
 * built-in harness once with {@link JpfChoices}, so that JPF explores its choices; an assertion failure
 * escapes as an uncaught exception, which JPF reports as an error. On an ordinary JVM it refuses (exit
 * 2): use {@code capcheck check --harness NAME} there. It reaches only the harnesses and the code they
 * call, never the native explorer, so every class JPF loads for it is free of invokedynamic
 * (NoInvokeDynamicTest).
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
        if (!JpfChoices.runningInJpf()) {
            System.err.println("JpfMain runs under Java PathFinder only; on this JVM use: capcheck check --harness "
                    + args[0]);
            System.exit(2);
            return;
        }
        harness.run(new JpfChoices());
    }
}
