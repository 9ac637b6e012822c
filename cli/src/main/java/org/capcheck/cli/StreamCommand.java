package org.capcheck.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that prints through picocli's writers ({@code replay}, {@code prove}, {@code fuzz},
 * {@code vectors}): it runs on them, flushes both whatever happens, and answers bad usage the same way
 * every command does (a message naming the command, a pointer to its help, exit status 2).
 */
abstract class StreamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command itself, printing results on {@code out} and messages on {@code err}; its exit status. */
    abstract int run(PrintWriter out, PrintWriter err) throws Exception;

    /** Bad usage: {@code capcheck NAME: message} and where to find help, on standard error; exit status 2. */
    int usage(PrintWriter err, String message) {
        err.println(spec.qualifiedName() + ": " + message);
        err.println("Try '" + spec.qualifiedName() + " --help'.");
        return ExitStatus.USAGE;
    }
}
