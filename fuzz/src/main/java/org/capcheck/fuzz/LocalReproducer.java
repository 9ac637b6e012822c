package org.capcheck.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.Objects;
import java.util.TreeSet;
import org.capcheck.captrace.CapTypes;
import org.capcheck.captrace.CheckExpect;
import org.capcheck.captrace.ExpectedResult;
import org.capcheck.captrace.SlotRef;
import org.capcheck.captrace.TraceWriter;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.SeL4Error;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Failure;
import org.capcheck.spec.Outcome;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;
import org.capcheck.spec.refine.Abstraction;

/**
 * Turns a shrunk failing sequence into a captrace v1 file that shows the failure on replay. Each
 * invocation line expects the specification's result; after the last one, a check line for every
 * slot whose capability or derivation-tree place differs between the specification's state and the
 * kernel's states what the specification has there. Replayed on a correct kernel the file passes;
 * replayed on the faulty one (`capcheck replay FILE --mutant NAME`) it stops at the difference, or at
 * the invariant that fails (replay checks every invariant after every line).
 *
 * <p>What captrace v1 cannot state is left out: lookup bit counts, the bytes left with
 * NotEnoughMemory, the suspended threads, and slots no check line can name (in CNodes that no root
 * slot names with guard 0).
 */
final class LocalReproducer {
    private LocalReproducer() {
    }

    static String text(BootConfig config, Mutant mutant, List<Step> steps) {
        StringJoiner w = new StringJoiner("\n", "", "\n");
        w.add(TraceWriter.header(config));
        w.add(TraceWriter.comment("capcheck fuzz reproducer (target local" + (mutant == Mutant.NONE ? "" : ", mutant "
                + mutant.name()) + "): expectations are the specification's"));
        CapSpec spec = new CapSpec(config);
        SpecState s = spec.boot();
        Kernel k = mutant.boot(config);
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            Outcome out = st.invocation().applyTo(spec, s);
            Failure f = out.result().relevant();
            String unwritable = unwritable(st);
            if (unwritable != null) {
                // The step still runs on both machines, so the expectations after it stay right only if it
                // changed nothing; say so, rather than write a line the parser must refuse.
                w.add(TraceWriter.comment("step " + (i + 1) + " (" + st + ") cannot be written in captrace v1: "
                        + unwritable + "; it returned " + f.error() + " on the specification"
                        + (out.state().equals(s) ? " and changed nothing" : " AND CHANGED THE STATE")));
            } else {
                ExpectedResult expect = new ExpectedResult(f.error(),
                        f.error() == SeL4Error.RangeError ? new long[] {f.rangeMin(), f.rangeMax()} : null,
                        f.error() == SeL4Error.FailedLookup && f.lookup() != LookupFailure.None ? f.lookup() : null,
                        f.error() == SeL4Error.InvalidArgument ? Long.valueOf(f.argument()) : null);
                w.add(TraceWriter.invocation((long) (i + 1), st.op(), st.args(), expect));
            }
            s = out.state();
            try {
                st.invocation().applyTo(k);
            } catch (RuntimeException e) {
                w.add(TraceWriter.comment("the kernel threw " + e + " at step " + (i + 1)));
                return w.toString();
            }
        }
        SpecState actual;
        try {
            actual = Abstraction.of(k);
        } catch (RuntimeException e) {
            return w.toString();
        }
        if (!threadSurvives(config, steps)) {
            // captrace resolves check lines in the invoking thread's CSpace: once the steps delete the
            // thread's last TCB cap, no slot can be named (and no invocation made) on a correct kernel.
            w.add(TraceWriter.comment("the steps delete the invoking thread's last TCB cap: captrace can check no slot "
                    + "after that, so the failure shows in the invariants and results above"));
            return w.toString();
        }
        long root = CapSpec.rootCNodeAddress(config);
        for (Slot slot : differing(s, actual)) {
            SlotRef ref = refOf(s, slot, root);
            if (ref == null) {
                w.add(TraceWriter.comment("no check line can name slot " + slot + ", which differs"));
                continue;
            }
            w.add(TraceWriter.check(null, ref, expectation(s, slot, root)));
        }
        return w.toString();
    }

    /**
     * Why captrace v1 cannot state a step, or null: its parser refuses object type numbers without a
     * name and depths above 255 (libsel4's depth arguments are 8-bit).
     */
    static String unwritable(Step st) {
        Operation op = st.op();
        for (int i = 0; i < op.arity(); i++) {
            long v = st.args()[i];
            switch (op.args().get(i).kind()) {
                case OBJECT_TYPE:
                    if (ObjectType.ofNumber(v) == null) {
                        return "object type number " + Long.toUnsignedString(v) + " has no name";
                    }
                    break;
                case DEPTH:
                    if (Long.compareUnsigned(v, 255) > 0) {
                        return "depth " + Long.toUnsignedString(v) + " is above 255";
                    }
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    /** Whether the invoking thread can still invoke after the steps, on a correct kernel. */
    private static boolean threadSurvives(BootConfig config, List<Step> steps) {
        Kernel k = Kernel.boot(config);
        for (Step st : steps) {
            st.invocation().applyTo(k);
        }
        return k.canInvoke();
    }

    static void write(BootConfig config, Mutant mutant, List<Step> steps, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, text(config, mutant, steps), StandardCharsets.UTF_8);
    }

    /** The slots whose cap, originality, parent or children differ. */
    private static TreeSet<Slot> differing(SpecState e, SpecState a) {
        TreeSet<Slot> all = new TreeSet<>(e.caps().keySet());
        all.addAll(a.caps().keySet());
        TreeSet<Slot> out = new TreeSet<>();
        for (Slot s : all) {
            if (!e.cap(s).equals(a.cap(s)) || e.isOriginal(s) != a.isOriginal(s)
                    || !Objects.equals(e.parent(s), a.parent(s)) || !e.children(s).equals(a.children(s))
                    || e.descendants(s).size() != a.descendants(s).size()) {
                out.add(s);
            }
        }
        return out;
    }

    /** A check-line reference to a slot: in the root CNode, or in a CNode a root slot names with guard 0. */
    private static SlotRef refOf(SpecState s, Slot slot, long root) {
        if (slot.object() == root) {
            return new SlotRef(2, slot.index(), 64);
        }
        for (Map.Entry<Slot, Cap> e : s.caps().entrySet()) {
            Cap c = e.getValue();
            if (e.getKey().object() == root && c.type() == CapType.CNode && c.paddr() == slot.object()
                    && c.guard() == 0 && c.guardSize() + c.radix() <= 64) {
                return new SlotRef(e.getKey().index(), slot.index(), c.guardSize() + c.radix());
            }
        }
        return null;
    }

    private static CheckExpect expectation(SpecState s, Slot slot, long root) {
        Cap c = s.cap(slot);
        if (c.isNull()) {
            return new CheckExpect(null, null, true, null, null, null, null, null, null, null, null, null, null, null,
                    null, false, null, null);
        }
        Long badge = c.type() == CapType.Endpoint || c.type() == CapType.Notification ? c.badge() : null;
        Integer rights = c.carriesRights() ? c.rights() : null;
        Long freeIndex = c.type() == CapType.Untyped ? c.freeIndex() : null;
        Slot p = s.parent(slot);
        SlotRef parent = p == null ? null : refOf(s, p, root);
        boolean parentGiven = p == null || parent != null;
        return new CheckExpect(null, null, null, CapTypes.nameOf(c.type()), badge, rights, null, null, null, null, null,
                freeIndex, null, null, null, parentGiven, parent, (long) s.descendants(slot).size());
    }
}
