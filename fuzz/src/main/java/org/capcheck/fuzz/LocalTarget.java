package org.capcheck.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.fuzz.gen.Generator;

/**
 * The {@code local} target: cap-core's typed API through the table of operations, each checked
 * step checked for refinement against the specification and for every invariant. A failing run is
 * shrunk and saved as a captrace v1 file whose expectations are the specification's, so that
 * {@code capcheck replay} on the faulty kernel shows the difference.
 */
final class LocalTarget implements Target {
    private static final Operation[] OPS = Operation.values();
    private static final int MAX_ARITY = 11;
    /** Re-runs the shrinker may make: ample for runs of a few hundred steps. */
    static final int SHRINK_TESTS = 20_000;

    @Override
    public String name() {
        return "local";
    }

    @Override
    public List<String> operationNames() {
        List<String> names = new ArrayList<>();
        for (Operation op : OPS) {
            names.add(op.name());
        }
        return names;
    }

    @Override
    public Finding run(CampaignOptions o, Statistics stats, Stop stop, Consumer<String> progress) throws IOException {
        Generator gen = new Generator(o.config(), o.weights(), o.seed());
        StepChecker checker = new StepChecker(o.config());
        long[] args = new long[MAX_ARITY];
        Operation[] ops = new Operation[o.runLength()];
        long[][] record = new long[o.runLength()][MAX_ARITY];
        int k = o.checkEvery();
        int r = o.refineEvery();
        long step = 0;
        long nextProgress = System.nanoTime() + 1_000_000_000L;
        // Every run starts from one booted kernel whose invariants were checked, restored into one scratch
        // kernel (Kernel.copyFrom): that copies only the slots the last run wrote (and the object table if
        // it created or destroyed objects), allocates nothing, keeps the scratch kernel's encoder and
        // checker, and carries the booted kernel's change log, so the run's first invariant check
        // (Kernel.checkInvariantsIncrementally) looks only at what the run's invocations wrote.
        Kernel booted = o.mutant().boot(o.config());
        booted.checkInvariantsIncrementally();
        Kernel kernel = booted.copy();
        byte[] encoding = new byte[4096];
        while (!stop.reached(stats.ops())) {
            kernel.copyFrom(booted);
            stats.run();
            gen.reset(kernel);
            checker.forget();
            boolean previousRefined = false;
            for (int i = 0; i < o.runLength() && kernel.canInvoke(); i++) {
                if (stop.reached(stats.ops())) {
                    return null;
                }
                Operation op = gen.next(args);
                ops[i] = op;
                System.arraycopy(args, 0, record[i], 0, op.arity());
                long n = step++;
                boolean check = n % k == 0;
                boolean refine = check && r > 0 && n % r == 0;
                Violation v = null;
                SeL4Error e;
                if (refine) {
                    if (!previousRefined) {
                        checker.forget();
                    }
                    v = checker.step(kernel, op, args, i);
                    e = kernel.lastError().error();
                    if (v == null) {
                        stats.checked(FingerprintSet.fingerprint(checker.encodingAfter()),
                                StepChecker.treeDepth(checker.after()));
                    }
                } else {
                    e = op.invoke(kernel, args);
                    if (kernel.wasPreempted()) {
                        v = new Violation(i, Violation.Kind.NON_TERMINATION, op + " still preempted after "
                                + Operation.MAX_RESTARTS + " restarts");
                    } else if (check) {
                        // What checkInvariants() would say, from the slots written since the last check.
                        List<String> broken = kernel.checkInvariantsIncrementally();
                        if (!broken.isEmpty()) {
                            v = new Violation(i, Violation.Kind.INVARIANT, "invariants fail: " + broken);
                        } else {
                            int length = kernel.encode(encoding);
                            if (length > encoding.length) {
                                encoding = new byte[2 * length];
                                kernel.encode(encoding);
                            }
                            stats.checked(FingerprintSet.fingerprint(encoding, length), 0);
                        }
                    }
                }
                previousRefined = refine;
                stats.count(op.ordinal(), e);
                if (v != null) {
                    List<Step> failing = new ArrayList<>();
                    for (int j = 0; j <= i; j++) {
                        failing.add(new Step(ops[j], record[j]));
                    }
                    return reproduce(o, failing, stats.ops());
                }
                gen.observe(kernel, op, args, e);
                if ((stats.ops() & 4095) == 0 && System.nanoTime() >= nextProgress) {
                    progress.accept(stats.progressLine());
                    nextProgress = System.nanoTime() + 1_000_000_000L;
                }
            }
        }
        return null;
    }

    /** Re-runs a sequence from a fresh boot, every step checked: its first violation, or null. */
    static Violation firstViolation(BootConfig config, Mutant mutant, List<Step> steps) {
        Kernel kernel = mutant.boot(config);
        StepChecker checker = new StepChecker(config);
        for (int j = 0; j < steps.size(); j++) {
            if (!kernel.canInvoke()) {
                return null; // no further invocation can be made: captrace would refuse such a file
            }
            Step s = steps.get(j);
            Violation v = checker.step(kernel, s.op(), s.args(), j);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private Finding reproduce(CampaignOptions o, List<Step> failing, long foundAfter) throws IOException {
        Shrinker.Oracle<Step> oracle = steps -> firstViolation(o.config(), o.mutant(), steps);
        Violation first = oracle.firstViolation(failing);
        if (first == null) {
            // Seen only with sampled checking, and gone on a checked re-run: cannot happen for a
            // deterministic kernel; report the raw run.
            first = new Violation(failing.size() - 1, Violation.Kind.INVARIANT, "not reproducible on a checked re-run");
        }
        Shrinker<Step> shrinker = new Shrinker<>(oracle, LocalTarget::simpler, first.kind(), SHRINK_TESTS);
        List<Step> small = shrinker.shrink(failing);
        Violation v = oracle.firstViolation(small);
        if (v == null) {
            v = first;
            small = failing;
        }
        Path file = o.outDir().resolve(Reproducers.fileName(o, "jsonl"));
        LocalReproducer.write(o.config(), o.mutant(), small, file);
        List<String> lines = new ArrayList<>();
        for (Step s : small) {
            lines.add(s.toString());
        }
        String command = "capcheck replay " + file + (o.mutant() == Mutant.NONE ? "" : " --mutant " + o.mutant().name());
        return new Finding(v, foundAfter, failing.size(), lines, file, command);
    }

    /** Simpler versions of a step: each argument replaced by a smaller one of a few simple values. */
    static List<Step> simpler(Step s) {
        List<Step> out = new ArrayList<>();
        long[] simple = {0, 1, 2, 4, 16, 64};
        long[] a = s.args();
        for (int i = 0; i < a.length; i++) {
            for (long x : simple) {
                if (Long.compareUnsigned(x, a[i]) < 0) {
                    out.add(s.withArg(i, x));
                }
            }
        }
        return out;
    }
}
