package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.Kernel;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;
import org.capcheck.spec.refine.Invocation;
import org.capcheck.spec.refine.RefinementChecker;
import org.capcheck.spec.Failure;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * Writes a counterexample of the one-process {@code local} model as a captrace v1 file, so that
 * {@code capcheck replay} reproduces it. Each step is an invocation line expecting what the
 * specification says; where the specification and cap-core part, check lines after the step state
 * the specification's view of the root-CNode slots that differ. Replay then stops at the first line
 * where cap-core does something else, and it checks the invariants after every line, so an
 * invariant violation shows up at its step too.
 */
public final class CaptraceExport {
    private CaptraceExport() {
    }

    public static List<String> lines(LocalModel model, List<LocalAction> actions, String why) {
        BootConfig c = model.bootConfig();
        List<String> out = new ArrayList<>();
        out.add(header(c));
        out.add(comment("counterexample from capcheck check (local model): " + why));
        if (model.bounds().mutant() != org.capcheck.core.Mutant.NONE) {
            out.add(comment("found on cap-core booted with the deliberate bug " + model.bounds().mutant()
                    + "; replay runs the real cap-core, so it shows where the correct kernel and the mutant part"));
        }
        Kernel k = model.bounds().mutant().boot(c);
        RefinementChecker checker = new RefinementChecker(c);
        long root = k.view().capAt(k.view().rootSlot(2)).paddr();
        int step = 0;
        for (LocalAction a : actions) {
            step++;
            if (a.stepOnly()) {
                out.add(comment("step " + step + ": " + a + " stopped at a preemption point; captrace runs "
                        + "operations to completion, so this trace continues without it"));
                k.setWorkBudget(1);
                a.invocation().applyOnce(k);
                k.setWorkBudget(Kernel.UNLIMITED);
                continue;
            }
            RefinementChecker.Step s = checker.step(k, a.invocation());
            out.add(invocationLine(a.invocation(), s.spec().result().relevant(), step));
            if (!s.ok()) {
                for (String check : differingSlots(s.spec().state(), s.kernelAfter(), root)) {
                    out.add(check);
                }
            }
        }
        return out;
    }

    private static String header(BootConfig c) {
        StringBuilder b = new StringBuilder("{\"captrace\": 1, \"boot\": {\"root_cnode_bits\": ")
                .append(c.rootCNodeBits()).append(", \"untyped\": [");
        for (int i = 0; i < c.untyped().size(); i++) {
            UntypedRegion u = c.untyped().get(i);
            b.append(i == 0 ? "" : ", ").append("{\"paddr\": ").append(word(u.paddr())).append(", \"size_bits\": ")
                    .append(u.sizeBits()).append(", \"device\": ").append(u.device()).append('}');
        }
        return b.append("], \"max_irq\": ").append(c.maxIrq()).append(", \"fanout_limit\": ").append(c.fanoutLimit())
                .append("}}").toString();
    }

    private static String invocationLine(Invocation inv, Failure expected, int step) {
        StringBuilder b = new StringBuilder("{\"step\": ").append(step).append(", \"op\": \"").append(inv.op().name())
                .append("\", \"args\": {");
        List<String> names = inv.op().argNames();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            b.append(i == 0 ? "" : ", ").append('"').append(n).append("\": ");
            long v = inv.arg(i);
            if (n.equals("rights")) {
                b.append('"').append(Rights.toLetters(Rights.fromWord(v))).append('"');
            } else if (n.equals("type")) {
                ObjectType t = ObjectType.ofNumber(v);
                b.append('"').append(t == null ? "Untyped" : t.name()).append('"');
            } else {
                b.append(word(v));
            }
        }
        b.append("}, \"expect\": {\"error\": \"").append(expected.error().name()).append('"');
        if (expected.error() == SeL4Error.FailedLookup && expected.lookup() != null) {
            b.append(", \"failure\": \"").append(expected.lookup().name()).append('"');
        } else if (expected.error() == SeL4Error.RangeError) {
            b.append(", \"range\": [").append(word(expected.rangeMin())).append(", ").append(word(expected.rangeMax()))
                    .append(']');
        } else if (expected.error() == SeL4Error.InvalidArgument) {
            b.append(", \"argument\": ").append(expected.argument());
        }
        return b.append("}}").toString();
    }

    /** Check lines stating the specification's view of every root-CNode slot where it and cap-core differ. */
    private static List<String> differingSlots(SpecState spec, SpecState kernel, long root) {
        Set<Slot> slots = new TreeSet<>(spec.caps().keySet());
        slots.addAll(kernel.caps().keySet());
        List<String> out = new ArrayList<>();
        for (Slot s : slots) {
            if (s.object() != root) {
                continue;
            }
            Cap c = spec.cap(s);
            boolean same = c.equals(kernel.cap(s)) && java.util.Objects.equals(spec.parent(s), kernel.parent(s))
                    && spec.descendants(s).size() == kernel.descendants(s).size();
            if (same) {
                continue;
            }
            StringBuilder b = new StringBuilder("{\"check\": \"slot\", \"root\": 2, \"index\": ").append(s.index())
                    .append(", \"depth\": 64, \"expect\": {");
            if (c.isNull()) {
                b.append("\"empty\": true");
            } else {
                Slot p = spec.parent(s);
                b.append("\"type\": \"").append(c.type() == org.capcheck.core.CapType.Thread ? "TCB" : c.type().name())
                        .append('"');
                if (p == null) {
                    b.append(", \"parent\": null");
                } else if (p.object() == root) {
                    b.append(", \"parent\": {\"root\": 2, \"index\": ").append(p.index()).append(", \"depth\": 64}");
                }
                b.append(", \"descendants\": ").append(spec.descendants(s).size());
                if (c.type() == org.capcheck.core.CapType.Untyped) {
                    b.append(", \"free_index\": ").append(c.freeIndex());
                }
            }
            out.add(b.append("}}").toString());
        }
        return out;
    }

    private static String comment(String text) {
        return "{\"comment\": \"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"}";
    }

    private static String word(long v) {
        return v >= 0 && v < (1L << 53) ? Long.toString(v) : "\"0x" + Long.toHexString(v) + "\"";
    }
}
