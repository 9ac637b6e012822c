package org.capcheck.proofs.encoding;

import com.microsoft.z3.ArraySort;
import com.microsoft.z3.BitVecSort;
import com.microsoft.z3.BoolSort;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.UninterpretedSort;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;

/**
 * Every operation of cap-core's table ({@link Operation}) as a transition relation over
 * {@link SymbolicState}s, following the specification ({@code CapSpec}) rule by rule: decode's checks
 * that read the state decide success; a failure leaves the state unchanged, and a failure code that
 * names a state condition (DeleteFirst, RevokeFirst) is only possible when that condition holds.
 *
 * <p>Abstractions, each an over-approximation (more behaviours than the specification, never fewer,
 * within the fragment encoded): lookups may reach any slot or fail; a CNode's new guard is any guard
 * that fits (Mint, Mutate, Rotate); Retype places objects anywhere in the untyped's free part, not
 * aligned, and may fail with NotEnoughMemory whenever. The fragment: Delete and Revoke are encoded
 * when they destroy no object that still holds a CNode or TCB cap whose object dies too, and meet no
 * Zombie (recursive {@code rec_del} and cyclic Zombies are not encoded; see docs/proofs.md).
 */
public final class Transitions {
    private final Smt z;
    private final Variant variant;

    public Transitions(Smt z, Variant variant) {
        this.z = z;
        this.variant = variant;
    }

    public Step step(Operation op, SymbolicState s, SymbolicState t) {
        Step st = new Step(z, op, s, t);
        BoolExpr[] ok = new BoolExpr[1];
        BoolExpr effect;
        BoolExpr deleteFirst = z.ctx.mkFalse();
        BoolExpr revokeFirst = z.ctx.mkFalse();
        boolean mayLackMemory = false;
        switch (op) {
            case CNode_Copy:
            case CNode_Mint: {
                boolean mint = op == Operation.CNode_Mint;
                CapTerm src = s.cap(st.src);
                CapTerm n = derived(src, st, mint);
                BoolExpr hasKids = s.hasChildren(st.src);
                ok[0] = z.and(s.occupied(st.src), z.not(s.occupied(st.dest)),
                        z.not(src.is(z, CapTerm.ZOMBIE)), z.not(src.is(z, CapTerm.IRQ_CONTROL)),
                        z.implies(src.is(z, CapTerm.UNTYPED), z.not(hasKids)),
                        mint ? mintable(src, st.guardSize, st.guard) : z.ctx.mkTrue());
                effect = z.and(insert(s, t, n, st.src, st.dest), sameIrqs(s, t));
                deleteFirst = s.occupied(st.dest);
                revokeFirst = z.and(src.is(z, CapTerm.UNTYPED), hasKids);
                break;
            }
            case CNode_Move:
            case CNode_Mutate: {
                boolean mutate = op == Operation.CNode_Mutate;
                CapTerm src = s.cap(st.src);
                CapTerm n = mutate ? withNewGuard(src, st.guardSize, st.guard) : src;
                ok[0] = z.and(s.occupied(st.src), z.not(s.occupied(st.dest)),
                        mutate ? mutable(src, st.guardSize, st.guard) : z.ctx.mkTrue());
                effect = z.and(move(s, t, n, st.src, st.dest), sameIrqs(s, t));
                deleteFirst = s.occupied(st.dest);
                break;
            }
            case CNode_Rotate: {
                CapTerm src = s.cap(st.src);
                CapTerm piv = s.cap(st.pivot);
                CapTerm newSrc = withNewGuard(src, st.guardSize, st.guard);
                CapTerm newPivot = withNewGuard(piv, st.pivotGuardSize, st.pivotGuard);
                BoolExpr same = z.eq(st.src, st.dest);
                ok[0] = z.and(s.occupied(st.src), s.occupied(st.pivot), z.neq(st.pivot, st.src),
                        z.neq(st.pivot, st.dest), z.implies(z.not(same), z.not(s.occupied(st.dest))),
                        mutable(src, st.guardSize, st.guard), mutable(piv, st.pivotGuardSize, st.pivotGuard));
                SymbolicState mid = new SymbolicState(z, t.name + ".rotate_mid");
                // invoke_cnode RotateCall: src = dest swaps; otherwise pivot -> dest, then src -> pivot.
                effect = z.and(sameIrqs(s, t), z.or(
                        z.and(same, swap(s, t, newSrc, st.src, newPivot, st.pivot)),
                        z.and(z.not(same), move(s, mid, newPivot, st.pivot, st.dest),
                                move(mid, t, newSrc, st.src, st.pivot))));
                deleteFirst = z.and(z.not(same), s.occupied(st.dest));
                break;
            }
            case CNode_Delete:
                effect = delete(s, t, st, ok);
                break;
            case CNode_Revoke:
                effect = revoke(s, t, st, ok);
                break;
            case CNode_CancelBadgedSends: {
                CapTerm c = s.cap(st.src);
                ok[0] = z.and(c.is(z, CapTerm.ENDPOINT), z.eq(c.rights(), z.rights(Rights.ALL)));
                effect = t.unchangedFrom(s);
                break;
            }
            case Untyped_Retype: {
                effect = retype(s, t, st, ok);
                Expr<UninterpretedSort> x = z.var("x");
                deleteFirst = z.exists(x, z.and(st.isNew(z, x), s.occupied(x)));
                mayLackMemory = true;
                break;
            }
            case IRQControl_Get:
            default: {
                CapTerm control = s.cap(st.src);
                ok[0] = z.and(control.is(z, CapTerm.IRQ_CONTROL), z.le(z.num(0), st.irq), z.not(s.active(st.irq)),
                        z.not(s.occupied(st.dest)));
                CapTerm handler = CapTerm.nullCap(z);
                handler = new CapTerm(z.num(CapTerm.IRQ_HANDLER), handler.object(), handler.size(), handler.bits(),
                        handler.badge(), handler.rights(), handler.radix(), handler.guardSize(), handler.guard(),
                        handler.free(), handler.device(), st.irq, handler.zombieSlots());
                effect = z.and(insert(s, t, handler, st.src, st.dest),
                        z.eq(t.activeArray(), z.ctx.mkStore(s.activeArray(), st.irq, z.ctx.mkTrue())));
                deleteFirst = s.occupied(st.dest);
                revokeFirst = s.active(st.irq);
                break;
            }
        }
        Expr<IntSort> r = st.result;
        st.succeeds = z.eq(r, z.num(SeL4Error.NoError.number()));
        BoolExpr failure = z.and(z.le(z.num(1), r), z.le(r, z.num(SeL4Error.NotEnoughMemory.number())),
                z.implies(z.eq(r, z.num(SeL4Error.DeleteFirst.number())), deleteFirst),
                z.implies(z.eq(r, z.num(SeL4Error.RevokeFirst.number())), revokeFirst),
                mayLackMemory ? z.ctx.mkTrue() : z.neq(r, z.num(SeL4Error.NotEnoughMemory.number())),
                t.unchangedFrom(s));
        st.relation = z.or(z.and(st.succeeds, ok[0], effect), failure);
        return st;
    }

