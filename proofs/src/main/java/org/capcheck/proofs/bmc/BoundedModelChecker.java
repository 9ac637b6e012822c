package org.capcheck.proofs.bmc;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import com.microsoft.z3.UninterpretedSort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Operation;
import org.capcheck.proofs.encoding.CapTerm;
import org.capcheck.proofs.encoding.ConcreteState;
import org.capcheck.proofs.encoding.Invariant;
import org.capcheck.proofs.encoding.Smt;
import org.capcheck.proofs.encoding.Step;
import org.capcheck.proofs.encoding.SymbolicState;
import org.capcheck.proofs.encoding.Transitions;
import org.capcheck.proofs.encoding.Variant;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;
import org.capcheck.spec.refine.Invocation;

/**
 * Bounded model checking: the boot state, then k steps of any operation, unrolled into one formula
 * for Z3, to find a state within k steps that breaks an invariant or that answers an authority query
 * ("can this slot come to hold this kind of cap with these rights?"). The slots are the boot state's
 * and a few spare root-CNode slots; every step succeeds and names root-CNode slots only, so that a
 * trace found is a sequence of concrete invocations (CPtrs into the root CNode, depth 64) that can be
 * replayed on cap-core. Retype makes one object per step; new CNode guards are empty.
 */
public final class BoundedModelChecker {

    /** A trace from boot: the invocations and the states (as the encoding computed them). */
    public record Trace(List<Invocation> invocations, List<SpecState> states) {
    }

    /** Reachable (with a witness) or not within the depth. */
    public record Answer(boolean reachable, int depth, Trace witness) {
        public String text(String query) {
            return query + ": " + (reachable ? "reachable in " + witness.invocations().size() + " step(s): "
                    + witness.invocations() : "unreachable within " + depth + " step(s)");
        }
    }

    /** The spare slots are root-CNode slots FIRST_SPARE, FIRST_SPARE + 1, ... */
    public static final long FIRST_SPARE = 20;

    private final Variant variant;
    private final BootConfig config;
    private final int spare;
    private final int timeoutMillis;

    public BoundedModelChecker(Variant variant, BootConfig config, int spareSlots, int timeoutMillis) {
        this.variant = variant;
        this.config = config;
        this.spare = spareSlots;
        this.timeoutMillis = timeoutMillis;
    }

    /** A state within k steps of boot that breaks the invariant. */
    public Answer findViolation(Invariant inv, int k) {
        return search(k, (z, s) -> z.not(inv.holds(z, s)));
    }

    /** Whether root slot {@code index} can come to hold a cap of the given type with at least these rights. */
    public Answer canHold(long index, int capType, int rights, int k) {
        long root = CapSpec.rootCNodeAddress(config);
        return search(k, (z, s) -> {
            Expr<UninterpretedSort> x = z.var("x");
            CapTerm c = s.cap(x);
            return z.exists(x, z.and(z.eq(z.obj(x), z.num(root)), z.eq(z.idx(x), z.num(index)),
                    c.is(z, capType), z.eq(z.ctx.mkBVAND(c.rights(), z.rights(rights)), z.rights(rights))));
        });
    }

    /** Whether some state within k steps satisfies {@code goal}. */
    public Answer search(int k, BiFunction<Smt, SymbolicState, BoolExpr> goal) {
        SpecState boot = new CapSpec(config).boot();
        long root = CapSpec.rootCNodeAddress(config);
        Set<Slot> slots = new TreeSet<>(boot.caps().keySet());
        for (long i = FIRST_SPARE, added = 0; added < spare && i < (1L << config.rootCNodeBits()); i++) {
            if (slots.add(new Slot(root, i))) {
                added++;
            }
        }
        try (Smt z = new Smt(slots.size())) {
            List<BoolExpr> facts = new ArrayList<>();
            Map<Slot, Expr<UninterpretedSort>> u = ConcreteState.place(z, slots, facts);
            List<SymbolicState> states = new ArrayList<>();
            states.add(new SymbolicState(z, "s0"));
            facts.addAll(ConcreteState.describe(z, states.get(0), boot, u, true));
            List<Expr<com.microsoft.z3.IntSort>> choice = new ArrayList<>();
            List<List<Step>> steps = new ArrayList<>();
            Transitions tr = new Transitions(z, variant);
            Solver solver = z.ctx.mkSolver();
            Params p = z.ctx.mkParams();
            p.add("timeout", timeoutMillis);
            solver.setParameters(p);
            solver.add(facts.toArray(new BoolExpr[0]));
            // shortest first: a step is unrolled only once the shallower states are cleared
            for (int d = 0; d <= k; d++) {
                if (d > 0) {
                    SymbolicState s = states.get(d - 1);
                    SymbolicState t = new SymbolicState(z, "s" + d);
                    states.add(t);
                    Expr<com.microsoft.z3.IntSort> which = z.intConst("op" + d);
                    choice.add(which);
                    List<Step> these = new ArrayList<>();
                    List<BoolExpr> alts = new ArrayList<>();
                    for (Operation op : Operation.values()) {
                        Step st = tr.step(op, s, t);
                        these.add(st);
                        alts.add(z.and(z.eq(which, z.num(op.ordinal())), st.relation(), st.succeeds(),
                                concrete(z, st, root)));
                    }
                    steps.add(these);
                    solver.add(z.ctx.mkOr(alts.toArray(new BoolExpr[0])));
                }
                solver.push();
                solver.add(goal.apply(z, states.get(d)));
                Status st = solver.check();
                if (st == Status.SATISFIABLE) {
                    Trace found = decode(z, solver.getModel(), u, states, choice, steps, d);
                    solver.pop();
                    return new Answer(true, d, found);
                }
                solver.pop();
                if (st != Status.UNSATISFIABLE) {
                    throw new IllegalStateException("Z3: " + solver.getReasonUnknown() + " at depth " + d);
                }
            }
            return new Answer(false, k, null);
        }
    }

