package org.capcheck.proofs.encoding;

import com.microsoft.z3.ArraySort;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.BoolSort;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Expr;
import com.microsoft.z3.UninterpretedSort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.capcheck.core.Cap;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * A concrete abstract state ({@link SpecState}, e.g. the abstraction of a cap-core kernel) as
 * constraints on a {@link SymbolicState}: the slot sort is exactly the given slots, and every field
 * of every slot is pinned. Ghosts (depth, ancestry) are computed from the cdt when asked for; a
 * state produced by a transition leaves them to the relation.
 */
public final class ConcreteState {
    private ConcreteState() {
    }

    /** Distinct slot constants for the slots, placed at their (object, index), and nothing else in the sort. */
    public static Map<Slot, Expr<UninterpretedSort>> universe(Smt z, Collection<Slot> slots, List<BoolExpr> out) {
        Map<Slot, Expr<UninterpretedSort>> u = new LinkedHashMap<>();
        for (Slot s : new TreeSet<>(slots)) {
            Expr<UninterpretedSort> c = z.slotConst("slot_" + Long.toHexString(s.object()) + "_" + s.index());
            u.put(s, c);
            out.add(z.eq(z.obj(c), z.num(s.object())));
            out.add(z.eq(z.idx(c), z.num(s.index())));
        }
        if (u.size() > 1) {
            out.add(z.ctx.mkDistinct(u.values().toArray(new Expr<?>[0])));
        }
        Expr<UninterpretedSort> x = z.var("x");
        List<BoolExpr> alts = new ArrayList<>();
        for (Expr<UninterpretedSort> c : u.values()) {
            alts.add(z.eq(x, c));
        }
        out.add(z.forall(x, z.ctx.mkOr(alts.toArray(new BoolExpr[0]))));
        return u;
    }

    /**
     * In a bounded encoding of exactly {@code slots.size()} slots: the domain's slots, placed at the
     * given (object, index) in order.
     */
    public static Map<Slot, Expr<UninterpretedSort>> place(Smt z, Collection<Slot> slots, List<BoolExpr> out) {
        Map<Slot, Expr<UninterpretedSort>> u = new LinkedHashMap<>();
        int i = 0;
        for (Slot s : new TreeSet<>(slots)) {
            Expr<UninterpretedSort> c = z.domain().get(i++);
            u.put(s, c);
            out.add(z.eq(z.obj(c), z.num(s.object())));
            out.add(z.eq(z.idx(c), z.num(s.index())));
        }
        return u;
    }

    /** The cap as a term of constants. */
    public static CapTerm term(Smt z, Cap c) {
        long size = c.type().isPhysical() ? 1L << c.sizeBits() : 0;
        return new CapTerm(z.num(c.type().ordinal()), z.num(c.paddr()), z.num(size), z.num(c.sizeBits()),
                z.num(c.badge()), z.rights(c.rights()), z.num(c.radix()), z.num(c.guardSize()), z.num(c.guard()),
                z.num(c.freeIndex()), z.ctx.mkBool(c.device()), z.num(c.irq()), z.num(c.zombieSlots()));
    }

    /** Pins s to st over the universe u; with ghosts, also depth and ancestry computed from the cdt. */
    public static List<BoolExpr> describe(Smt z, SymbolicState s, SpecState st, Map<Slot, Expr<UninterpretedSort>> u,
                                          boolean ghosts) {
        List<BoolExpr> out = new ArrayList<>();
        for (Map.Entry<Slot, Expr<UninterpretedSort>> e : u.entrySet()) {
            Slot slot = e.getKey();
            Expr<UninterpretedSort> x = e.getValue();
            Cap c = st.cap(slot);
            CapTerm t = c.isNull() ? CapTerm.nullCap(z) : term(z, c);
            out.add(s.cap(x).sameAs(z, t));
            out.add(z.eq(s.original(x), z.ctx.mkBool(st.isOriginal(slot))));
            Slot p = st.parent(slot);
            out.add(z.eq(s.hasParent(x), z.ctx.mkBool(p != null)));
            if (p != null) {
                out.add(z.eq(s.parent(x), u.get(p)));
            }
            if (ghosts) {
                out.add(z.eq(s.depth(x), z.num(depth(st, slot))));
                for (Map.Entry<Slot, Expr<UninterpretedSort>> f : u.entrySet()) {
                    boolean anc = isAncestor(st, f.getKey(), slot);
                    out.add(z.eq(s.ancestor(f.getValue(), x), z.ctx.mkBool(anc)));
                }
            }
        }
        Expr<ArraySort<IntSort, BoolSort>> on = z.ctx.mkConstArray(z.intSort, z.ctx.mkFalse());
        for (int irq : st.activeIrqs()) {
            on = z.ctx.mkStore(on, z.num(irq), z.ctx.mkTrue());
        }
        out.add(z.eq(s.activeArray(), on));
        return out;
    }

    static int depth(SpecState st, Slot s) {
        int d = 0;
        for (Slot p = st.parent(s); p != null && d <= st.caps().size() + 1; p = st.parent(p)) {
            d++;
        }
        return d;
    }

    static boolean isAncestor(SpecState st, Slot a, Slot d) {
        int steps = 0;
        for (Slot p = st.parent(d); p != null && steps <= st.caps().size() + 1; p = st.parent(p), steps++) {
            if (p.equals(a)) {
                return true;
            }
        }
        return false;
    }
}
