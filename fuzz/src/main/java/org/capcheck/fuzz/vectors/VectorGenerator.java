package org.capcheck.fuzz.vectors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.capcheck.captrace.ExpectedResult;
import org.capcheck.captrace.Header;
import org.capcheck.captrace.TraceWriter;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;
import org.capcheck.fuzz.gen.Generator;
import org.capcheck.fuzz.gen.Rng;
import org.capcheck.fuzz.gen.Weights;
import org.capcheck.spec.Failure;
import org.capcheck.spec.refine.Abstraction;
import org.capcheck.spec.refine.Invocation;
import org.capcheck.spec.refine.RefinementChecker;

/**
 * Generates test vectors: captrace v1 traces, one per file (the contract puts one header on line 1),
 * each booted from its own header and run on cap-core. Every invocation's {@code expect} is cap-core's
 * result with the details captrace can state (the range, the lookup failure, the argument), and the
 * abstract specification makes the same invocation from the same state: a different result or state
 * is a finding and stops the vectors. After each invocation, a check line states each root slot it
 * changed.
 *
 * <p>Invocations are aimed: while some reachable (operation, error) pair is missing from the vectors
 * so far, most steps take a {@link Recipes recipe} for a missing pair; the rest are the fuzzer's biased
 * random draws ({@link Generator}) and recipes for any pair, for variety. A step that would end the
 * trace's usefulness is drawn again: one that destroys the invoking thread (captrace allows no
 * invocation after that), moves or deletes the root CNode cap in slot 2, revokes the thread's CSpace
 * root, or leaves the root CNode without an IRQControl or Untyped cap.
 *
 * <p>Everything follows from the seed: trace {@code i}'s boot configuration and draws come from a
 * generator seeded with the seed and {@code i}, and the coverage so far (which steers the aim) from
 * the traces before it, so the same options give the same bytes.
 */
public final class VectorGenerator {
    /** Draws per step before the trace ends early (only if no healthy invocation exists). */
    private static final int ATTEMPTS = 64;
    private static final long ROOT = BootConfig.ROOT_CNODE_SLOT;

    /** Receives each trace's text (a whole captrace file) as soon as it is complete. */
    public interface Sink {
        void trace(int index, String text) throws IOException;
    }

    /** Told after each trace, and every {@value #PROGRESS_STEPS} invocations within one. */
    public interface Progress {
        void progress(int tracesDone, long invocations, Coverage coverage);
    }

    /** Invocations between two progress calls within a trace. */
    static final int PROGRESS_STEPS = 1024;
    /** Kept invocations between two checkpoints (copies of the kernel a redraw starts again from). */
    static final int CHECKPOINT_STEPS = 512;

    private final VectorOptions options;
    private final Function<BootConfig, Kernel> boot;
    private final Coverage coverage = new Coverage();
    private long invocations;
    private long checks;
    private String finding;
    /** Draws made again because they would end the trace's usefulness (for tests). */
    long redraws;

    private VectorGenerator(VectorOptions options, Function<BootConfig, Kernel> boot) {
        this.options = options;
        this.boot = boot;
    }

    /** Vectors from cap-core as it is. */
    public static VectorResult generate(VectorOptions o, BooleanSupplier stop, Sink sink, Progress progress)
            throws IOException {
        return generate(o, Kernel::boot, stop, sink, progress);
    }

    /**
     * Vectors from the kernel {@code boot} makes (a test hands in one with a seeded bug, to see the
     * cross-check with the specification catch it).
     *
     * @throws IllegalArgumentException if the options are not valid ({@link VectorOptions#problem()})
     */
    public static VectorResult generate(VectorOptions o, Function<BootConfig, Kernel> boot, BooleanSupplier stop,
                                        Sink sink, Progress progress) throws IOException {
        if (o.problem() != null) {
            throw new IllegalArgumentException(o.problem());
        }
        VectorGenerator g = new VectorGenerator(o, boot);
        int done = 0;
        boolean interrupted = false;
        for (int i = 0; i < o.count(); i++) {
            if (stop.getAsBoolean()) {
                interrupted = true;
                break;
            }
            sink.trace(i, g.trace(i, done, progress));
            done++;
            progress.progress(done, g.invocations, g.coverage);
            if (g.finding != null) {
                break;
            }
        }
        return new VectorResult(o, done, g.invocations, g.checks, g.coverage, g.finding, interrupted);
    }