    // ---------------------------------------------------------------------------------------
    // Caps on the way into a slot (CSpace_A mask_cap, update_cap_data, derive_cap)

    /** Copy's and Mint's new cap: rights masked, Mint's badge or guard applied. */
    private CapTerm derived(CapTerm src, Step st, boolean mint) {
        CapTerm c = src.withRights(variant == Variant.RIGHTS_FROM_ARGUMENT
                ? z.ite(src.physical(z), st.rightsMask, src.rights()) : maskRights(src, st.rightsMask));
        if (!mint) {
            return c;
        }
        c = CapTerm.ite(z, src.badgedType(z), c.withBadge(st.badge), c);
        return withNewGuard(c, st.guardSize, st.guard);
    }

    /**
     * {@code mask_cap}: Endpoint and Notification rights AND the mask; a Frame's VM rights stay
     * read-write only if R and W survive, read-only if R does, else none.
     */
    private Expr<BitVecSort> maskRights(CapTerm c, Expr<BitVecSort> m) {
        Expr<BitVecSort> anded = z.ctx.mkBVAND(c.rights(), m);
        BoolExpr r = z.neq(z.ctx.mkBVAND(m, z.rights(Rights.READ)), z.rights(0));
        BoolExpr w = z.neq(z.ctx.mkBVAND(m, z.rights(Rights.WRITE)), z.rights(0));
        Expr<BitVecSort> rw = z.rights(Rights.READ | Rights.WRITE);
        Expr<BitVecSort> ro = z.rights(Rights.READ);
        Expr<BitVecSort> none = z.rights(0);
        Expr<BitVecSort> vm = z.ite(z.eq(c.rights(), rw), z.ite(r, z.ite(w, rw, ro), none),
                z.ite(z.eq(c.rights(), ro), z.ite(r, ro, none), none));
        return z.ite(c.badgedType(z), anded, z.ite(c.is(z, CapTerm.FRAME), vm, c.rights()));
    }

