package org.capcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.capcheck.fuzz.vectors.ReachablePairs;
import org.capcheck.fuzz.vectors.VectorGenerator;
import org.capcheck.fuzz.vectors.VectorOptions;
import org.capcheck.fuzz.vectors.VectorResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capcheck vectors}: test vectors for kernels in other languages (docs/CONFORMANCE.md). captrace
 * v1 holds one trace per file (its header is line 1), so {@code --out} names a directory that receives
 * {@code vector-0001.jsonl}, {@code vector-0002.jsonl}, ...; with {@code --count 1} it may instead name
 * the one {@code .jsonl} file. Exit status 0 the vectors are written, 1 cap-core and the specification
 * disagreed (the vectors stop there), 2 bad usage or an output that cannot be written, 3 stopped by
 * Ctrl-C (the traces written so far are complete files), 4 internal error.
 */
@Command(name = "vectors",
        mixinStandardHelpOptions = true,
        description = {"Writes test vectors for a kernel in any language: captrace v1 files whose every expected "
                + "result is cap-core's, cross-checked with the abstract specification, covering every "
                + "(operation, error) pair reachable through captrace. Replay passes on each file; a kernel runs "
                + "them in its own test suite (docs/CONFORMANCE.md).",
            "Example: capcheck vectors --count 20 --seed 7 --out vectors/"},
        footer = {"", "Exit status: 0 written; 1 cap-core and the specification disagree (a finding; the vectors "
                + "stop there); 2 bad usage or an output that cannot be written; 3 stopped by Ctrl-C (the files "
                + "written so far are complete); 4 internal error."})
