package org.capcheck.proofs.encoding;

import com.microsoft.z3.ArraySort;
import com.microsoft.z3.BitVecSort;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.BoolSort;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.UninterpretedSort;
import java.util.List;

/**
 * One abstract state as uninterpreted functions: for every slot its capability ({@link CapTerm}'s
 * fields), its original flag ({@code is_original_cap}), whether it has a derivation parent and which
 * ({@code cdt}), the active IRQs ({@code interrupt_states}), and two ghost components that only the
 * proofs use: a depth that grows from parent to child (seL4's mdb depth; it makes the derivation
 * tree acyclic) and the ancestor relation (the transitive closure of {@code cdt}, tied to it by the
 * invariant {@code ghost_ancestry}). The specification's sibling order, suspended threads and current
 * thread are not part of the encoding: no invariant reads them.
 */
public final class SymbolicState {
    final Smt z;
    public final String name;
    final FuncDecl<IntSort> type, object, size, bits, badge, radix, guardSize, guard, free, irq, zombieSlots;
    final FuncDecl<BitVecSort> rights;
    final FuncDecl<BoolSort> device, original, hasParent, ancestor;
    /** interrupt_states: IRQ number to whether a handler was issued, as an array so that updates are stores. */
    final Expr<ArraySort<IntSort, BoolSort>> active;
    final FuncDecl<UninterpretedSort> parent;
    final FuncDecl<IntSort> depth;

    public SymbolicState(Smt z, String name) {
        this.z = z;
        this.name = name;
        type = z.fun(name + ".type", z.intSort, z.slot);
        object = z.fun(name + ".object", z.intSort, z.slot);
        size = z.fun(name + ".size", z.intSort, z.slot);
        bits = z.fun(name + ".bits", z.intSort, z.slot);
        badge = z.fun(name + ".badge", z.intSort, z.slot);
        rights = z.fun(name + ".rights", z.rightsSort, z.slot);
        radix = z.fun(name + ".radix", z.intSort, z.slot);
        guardSize = z.fun(name + ".guard_size", z.intSort, z.slot);
        guard = z.fun(name + ".guard", z.intSort, z.slot);
        free = z.fun(name + ".free_index", z.intSort, z.slot);
        device = z.fun(name + ".device", z.boolSort, z.slot);
        irq = z.fun(name + ".irq", z.intSort, z.slot);
        zombieSlots = z.fun(name + ".zombie_slots", z.intSort, z.slot);
        original = z.fun(name + ".original", z.boolSort, z.slot);
        hasParent = z.fun(name + ".has_parent", z.boolSort, z.slot);
        parent = z.slotFun(name + ".parent", z.slot);
        depth = z.fun(name + ".depth", z.intSort, z.slot);
        ancestor = z.fun(name + ".ancestor", z.boolSort, z.slot, z.slot);
        active = z.ctx.mkArrayConst(z.fresh(name + ".irq_active"), z.intSort, z.boolSort);
    }

    public CapTerm cap(Expr<UninterpretedSort> x) {
        var c = z.ctx;
        return new CapTerm(c.mkApp(type, x), c.mkApp(object, x), c.mkApp(size, x), c.mkApp(bits, x),
                c.mkApp(badge, x), c.mkApp(rights, x), c.mkApp(radix, x), c.mkApp(guardSize, x), c.mkApp(guard, x),
                c.mkApp(free, x), c.mkApp(device, x), c.mkApp(irq, x), c.mkApp(zombieSlots, x));
    }

    public BoolExpr occupied(Expr<UninterpretedSort> x) {
        return cap(x).occupied(z);
    }

    public BoolExpr original(Expr<UninterpretedSort> x) {
        return (BoolExpr) z.ctx.mkApp(original, x);
    }

    public BoolExpr hasParent(Expr<UninterpretedSort> x) {
        return (BoolExpr) z.ctx.mkApp(hasParent, x);
    }

    public Expr<UninterpretedSort> parent(Expr<UninterpretedSort> x) {
        return z.ctx.mkApp(parent, x);
    }

    /** x's parent is p. */
    public BoolExpr childOf(Expr<UninterpretedSort> x, Expr<UninterpretedSort> p) {
        return z.and(hasParent(x), z.eq(parent(x), p));
    }

    public Expr<IntSort> depth(Expr<UninterpretedSort> x) {
        return z.ctx.mkApp(depth, x);
    }

    /** Ghost: a is a strict ancestor of d in the derivation tree. */
    public BoolExpr ancestor(Expr<UninterpretedSort> a, Expr<UninterpretedSort> d) {
        return (BoolExpr) z.ctx.mkApp(ancestor, a, d);
    }

    public Expr<ArraySort<IntSort, BoolSort>> activeArray() {
        return active;
    }

    public BoolExpr active(Expr<IntSort> irq) {
        return (BoolExpr) z.ctx.mkSelect(active, irq);
    }

    /** The slot has children ({@code ensure_no_children} fails). */
    public BoolExpr hasChildren(Expr<UninterpretedSort> x) {
        Expr<UninterpretedSort> c = z.var("c");
        return z.exists(c, childOf(c, x));
    }

    /** {@code is_final_cap'}: no other occupied slot holds a cap sharing the cap's object references. */
    public BoolExpr isFinal(Expr<UninterpretedSort> x) {
        Expr<UninterpretedSort> y = z.var("y");
        return z.forall(y, z.implies(z.and(z.neq(y, x), occupied(y)), z.not(cap(x).refsOverlap(z, cap(y)))));
    }

    /** The whole state of {@code o} equals this one's (a failed invocation changes nothing). */
    public BoolExpr unchangedFrom(SymbolicState o) {
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> y = z.var("y");
        return z.and(z.forall(x, z.and(cap(x).sameAs(z, o.cap(x)), z.eq(original(x), o.original(x)),
                        z.eq(hasParent(x), o.hasParent(x)), z.eq(parent(x), o.parent(x)), z.eq(depth(x), o.depth(x)))),
                z.forall(List.of(x, y), z.eq(ancestor(x, y), o.ancestor(x, y))),
                z.eq(active, o.active));
    }
}