    /** A CNode cap with a new guard (update_cap_data on a CNode); others unchanged. */
    private CapTerm withNewGuard(CapTerm c, Expr<IntSort> gs, Expr<IntSort> g) {
        return CapTerm.ite(z, c.is(z, CapTerm.CNODE), c.withGuard(gs, g), c);
    }

    private BoolExpr guardFits(CapTerm c, Expr<IntSort> gs, Expr<IntSort> g) {
        return z.implies(c.is(z, CapTerm.CNODE), z.and(z.le(z.num(0), gs), z.le(z.add(gs, c.radix()), z.num(64)),
                z.le(z.num(0), g)));
    }

    /** Mint's update_cap_data (preserve False) gives the null cap for a badged Endpoint or Notification. */
    private BoolExpr mintable(CapTerm c, Expr<IntSort> gs, Expr<IntSort> g) {
        return z.and(z.implies(c.badgedType(z), z.eq(c.badge(), z.num(0))), guardFits(c, gs, g));
    }

    /** Mutate's and Rotate's update_cap_data (preserve True) gives the null cap for any Endpoint or Notification. */
    private BoolExpr mutable(CapTerm c, Expr<IntSort> gs, Expr<IntSort> g) {
        return z.and(z.not(c.badgedType(z)), guardFits(c, gs, g));
    }

    // ---------------------------------------------------------------------------------------
    // cap_insert, cap_move, cap_swap

    /** CSpace_A {@code cap_insert n src dest}, with is_cap_revocable, should_be_parent_of and set_untyped_cap_as_full. */
    BoolExpr insert(SymbolicState s, SymbolicState t, CapTerm n, Expr<UninterpretedSort> src,
                    Expr<UninterpretedSort> dest) {
        CapTerm sc = s.cap(src);
        BoolExpr destOriginal = z.or(z.and(n.badgedType(z), z.neq(n.badge(), sc.badge())),
                z.and(n.is(z, CapTerm.IRQ_HANDLER), sc.is(z, CapTerm.IRQ_CONTROL)), n.is(z, CapTerm.UNTYPED));
        BoolExpr srcParent = z.and(s.original(src), sc.sameRegionAs(z, n),
                z.implies(z.and(sc.badgedType(z), z.neq(sc.badge(), z.num(0))),
                        z.and(z.eq(n.badge(), sc.badge()), z.not(destOriginal))));
        BoolExpr full = variant == Variant.UNTYPED_COPY_NOT_FULL ? z.ctx.mkFalse()
                : z.and(sc.is(z, CapTerm.UNTYPED), n.is(z, CapTerm.UNTYPED), z.eq(sc.object(), n.object()),
                        z.eq(sc.size(), n.size()));
        Expr<UninterpretedSort> newParent = z.ite(srcParent, src, s.parent(src));
        BoolExpr destHasParent = z.or(srcParent, s.hasParent(src));
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> a = z.var("a");
        Expr<UninterpretedSort> b = z.var("b");
        BoolExpr isDest = z.eq(x, dest);
        return z.and(
                z.forall(x, t.cap(x).sameAs(z, CapTerm.ite(z, isDest, n,
                        CapTerm.ite(z, z.and(z.eq(x, src), full), sc.withFree(sc.size()), s.cap(x))))),
                z.forall(x, z.implies(z.not(isDest), z.and(z.eq(t.original(x), s.original(x)),
                        z.eq(t.hasParent(x), s.hasParent(x)), z.eq(t.parent(x), s.parent(x)),
                        z.eq(t.depth(x), s.depth(x))))),
                z.eq(t.original(dest), destOriginal), z.eq(t.hasParent(dest), destHasParent),
                z.eq(t.parent(dest), newParent),
                z.eq(t.depth(dest), z.ite(destHasParent, z.add(s.depth(newParent), z.num(1)), z.num(0))),
                z.forall(List.of(a, b), z.eq(t.ancestor(a, b), z.ite(z.eq(b, dest),
                        z.and(destHasParent, z.or(z.eq(a, newParent), s.ancestor(a, newParent))),
                        s.ancestor(a, b)))));
    }