public final class VectorsCommand extends StreamCommand {
    /** The files this command writes in a directory; only these are replaced there. */
    static final Pattern VECTOR_FILE = Pattern.compile("vector-[0-9]+\\.jsonl");
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    @Option(names = "--count", paramLabel = "N", defaultValue = "" + VectorOptions.DEFAULT_COUNT,
            description = "How many traces (one file each). Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + VectorOptions.DEFAULT_SEED,
            description = "The seed of every choice: the same options write the same bytes. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--ops-per-trace", paramLabel = "K", defaultValue = "" + VectorOptions.DEFAULT_OPS_PER_TRACE,
            description = "Invocation lines per trace. Default: ${DEFAULT-VALUE}.")
    int opsPerTrace;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "A directory for vector-0001.jsonl, vector-0002.jsonl, ... (created if missing; earlier "
                    + "vector-*.jsonl files in it are replaced, any other file there is refused); with --count 1 "
                    + "also a FILE.jsonl.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the summary and the coverage of every (operation, error) pair as JSON "
                    + "('-': to standard output, the text then goes to standard error).")
    Path json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    int run(PrintWriter outw, PrintWriter err) throws Exception {
        VectorOptions o = new VectorOptions(count, seed, opsPerTrace);
        if (o.problem() != null) {
            return usage(err, o.problem());
        }
        String problem = OutputPath.problem("--json", json);
        if (problem != null) {
            return usage(err, problem);
        }
        boolean oneFile = out.toString().endsWith(".jsonl");
        if (oneFile) {
            if (count != 1) {
                return usage(err, "--out '" + out + "' names one file, but captrace v1 holds one trace per file (its "
                        + "header is line 1): with --count " + count + ", --out must name a directory");
            }
            problem = OutputPath.problem("--out", out);
            if (problem != null) {
                return usage(err, problem);
            }
            if (OutputPath.same(out, json)) {
                return usage(err, "--json '" + json + "' is also the vector file");
            }
        } else {
            if (json != null && !OutputPath.isStdout(json) && json.toAbsolutePath().normalize().getParent() != null
                    && json.toAbsolutePath().normalize().getParent().equals(out.toAbsolutePath().normalize())) {
                return usage(err, "--json '" + json + "' is inside the vector directory '" + out + "'");
            }
            problem = prepareDirectory(out);
            if (problem != null) {
                return usage(err, problem);
            }
        }
        String nameFormat = "vector-%0" + Math.max(4, Integer.toString(count).length()) + "d.jsonl";
        java.util.function.IntFunction<Path> fileOf = i -> oneFile ? out : out.resolve(String.format(nameFormat, i + 1));
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: stop after the trace being written, let the summary and report out, then leave with 3.
            stop.set(true);
            try {
                reported.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ExitStatus.INCOMPLETE);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!quiet) {
                err.println("capcheck vectors: " + count + (count == 1 ? " trace" : " traces") + " of up to "
                        + opsPerTrace + " invocations, seed " + seed + ", into '" + out + "'; aiming at "
                        + ReachablePairs.all().size() + " (operation, error) pairs");
                err.flush();
            }
            long start = System.nanoTime();
            long[] lastProgress = {start};
            List<String> written = new ArrayList<>();
            VectorResult r;
            try {
                r = VectorGenerator.generate(o, stop::get, (i, text) -> {
                    Path f = fileOf.apply(i);
                    Files.writeString(f, text, StandardCharsets.UTF_8);
                    written.add(f.toString());
                }, (done, invocations, coverage) -> {
                    long now = System.nanoTime();
                    if (!quiet && now - lastProgress[0] >= PROGRESS_NANOS) {
                        lastProgress[0] = now;
                        err.printf("capcheck vectors: %d of %d traces written, %d invocations, %d of %d pairs covered "
                                + "(%.0f s)%n", done, count, invocations, coverage.coveredCount(),
                                ReachablePairs.all().size(), (now - start) / 1e9);
                        err.flush();
                    }
                });
            } catch (IOException e) {
                err.println("capcheck vectors: cannot write a vector file: " + e.getMessage());
                return ExitStatus.USAGE;
            }
            return report(r, written, outw, err);
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and ends the process with status 3.
            }
        }
    }

    /**
     * Creates the output directory if needed and removes earlier vector files from it, so that the
     * directory holds exactly this run's vectors; refuses a file, an unwritable directory, or one
     * holding anything else (which this command must not mix with or delete).
     */
    private static String prepareDirectory(Path dir) {
        String shown = "'" + dir + "'";
        if (dir.toString().isBlank()) {
            return "--out: the directory name is empty";
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return "--out: " + shown + " is a file, not a directory (captrace v1 holds one trace per file; "
                    + "--out FILE.jsonl is for --count 1)";
        }
        try {
            Files.createDirectories(dir);
            List<Path> old = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (!VECTOR_FILE.matcher(p.getFileName().toString()).matches() || !Files.isRegularFile(p)) {
                        return "--out: " + shown + " holds '" + p.getFileName() + "', which is not a vector file: "
                                + "give an empty or new directory";
                    }
                    old.add(p);
                }
            }
            Path probe = Files.createTempFile(dir, "probe", ".tmp");
            Files.delete(probe);
            for (Path p : old) {
                Files.delete(p);
            }
        } catch (IOException e) {
            return "--out: cannot write in " + shown + ": " + (e instanceof java.nio.file.AccessDeniedException
                    ? "permission denied" : e.getMessage());
        }
        return null;
    }

    private int report(VectorResult r, List<String> written, PrintWriter outw, PrintWriter err) {
        boolean jsonToStdout = OutputPath.isStdout(json);
        PrintWriter text = jsonToStdout ? err : outw;
        text.print(r.text());
        if (!r.coverage().missing().isEmpty() && r.finding() == null && !r.interrupted()) {
            text.println("(more traces, --count, or longer ones, --ops-per-trace, cover the missing pairs)");
        }
        text.println("wrote " + written.size() + (written.size() == 1 ? " file" : " files")
                + (written.isEmpty() ? "" : " to '" + (written.size() == 1 ? written.get(0) : out) + "'")
                + "; check one with: capcheck replay " + (written.isEmpty() ? "FILE" : written.get(0)));
        text.flush();
        if (json != null) {
            String j = r.json(written) + "\n";
            if (jsonToStdout) {
                outw.print(j);
                outw.flush();
            } else {
                try {
                    Files.writeString(json, j, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err.println("capcheck vectors: cannot write the JSON report to '" + json + "': " + e.getMessage());
                    return ExitStatus.USAGE;
                }
            }
        }
        return r.finding() != null ? ExitStatus.FINDING : r.interrupted() ? ExitStatus.INCOMPLETE : ExitStatus.OK;
    }
}
