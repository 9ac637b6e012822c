package org.capcheck.proofs.encoding;

import com.microsoft.z3.ArithExpr;
import com.microsoft.z3.BitVecSort;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.BoolSort;
import com.microsoft.z3.Context;
import com.microsoft.z3.EnumSort;
import com.microsoft.z3.Symbol;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Sort;
import com.microsoft.z3.UninterpretedSort;
import java.util.ArrayList;
import java.util.List;

/**
 * The vocabulary every formula shares: one Z3 context, the sort of capability slots (uninterpreted,
 * so that a formula over it speaks of every number of slots), each slot's fixed place (the address of
 * the CNode or TCB that holds it, and its index there: the specification's {@code Slot}), and small
 * helpers that keep formulas readable. Fresh names are numbered so that several states and
 * transitions can live in one context.
 */
public final class Smt implements AutoCloseable {
    public final Context ctx;
    /** The sort of slots: uninterpreted (unbounded), or an enumeration of exactly n slots (bounded). */
    public final Sort slot;
    public final IntSort intSort;
    public final BoolSort boolSort;
    public final BitVecSort rightsSort;
    /** The address of the object holding a slot (l4v's cslot_ptr, first half). Fixed: slots do not move. */
    public final FuncDecl<IntSort> slotObject;
    /** The index of a slot in its object (cslot_ptr, second half). */
    public final FuncDecl<IntSort> slotIndex;
    /** The slots of a bounded encoding (quantifiers over slots are expanded over them), or null. */
    private final List<Expr<UninterpretedSort>> domain;
    private int fresh;

    /** An unbounded encoding: quantifiers range over every slot of an uninterpreted sort. */
    public Smt() {
        this(0);
    }

    /**
     * With {@code slots > 0}, a bounded encoding of exactly that many distinct slots: every quantifier
     * over slots is expanded into a conjunction (or disjunction) over them, so that Z3 decides it.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Smt(int slots) {
        ctx = new Context();
        if (slots > 0) {
            Symbol[] names = new Symbol[slots];
            for (int i = 0; i < slots; i++) {
                names[i] = ctx.mkSymbol("e" + i);
            }
            slot = ctx.mkEnumSort(ctx.mkSymbol("Slot"), names);
        } else {
            slot = ctx.mkUninterpretedSort("Slot");
        }
        intSort = ctx.getIntSort();
        boolSort = ctx.getBoolSort();
        rightsSort = ctx.mkBitVecSort(4);
        slotObject = ctx.mkFuncDecl("slot_object", new Sort[] {slot}, intSort);
        slotIndex = ctx.mkFuncDecl("slot_index", new Sort[] {slot}, intSort);
        if (slots > 0) {
            List<Expr<UninterpretedSort>> d = new ArrayList<>();
            for (Expr<?> e : ((EnumSort<?>) slot).getConsts()) {
                d.add((Expr<UninterpretedSort>) (Expr) e);
            }
            domain = List.copyOf(d);
        } else {
            domain = null;
        }
    }

    /** Whether quantifiers over slots are expanded over a fixed set of slots. */
    public boolean bounded() {
        return domain != null;
    }

    /** The slots of a bounded encoding, or null. */
    public List<Expr<UninterpretedSort>> domain() {
        return domain;
    }

    /** In a bounded encoding: its slots are distinct and are all there is (the enumeration sort says so). */
    public BoolExpr domainAxioms() {
        if (domain != null) {
            return ctx.mkTrue();
        }
        if (domain == null) {
            return ctx.mkTrue();
        }
        Expr<UninterpretedSort> x = slotConst("x");
        List<BoolExpr> alts = new ArrayList<>();
        for (Expr<UninterpretedSort> e : domain) {
            alts.add(eq(x, e));
        }
        BoolExpr only = ctx.mkForall(new Expr<?>[] {x}, ctx.mkOr(alts.toArray(new BoolExpr[0])), 0, null, null, null,
                null);
        return domain.size() < 2 ? only : ctx.mkAnd(only, ctx.mkDistinct(domain.toArray(new Expr<?>[0])));
    }