    /** CSpace_A {@code cap_move n src dest}: dest takes src's place in the cdt and its original flag. */
    BoolExpr move(SymbolicState s, SymbolicState t, CapTerm n, Expr<UninterpretedSort> src,
                  Expr<UninterpretedSort> dest) {
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> a = z.var("a");
        Expr<UninterpretedSort> b = z.var("b");
        BoolExpr isDest = z.eq(x, dest);
        BoolExpr isSrc = z.eq(x, src);
        return z.and(
                z.forall(x, z.and(
                        t.cap(x).sameAs(z, CapTerm.ite(z, isDest, n, CapTerm.ite(z, isSrc, CapTerm.nullCap(z), s.cap(x)))),
                        z.eq(t.original(x), z.ite(isDest, s.original(src), z.and(z.not(isSrc), s.original(x)))),
                        z.eq(t.hasParent(x), z.ite(isDest, s.hasParent(src), z.and(z.not(isSrc), s.hasParent(x)))),
                        z.eq(t.parent(x), z.ite(isDest, s.parent(src),
                                z.ite(z.eq(s.parent(x), src), dest, s.parent(x)))),
                        z.eq(t.depth(x), z.ite(isDest, s.depth(src), s.depth(x))))),
                z.forall(List.of(a, b), z.eq(t.ancestor(a, b), s.ancestor(rename(a, dest, src), rename(b, dest, src)))));
    }

    /** CSpace_A {@code cap_swap c1 slot1 c2 slot2}: slot1 receives c2, slot2 c1; the slots trade places in the cdt. */
    BoolExpr swap(SymbolicState s, SymbolicState t, CapTerm c1, Expr<UninterpretedSort> slot1, CapTerm c2,
                  Expr<UninterpretedSort> slot2) {
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> a = z.var("a");
        Expr<UninterpretedSort> b = z.var("b");
        Expr<UninterpretedSort> sx = rename(x, slot1, slot2);
        return z.and(
                z.forall(x, z.and(
                        t.cap(x).sameAs(z, CapTerm.ite(z, z.eq(x, slot1), c2, CapTerm.ite(z, z.eq(x, slot2), c1, s.cap(x)))),
                        z.eq(t.original(x), s.original(sx)), z.eq(t.hasParent(x), s.hasParent(sx)),
                        z.eq(t.parent(x), rename(s.parent(sx), slot1, slot2)), z.eq(t.depth(x), s.depth(sx)))),
                z.forall(List.of(a, b), z.eq(t.ancestor(a, b), s.ancestor(rename(a, slot1, slot2), rename(b, slot1, slot2)))));
    }

    /** The renaming that exchanges p and q. */
    private Expr<UninterpretedSort> rename(Expr<UninterpretedSort> x, Expr<UninterpretedSort> p,
                                           Expr<UninterpretedSort> q) {
        return z.ite(z.eq(x, p), q, z.ite(z.eq(x, q), p, x));
    }

    private BoolExpr sameIrqs(SymbolicState s, SymbolicState t) {
        return z.eq(t.activeArray(), s.activeArray());
    }

    // ---------------------------------------------------------------------------------------
    // Deletion (rec_del, finalise_cap, empty_slot, cap_revoke), for the encoded fragment

