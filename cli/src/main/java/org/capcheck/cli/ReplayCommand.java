package org.capcheck.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.capcheck.captrace.ReplayOptions;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.ReplayReport;
import org.capcheck.captrace.Replayer;
import org.capcheck.report.ReplayReportPage;
import org.capcheck.core.Mutant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code capcheck replay FILE}: validates a captrace v1 file, then replays it on the model and
 * compares every result (docs/captrace.md). Exit status 0 all matched and every invariant held, 1 a
 * difference, 2 an invalid or unreadable file or bad usage (checked before anything runs), 3
 * interrupted (Ctrl-C, SIGTERM: the summary so far and the JSON report), 4 an internal error.
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Replays a captrace v1 file on the model and compares every result.",
                "Validates the whole file first, then runs its lines in order on a system booted from its header, "
                        + "compares every result with the line's expect, and checks the model's invariants after "
                        + "every line.",
                "Example: capcheck replay --json report.json trace.jsonl   (docs/captrace.md)"},
        footer = {"", "Exit status: 0 every expectation matched and every invariant held; 1 a difference "
                + "(the line, expected, actual and the model's view of its slots); 2 the file is not valid "
                + "captrace v1 or cannot be read, or bad usage (nothing is run); 3 interrupted (the summary so far "
                + "and the JSON report are written); 4 internal error."})
public final class ReplayCommand extends StreamCommand {
    /** How long the shutdown hook waits for the summary and the report after Ctrl-C or SIGTERM. */
    private static final long REPORT_GRACE_SECONDS = 30;
    /** Seconds between two progress lines on standard error. */
    static final long PROGRESS_SECONDS = 2;

    @Parameters(index = "0", paramLabel = "FILE", description = "The captrace file; '-' reads standard input.")
    String file;