    /** The step names root-CNode slots only, makes one object, and sets empty guards and badges on rotate. */
    private static BoolExpr concrete(Smt z, Step st, long root) {
        Expr<UninterpretedSort> x = z.var("x");
        return z.and(z.eq(z.obj(st.src), z.num(root)), z.eq(z.obj(st.dest), z.num(root)),
                z.eq(z.obj(st.pivot), z.num(root)),
                z.forall(x, z.iff(st.isNew(z, x), z.eq(x, st.dest))),
                z.eq(st.guardSize, z.num(0)), z.eq(st.guard, z.num(0)), z.eq(st.pivotGuardSize, z.num(0)),
                z.eq(st.pivotGuard, z.num(0)), z.le(z.num(0), st.badge), z.le(z.num(0), st.irq),
                z.le(st.irq, z.num(1 << 16)), z.le(z.num(0), st.userSize), z.le(st.userSize, z.num(47)));
    }

    private static long value(Model m, Expr<?> e) {
        Expr<?> v = m.eval(e, true);
        if (v instanceof com.microsoft.z3.IntNum) {
            return ((com.microsoft.z3.IntNum) v).getInt64();
        }
        if (v instanceof com.microsoft.z3.BitVecNum) {
            return ((com.microsoft.z3.BitVecNum) v).getLong();
        }
        return 0;
    }

    private Trace decode(Smt z, Model m, Map<Slot, Expr<UninterpretedSort>> u, List<SymbolicState> states,
                         List<Expr<com.microsoft.z3.IntSort>> choice, List<List<Step>> steps, int depth) {
        List<Invocation> invs = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Operation op = Operation.values()[(int) value(m, choice.get(i))];
            Step st = steps.get(i).get(op.ordinal());
            long src = value(m, z.idx(st.src));
            long dest = value(m, z.idx(st.dest));
            long pivot = value(m, z.idx(st.pivot));
            long rights = value(m, st.rightsMask);
            switch (op) {
                case CNode_Copy:
                    invs.add(Invocation.cnodeCopy(2, dest, 64, 2, src, 64, rights));
                    break;
                case CNode_Mint:
                    invs.add(Invocation.cnodeMint(2, dest, 64, 2, src, 64, rights, value(m, st.badge)));
                    break;
                case CNode_Move:
                    invs.add(Invocation.cnodeMove(2, dest, 64, 2, src, 64));
                    break;
                case CNode_Mutate:
                    invs.add(Invocation.cnodeMutate(2, dest, 64, 2, src, 64, 0));
                    break;
                case CNode_Rotate:
                    invs.add(Invocation.cnodeRotate(2, dest, 64, 2, pivot, 64, 0, 2, src, 64, 0));
                    break;
                case CNode_Delete:
                    invs.add(Invocation.cnodeDelete(2, src, 64));
                    break;
                case CNode_Revoke:
                    invs.add(Invocation.cnodeRevoke(2, src, 64));
                    break;
                case CNode_CancelBadgedSends:
                    invs.add(Invocation.cnodeCancelBadgedSends(2, src, 64));
                    break;
                case Untyped_Retype:
                    invs.add(Invocation.untypedRetype(src, value(m, st.objectType), value(m, st.userSize), 2, 0, 0,
                            dest, 1));
                    break;
                case IRQControl_Get:
                default:
                    invs.add(Invocation.irqControlGet(src, value(m, st.irq), 2, dest, 64));
            }
        }
        return new Trace(invs, List.of());
    }
}