    /**
     * Empties every doomed slot at once: IpcCancel_A {@code empty_slot} applied to each, in any order.
     * A survivor whose parent goes takes its nearest surviving ancestor as parent; ancestry among
     * survivors is unchanged. An IRQ loses its handler when its last handler cap goes (the final
     * cap's {@code post_cap_deletion}).
     */
    private BoolExpr emptySet(SymbolicState s, SymbolicState t, Step st) {
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> g = z.var("g");
        Expr<UninterpretedSort> b = z.var("b");
        Expr<UninterpretedSort> a = z.var("a");
        Expr<UninterpretedSort> y = z.var("y");
        BoolExpr dx = st.isDoomed(z, x);
        Expr<UninterpretedSort> nx = z.ctx.mkApp(st.nearest, x);
        BoolExpr parentSurvives = z.and(s.hasParent(x), z.not(st.isDoomed(z, s.parent(x))));
        BoolExpr irqs = releasedIrqs(s, t, st);
        return z.and(
                z.forall(x, z.eq(t.depth(x), s.depth(x))),
                z.forall(x, z.implies(dx, z.and(t.cap(x).sameAs(z, CapTerm.nullCap(z)), z.not(t.original(x)),
                        z.not(t.hasParent(x))))),
                z.forall(x, z.implies(z.not(dx), z.and(t.cap(x).sameAs(z, s.cap(x)),
                        z.eq(t.original(x), s.original(x))))),
                z.forall(x, z.implies(z.and(z.not(dx), parentSurvives),
                        z.and(t.hasParent(x), z.eq(t.parent(x), s.parent(x))))),
                z.forall(x, z.implies(z.and(z.not(dx), z.not(parentSurvives), t.hasParent(x)),
                        z.and(s.ancestor(nx, x), z.not(st.isDoomed(z, nx)), z.eq(t.parent(x), nx),
                                z.forall(b, z.implies(z.and(s.ancestor(nx, b), s.ancestor(b, x)), st.isDoomed(z, b)))))),
                z.forall(List.of(x, g), z.implies(z.and(z.not(dx), z.not(t.hasParent(x)), s.ancestor(g, x)),
                        st.isDoomed(z, g))),
                z.forall(List.of(a, b), z.eq(t.ancestor(a, b),
                        z.and(s.ancestor(a, b), z.not(st.isDoomed(z, a)), z.not(st.isDoomed(z, b))))),
                irqs);
    }

    /** An IRQ loses its handler when its last handler cap goes (the final cap's post_cap_deletion). */
    private BoolExpr releasedIrqs(SymbolicState s, SymbolicState t, Step st) {
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> y = z.var("y");
        if (z.bounded()) {
            // over a fixed set of slots, as a chain of stores (arrays without quantifiers)
            Expr<ArraySort<IntSort, BoolSort>> a = s.activeArray();
            for (Expr<UninterpretedSort> d : z.domain()) {
                CapTerm c = s.cap(d);
                BoolExpr stays = z.exists(y, z.and(z.not(st.isDoomed(z, y)), s.cap(y).is(z, CapTerm.IRQ_HANDLER),
                        z.eq(s.cap(y).irq(), c.irq())));
                BoolExpr goes = z.and(st.isDoomed(z, d), c.is(z, CapTerm.IRQ_HANDLER), z.not(stays));
                a = z.ite(goes, z.ctx.mkStore(a, c.irq(), z.ctx.mkFalse()), a);
            }
            return z.ctx.mkEq(t.activeArray(), a);
        }
        var i = z.ctx.mkIntConst(z.fresh("i"));
        BoolExpr handlerGoes = z.exists(x, z.and(st.isDoomed(z, x), s.cap(x).is(z, CapTerm.IRQ_HANDLER),
                z.eq(s.cap(x).irq(), i)));
        BoolExpr handlerStays = z.exists(y, z.and(z.not(st.isDoomed(z, y)), s.cap(y).is(z, CapTerm.IRQ_HANDLER),
                z.eq(s.cap(y).irq(), i)));
        return z.forallInt(i, z.eq(t.active(i), z.and(s.active(i), z.or(z.not(handlerGoes), handlerStays))));
    }

    /**
     * Whether a doomed slot's deletion stays in the encoded fragment: no Zombie; and if its object dies
     * with it (a CNode or TCB no surviving cap names), the object holds no dying cap to itself (that
     * would leave a cyclic Zombie), and unless the cap is itself a target ({@code direct}) the object
     * holds no caps (no second level of rec_del).
     */
    private BoolExpr inFragment(SymbolicState s, Step st, Expr<UninterpretedSort> x, BoolExpr direct) {
        Expr<UninterpretedSort> y = z.var("y");
        Expr<UninterpretedSort> w = z.var("w");
        CapTerm c = s.cap(x);
        BoolExpr keptElsewhere = z.exists(y, z.and(s.occupied(y), z.not(st.isDoomed(z, y)), z.neq(y, x),
                c.refsOverlap(z, s.cap(y))));
        BoolExpr holdsCaps = z.exists(w, z.and(s.occupied(w), z.eq(z.obj(w), c.object())));
        BoolExpr selfHeld = z.exists(w, z.and(st.isDoomed(z, w), z.eq(z.obj(w), c.object()),
                c.refsOverlap(z, s.cap(w))));
        // the object dies with this cap when no surviving cap names it
        BoolExpr objectDies = z.and(c.holdsSlots(z), z.not(keptElsewhere));
        return z.and(z.not(c.is(z, CapTerm.ZOMBIE)),
                z.implies(objectDies, z.and(z.not(selfHeld), z.or(direct, z.not(holdsCaps)))));
    }