    /** A name not used before in this context. */
    public String fresh(String base) {
        return base + "!" + (fresh++);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Expr<UninterpretedSort> slotConst(String name) {
        return (Expr<UninterpretedSort>) (Expr) ctx.mkConst(fresh(name), slot);
    }

    public Expr<IntSort> intConst(String name) {
        return ctx.mkIntConst(fresh(name));
    }

    public BoolExpr boolConst(String name) {
        return ctx.mkBoolConst(fresh(name));
    }

    public Expr<BitVecSort> rightsConst(String name) {
        return ctx.mkBVConst(fresh(name), 4);
    }

    /** A function into slots. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public FuncDecl<UninterpretedSort> slotFun(String name, Sort... domain) {
        return (FuncDecl<UninterpretedSort>) (FuncDecl) ctx.mkFuncDecl(fresh(name), domain, slot);
    }

    public <R extends Sort> FuncDecl<R> fun(String name, R range, Sort... domain) {
        return ctx.mkFuncDecl(fresh(name), domain, range);
    }

    public Expr<IntSort> num(long v) {
        return ctx.mkInt(v);
    }

    public Expr<BitVecSort> rights(long v) {
        return ctx.mkBV(v, 4);
    }

    public BoolExpr and(Expr<BoolSort>... xs) {
        return ctx.mkAnd(xs);
    }

    public BoolExpr and(List<BoolExpr> xs) {
        return ctx.mkAnd(xs.toArray(new BoolExpr[0]));
    }

    public BoolExpr or(Expr<BoolSort>... xs) {
        return ctx.mkOr(xs);
    }

    public BoolExpr not(Expr<BoolSort> x) {
        return ctx.mkNot(x);
    }

    public BoolExpr implies(Expr<BoolSort> a, Expr<BoolSort> b) {
        return ctx.mkImplies(a, b);
    }

    public BoolExpr iff(Expr<BoolSort> a, Expr<BoolSort> b) {
        return ctx.mkIff(a, b);
    }

    public <R extends Sort> BoolExpr eq(Expr<R> a, Expr<R> b) {
        return ctx.mkEq(a, b);
    }

    public <R extends Sort> BoolExpr neq(Expr<R> a, Expr<R> b) {
        return ctx.mkNot(ctx.mkEq(a, b));
    }

    public <R extends Sort> Expr<R> ite(Expr<BoolSort> c, Expr<R> a, Expr<R> b) {
        return ctx.mkITE(c, a, b);
    }

    @SuppressWarnings("unchecked")
    public Expr<IntSort> add(Expr<IntSort> a, Expr<IntSort> b) {
        return (Expr<IntSort>) ctx.mkAdd((ArithExpr<IntSort>) a, (ArithExpr<IntSort>) b);
    }

    @SuppressWarnings("unchecked")
    public BoolExpr le(Expr<IntSort> a, Expr<IntSort> b) {
        return ctx.mkLe((ArithExpr<IntSort>) a, (ArithExpr<IntSort>) b);
    }

    @SuppressWarnings("unchecked")
    public BoolExpr lt(Expr<IntSort> a, Expr<IntSort> b) {
        return ctx.mkLt((ArithExpr<IntSort>) a, (ArithExpr<IntSort>) b);
    }

    public BoolExpr in(Expr<IntSort> x, long... values) {
        List<BoolExpr> alts = new ArrayList<>();
        for (long v : values) {
            alts.add(eq(x, num(v)));
        }
        return ctx.mkOr(alts.toArray(new BoolExpr[0]));
    }

    /** A fresh bound slot variable for a quantifier. */
    public Expr<UninterpretedSort> var(String name) {
        return slotConst(name);
    }

    /** Universal quantification over slots. */
    public BoolExpr forall(List<Expr<UninterpretedSort>> vars, BoolExpr body) {
        if (domain != null) {
            return ctx.mkAnd(instances(vars, body).toArray(new BoolExpr[0]));
        }
        return ctx.mkForall(vars.toArray(new Expr<?>[0]), body, 0, null, null, null, null);
    }

    /** Every instance of body with the variables replaced by domain slots. */
    private List<BoolExpr> instances(List<Expr<UninterpretedSort>> vars, BoolExpr body) {
        List<BoolExpr> out = new ArrayList<>();
        int n = domain.size();
        int k = vars.size();
        int[] pick = new int[k];
        Expr<?>[] from = vars.toArray(new Expr<?>[0]);
        while (true) {
            Expr<?>[] to = new Expr<?>[k];
            for (int i = 0; i < k; i++) {
                to[i] = domain.get(pick[i]);
            }
            out.add((BoolExpr) body.substitute(from, to));
            int i = 0;
            while (i < k && ++pick[i] == n) {
                pick[i] = 0;
                i++;
            }
            if (i == k) {
                return out;
            }
        }
    }

    public BoolExpr forall(Expr<UninterpretedSort> x, BoolExpr body) {
        return forall(List.of(x), body);
    }

    public BoolExpr exists(Expr<UninterpretedSort> x, BoolExpr body) {
        if (domain != null) {
            return ctx.mkOr(instances(List.of(x), body).toArray(new BoolExpr[0]));
        }
        return ctx.mkExists(new Expr<?>[] {x}, body, 0, null, null, null, null);
    }

    /** Universal quantification over integers (IRQ numbers). */
    public BoolExpr forallInt(Expr<IntSort> i, BoolExpr body) {
        return ctx.mkForall(new Expr<?>[] {i}, body, 0, null, null, null, null);
    }

    /** Slots are places: two slots with the same object and index are the same slot. */
    public BoolExpr slotsArePlaces() {
        Expr<UninterpretedSort> a = var("a");
        Expr<UninterpretedSort> b = var("b");
        return forall(List.of(a, b), implies(and(eq(obj(a), obj(b)), eq(idx(a), idx(b))), eq(a, b)));
    }

    public Expr<IntSort> obj(Expr<UninterpretedSort> x) {
        return ctx.mkApp(slotObject, x);
    }

    public Expr<IntSort> idx(Expr<UninterpretedSort> x) {
        return ctx.mkApp(slotIndex, x);
    }

    @Override
    public void close() {
        ctx.close();
    }
}
