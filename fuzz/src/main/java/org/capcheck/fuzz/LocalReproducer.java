package org.capcheck.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.capcheck.captrace.CapTypes;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.fuzz.repro.CaptraceWriter;
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
        CaptraceWriter w = new CaptraceWriter(config);
        w.comment("capcheck fuzz reproducer (target local" + (mutant == Mutant.NONE ? "" : ", mutant " + mutant.name())
                + "): expectations are the specification's");
        CapSpec spec = new CapSpec(config);
        SpecState s = spec.boot();
        Kernel k = mutant.boot(config);
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            Outcome out = st.invocation().applyTo(spec, s);
            Failure f = out.result().relevant();
            w.invocation(i + 1, st.op(), st.args(), f.error(),
                    f.error() == SeL4Error.RangeError ? new long[] {f.rangeMin(), f.rangeMax()} : null,
                    f.error() == SeL4Error.FailedLookup ? f.lookup() : null,
                    f.error() == SeL4Error.InvalidArgument ? f.argument() : null);
            s = out.state();
            try {
                st.invocation().applyTo(k);
            } catch (RuntimeException e) {
                return w.comment("the kernel threw " + e + " at step " + (i + 1)).text();
            }
        }
        SpecState actual;
        try {
            actual = Abstraction.of(k);
        } catch (RuntimeException e) {
            return w.text();
        }
        if (!threadSurvives(config, steps)) {
            // captrace resolves check lines in the invoking thread's CSpace: once the steps delete the
            // thread's last TCB cap, no slot can be named (and no invocation made) on a correct kernel.
            return w.comment("the steps delete the invoking thread's last TCB cap: captrace can check no slot "
                    + "after that, so the failure shows in the invariants and results above").text();
        }
        long root = CapSpec.rootCNodeAddress(config);
        for (Slot slot : differing(s, actual)) {
            CaptraceWriter.Ref ref = refOf(s, slot, root);
            if (ref == null) {
                w.comment("no check line can name slot " + slot + ", which differs");
                continue;
            }
            w.check(ref, expectation(s, slot, root));
        }
        return w.text();
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
    private static CaptraceWriter.Ref refOf(SpecState s, Slot slot, long root) {
        if (slot.object() == root) {
            return new CaptraceWriter.Ref(2, slot.index(), 64);
        }
        for (Map.Entry<Slot, Cap> e : s.caps().entrySet()) {
            Cap c = e.getValue();
            if (e.getKey().object() == root && c.type() == CapType.CNode && c.paddr() == slot.object()
                    && c.guard() == 0 && c.guardSize() + c.radix() <= 64) {
                return new CaptraceWriter.Ref(e.getKey().index(), slot.index(), c.guardSize() + c.radix());
            }
        }
        return null;
    }

    private static Map<String, Object> expectation(SpecState s, Slot slot, long root) {
        Map<String, Object> x = new LinkedHashMap<>();
        Cap c = s.cap(slot);
        if (c.isNull()) {
            x.put("empty", true);
            return x;
        }
        x.put("type", CapTypes.nameOf(c.type()));
        if (c.type() == CapType.Endpoint || c.type() == CapType.Notification) {
            x.put("badge", c.badge());
        }
        if (c.carriesRights()) {
            x.put("rights", Rights.toLetters(c.rights()));
        }
        if (c.type() == CapType.Untyped) {
            x.put("free_index", c.freeIndex());
        }
        Slot p = s.parent(slot);
        if (p == null) {
            x.put("parent", null);
        } else {
            CaptraceWriter.Ref pr = refOf(s, p, root);
            if (pr != null) {
                x.put("parent", pr);
            }
        }
        x.put("descendants", (long) s.descendants(slot).size());
        return x;
    }
}