    /**
     * CNode_Delete: {@code rec_del (CTEDeleteCall slot True)}. A non-final cap is simply emptied; the
     * final cap of a CNode or TCB first becomes a Zombie whose object's slots are deleted one by one,
     * then is emptied: in the fragment, the target and every cap held in the object go.
     */
    private BoolExpr delete(SymbolicState s, SymbolicState t, Step st, BoolExpr[] ok) {
        Expr<UninterpretedSort> x = z.var("x");
        CapTerm c = s.cap(st.src);
        BoolExpr dies = z.and(c.holdsSlots(z), s.isFinal(st.src));
        BoolExpr doomed = z.or(z.and(z.eq(x, st.src), s.occupied(st.src)),
                z.and(dies, s.occupied(x), z.eq(z.obj(x), c.object()), z.neq(x, st.src)));
        ok[0] = z.forall(x, z.implies(st.isDoomed(z, x), inFragment(s, st, x, z.eq(x, st.src))));
        return z.and(z.forall(x, z.iff(st.isDoomed(z, x), doomed)), emptySet(s, t, st));
    }

    /**
     * CNode_Revoke: {@code cap_revoke}: every descendant is deleted; a descendant that was the last cap
     * to a CNode or TCB takes the caps held there with it. In the fragment the revoked slot survives.
     */
    private BoolExpr revoke(SymbolicState s, SymbolicState t, Step st, BoolExpr[] ok) {
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> y = z.var("y");
        Expr<UninterpretedSort> w = z.var("w");
        Expr<UninterpretedSort> r = st.src;
        // y dies: a descendant naming a CNode or TCB all of whose caps are descendants.
        BoolExpr yDies = z.and(s.ancestor(r, y), s.cap(y).holdsSlots(z),
                z.forall(w, z.implies(z.and(s.occupied(w), s.cap(y).refsOverlap(z, s.cap(w))), s.ancestor(r, w))));
        BoolExpr descendant = variant == Variant.REVOKE_CHILDREN_ONLY ? s.childOf(x, r) : s.ancestor(r, x);
        BoolExpr heldInDying = z.exists(y, z.and(yDies, z.eq(z.obj(x), s.cap(y).object())));
        BoolExpr doomed = z.or(descendant, z.and(s.occupied(x), heldInDying));
        ok[0] = z.and(z.not(st.isDoomed(z, r)),
                z.forall(x, z.implies(st.isDoomed(z, x), inFragment(s, st, x, s.ancestor(r, x)))));
        return z.and(z.forall(x, z.iff(st.isDoomed(z, x), doomed)), emptySet(s, t, st));
    }

    // ---------------------------------------------------------------------------------------
    // Untyped_Retype (invoke_untyped, retype_region, create_cap)