    @Option(names = "--keep-going", description = "Report every difference instead of stopping at the first.")
    boolean keepGoing;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the outcome, the counts and every difference as JSON to FILE ('-': standard "
                    + "output, the text then goes to standard error).")
    String json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML report to FILE: the differences and the steps with the "
                    + "derivation tree after each. Checked before the replay.")
    Path html;

    @Option(names = "--mutant", paramLabel = "NAME",
            description = "Replay on a kernel with this seeded bug (as the counterexample's first comment says), "
                    + "e.g. RESET_WITH_CHILDREN; an unknown name lists the known ones.")
    String mutant;

    @Option(names = "--check-every", paramLabel = "N", defaultValue = "10000",
            description = "Invariants are checked after every line, incrementally (what the line can have "
                    + "broken). Also run the full check from scratch after every N-th line (default "
                    + "${DEFAULT-VALUE}; 1: after every line) and after the last, as a cross-check.")
    long checkEvery;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on standard output and no progress; the exit "
            + "status tells the result (errors still go to standard error, and --json is still written).")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    /** Heap set aside while replaying (see {@link #run}); a field, so that it is not dropped early. */
    private volatile byte[] reserve;

    @Override
    int run(PrintWriter stdout, PrintWriter err) {
        // Every piece of usage is checked before anything is read or run.
        Mutant m = Mutant.NONE;
        if (mutant != null) {
            m = Mutant.named(mutant);
            if (m == null) {
                return usage(err, "--mutant: unknown seeded bug '" + mutant + "'; known: " + mutantNames());
            }
        }
        if (checkEvery < 1) {
            return usage(err, "--check-every: must be at least 1, not " + checkEvery);
        }
        if (file.isEmpty()) {
            return usage(err, "FILE: the path is empty (use '-' for standard input)");
        }
        String source = file.equals("-") ? "<stdin>" : file;
        boolean jsonToStdout = "-".equals(json);
        if (json != null && !jsonToStdout) {
            String problem = outputProblem(json, file);
            if (problem != null) {
                return usage(err, "--json: " + problem);
            }
        }
        String badHtml = HtmlOutput.problemBeside(html, file.equals("-") ? null : HtmlOutput.pathOrNull(file),
                HtmlOutput.pathOrNull(json));
        if (badHtml != null) {
            return usage(err, badHtml);
        }
        PrintWriter out = jsonToStdout || OutputPath.isStdout(html) ? err : stdout;

        Spool spool = null;
        Replayer.Input input;
        try {
            if (file.equals("-")) {
                spool = new Spool(System.in, false);
                input = spool;
            } else {
                Path p = Path.of(file);
                if (Files.isDirectory(p)) {
                    throw new IOException("it is a directory");
                }
                if (!Files.exists(p)) {
                    throw new NoSuchFileException(file);
                }
                if (Files.isRegularFile(p)) {
                    input = () -> Files.newInputStream(p);
                } else {
                    // A device, pipe or process substitution cannot be read twice: spool it like stdin.
                    spool = new Spool(Files.newInputStream(p), true);
                    input = spool;
                }
            }
        } catch (IOException | InvalidPathException e) {
            return unreadable(source, e, err, stdout);
        }

        // Room for the summary and the report should the heap run out: given back before reporting.
        reserve = new byte[(int) Math.min(8L << 20, Runtime.getRuntime().maxMemory() / 8)];
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger status = new AtomicInteger(ExitStatus.INTERNAL);
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> onShutdown(stop, reported, status), "capcheck-replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Progress progress = new Progress(err, source, quiet);
            Mutant kernel = m;
            ReplayOptions options = ReplayOptions.defaults().withKeepGoing(keepGoing).withCheckEvery(checkEvery)
                    .withKernel(kernel::boot, kernel == Mutant.NONE ? null : kernel.name())
                    .withListener(progress).withStop(stop::get);
            ReplayOutcome outcome;
            try {
                outcome = Replayer.replay(input, options);
            } catch (IOException | java.io.UncheckedIOException e) {
                int s = unreadable(source, e instanceof java.io.UncheckedIOException ? e.getCause() : e, err, stdout);
                status.set(s);
                return s;
            } catch (OutOfMemoryError e) {
                // Out of heap outside the replay loop (spooling standard input, say): no counts to give.
                reserve = null;
                outcome = new ReplayOutcome(ReplayOutcome.Status.OUT_OF_MEMORY, 0, 0, 0, 0, List.of(), null,
                        keepGoing, kernel == Mutant.NONE ? null : kernel.name(), null, checkEvery, "validating");
            }
            reserve = null;
            progress.done();
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
            int s = outcome.exitStatus();
            if (json != null && !writeJson(ReplayReport.json(outcome, source), err, stdout)) {
                s = ExitStatus.USAGE;
            }
            Replayer.Input drawn = input;
            ReplayOutcome shown = outcome;
            if (!HtmlOutput.write(html, () -> ReplayReportPage.render(source, shown, drawn, kernel::boot), stdout,
                    quiet ? null : out, err)) {
                s = ExitStatus.USAGE;
            }
            status.set(s);
            return s;
        } finally {
            stdout.flush();
            err.flush();
            reported.countDown();
            if (spool != null) {
                spool.delete();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running and ends the process with our status.
            }
        }
    }

    /** Ctrl-C or SIGTERM: stop between lines, wait for the summary and the report, exit with their status. */
    private static void onShutdown(AtomicBoolean stop, CountDownLatch reported, AtomicInteger status) {
        if (reported.getCount() == 0) {
            return;
        }
        stop.set(true);
        try {
            if (reported.await(REPORT_GRACE_SECONDS, TimeUnit.SECONDS)) {
                Runtime.getRuntime().halt(status.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int unreadable(String source, Throwable e, PrintWriter err, PrintWriter stdout) {
        String message = "cannot read " + source + ": " + describe(e);
        err.println("capcheck replay: " + message);
        if (json != null) {
            writeJson(ReplayReport.unreadableJson(source, message), err, stdout);
        }
        return ExitStatus.USAGE;
    }

    static String mutantNames() {
        List<String> names = new ArrayList<>();
        for (Mutant x : Mutant.values()) {
            if (x != Mutant.NONE) {
                names.add(x.name());
            }
        }
        return String.join(", ", names) + " (or NONE: the correct kernel)";
    }

    /**
     * Why a report cannot be written to {@code path}, or null if it can: checked before the run, so a
     * long replay never ends without its report. The path must not be empty, a directory, the input,
     * in a missing or unwritable directory, or a device that refuses data ({@code /dev/full}).
     */
    static String outputProblem(String path, String input) {
        if (path.isEmpty()) {
            return "the path is empty (use '-' for standard output)";
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            return "'" + path + "' is not a valid path";
        }
        if (Files.isDirectory(p)) {
            return "'" + path + "' is a directory";
        }
        if (!input.equals("-")) {
            try {
                Path in = Path.of(input);
                if (in.toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize())
                        || (Files.exists(in) && Files.exists(p) && Files.isSameFile(in, p))) {
                    return "'" + path + "' is the input file; the report would overwrite it";
                }
            } catch (IOException | InvalidPathException e) {
                // The input's own problems are reported when it is read.
            }
        }
        if (Files.exists(p)) {
            if (Files.isRegularFile(p)) {
                if (!Files.isWritable(p)) {
                    return "cannot write the JSON report to '" + path + "': permission denied";
                }
                return null;
            }
            return probeDevice(p, path);
        }
        Path parent = p.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return "cannot write the JSON report to '" + path + "': its directory " + parent + " does not exist";
        }
        try {
            Files.createFile(p);
            Files.delete(p);
            return null;
        } catch (IOException e) {
            return "cannot write the JSON report to '" + path + "': " + describe(e);
        }
    }

    /** A device (not a pipe, whose opening could block): it must take one byte of data. */
    private static String probeDevice(Path p, String path) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            if (mode instanceof Integer && ((Integer) mode & 0170000) == 0010000) {
                return null;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Not a Unix file system: try the write below.
        }
        try (OutputStream o = Files.newOutputStream(p, StandardOpenOption.WRITE)) {
            o.write('\n');
            o.flush();
            return null;
        } catch (IOException e) {
            return "cannot write the JSON report to '" + path + "': " + describe(e);
        }
    }

    private boolean writeJson(String text, PrintWriter err, PrintWriter stdout) {
        if ("-".equals(json)) {
            stdout.print(text);
            stdout.flush();
            return true;
        }
        try {
            Files.writeString(Path.of(json), text, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("capcheck replay: cannot write the JSON report to " + json + ": " + describe(e));
            return false;
        }
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof InvalidPathException) {
            return "invalid path";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** A progress line on standard error every {@link #PROGRESS_SECONDS} seconds of a long replay. */
    static final class Progress implements ReplayOptions.Listener {
        private final PrintWriter err;
        private final String source;
        private final boolean quiet;
        private final long start = System.nanoTime();
        private long last = start;
        private boolean printed;
        private String phase = "validating";
        private long phaseStart = start;

        Progress(PrintWriter err, String source, boolean quiet) {
            this.err = err;
            this.source = source;
            this.quiet = quiet;
        }

        @Override
        public void progress(String phase, long line) {
            long now = System.nanoTime();
            if (!phase.equals(this.phase)) {
                this.phase = phase;
                phaseStart = now;
            }
            if (quiet || now - last < TimeUnit.SECONDS.toNanos(PROGRESS_SECONDS)) {
                return;
            }
            last = now;
            printed = true;
            double seconds = Math.max(1e-3, (now - phaseStart) / 1e9);
            err.printf("capcheck replay: %s: %s, at line %d (%.0f lines/s over %.0f s of %s)%n", source, phase, line,
                    line / seconds, seconds, phase);
            err.flush();
        }

        void done() {
            if (printed) {
                double seconds = (System.nanoTime() - start) / 1e9;
                err.printf("capcheck replay: %s: done in %.1f s%n", source, seconds);
            }
        }
    }

    /**
     * Standard input (or a pipe) read once into a temporary file while the first pass validates it, so
     * the second pass can run it: memory stays bounded, and an invalid stream is rejected as soon as
     * its first invalid line is read, without reading the rest.
     */
    static final class Spool implements Replayer.Input {
        private final InputStream source;
        private final boolean closeSource;
        private final Path copy;
        private boolean opened;

        Spool(InputStream source, boolean closeSource) throws IOException {
            this.source = source;
            this.closeSource = closeSource;
            this.copy = Files.createTempFile("capcheck-replay-", ".jsonl");
            copy.toFile().deleteOnExit();
        }

        @Override
        public InputStream open() throws IOException {
            if (opened) {
                return Files.newInputStream(copy);
            }
            opened = true;
            OutputStream sink = Files.newOutputStream(copy);
            return new FilterInputStream(source) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        sink.write(b);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        sink.write(b, off, n);
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    // Standard input stays open for the JVM; only the copy is closed.
                    sink.close();
                    if (closeSource) {
                        source.close();
                    }
                }
            };
        }

        void delete() {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                // deleteOnExit removes it later.
            }
        }
    }
}
