package org.capcheck.proofs.link;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import com.microsoft.z3.UninterpretedSort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.proofs.encoding.ConcreteState;
import org.capcheck.proofs.encoding.Smt;
import org.capcheck.proofs.encoding.Step;
import org.capcheck.proofs.encoding.SymbolicState;
import org.capcheck.proofs.encoding.Transitions;
import org.capcheck.proofs.encoding.Variant;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;
import org.capcheck.spec.refine.Abstraction;
import org.capcheck.spec.refine.Invocation;

/**
 * The link from the proofs to the code that runs: random walks over cap-core, and for every step the
 * check that the SMT transition relation holds between the abstraction ({@link Abstraction}) of the
 * kernel before and after, with the kernel's result code. Only the slots and words the lookups
 * reached are left to Z3 (they are existentially chosen); everything else is pinned. A step the
 * relation does not admit is a mismatch between the proofs' model and cap-core, unless it lies
 * outside the encoded fragment (a deletion that needs recursive rec_del or leaves a Zombie), which is
 * counted separately.
 */
public final class CodeLink {

    /**
     * @param steps            pairs checked
     * @param outsideFragment  pairs outside the encoded fragment (not checked)
     * @param failures         pairs the relation does not admit, described
     * @param byOperation      pairs checked per operation, in {@link Operation} order
     */
    public record Report(int steps, int outsideFragment, List<String> failures, int[] byOperation) {
    }

    private final Variant variant;
    private final BootConfig config;

    public CodeLink(Variant variant, BootConfig config) {
        this.variant = variant;
        this.config = config;
    }

    /** {@code walks} walks of {@code length} invocations each, seeded from {@code seed}. */
    public Report check(long seed, int walks, int length) {
        int steps = 0;
        int outside = 0;
        int[] byOp = new int[Operation.values().length];
        List<String> failures = new ArrayList<>();
        for (int w = 0; w < walks; w++) {
            Kernel k = Kernel.boot(config);
            RandomWalk gen = new RandomWalk(seed + w, config);
            SpecState before = Abstraction.of(k);
            for (int i = 0; i < length && k.canInvoke(); i++) {
                Invocation inv = gen.next(before);
                SeL4Error e = inv.applyTo(k);
                SpecState after = Abstraction.of(k);
                if (outsideFragment(inv.op(), before, after)) {
                    outside++;
                } else {
                    steps++;
                    byOp[inv.op().ordinal()]++;
                    if (!admits(inv, before, after, e)) {
                        failures.add("walk " + (seed + w) + " step " + i + ": " + inv + " -> " + e
                                + "\nbefore:\n" + before + "\nafter:\n" + after);
                    }
                }
                before = after;
            }
        }
        return new Report(steps, outside, failures, byOp);
    }

    /**
     * Whether the relation admits the kernel's step from before to after with result e, with the
     * invocation's words pinned where the encoding has them (rights mask, badge, IRQ, object type and
     * size); the slots its lookups reached are left to Z3.
     */
    public boolean admits(Invocation inv, SpecState before, SpecState after, SeL4Error e) {
        Operation op = inv.op();
        Set<Slot> slots = new TreeSet<>(before.caps().keySet());
        slots.addAll(after.caps().keySet());
        // one slot that is empty before and after, for invocations on an empty slot
        long spare = 0;
        while (slots.contains(new Slot(-1, spare))) {
            spare++;
        }
        slots.add(new Slot(-1, spare));
        try (Smt z = new Smt(slots.size())) {
            List<BoolExpr> facts = new ArrayList<>();
            Map<Slot, Expr<UninterpretedSort>> u = ConcreteState.place(z, slots, facts);
            SymbolicState s = new SymbolicState(z, "before");
            SymbolicState t = new SymbolicState(z, "after");
            facts.addAll(ConcreteState.describe(z, s, before, u, true));
            facts.addAll(ConcreteState.describe(z, t, after, u, false));
            Step st = new Transitions(z, variant).step(op, s, t);
            facts.add(st.relation());
            facts.add(z.eq(st.result, z.num(e.number())));
            pinWords(z, st, inv, facts);
            Solver solver = z.ctx.mkSolver();
            Params p = z.ctx.mkParams();
            p.add("timeout", 20_000);
            solver.setParameters(p);
            solver.add(facts.toArray(new BoolExpr[0]));
            return solver.check() == Status.SATISFIABLE;
        }
    }

    private static void pinWords(Smt z, Step st, Invocation inv, List<BoolExpr> facts) {
        Operation op = inv.op();
        int rights = op.indexOf("rights");
        if (rights >= 0) {
            facts.add(z.eq(st.rightsMask, z.rights(inv.arg(rights) & 0xf)));
        }
        if (op == Operation.CNode_Mint && inv.arg(op.indexOf("badge")) >= 0) {
            facts.add(z.eq(st.badge, z.num(inv.arg(op.indexOf("badge")))));
        }
        if (op == Operation.IRQControl_Get && inv.arg(op.indexOf("irq")) >= 0) {
            facts.add(z.eq(st.irq, z.num(inv.arg(op.indexOf("irq")))));
        }
        if (op == Operation.Untyped_Retype) {
            long type = inv.arg(op.indexOf("type"));
            long size = inv.arg(op.indexOf("size_bits"));
            if (type >= 0 && size >= 0 && size < 64) {
                facts.add(z.or(z.not(st.succeeds()), z.and(z.eq(st.objectType, z.num(type)),
                        z.eq(st.userSize, z.num(size)))));
            }
        }
    }

    /**
     * Deletion outside the encoded fragment: a Zombie before or after, or an object destroyed that
     * held the last cap to another object holding caps (recursive rec_del), or the revoked slot
     * itself destroyed.
     */
    static boolean outsideFragment(Operation op, SpecState before, SpecState after) {
        if (op != Operation.CNode_Delete && op != Operation.CNode_Revoke) {
            return false;
        }
        for (Cap c : before.caps().values()) {
            if (c.type() == CapType.Zombie) {
                return true;
            }
        }
        for (Cap c : after.caps().values()) {
            if (c.type() == CapType.Zombie) {
                return true;
            }
        }
        // objects holding slots that lost all their caps and held caps to objects that also died holding caps
        Set<Long> died = new TreeSet<>();
        for (Cap c : before.caps().values()) {
            if ((c.type() == CapType.CNode || c.type() == CapType.Thread) && !named(after, c.paddr())) {
                died.add(c.paddr());
            }
        }
        for (Map.Entry<Slot, Cap> e : before.caps().entrySet()) {
            Cap c = e.getValue();
            if (died.contains(e.getKey().object()) && died.contains(c.paddr())
                    && (c.type() == CapType.CNode || c.type() == CapType.Thread) && holdsCaps(before, c.paddr())) {
                return true;
            }
        }
        return false;
    }

    private static boolean named(SpecState s, long object) {
        for (Cap c : s.caps().values()) {
            if ((c.type() == CapType.CNode || c.type() == CapType.Thread) && c.paddr() == object) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsCaps(SpecState s, long object) {
        for (Slot x : s.caps().keySet()) {
            if (x.object() == object) {
                return true;
            }
        }
        return false;
    }
}