    private BoolExpr retype(SymbolicState s, SymbolicState t, Step st, BoolExpr[] ok) {
        Expr<UninterpretedSort> u = st.src;
        CapTerm ut = s.cap(u);
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> y = z.var("y");
        Expr<UninterpretedSort> a = z.var("a");
        Expr<UninterpretedSort> b = z.var("b");
        Expr<IntSort> ty = st.objectType;
        Expr<IntSort> size = st.objectSize;
        Expr<IntSort> objBits = st.objectBits;
        Expr<IntSort> user = st.userSize;
        List<BoolExpr> shapes = new ArrayList<>();
        shapes.add(z.implies(z.eq(ty, z.num(ObjectType.Endpoint.number())),
                z.and(z.eq(size, z.num(16)), z.eq(objBits, z.num(4)))));
        shapes.add(z.implies(z.eq(ty, z.num(ObjectType.Notification.number())),
                z.and(z.eq(size, z.num(32)), z.eq(objBits, z.num(5)))));
        shapes.add(z.implies(z.eq(ty, z.num(ObjectType.TCB.number())),
                z.and(z.eq(size, z.num(2048)), z.eq(objBits, z.num(11)))));
        shapes.add(z.implies(z.eq(ty, z.num(ObjectType.Frame.number())),
                z.and(z.eq(size, z.num(4096)), z.eq(objBits, z.num(12)))));
        shapes.add(z.implies(z.eq(ty, z.num(ObjectType.CNode.number())),
                z.and(z.le(z.num(1), user), z.eq(objBits, z.add(user, z.num(5))), z.le(objBits, z.num(47)))));
        shapes.add(z.implies(z.eq(ty, z.num(ObjectType.Untyped.number())),
                z.and(z.le(z.num(4), user), z.le(user, z.num(47)), z.eq(objBits, user))));
        BoolExpr isUntyped = z.eq(ty, z.num(ObjectType.Untyped.number()));
        BoolExpr isFrame = z.eq(ty, z.num(ObjectType.Frame.number()));
        BoolExpr isCNode = z.eq(ty, z.num(ObjectType.CNode.number()));
        BoolExpr reset = variant == Variant.RESET_WITH_CHILDREN ? z.ctx.mkTrue() : z.not(s.hasChildren(u));
        Expr<IntSort> start = z.add(ut.object(), z.ite(reset, z.num(0), ut.free()));
        Expr<IntSort> newFree = t.cap(u).free();
        Expr<IntSort> capType = z.ite(isUntyped, z.num(CapTerm.UNTYPED),
                z.ite(z.eq(ty, z.num(ObjectType.TCB.number())), z.num(CapTerm.THREAD),
                        z.ite(z.eq(ty, z.num(ObjectType.Endpoint.number())), z.num(CapTerm.ENDPOINT),
                                z.ite(z.eq(ty, z.num(ObjectType.Notification.number())), z.num(CapTerm.NOTIFICATION),
                                        z.ite(isCNode, z.num(CapTerm.CNODE), z.num(CapTerm.FRAME))))));
        Expr<BitVecSort> rights = z.ite(z.eq(ty, z.num(ObjectType.Endpoint.number())), z.rights(Rights.ALL),
                z.ite(z.or(z.eq(ty, z.num(ObjectType.Notification.number())), isFrame),
                        z.rights(Rights.READ | Rights.WRITE), z.rights(0)));
        CapTerm made = new CapTerm(capType, t.cap(x).object(), size, objBits, z.num(0), rights,
                z.ite(isCNode, user, z.num(0)), z.num(0), z.num(0), z.num(0), z.and(z.or(isUntyped, isFrame), ut.device()),
                z.num(-1), z.num(0));
        BoolExpr isNew = st.isNew(z, x);
        ok[0] = z.and(ut.is(z, CapTerm.UNTYPED), z.le(z.num(0), ty), z.le(ty, z.num(ObjectType.Frame.number())),
                z.and(shapes), z.lt(z.num(0), size),
                z.implies(ut.device(), z.or(isUntyped, isFrame)),
                z.exists(x, isNew), z.not(st.isNew(z, u)),
                z.forall(x, z.implies(isNew, z.not(s.occupied(x)))),
                z.le(newFree, ut.size()));
        return z.and(sameIrqs(s, t),
                z.forall(x, z.implies(isNew, z.and(t.cap(x).sameAs(z, made),
                        z.le(start, t.cap(x).object()), z.le(z.add(t.cap(x).object(), size), z.add(ut.object(), newFree)),
                        t.original(x), t.hasParent(x), z.eq(t.parent(x), u), z.eq(t.depth(x), z.add(s.depth(u), z.num(1)))))),
                z.forall(List.of(x, y), z.implies(z.and(isNew, st.isNew(z, y), z.neq(x, y)),
                        z.or(z.le(z.add(t.cap(x).object(), size), t.cap(y).object()),
                                z.le(z.add(t.cap(y).object(), size), t.cap(x).object())))),
                t.cap(u).sameAs(z, ut.withFree(newFree)),
                z.forall(x, z.implies(z.not(isNew), z.and(z.implies(z.neq(x, u), t.cap(x).sameAs(z, s.cap(x))),
                        z.eq(t.original(x), s.original(x)), z.eq(t.hasParent(x), s.hasParent(x)),
                        z.eq(t.parent(x), s.parent(x)), z.eq(t.depth(x), s.depth(x))))),
                z.forall(List.of(a, b), z.eq(t.ancestor(a, b),
                        z.ite(st.isNew(z, b), z.or(z.eq(a, u), s.ancestor(a, u)), s.ancestor(a, b)))));
    }
}
