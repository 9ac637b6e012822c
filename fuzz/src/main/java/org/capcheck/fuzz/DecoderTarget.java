package org.capcheck.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.capcheck.core.BootConfig;
import org.capcheck.core.InvocationLabel;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.fuzz.gen.Generator;
import org.capcheck.fuzz.gen.Rng;

/**
 * The {@code decoder} target: the raw invocation ABI with arbitrary words, labels, lengths and
 * extra caps. What must hold (docs/raw-abi.md): the call returns an error code and never throws; a
 * failed call leaves the state exactly as it was (seL4 decodes everything before it executes); every
 * invariant holds afterwards. Raw calls with labels and lengths of any kind cannot be written as
 * captrace v1 (which names typed invocations only), so a reproducer is a Java snippet of raw calls.
 */
final class DecoderTarget implements Target {
    private static final int LABELS = InvocationLabel.DOMAIN_SET_SET + 1;
    private static final long[] MODELLED = {InvocationLabel.UNTYPED_RETYPE, InvocationLabel.TCB_SET_SPACE,
        InvocationLabel.CNODE_REVOKE, InvocationLabel.CNODE_DELETE, InvocationLabel.CNODE_CANCEL_BADGED_SENDS,
        InvocationLabel.CNODE_COPY, InvocationLabel.CNODE_MINT, InvocationLabel.CNODE_MOVE, InvocationLabel.CNODE_MUTATE,
        InvocationLabel.CNODE_ROTATE, InvocationLabel.CNODE_SAVE_CALLER, InvocationLabel.IRQ_ISSUE_IRQ_HANDLER};
    private static final long[] SERVICES = {2, 2, 2, 16, 16, 17, 4, 1, 0, 63, 64, -1L};
    private static final long[] WORDS = {0, 1, 2, 3, 4, 5, 12, 16, 17, 30, 40, 63, 64, 65, 255, 0xF, 1L << 32, -1L,
        1L << 63};

    @Override
    public String name() {
        return "decoder";
    }

