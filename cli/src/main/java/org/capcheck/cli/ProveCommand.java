package org.capcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.capcheck.proofs.Obligation;
import org.capcheck.proofs.ProofReport;
import org.capcheck.proofs.Prover;
import org.capcheck.proofs.Result;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capcheck prove}: discharges the proof obligations of docs/proofs.md with Z3 and prints one
 * row per obligation. Exit status 0 every obligation proved (for every number of slots, or up to the
 * stated bound), 1 any counterexample, unknown or timeout, 2 bad usage (checked before anything is
 * proved), 4 internal error.
 */
@Command(name = "prove",
        mixinStandardHelpOptions = true,
        description = {"Proves with Z3 that every invocation preserves every invariant, that the boot state "
                + "satisfies them, and the functional obligations (docs/proofs.md).",
                "Prints one row per obligation: proved (for every number of slots), proved up to N slots, "
                        + "counterexample, unknown or timeout, and the time taken. Progress goes to standard error."},
        footer = {"", "Exit status: 0 every obligation proved (unbounded, or up to its stated bound); 1 a "
                + "counterexample, unknown or timeout; 2 bad usage; 4 internal error."})
public final class ProveCommand extends StreamCommand {

    @Option(names = "--obligation", paramLabel = "NAME", arity = "1..*",
            description = "Prove only these obligations (e.g. CNode_Copy/untyped_inc, boot/valid_cap, "
                    + "functional/revoke_removes_descendants). Default: all.")
    List<String> obligations;

    @Option(names = "--timeout-per", paramLabel = "SECONDS", defaultValue = "20",
            description = "The most time one obligation may take (default ${DEFAULT-VALUE}).")
    int timeoutPer;

    @Option(names = "--bound", paramLabel = "N", defaultValue = "4",
            description = "Where Z3 cannot decide an obligation for every number of slots, prove it for every "
                    + "state of 1..N slots (default ${DEFAULT-VALUE}).")
    int bound;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as JSON to FILE.")
    Path json;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    /** prove's usage errors have always been the message alone, without the pointer to --help. */
    @Override
    int usage(PrintWriter err, String message) {
        err.println("capcheck prove: " + message);
        return ExitStatus.USAGE;
    }

    @Override
    int run(PrintWriter out, PrintWriter err) {
        if (timeoutPer < 1 || timeoutPer > 86_400) {
            return usage(err, "--timeout-per must be 1..86400 seconds, not " + timeoutPer);
        }
        if (bound < 1 || bound > 8) {
            return usage(err, "--bound must be 1..8, not " + bound);
        }
        List<Obligation> chosen = new ArrayList<>();
        if (obligations == null || obligations.isEmpty()) {
            chosen.addAll(Obligation.all());
        } else {
            Set<String> unknown = new LinkedHashSet<>();
            for (String n : obligations) {
                Obligation o = Obligation.named(n);
                if (o == null) {
                    unknown.add(n);
                } else if (!chosen.contains(o)) {
                    chosen.add(o);
                }
            }
            if (!unknown.isEmpty()) {
                StringBuilder b = new StringBuilder("unknown obligation " + String.join(", ", unknown)
                        + "; the obligations are:");
                for (Obligation o : Obligation.all()) {
                    b.append("\n  ").append(o.name());
                }
                return usage(err, b.toString());
            }
        }
        if (json != null) {
            String problem = unwritable(json);
            if (problem != null) {
                return usage(err, "cannot write the JSON report to " + json + ": " + problem);
            }
        }
        Prover prover = new Prover(Prover.Settings.defaults().withTimeoutMillis(timeoutPer * 1000).withBound(bound)
                .withClassifyDepth(1));
        long t0 = System.nanoTime();
        int[] done = {0};
        List<Result> results = prover.prove(chosen, line -> {
            done[0]++;
            err.println("[" + done[0] + "/" + chosen.size() + "] " + line);
            err.flush();
        });
        ProofReport report = new ProofReport(results, (System.nanoTime() - t0) / 1_000_000, bound);
        out.print(report.table());
        if (json != null) {
            try {
                Files.writeString(json, report.toJson(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("capcheck prove: cannot write the JSON report to " + json + ": " + e.getMessage());
                return ExitStatus.INTERNAL;
            }
        }
        return report.allProved() ? ExitStatus.OK : ExitStatus.FINDING;
    }

    /** Why the file cannot be written, or null: checked before any proof runs. */
    static String unwritable(Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return "it is a directory";
        }
        if (Files.exists(abs)) {
            return Files.isWritable(abs) ? null : "permission denied";
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return "no such directory";
        }
        return Files.isWritable(dir) ? null : "permission denied";
    }
}
