package org.capcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code capcheck} command. Each subcommand is its own class; this one only wires them and
 * maps picocli's errors onto capcheck's exit statuses (see {@link ExitStatus}).
 */
@Command(name = "capcheck",
        mixinStandardHelpOptions = true,
        version = "capcheck 0.1.0",
        description = "Checks capability-based kernels against seL4's capability semantics.",
        subcommands = {CheckCommand.class, ReplayCommand.class, ProveCommand.class, FuzzCommand.class,
            VectorsCommand.class},
        footer = {"",
            "Examples:",
            "  capcheck check --quick                       model-check cap-core under the quick bounds",
            "  capcheck check --processes 2 --query 'p1 can hold W to ep'",
            "                                               ask an authority question (docs/model-checker.md)",
            "  capcheck check two-phase-commit --rms 5      another built-in model",
            "  capcheck check --harness cap-revoke           a JPF-style harness (docs/jpf.md)",
            "  capcheck replay examples/quickstart.captrace.jsonl",
            "                                               replay a kernel's trace against cap-core (docs/captrace.md)",
            "  capcheck check multikernel --cores 2 --protocol barrelfish",
            "                                               distributed capability protocols (docs/MULTIKERNEL.md)",
            "  capcheck prove                               Z3 proofs of the specification's invariants (docs/proofs.md)",
            "  capcheck fuzz --seconds 30                   a random campaign against cap-core (docs/fuzz.md)",
            "  capcheck vectors --count 20 --out vectors/   test vectors for a kernel in any language (docs/CONFORMANCE.md)",
            "Run 'capcheck COMMAND --help' for a command's options. Docs: docs/ in the repository, README.md first.",
            "Exit status: 0 success, 1 finding, 2 bad usage or input, 3 incomplete, 4 internal error."})
public final class Main implements java.util.concurrent.Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests; never calls System.exit). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        CheckHelp.install(cli.getSubcommands().get("check"));
        cli.setExitCodeExceptionMapper(e -> ExitStatus.INTERNAL);
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("capcheck: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'.");
            return ExitStatus.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("capcheck: internal error: " + ex);
            if (Debug.enabled(parsed)) {
                ex.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("(run again with --debug for the stack trace)");
            }
            return ExitStatus.INTERNAL;
        });
        return cli;
    }

    /** No subcommand: that is bad usage; the usage goes to standard error. */
    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return ExitStatus.USAGE;
    }
}
