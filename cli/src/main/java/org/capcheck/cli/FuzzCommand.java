package org.capcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.capcheck.core.Mutant;
import org.capcheck.fuzz.Campaign;
import org.capcheck.report.FuzzReportPage;
import org.capcheck.fuzz.CampaignOptions;
import org.capcheck.fuzz.Finding;
import org.capcheck.fuzz.MultikernelReproducer;
import org.capcheck.fuzz.Stop;
import org.capcheck.fuzz.Target;
import org.capcheck.fuzz.Targets;
import org.capcheck.fuzz.UnknownTargetException;
import org.capcheck.fuzz.gen.Weights;
import org.capcheck.fuzz.jazzer.JazzerLauncher;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capcheck fuzz}: a fuzz campaign (docs/fuzz.md). Exit status 0 no failure found, 1 a failure
 * (shrunk; its reproducer's path and the replay command are printed), 2 bad usage, 3 stopped by the
 * user (Ctrl-C) before the budget was spent, 4 an internal error.
 */
@Command(name = "fuzz",
        mixinStandardHelpOptions = true,
        description = {"Runs a fuzz campaign: random invocation sequences (or Jazzer's coverage-guided fuzzing) "
                + "against cap-core, checking refinement against the specification and every invariant; a "
                + "failure is shrunk to a minimal reproducer, saved as a captrace file."},
        footer = {"", "Exit status: 0 no failure found; 1 a failure (the reproducer's path and the replay command "
                + "are printed); 2 bad usage; 3 stopped by Ctrl-C (the statistics so far are printed); "
                + "4 internal error."})
public final class FuzzCommand extends StreamCommand {

    @Option(names = "--target", paramLabel = "NAME", defaultValue = "local",
            description = "local (cap-core's typed API), decoder (the raw ABI with arbitrary words) or multikernel "
                    + "(the per-core machines with a randomized message scheduler). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--cores", paramLabel = "N", defaultValue = "3",
            description = "multikernel: the number of cores, 2 to 4. Default: ${DEFAULT-VALUE}.")
    int cores;

    @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "capcheck",
            description = "multikernel: capcheck, or barrelfish (Barrelfish's protocol with its known bugs). "
                    + "Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Re-run a multikernel reproducer (captrace v2) instead of a campaign: exit 1 if a property "
                    + "fails or the machines do not do what the file states, 0 if it passes.")
    Path replay;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "random",
            description = "random (capcheck's own stateful campaigns) or jazzer (coverage-guided, in a child JVM). "
                    + "Default: ${DEFAULT-VALUE}.")
    String engine;

    static final class Budget {
        @Option(names = "--seconds", paramLabel = "N", description = "Run for N seconds.")
        Double seconds;

        @Option(names = "--ops", paramLabel = "N", description = "Make N invocations (default 100000).")
        Long ops;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Budget budget;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "The seed of every random choice; with --ops the campaign is fully determined by it "
                    + "and the options. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "fuzz-out",
            description = "Where reproducers (and Jazzer's corpus) go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the statistics and the finding as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report: the "
            + "operation mix and (operation, error) pairs as charts, a finding's steps with the derivation tree after each.")
    Path html;

    @Option(names = "--mutant", paramLabel = "NAME",
            description = "Fuzz a kernel with this seeded bug (the Mutant catalogue), to see it caught.")
    String mutant;

    @Option(names = "--check-every", paramLabel = "K", defaultValue = "1",
            description = "Check the invariants after every K-th step (1: every step). Default: ${DEFAULT-VALUE}.")
    int checkEvery;

    @Option(names = "--refine-every", paramLabel = "R",
            description = "Check refinement against the specification on every R-th step: a multiple of K, or 0 "
                    + "for never. Default: K (every checked step).")
    Integer refineEvery;

    @Option(names = "--run-length", paramLabel = "N", defaultValue = "100",
            description = "Invocations from one boot before the next. Default: ${DEFAULT-VALUE}.")
    int runLength;

    @Option(names = "--weights", paramLabel = "OP=N,...",
            description = "Operation weights replacing the defaults, e.g. CNode_Revoke=20,IRQControl_Get=0.")
    String weights;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    int run(PrintWriter outw, PrintWriter err) throws Exception {
        if (replay != null) {
            return replay(outw, err);
        }
        Mutant m = Mutant.NONE;
        if (mutant != null) {
            m = Mutant.named(mutant);
            if (m == null) {
                return usage(err, "unknown mutant '" + mutant + "'; mutants: " + java.util.Arrays.toString(Mutant.values()));
            }
        }
        if (checkEvery < 1) {
            return usage(err, "--check-every must be at least 1, not " + checkEvery);
        }
        int refine = refineEvery == null ? checkEvery : refineEvery;
        if (refine < 0 || (refine > 0 && refine % checkEvery != 0)) {
            return usage(err, "--refine-every must be 0 or a multiple of --check-every (" + checkEvery + "), not " + refine);
        }
        if (runLength < 1 || runLength > 1_000_000) {
            return usage(err, "--run-length must be 1..1000000, not " + runLength);
        }
        Double seconds = budget == null ? null : budget.seconds;
        Long ops = budget == null ? null : budget.ops;
        if (seconds != null && !(seconds > 0 && seconds < 1e9)) {
            return usage(err, "--seconds must be positive, not " + seconds);
        }
        if (ops != null && ops < 1) {
            return usage(err, "--ops must be at least 1, not " + ops);
        }
        Weights w;
        try {
            w = Weights.parse(weights);
        } catch (IllegalArgumentException e) {
            return usage(err, "--weights: " + e.getMessage());
        }
        Target t;
        try {
            t = "multikernel".equals(target) ? Targets.multikernel(cores, protocol) : Targets.named(target);
        } catch (UnknownTargetException e) {
            return usage(err, e.getMessage());
        }
        String badHtml = "jazzer".equals(engine) && html != null ? "--html applies to the random engine, not to jazzer"
                : HtmlOutput.problem(html, json);
        if (badHtml != null) {
            return usage(err, badHtml);
        }
        if (!"multikernel".equals(target) && spec.commandLine().getParseResult().hasMatchedOption("--protocol")) {
            return usage(err, "--protocol applies to --target multikernel only");
        }
        if ("multikernel".equals(target) && (m != Mutant.NONE || checkEvery != 1 || weights != null)) {
            return usage(err, "--target multikernel checks every property after every step and takes no --mutant, "
                    + "--check-every or --weights (use --protocol barrelfish for a protocol with bugs)");
        }
        switch (engine) {
            case "random":
                break;
            case "jazzer":
                return jazzer(err, seconds, ops, m);
            default:
                return usage(err, "unknown engine '" + engine + "'; engines: random, jazzer");
        }
        CampaignOptions o = CampaignOptions.defaults(t.name()).withSeed(seed)
                .withOps(ops != null ? ops : seconds != null ? -1 : 100_000)
                .withSeconds(seconds != null ? seconds : -1).withChecks(checkEvery, refine).withRunLength(runLength)
                .withMutant(m).withWeights(w).withOutDir(out);
        Stop stop = new Stop(o.maxOps(), o.seconds());
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: stop the campaign, let it print its statistics, then leave with status 3.
            stop.interrupt();
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
                err.println("capcheck fuzz: target " + t.name() + ", seed " + seed + (m == Mutant.NONE ? "" : ", mutant "
                        + m.name()) + ", invariants every " + (checkEvery == 1 ? "step" : checkEvery + " steps")
                        + ", refinement " + (refine == 0 ? "never" : refine == 1 ? "every step" : "every " + refine + " steps")
                        + (o.maxOps() >= 0 ? ", " + o.maxOps() + " invocations" : "")
                        + (o.seconds() >= 0 ? ", " + o.seconds() + " s" : ""));
                err.flush();
            }
            Campaign.Result r = Campaign.run(t, o, stop, line -> {
                if (!quiet) {
                    err.println(line);
                    err.flush();
                }
            });
            int status = report(r, outw, err);
            Mutant fuzzed = m;
            if (!HtmlOutput.write(html, () -> FuzzReportPage.render(r, fuzzed::boot), outw, outw, err)) {
                status = ExitStatus.USAGE;
            }
            outw.flush();
            err.flush();
            return status;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and will end the process with status 3.
            }
        }
    }

    private int report(Campaign.Result r, PrintWriter outw, PrintWriter err) {
        outw.print(r.stats().text());
        Finding f = r.finding();
        if (f != null) {
            outw.println("FAILURE (" + f.violation().kind() + ") after " + f.foundAfter() + " invocations; shrunk from "
                    + f.originalSteps() + " to " + f.steps().size() + " steps:");
            for (int i = 0; i < f.steps().size(); i++) {
                outw.println("  " + (i + 1) + ". " + f.steps().get(i));
            }
            outw.println(f.violation().message().stripTrailing());
            outw.println("reproducer: " + f.reproducer());
            if (f.replayCommand() != null) {
                outw.println("replay with: " + f.replayCommand());
            }
        } else if (r.interrupted()) {
            outw.println("stopped by the user: no failure found so far");
        } else {
            outw.println("no failure found");
        }
        if (json != null) {
            try {
                Files.writeString(json, r.json() + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("capcheck fuzz: cannot write the JSON report to " + json + ": " + e.getMessage());
                return ExitStatus.USAGE;
            }
        }
        return f != null ? ExitStatus.FINDING : r.interrupted() ? ExitStatus.INCOMPLETE : ExitStatus.OK;
    }

    private int replay(PrintWriter outw, PrintWriter err) {
        String text;
        try {
            text = Files.readString(replay, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return usage(err, "--replay: cannot read " + replay + ": " + e.getMessage());
        }
        MultikernelReproducer.Replay r;
        try {
            r = MultikernelReproducer.replay(text);
        } catch (MultikernelReproducer.InvalidReproducerException e) {
            return usage(err, "--replay: " + replay + ": " + e.getMessage());
        }
        outw.println("replayed " + r.steps() + " steps on " + r.cores() + " cores running the " + r.protocol()
                + " protocol:");
        outw.print(r.lanes());
        if (r.mismatch() != null) {
            outw.println("MISMATCH: " + r.mismatch());
        }
        if (r.violated() != null) {
            outw.println("VIOLATED: " + r.violated());
        }
        if (r.passed()) {
            outw.println("every property holds after every step, and the machines did what the file states");
        }
        return r.passed() ? ExitStatus.OK : ExitStatus.FINDING;
    }

    private int jazzer(PrintWriter err, Double seconds, Long ops, Mutant m) throws Exception {
        if (!JazzerLauncher.TARGETS.contains(target)) {
            return usage(err, "the jazzer engine fuzzes the targets " + JazzerLauncher.TARGETS + ", not " + target);
        }
        if (ops != null) {
            return usage(err, "the jazzer engine takes --seconds, not --ops");
        }
        long s = seconds == null ? 60 : (long) Math.ceil(seconds);
        err.println("capcheck fuzz: running Jazzer on target " + target + " for " + s + " s: "
                + String.join(" ", JazzerLauncher.command(target, s, seed, m, out, out.resolve("jazzer-corpus-" + target))));
        err.flush();
        int status = JazzerLauncher.run(target, s, seed, m, out);
        err.println("capcheck fuzz: Jazzer exited with status " + status
                + (status == 0 ? " (no finding)" : " (a finding: see crash-* under " + out + ")"));
        return status == 0 ? ExitStatus.OK : ExitStatus.FINDING;
    }
}
