package org.capcheck.proofs;

import com.microsoft.z3.BitVecNum;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntNum;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Model;
import com.microsoft.z3.Sort;
import com.microsoft.z3.UninterpretedSort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.proofs.encoding.CapTerm;
import org.capcheck.proofs.encoding.Smt;
import org.capcheck.proofs.encoding.Step;
import org.capcheck.proofs.encoding.SymbolicState;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * A counterexample decoded from a Z3 model: the state before (as the specification's
 * {@link SpecState}), the invocation (its operation, the slots its lookups reached and the words
 * that mattered), and the state after. How it is classified (a real bug reproduced on cap-core, a
 * counterexample to induction, or a fault of the encoding alone) is decided by {@link Classifier}.
 *
 * @param obligation the obligation it breaks
 * @param before     the state before
 * @param after      the state after (null for boot)
 * @param op         the invocation's operation (null for boot)
 * @param arguments  "name=value" for the invocation's slots and words
 * @param kind       its classification
 * @param evidence   the classification's evidence: a captrace file, or the state to strengthen against
 */
public record Counterexample(Obligation obligation, SpecState before, SpecState after,
                             org.capcheck.core.Operation op, List<String> arguments, Kind kind, String evidence) {

    public enum Kind {
        /** The boot state itself breaks the invariant. */
        BOOT,
        /** Not yet classified. */
        UNCLASSIFIED,
        /** Reached from boot and reproduced on cap-core: a real bug (the evidence is a captrace file). */
        REAL_BUG,
        /** Reached from boot in the encoding but neither cap-core nor the specification does it: the transition relation is wrong. */
        ENCODING_ONLY,
        /** Not reached from boot within the depth searched: the invariants are too weak to be inductive (the evidence is the state). */
        INDUCTION
    }

    public Counterexample withKind(Kind k, String ev) {
        return new Counterexample(obligation, before, after, op, arguments, k, ev);
    }

    public String describe() {
        StringBuilder b = new StringBuilder();
        if (kind != Kind.UNCLASSIFIED && kind != Kind.BOOT) {
            b.append("classified: ").append(kind).append('\n');
        }
        b.append("state before:\n").append(before).append('\n');
        if (op != null) {
            b.append("invocation: ").append(op.name()).append(' ').append(String.join(", ", arguments)).append('\n');
            b.append("state after:\n").append(after).append('\n');
        }
        if (evidence != null && !evidence.isEmpty()) {
            b.append(evidence);
        }
        return b.toString();
    }

    /** Decodes the model's pre-state, step and post-state. */
    static Counterexample decode(Obligation o, Smt z, Model m, SymbolicState pre, SymbolicState post, Step step) {
        List<Expr<UninterpretedSort>> elems = z.bounded() ? z.domain() : List.of(universe(m, z));
        Map<Expr<UninterpretedSort>, Slot> names = slotNames(z, m, elems);
        SpecState before = state(z, m, pre, names, step);
        SpecState after = state(z, m, post, names, step);
        List<String> args = new ArrayList<>();
        args.add("result=" + org.capcheck.core.SeL4Error.ofNumber(longOf(m, step.result)));
        switch (step.op) {
            case CNode_Copy:
            case CNode_Mint:
            case CNode_Move:
            case CNode_Mutate:
                args.add("src=" + names.get(m.eval(step.src, true)));
                args.add("dest=" + names.get(m.eval(step.dest, true)));
                args.add("rights=" + org.capcheck.core.Rights.toLetters((int) longOf(m, step.rightsMask)));
                args.add("badge=" + longOf(m, step.badge));
                break;
            case CNode_Rotate:
                args.add("src=" + names.get(m.eval(step.src, true)));
                args.add("pivot=" + names.get(m.eval(step.pivot, true)));
                args.add("dest=" + names.get(m.eval(step.dest, true)));
                break;
            case Untyped_Retype: {
                args.add("untyped=" + names.get(m.eval(step.src, true)));
                args.add("type=" + org.capcheck.core.ObjectType.ofNumber(longOf(m, step.objectType)));
                args.add("size_bits=" + longOf(m, step.userSize));
                List<Slot> made = new ArrayList<>();
                for (Expr<UninterpretedSort> e : elems) {
                    if (m.eval((BoolExpr) z.ctx.mkApp(step.newSlots, e), true).isTrue()) {
                        made.add(names.get(e));
                    }
                }
                args.add("dests=" + made);
                break;
            }
            case IRQControl_Get:
                args.add("control=" + names.get(m.eval(step.src, true)));
                args.add("dest=" + names.get(m.eval(step.dest, true)));
                args.add("irq=" + longOf(m, step.irq));
                break;
            default:
                args.add("slot=" + names.get(m.eval(step.src, true)));
        }
        return new Counterexample(o, before, after, step.op, args, Kind.UNCLASSIFIED, "");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Expr<UninterpretedSort>[] universe(Model m, Smt z) {
        return (Expr<UninterpretedSort>[]) (Expr[]) m.getSortUniverse(z.slot);
    }

    private static Map<Expr<UninterpretedSort>, Slot> slotNames(Smt z, Model m, List<Expr<UninterpretedSort>> elems) {
        Map<Expr<UninterpretedSort>, Slot> names = new LinkedHashMap<>();
        for (Expr<UninterpretedSort> e : elems) {
            names.put(e, new Slot(longOf(m, z.obj(e)), longOf(m, z.idx(e))));
        }
        // names are looked up by the model's values, which for a bounded sort are the constants themselves
        Map<Expr<UninterpretedSort>, Slot> byValue = new LinkedHashMap<>();
        for (Map.Entry<Expr<UninterpretedSort>, Slot> e : names.entrySet()) {
            byValue.put(m.eval(e.getKey(), true), e.getValue());
        }
        if (byValue.size() == names.size()) {
            return byValue;
        }
        return names;
    }

    static long longOf(Model m, Expr<? extends Sort> e) {
        Expr<?> v = m.eval(e, true);
        if (v instanceof IntNum) {
            return ((IntNum) v).getBigInteger().longValue();
        }
        if (v instanceof BitVecNum) {
            return ((BitVecNum) v).getLong();
        }
        return 0;
    }

    private static SpecState state(Smt z, Model m, SymbolicState s, Map<Expr<UninterpretedSort>, Slot> names,
                                   Step step) {
        TreeMap<Slot, Cap> caps = new TreeMap<>();
        Map<Slot, Slot> cdt = new HashMap<>();
        TreeSet<Slot> originals = new TreeSet<>();
        TreeSet<Long> irqs = new TreeSet<>();
        irqs.add(longOf(m, step.irq));
        for (Map.Entry<Expr<UninterpretedSort>, Slot> e : names.entrySet()) {
            CapTerm c = s.cap(e.getKey());
            int type = (int) longOf(m, c.type());
            if (type <= 0 || type >= CapType.values().length) {
                continue;
            }
            Cap cap = new Cap(CapType.values()[type], longOf(m, c.object()), (int) longOf(m, c.bits()),
                    longOf(m, c.badge()), (int) longOf(m, c.rights()), (int) longOf(m, c.radix()),
                    longOf(m, c.guard()), (int) longOf(m, c.guardSize()), longOf(m, c.free()),
                    m.eval(c.device(), true).isTrue(), (int) longOf(m, c.irq()), longOf(m, c.zombieSlots()));
            caps.put(e.getValue(), cap);
            if (cap.type() == CapType.IRQHandler) {
                irqs.add((long) cap.irq());
            }
            if (m.eval(s.original(e.getKey()), true).isTrue()) {
                originals.add(e.getValue());
            }
            if (m.eval(s.hasParent(e.getKey()), true).isTrue()) {
                Slot p = names.get(m.eval(s.parent(e.getKey()), true));
                if (p != null) {
                    cdt.put(e.getValue(), p);
                }
            }
        }
        Map<Slot, List<Slot>> list = new HashMap<>();
        cdt.forEach((c, p) -> list.computeIfAbsent(p, k -> new ArrayList<>()).add(c));
        TreeSet<Integer> active = new TreeSet<>();
        for (long i : irqs) {
            Expr<IntSort> n = z.num(i);
            if (m.eval(s.active(n), true).isTrue()) {
                active.add((int) i);
            }
        }
        return new SpecState(caps, cdt, list, originals, active, new TreeSet<>(), SpecState.NO_THREAD);
    }
}