    @Override
    public List<String> operationNames() {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < LABELS; l++) {
            names.add("label " + l);
        }
        names.add("label other");
        return names;
    }

    @Override
    public Finding run(CampaignOptions o, Statistics stats, Stop stop, Consumer<String> progress) throws IOException {
        Generator gen = new Generator(o.config(), o.weights(), o.seed());
        Rng r = gen.rng();
        long[] typed = new long[11];
        long[] words = new long[InvocationLabel.MSG_MAX_LENGTH + 8];
        long[] extra = new long[InvocationLabel.MSG_MAX_EXTRA_CAPS + 2];
        RawCall[] record = new RawCall[o.runLength()];
        long step = 0;
        long nextProgress = System.nanoTime() + 1_000_000_000L;
        while (!stop.reached(stats.ops())) {
            Kernel k = o.mutant().boot(o.config());
            stats.run();
            gen.reset(k);
            for (int i = 0; i < o.runLength() && k.canInvoke(); i++) {
                if (stop.reached(stats.ops())) {
                    return null;
                }
                Operation typedOp = r.chance(50) ? gen.next(typed) : null;
                RawCall call = typedOp != null ? marshal(r, typedOp, typed) : draw(r, words, extra);
                record[i] = call;
                boolean check = step++ % o.checkEvery() == 0;
                Outcome out = call(k, call, check, i);
                stats.count(row(call.label()), out.error);
                if (check && out.violation == null) {
                    stats.checked(FingerprintSet.fingerprint(k.encode()), 0);
                }
                if (out.violation != null) {
                    return reproduce(o, Arrays.asList(Arrays.copyOf(record, i + 1)), stats.ops());
                }
                if (typedOp != null) {
                    gen.observe(k, typedOp, typed, out.error);
                }
                if ((stats.ops() & 4095) == 0 && System.nanoTime() >= nextProgress) {
                    progress.accept(stats.progressLine());
                    nextProgress = System.nanoTime() + 1_000_000_000L;
                }
            }
        }
        return null;
    }

    private static int row(long label) {
        return label >= 0 && label < LABELS ? (int) label : LABELS;
    }

    private record Outcome(SeL4Error error, Violation violation) {
    }

    /** Makes one raw call and checks what must hold of it (the state-on-error and invariants only if {@code check}). */
    private static Outcome call(Kernel k, RawCall call, boolean check, int index) {
        byte[] before = check ? k.encode() : null;
        SeL4Error e;
        try {
            e = call.invoke(k);
        } catch (RuntimeException | StackOverflowError t) {
            return new Outcome(SeL4Error.NoError, new Violation(index, Violation.Kind.EXCEPTION, call + " threw " + t));
        }
        if (e == null) {
            return new Outcome(SeL4Error.NoError, new Violation(index, Violation.Kind.EXCEPTION, call + " returned null"));
        }
        if (k.wasPreempted()) {
            return new Outcome(e, new Violation(index, Violation.Kind.NON_TERMINATION, call + " never completes"));
        }
        if (check) {
            if (e != SeL4Error.NoError && !Arrays.equals(before, k.encode())) {
                return new Outcome(e, new Violation(index, Violation.Kind.STATE_CHANGED_ON_ERROR,
                        call + " failed with " + k.lastError() + " but changed the state"));
            }
            List<String> broken = k.checkInvariants();
            if (!broken.isEmpty()) {
                return new Outcome(e, new Violation(index, Violation.Kind.INVARIANT,
                        "after " + call + ": invariants fail: " + broken));
            }
        }
        return new Outcome(e, null);
    }

    /** A raw call: mostly a modelled label on a plausible cap with plausible words, sometimes anything. */
    static RawCall draw(Rng r, long[] words, long[] extra) {
        long service = r.chance(90) ? r.pick(SERVICES) : r.nextLong() >>> r.nextInt(64);
        long label = r.chance(80) ? r.pick(MODELLED) : r.chance(90) ? r.nextInt(LABELS) : r.nextLong();
        int length = r.chance(90) ? r.nextInt(10) : r.chance(50) ? InvocationLabel.MSG_MAX_LENGTH + r.nextInt(8)
                : -1 - r.nextInt(3);
        int n = Math.max(0, Math.min(length, 10));
        long[] w = Arrays.copyOf(words, n);
        for (int i = 0; i < n; i++) {
            w[i] = r.chance(85) ? r.pick(WORDS) : r.nextLong() >>> r.nextInt(64);
        }
        int extraCount = r.chance(90) ? r.nextInt(InvocationLabel.MSG_MAX_EXTRA_CAPS + 1) : r.chance(50) ? 4 : -1;
        int ne = Math.max(0, Math.min(extraCount, extra.length));
        long[] x = Arrays.copyOf(extra, ne);
        for (int i = 0; i < ne; i++) {
            x[i] = r.chance(80) ? 2 : r.pick(SERVICES);
        }
        return new RawCall(service, label, w, length, x, extraCount);
    }

    /**
     * A typed invocation marshalled as libsel4 marshals it (docs/raw-abi.md: message words in order,
     * the CNode and root CPtrs as extra caps), then sometimes cut short: too few words or extra caps.
     */
    static RawCall marshal(Rng r, Operation op, long[] a) {
        long[] w;
        long[] x;
        switch (op) {
            case CNode_Copy:
                w = new long[] {a[1], a[2], a[4], a[5], a[6]};
                x = new long[] {a[3]};
                break;
            case CNode_Mint:
                w = new long[] {a[1], a[2], a[4], a[5], a[6], a[7]};
                x = new long[] {a[3]};
                break;
            case CNode_Move:
                w = new long[] {a[1], a[2], a[4], a[5]};
                x = new long[] {a[3]};
                break;
            case CNode_Mutate:
                w = new long[] {a[1], a[2], a[4], a[5], a[6]};
                x = new long[] {a[3]};
                break;
            case CNode_Rotate:
                w = new long[] {a[1], a[2], a[6], a[4], a[5], a[10], a[8], a[9]};
                x = new long[] {a[3], a[7]};
                break;
            case Untyped_Retype:
                w = new long[] {a[1], a[2], a[4], a[5], a[6], a[7]};
                x = new long[] {a[3]};
                break;
            case IRQControl_Get:
                w = new long[] {a[1], a[3], a[4]};
                x = new long[] {a[2]};
                break;
            default: // Delete, Revoke, CancelBadgedSends
                w = new long[] {a[1], a[2]};
                x = new long[0];
        }
        int length = r.chance(85) ? w.length : r.nextInt(w.length + 1);
        int extraCount = r.chance(90) ? x.length : r.nextInt(x.length + 1);
        return new RawCall(a[0], op.label(), w, length, x, extraCount);
    }

    /** Re-runs calls from a fresh boot, every call checked: the first violation, or null. */
    static Violation firstViolation(BootConfig config, Mutant mutant, List<RawCall> calls) {
        Kernel k = mutant.boot(config);
        for (int i = 0; i < calls.size(); i++) {
            if (!k.canInvoke()) {
                return null;
            }
            Outcome out = call(k, calls.get(i), true, i);
            if (out.violation != null) {
                return out.violation;
            }
        }
        return null;
    }

    private Finding reproduce(CampaignOptions o, List<RawCall> failing, long foundAfter) throws IOException {
        Shrinker.Oracle<RawCall> oracle = calls -> firstViolation(o.config(), o.mutant(), calls);
        Violation first = oracle.firstViolation(failing);
        if (first == null) {
            first = new Violation(failing.size() - 1, Violation.Kind.INVARIANT, "not reproducible on a checked re-run");
        }
        List<RawCall> small = new Shrinker<>(oracle, DecoderTarget::simpler, first.kind(), LocalTarget.SHRINK_TESTS)
                .shrink(failing);
        Violation v = oracle.firstViolation(small);
        if (v == null) {
            v = first;
            small = failing;
        }
        List<String> lines = new ArrayList<>();
        StringBuilder text = new StringBuilder("// capcheck fuzz reproducer (target decoder, seed " + o.seed()
                + (o.mutant() == Mutant.NONE ? "" : ", mutant " + o.mutant().name()) + ")\n// " + v.kind() + ": "
                + v.message().replace("\n", "\n// ") + "\n");
        for (RawCall c : small) {
            lines.add(c.toString());
            text.append(c).append('\n');
        }
        Path file = o.outDir().resolve(Reproducers.fileName(o, "java.txt"));
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return new Finding(v, foundAfter, failing.size(), lines, file, null);
    }

    /** Simpler versions of a call: fewer words or extra caps, each word or CPtr replaced by a small value. */
    static List<RawCall> simpler(RawCall c) {
        List<RawCall> out = new ArrayList<>();
        if (c.words().length > 0) {
            out.add(new RawCall(c.service(), c.label(), Arrays.copyOf(c.words(), c.words().length - 1),
                    Math.min(c.length(), c.words().length - 1), c.extraCaps(), c.extraCount()));
        }
        long[] simple = {0, 1, 2, 64};
        for (int i = 0; i < c.words().length; i++) {
            for (long x : simple) {
                if (Long.compareUnsigned(x, c.words()[i]) < 0) {
                    long[] w = c.words().clone();
                    w[i] = x;
                    out.add(new RawCall(c.service(), c.label(), w, c.length(), c.extraCaps(), c.extraCount()));
                }
            }
        }
        return out;
    }
}