    /** The seed of trace {@code index}: SplitMix64 over the run's seed and the index. */
    static long traceSeed(long seed, int index) {
        return new Rng(seed ^ (0x632BE59BD9B4E019L * (index + 1L))).nextLong();
    }

    /**
     * The boot configuration of one trace: a root CNode of radix 5, 6 or 8; a 1 MiB untyped region,
     * sometimes a 4 KiB one (memory runs out soon) and a 64 KiB device region; 8 or 32 IRQs; a
     * fan-out limit of 16 or 256.
     */
    static Header header(Rng rng) {
        int bits = new int[] {5, 6, 8}[rng.nextInt(3)];
        List<UntypedRegion> regions = new ArrayList<>();
        regions.add(new UntypedRegion(0x100000L, 20, false));
        if (rng.chance(50)) {
            regions.add(new UntypedRegion(0x200000L, 12, false));
        }
        if (rng.chance(50)) {
            regions.add(new UntypedRegion(0x40000000L, 16, true));
        }
        return new Header(bits, regions, rng.chance(50) ? 7 : 31, rng.chance(50) ? 16 : 256, 1);
    }

    private String trace(int index, int tracesDone, Progress progress) {
        Rng rng = new Rng(traceSeed(options.seed(), index));
        Header h = header(rng);
        BootConfig config = h.bootConfig();
        List<String> lines = new ArrayList<>();
        lines.add(TraceWriter.header(config));
        lines.add(TraceWriter.comment("capcheck vectors: trace " + (index + 1) + " of " + options.count() + ", seed "
                + options.seed() + "; every expect is cap-core's result, cross-checked with the abstract "
                + "specification; check lines state the root slots each invocation changed"));
        Kernel k = boot.apply(config);
        RefinementChecker checker = new RefinementChecker(config);
        String bootDiff = checker.checkBoot(k);
        if (bootDiff != null) {
            finding = "trace " + (index + 1) + ": " + bootDiff;
            return text(lines);
        }
        Recipes recipes = new Recipes(config, rng);
        Generator gen = new Generator(config, Weights.defaults(), rng.nextLong());
        gen.reset(k);
        Cap rootCap = k.view().capAt(k.view().rootSlot(ROOT));
        Picture pic = Picture.of(k);
        org.capcheck.spec.SpecState before = Abstraction.of(k);
        long[] buf = new long[16];
        // A drawn invocation runs on the kernel itself (copying a kernel costs far more than a step).
        // In the rare case it must be drawn again, the kernel is taken from the last checkpoint and
        // the invocations kept since are made again (cap-core is deterministic).
        Kernel checkpoint = null; // null: the boot state

        List<Invocation> kept = new ArrayList<>();
        for (int step = 1; step <= options.opsPerTrace(); step++) {
            boolean stepped = false;
            for (int attempt = 0; attempt < ATTEMPTS && !stepped; attempt++) {
                Recipes.Candidate c = choose(rng, recipes, gen, pic, k, buf);
                if (c == null || !writable(c)) {
                    continue;
                }
                Invocation inv = Invocation.of(c.op(), c.args());
                RefinementChecker.Step r;
                try {
                    r = checker.step(before, k.encode(), k, inv); // unchanged encoding: no new abstraction
                } catch (RuntimeException e) {
                    finding = "trace " + (index + 1) + ", step " + step + ": " + inv + " threw " + e;
                    lines.add(TraceWriter.comment("FINDING: " + finding));
                    return text(lines);
                }
                Failure result = r.kernelResult();
                if (r.mismatch() != null) {
                    finding = "trace " + (index + 1) + ", step " + step + ": " + r.mismatch();
                    lines.add(TraceWriter.comment("FINDING: cap-core and the specification disagree on the next "
                            + "line; its expect is cap-core's"));
                    lines.add(TraceWriter.invocation((long) step, c.op(), c.args(), expected(result)));
                    invocations++;
                    return text(lines);
                }
                Picture after = Picture.of(k);
                if (!healthy(k, after, rootCap)) {
                    redraws++;
                    k = checkpoint == null ? boot.apply(config) : checkpoint.copy();
                    for (Invocation again : kept) {
                        again.applyTo(k);
                    }
                    continue;
                }
                stepped = true;
                kept.add(inv);
                lines.add(TraceWriter.invocation((long) step, c.op(), c.args(), expected(result)));
                invocations++;
                coverage.add(c.op(), result.error());
                List<String> changed = new ArrayList<>();
                StateChecks.changed(pic, after, step, config.untyped(), changed);
                lines.addAll(changed);
                checks += changed.size();
                pic = after;
                before = r.kernelAfter();
                gen.observe(k, c.op(), c.args(), result.error());
                if (kept.size() >= CHECKPOINT_STEPS) {
                    checkpoint = k.copy();
                    kept.clear();
                }
                if (step % PROGRESS_STEPS == 0) {
                    progress.progress(tracesDone, invocations, coverage);
                }
            }
            if (!stepped) {
                lines.add(TraceWriter.comment("no invocation drawn keeps this trace useful; it ends here"));
                break;
            }
        }
        return text(lines);
    }

