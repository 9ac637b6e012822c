package org.capcheck.proofs.encoding;

import com.microsoft.z3.BitVecSort;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.BoolSort;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.UninterpretedSort;
import org.capcheck.core.Operation;

/**
 * One invocation as a relation between a state and the next: {@link #relation} holds exactly when
 * {@code post} is a possible result of the invocation with these arguments from {@code pre}. The
 * arguments are the slots the invocation's lookups reach (lookups themselves are not encoded: any
 * slot may be reached, and any lookup may fail), the words that matter (rights mask, badge, guard,
 * IRQ, object type and size), and the result code ({@code SeL4Error} number).
 */
public final class Step {
    public final Operation op;
    public final SymbolicState pre;
    public final SymbolicState post;
    /** The invoked cap's slot, or for CNode operations the source (Copy, Mint, Move, Mutate, Rotate) or target (Delete, Revoke, CancelBadgedSends). */
    public final Expr<UninterpretedSort> src;
    /** The destination slot (Copy, Mint, Move, Mutate, Rotate, IRQControl_Get). */
    public final Expr<UninterpretedSort> dest;
    /** Rotate's pivot. */
    public final Expr<UninterpretedSort> pivot;
    public final Expr<IntSort> result;
    public final Expr<BitVecSort> rightsMask;
    public final Expr<IntSort> badge, guardSize, guard, pivotGuardSize, pivotGuard, irq;
    public final Expr<IntSort> objectType, userSize, objectSize, objectBits;
    /** Retype's destination slots. */
    public final FuncDecl<BoolSort> newSlots;
    /** The slots Delete or Revoke empties. */
    public final FuncDecl<BoolSort> doomed;
    /** For each survivor whose parent is emptied, its nearest surviving ancestor. */
    public final FuncDecl<UninterpretedSort> nearest;
    /** The invocation succeeds. */
    BoolExpr succeeds;
    BoolExpr relation;

    Step(Smt z, Operation op, SymbolicState pre, SymbolicState post) {
        this.op = op;
        this.pre = pre;
        this.post = post;
        String p = post.name + "." + op.name();
        src = z.slotConst(p + ".src");
        dest = z.slotConst(p + ".dest");
        pivot = z.slotConst(p + ".pivot");
        result = z.intConst(p + ".result");
        rightsMask = z.rightsConst(p + ".rights");
        badge = z.intConst(p + ".badge");
        guardSize = z.intConst(p + ".guard_size");
        guard = z.intConst(p + ".guard");
        pivotGuardSize = z.intConst(p + ".pivot_guard_size");
        pivotGuard = z.intConst(p + ".pivot_guard");
        irq = z.intConst(p + ".irq");
        objectType = z.intConst(p + ".type");
        userSize = z.intConst(p + ".size_bits");
        objectSize = z.intConst(p + ".object_size");
        objectBits = z.intConst(p + ".object_bits");
        newSlots = z.fun(p + ".new_slot", z.boolSort, z.slot);
        doomed = z.fun(p + ".doomed", z.boolSort, z.slot);
        nearest = z.slotFun(p + ".nearest", z.slot);
    }

    public BoolExpr relation() {
        return relation;
    }

    /** The invocation succeeded (result NoError); otherwise nothing changed. */
    public BoolExpr succeeds() {
        return succeeds;
    }

    public BoolExpr isNew(Smt z, Expr<UninterpretedSort> x) {
        return (BoolExpr) z.ctx.mkApp(newSlots, x);
    }

    public BoolExpr isDoomed(Smt z, Expr<UninterpretedSort> x) {
        return (BoolExpr) z.ctx.mkApp(doomed, x);
    }
}
