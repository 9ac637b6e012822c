package org.capcheck.proofs.encoding;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The invariants as named first-order formulas over one {@link SymbolicState}. Names are cap-core's
 * ({@code Kernel.checkInvariants()}, l4v's names) where the invariant is stated over the abstract
 * state; the three whose subject is cap-core's list representation (the MDB's prev/next links, its
 * chunks, its object table) are {@link #NOT_STATED}, with the reason. Some invariants are restated
 * over the cdt because the abstract state has no list ({@code valid_badges}, {@code class_links}). The
 * ghost invariants tie the ghost depth and ancestor relation to the cdt, and
 * {@code untyped_usable_range} strengthens the set so that it is inductive (l4v's
 * {@code valid_untyped}: without it, a retype could place an object over one still referenced; see
 * docs/proofs.md).
 */
public enum Invariant {
    MDB_CTE_AT("mdb_cte_at", "both ends of every derivation link hold a cap", (z, s) -> {
        var x = z.var("x");
        return z.forall(x, z.implies(s.hasParent(x), z.and(s.occupied(x), s.occupied(s.parent(x)))));
    }),
    NO_MLOOP("no_mloop", "the derivation tree has no cycle: depth grows from parent to child (mdb depth)", (z, s) -> {
        var x = z.var("x");
        return z.forall(x, z.and(z.le(z.num(0), s.depth(x)),
                z.implies(s.hasParent(x), z.lt(s.depth(s.parent(x)), s.depth(x)))));
    }),
    GHOST_ANCESTRY("ghost_ancestry", "ghost: ancestor is the transitive closure of cdt", (z, s) -> {
        var a = z.var("a");
        var d = z.var("d");
        return z.forall(List.of(a, d), z.iff(s.ancestor(a, d),
                z.and(s.hasParent(d), z.or(z.eq(s.parent(d), a), s.ancestor(a, s.parent(d))))));
    }),
    GHOST_ANCESTRY_ORDER("ghost_ancestry_order",
            "ghost: ancestry is transitive, deepens, and a slot's ancestors form a chain", (z, s) -> {
        var a = z.var("a");
        var b = z.var("b");
        var d = z.var("d");
        return z.and(
                z.forall(List.of(a, d), z.implies(s.ancestor(a, d), z.lt(s.depth(a), s.depth(d)))),
                z.forall(List.of(a, b, d), z.implies(z.and(s.ancestor(a, b), s.ancestor(b, d)), s.ancestor(a, d))),
                z.forall(List.of(a, b, d), z.implies(z.and(s.ancestor(a, d), s.ancestor(b, d)),
                        z.or(z.eq(a, b), s.ancestor(a, b), s.ancestor(b, a)))));
    }),
    VALID_IOC("valid_ioc", "only slots holding a cap are original", (z, s) -> {
        var x = z.var("x");
        return z.forall(x, z.implies(s.original(x), s.occupied(x)));
    }),
    UNTYPED_MDB("untyped_mdb", "caps to objects overlapping an untyped region descend from its cap", (z, s) -> {
        var u = z.var("u");
        var c = z.var("c");
        return z.forall(List.of(u, c), z.implies(
                z.and(s.cap(u).is(z, CapTerm.UNTYPED), s.cap(c).objectCap(z), s.cap(u).overlaps(z, s.cap(c))),
                s.ancestor(u, c)));
    }),
    DESCENDANTS_INC("descendants_inc", "a descendant has its ancestor's class and lies in its range", (z, s) -> {
        var a = z.var("a");
        var d = z.var("d");
        CapTerm ca = s.cap(a);
        CapTerm cd = s.cap(d);
        return z.forall(List.of(a, d), z.implies(s.ancestor(a, d),
                z.and(ca.sameClass(z, cd), z.implies(ca.physical(z), ca.covers(z, cd)))));
    }),
    UNTYPED_INC("untyped_inc", "untyped regions nest or are disjoint; an inner one descends and lies below the "
            + "outer's free part; equal ones descend with the ancestor full", (z, s) -> {
        var u = z.var("u");
        var v = z.var("v");
        CapTerm cu = s.cap(u);
        CapTerm cv = s.cap(v);
        BoolExpr vInU = cu.covers(z, cv);
        BoolExpr uInV = cv.covers(z, cu);
        BoolExpr full = z.eq(cu.free(), cu.size());
        return z.forall(List.of(u, v), z.implies(
                z.and(z.neq(u, v), cu.is(z, CapTerm.UNTYPED), cv.is(z, CapTerm.UNTYPED)),
                z.or(z.not(cu.overlaps(z, cv)),
                        z.and(vInU, z.not(uInV), s.ancestor(u, v), z.le(cv.end(z), z.add(cu.object(), cu.free()))),
                        z.and(uInV, z.not(vInU)),
                        z.and(vInU, uInV, z.or(z.and(s.ancestor(u, v), full),
                                z.and(s.ancestor(v, u), z.eq(cv.free(), cv.size())))))));
    }),
    UNTYPED_USABLE_RANGE("untyped_usable_range",
            "strengthening (l4v valid_untyped): no object cap meets an untyped's free part", (z, s) -> {
        var u = z.var("u");
        var c = z.var("c");
        CapTerm cu = s.cap(u);
        CapTerm cc = s.cap(c);
        return z.forall(List.of(u, c), z.implies(z.and(cu.is(z, CapTerm.UNTYPED), cc.objectCap(z)),
                z.or(z.le(cc.end(z), z.add(cu.object(), cu.free())), z.le(cu.end(z), cc.object()),
                        z.le(cc.end(z), cu.object()))));
    }),
    UT_REVOCABLE("ut_revocable", "untyped caps are original", (z, s) -> {
        var x = z.var("x");
        return z.forall(x, z.implies(s.cap(x).is(z, CapTerm.UNTYPED), s.original(x)));
    }),
    IRQ_REVOCABLE("irq_revocable", "the IRQControl cap is original", (z, s) -> {
        var x = z.var("x");
        return z.forall(x, z.implies(s.cap(x).is(z, CapTerm.IRQ_CONTROL), s.original(x)));
    }),
    VALID_BADGES("valid_badges", "cdt form: a badged parent has only non-original children of its badge", (z, s) -> {
        var x = z.var("x");
        CapTerm p = s.cap(s.parent(x));
        return z.forall(x, z.implies(z.and(s.hasParent(x), p.badgedType(z), z.neq(p.badge(), z.num(0))),
                z.and(z.eq(s.cap(x).badge(), p.badge()), z.not(s.original(x)))));
    }),
    CLASS_LINKS("class_links", "cdt form: a child has its parent's cap class", (z, s) -> {
        var x = z.var("x");
        return z.forall(x, z.implies(s.hasParent(x), s.cap(x).sameClass(z, s.cap(s.parent(x)))));
    }),
    OBJECTS_DISJOINT("objects_disjoint", "distinct objects named by caps do not overlap", (z, s) -> {
        var a = z.var("a");
        var b = z.var("b");
        CapTerm ca = s.cap(a);
        CapTerm cb = s.cap(b);
        return z.forall(List.of(a, b), z.implies(z.and(ca.objectCap(z), cb.objectCap(z), ca.overlaps(z, cb)),
                ca.sameObjectRef(z, cb)));
    }),
    FREE_INDEX_BOUNDS("untyped_free_index_bounds", "0 <= free_index <= 2^size_bits", (z, s) -> {
        var x = z.var("x");
        CapTerm c = s.cap(x);
        return z.forall(x, z.implies(c.is(z, CapTerm.UNTYPED),
                z.and(z.le(z.num(0), c.free()), z.le(c.free(), c.size()))));
    }),
    VALID_IRQ_HANDLERS("valid_irq_handlers", "handler caps only for IRQs with a handler", (z, s) -> {
        var x = z.var("x");
        return z.forall(x, z.implies(s.cap(x).is(z, CapTerm.IRQ_HANDLER), s.active(s.cap(x).irq())));
    }),
    IRQ_HANDLER_UNIQUE("irq_handler_unique", "at most one original handler cap per IRQ", (z, s) -> {
        var a = z.var("a");
        var b = z.var("b");
        return z.forall(List.of(a, b), z.implies(z.and(s.cap(a).is(z, CapTerm.IRQ_HANDLER),
                s.cap(b).is(z, CapTerm.IRQ_HANDLER), s.original(a), s.original(b),
                z.eq(s.cap(a).irq(), s.cap(b).irq())), z.eq(a, b)));
    }),
    IRQ_CONTROL("irq_control", "at most one IRQControl cap", (z, s) -> {
        var a = z.var("a");
        var b = z.var("b");
        return z.forall(List.of(a, b), z.implies(z.and(s.cap(a).is(z, CapTerm.IRQ_CONTROL),
                s.cap(b).is(z, CapTerm.IRQ_CONTROL)), z.eq(a, b)));
    }),
    ZOMBIES_FINAL("zombies_final", "a Zombie is the only cap to its object", (z, s) -> {
        var a = z.var("a");
        var b = z.var("b");
        return z.forall(List.of(a, b), z.implies(z.and(s.cap(a).is(z, CapTerm.ZOMBIE), z.neq(a, b),
                s.cap(b).objectCap(z)), z.not(s.cap(a).sameObjectRef(z, s.cap(b)))));
    }),
    VALID_CAP("valid_cap", "physical caps have a size; CNode radix >= 1 and guard fits; untyped size 4..47; "
            + "rights and badges only where seL4 keeps them", (z, s) -> {
        var x = z.var("x");
        CapTerm c = s.cap(x);
        Expr<IntSort> r = c.radix();
        return z.forall(x, z.and(
                z.le(z.num(CapTerm.NULL), c.type()), z.le(c.type(), z.num(CapTerm.ZOMBIE)),
                z.implies(c.physical(z), z.lt(z.num(0), c.size())),
                z.implies(c.is(z, CapTerm.CNODE), z.and(z.le(z.num(1), r), z.le(z.num(0), c.guardSize()),
                        z.le(z.add(r, c.guardSize()), z.num(64)))),
                z.implies(c.is(z, CapTerm.UNTYPED), z.and(z.le(z.num(4), c.bits()), z.le(c.bits(), z.num(47)))),
                z.implies(c.is(z, CapTerm.NOTIFICATION), z.eq(z.ctx.mkBVAND(c.rights(), z.rights(12)), z.rights(0))),
                z.implies(z.not(z.or(c.badgedType(z), c.is(z, CapTerm.FRAME))), z.eq(c.rights(), z.rights(0))),
                z.implies(z.not(c.badgedType(z)), z.eq(c.badge(), z.num(0))),
                z.implies(c.is(z, CapTerm.ZOMBIE), z.le(z.num(0), c.zombieSlots()))));
    });

    /** cap-core invariants with no statement over the abstract state, and why. */
    public static final List<String[]> NOT_STATED = List.of(
            new String[] {"valid_dlist", "cap-core's MDB list links (prev/next); the abstract state has the cdt map"},
            new String[] {"mdb_chunked", "a property of the MDB list's order; the abstract state has no list"},
            new String[] {"caps_name_live_objects", "cap-core's object table; the abstract state has no object heap"});

    private final String id;
    private final String meaning;
    private final BiFunction<Smt, SymbolicState, BoolExpr> formula;

    Invariant(String id, String meaning, BiFunction<Smt, SymbolicState, BoolExpr> formula) {
        this.id = id;
        this.meaning = meaning;
        this.formula = formula;
    }

    /** The name (cap-core's where it has one). */
    public String id() {
        return id;
    }

    public String meaning() {
        return meaning;
    }

    public BoolExpr holds(Smt z, SymbolicState s) {
        return formula.apply(z, s);
    }

    /** Every invariant, conjoined. */
    public static BoolExpr all(Smt z, SymbolicState s) {
        BoolExpr[] xs = new BoolExpr[values().length];
        for (Invariant i : values()) {
            xs[i.ordinal()] = i.holds(z, s);
        }
        return z.ctx.mkAnd(xs);
    }

    public static Invariant named(String id) {
        for (Invariant i : values()) {
            if (i.id.equals(id)) {
                return i;
            }
        }
        return null;
    }
}