    private Recipes.Candidate choose(Rng rng, Recipes recipes, Generator gen, Picture pic, Kernel k, long[] buf) {
        List<ReachablePairs.Pair> missing = coverage.missing();
        List<ReachablePairs.Pair> all = ReachablePairs.all();
        int roll = rng.nextInt(100);
        ReachablePairs.Pair target = null;
        if (!missing.isEmpty()) {
            target = roll < 70 ? missing.get(rng.nextInt(missing.size())) : roll < 85 ? all.get(rng.nextInt(all.size()))
                    : null;
        } else if (roll < 50) {
            target = all.get(rng.nextInt(all.size()));
        }
        if (target != null) {
            Recipes.Candidate c = recipes.aim(target.op(), target.error(), pic, k);
            if (c != null) {
                return c;
            }
        }
        Arrays.fill(buf, 0);
        Operation op = gen.next(buf);
        return new Recipes.Candidate(op, Arrays.copyOf(buf, op.arity()));
    }

    /** Whether captrace can state the invocation: depths are 8-bit, object types need a v1 name. */
    private static boolean writable(Recipes.Candidate c) {
        List<Operation.Arg> args = c.op().args();
        for (int i = 0; i < args.size(); i++) {
            long v = c.args()[i];
            switch (args.get(i).kind()) {
                case DEPTH:
                    if (Long.compareUnsigned(v, 255) > 0) {
                        return false;
                    }
                    break;
                case OBJECT_TYPE:
                    if (ObjectType.ofNumber(v) == null) {
                        return false;
                    }
                    break;
                default:
                    break;
            }
        }
        return true;
    }

    /** The state still lets every later step invoke and name slots as the recipes do. */
    private static boolean healthy(Kernel k, Picture p, Cap rootCap) {
        if (!k.canInvoke() || !p.caps[(int) ROOT].equals(rootCap)) {
            return false;
        }
        int cspaceRoot = k.view().lookupCPtr(ROOT);
        return cspaceRoot >= 0 && k.view().capAt(cspaceRoot).type() == CapType.CNode
                && !p.ofType(CapType.IRQControl).isEmpty() && !p.ofType(CapType.Untyped).isEmpty();
    }

    /** The expect of a line: the error, with the details captrace v1 can state for it. */
    static ExpectedResult expected(Failure f) {
        SeL4Error e = f.error();
        return new ExpectedResult(e,
                e == SeL4Error.RangeError ? new long[] {f.rangeMin(), f.rangeMax()} : null,
                e == SeL4Error.FailedLookup ? f.lookup() : null,
                e == SeL4Error.InvalidArgument ? (Long) (long) f.argument() : null);
    }

    private static String text(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
