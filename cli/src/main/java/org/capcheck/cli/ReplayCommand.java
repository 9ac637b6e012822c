package org.capcheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.Callable;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.ReplayReport;
import org.capcheck.captrace.Replayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code capcheck replay FILE}: validates a captrace v1 file, then replays it on the model and
 * compares every result (docs/captrace.md). Exit status 0 all matched and every invariant held, 1 a
 * difference, 2 an invalid or unreadable file (or bad usage), 4 an internal error.
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Replays a captrace v1 file on the model and compares every result.",
                "Validates the whole file first, then runs its lines in order on a system booted from its header, "
                        + "compares every result with the line's expect, and checks the model's invariants after "
                        + "every line."},
        footer = {"", "Exit status: 0 every expectation matched and every invariant held; 1 a difference "
                + "(the line, expected, actual and the model's view of its slots); 2 the file is not valid "
                + "captrace v1 or cannot be read (nothing is run); 4 internal error."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The captrace file; '-' reads standard input.")
    String file;

    @Option(names = "--keep-going", description = "Report every difference instead of stopping at the first.")
    boolean keepGoing;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the outcome, the counts and every difference as JSON to FILE.")
    Path json;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on standard output; the exit status tells "
            + "the result (errors still go to standard error, and --json is still written).")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) {
        String source = file.equals("-") ? "<stdin>" : file;
        byte[] bytes;
        try {
            bytes = read();
        } catch (IOException | InvalidPathException e) {
            String message = "cannot read " + source + ": " + describe(e);
            err.println("capcheck replay: " + message);
            if (json != null) {
                writeJson(ReplayReport.unreadableJson(source, message), err);
            }
            return ExitStatus.USAGE;
        }
        ReplayOutcome outcome = Replayer.replay(bytes, keepGoing);
        if (!quiet) {
            out.print(ReplayReport.differences(outcome, source));
            if (outcome.status() != ReplayOutcome.Status.INVALID) {
                out.println(ReplayReport.summary(outcome, source));
            }
        }
        out.flush();
        if (outcome.status() == ReplayOutcome.Status.INVALID) {
            err.println("capcheck replay: " + ReplayReport.invalidMessage(outcome, source));
        }
        if (json != null && !writeJson(ReplayReport.json(outcome, source), err)) {
            return ExitStatus.USAGE;
        }
        return outcome.exitStatus();
    }

    private byte[] read() throws IOException {
        if (file.equals("-")) {
            InputStream in = System.in;
            return in.readAllBytes();
        }
        Path p = Path.of(file);
        if (Files.isDirectory(p)) {
            throw new IOException("it is a directory");
        }
        return Files.readAllBytes(p);
    }

    private boolean writeJson(String text, PrintWriter err) {
        try {
            Files.writeString(json, text, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("capcheck replay: cannot write the JSON report to " + json + ": " + describe(e));
            return false;
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof InvalidPathException) {
            return "invalid path";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
