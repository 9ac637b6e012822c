package org.capcheck.proofs.encoding;

import com.microsoft.z3.BitVecSort;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.BoolSort;
import com.microsoft.z3.Expr;
import com.microsoft.z3.IntSort;
import org.capcheck.core.CapType;

/**
 * A capability as a tuple of terms, field for field as cap-core's {@code Cap} record: type (the
 * {@link CapType} ordinal), object address, size in bytes and in bits, badge, rights (4 bits, seL4's
 * {@code seL4_CapRights_t}), CNode radix, guard size and guard, untyped watermark (free index, bytes
 * from the base), device flag, IRQ number, and a Zombie's count of slots still to clear.
 */
public record CapTerm(Expr<IntSort> type, Expr<IntSort> object, Expr<IntSort> size, Expr<IntSort> bits,
                      Expr<IntSort> badge, Expr<BitVecSort> rights, Expr<IntSort> radix, Expr<IntSort> guardSize,
                      Expr<IntSort> guard, Expr<IntSort> free, Expr<BoolSort> device, Expr<IntSort> irq,
                      Expr<IntSort> zombieSlots) {

    public static final int NULL = CapType.Null.ordinal();
    public static final int UNTYPED = CapType.Untyped.ordinal();
    public static final int ENDPOINT = CapType.Endpoint.ordinal();
    public static final int NOTIFICATION = CapType.Notification.ordinal();
    public static final int CNODE = CapType.CNode.ordinal();
    public static final int THREAD = CapType.Thread.ordinal();
    public static final int FRAME = CapType.Frame.ordinal();
    public static final int IRQ_CONTROL = CapType.IRQControl.ordinal();
    public static final int IRQ_HANDLER = CapType.IRQHandler.ordinal();
    public static final int ZOMBIE = CapType.Zombie.ordinal();

    /** The null cap, with every field as cap-core's {@code Cap.NULL}. */
    public static CapTerm nullCap(Smt z) {
        return new CapTerm(z.num(NULL), z.num(0), z.num(0), z.num(0), z.num(0), z.rights(0), z.num(0), z.num(0),
                z.num(0), z.num(0), z.ctx.mkFalse(), z.num(-1), z.num(0));
    }

    public BoolExpr is(Smt z, int t) {
        return z.eq(type, z.num(t));
    }

    public BoolExpr occupied(Smt z) {
        return z.not(is(z, NULL));
    }

    /** The first byte after the memory a physical cap names. */
    public Expr<IntSort> end(Smt z) {
        return z.add(object, size);
    }

    /** {@code is_physical}: the cap names memory. */
    public BoolExpr physical(Smt z) {
        return z.and(occupied(z), z.not(is(z, IRQ_CONTROL)), z.not(is(z, IRQ_HANDLER)));
    }

    /** A cap to an object (not to an untyped region): what objects_disjoint speaks of. */
    public BoolExpr objectCap(Smt z) {
        return z.and(physical(z), z.not(is(z, UNTYPED)));
    }

    public BoolExpr irqClass(Smt z) {
        return z.or(is(z, IRQ_CONTROL), is(z, IRQ_HANDLER));
    }

    public BoolExpr badgedType(Smt z) {
        return z.or(is(z, ENDPOINT), is(z, NOTIFICATION));
    }

    /** CNode and TCB caps name objects that hold slots. */
    public BoolExpr holdsSlots(Smt z) {
        return z.or(is(z, CNODE), is(z, THREAD));
    }

    /** Whether the two memory ranges share a byte. */
    public BoolExpr overlaps(Smt z, CapTerm o) {
        return z.and(z.lt(object, o.end(z)), z.lt(o.object, end(z)));
    }

    /** Whether {@code o}'s range lies inside this cap's. */
    public BoolExpr covers(Smt z, CapTerm o) {
        return z.and(z.le(object, o.object), z.le(o.end(z), end(z)));
    }

    /** CSpace_A {@code same_region_as this o}: o names memory or authority inside what this cap names. */
    public BoolExpr sameRegionAs(Smt z, CapTerm o) {
        BoolExpr sameObj = z.and(z.eq(o.type, type), z.eq(o.object, object));
        return z.or(
                z.and(is(z, UNTYPED), o.physical(z), covers(z, o)),
                z.and(z.or(is(z, ENDPOINT), is(z, NOTIFICATION), is(z, THREAD), is(z, FRAME)), sameObj),
                z.and(is(z, CNODE), sameObj, z.eq(o.radix, radix)),
                z.and(is(z, IRQ_CONTROL), o.irqClass(z)),
                z.and(is(z, IRQ_HANDLER), o.is(z, IRQ_HANDLER), z.eq(o.irq, irq)));
    }

    /** The same cap class (Invariants_H class_links): physical or not, IRQ or not. */
    public BoolExpr sameClass(Smt z, CapTerm o) {
        return z.and(z.iff(physical(z), o.physical(z)), z.iff(irqClass(z), o.irqClass(z)));
    }

    /** The kind of object a cap names; a Zombie names a CNode (radix > 0) or a TCB (radix 0). */
    public Expr<IntSort> objectKind(Smt z) {
        return z.ite(is(z, ZOMBIE), z.ite(z.eq(radix, z.num(0)), z.num(THREAD), z.num(CNODE)), type);
    }

    /** Both caps name the same object: address, size and kind. */
    public BoolExpr sameObjectRef(Smt z, CapTerm o) {
        return z.and(z.eq(object, o.object), z.eq(size, o.size), z.eq(objectKind(z), o.objectKind(z)));
    }

    private BoolExpr namesObject(Smt z) {
        return z.or(is(z, ENDPOINT), is(z, NOTIFICATION), is(z, CNODE), is(z, THREAD), is(z, FRAME), is(z, ZOMBIE));
    }

    /** {@code is_final_cap'}'s overlap test: the two caps share an object reference (or an IRQ). */
    public BoolExpr refsOverlap(Smt z, CapTerm o) {
        return z.or(z.and(is(z, IRQ_HANDLER), o.is(z, IRQ_HANDLER), z.eq(irq, o.irq)),
                z.and(namesObject(z), o.namesObject(z), z.eq(object, o.object)));
    }

    /** Field-by-field equality. */
    public BoolExpr sameAs(Smt z, CapTerm o) {
        return z.and(z.eq(type, o.type), z.eq(object, o.object), z.eq(size, o.size), z.eq(bits, o.bits),
                z.eq(badge, o.badge), z.eq(rights, o.rights), z.eq(radix, o.radix), z.eq(guardSize, o.guardSize),
                z.eq(guard, o.guard), z.eq(free, o.free), z.eq(device, o.device), z.eq(irq, o.irq),
                z.eq(zombieSlots, o.zombieSlots));
    }

    /** Field-by-field choice. */
    public static CapTerm ite(Smt z, Expr<BoolSort> c, CapTerm a, CapTerm b) {
        return new CapTerm(z.ite(c, a.type, b.type), z.ite(c, a.object, b.object), z.ite(c, a.size, b.size),
                z.ite(c, a.bits, b.bits), z.ite(c, a.badge, b.badge), z.ite(c, a.rights, b.rights),
                z.ite(c, a.radix, b.radix), z.ite(c, a.guardSize, b.guardSize), z.ite(c, a.guard, b.guard),
                z.ite(c, a.free, b.free), z.ite(c, a.device, b.device), z.ite(c, a.irq, b.irq),
                z.ite(c, a.zombieSlots, b.zombieSlots));
    }

    public CapTerm withRights(Expr<BitVecSort> r) {
        return new CapTerm(type, object, size, bits, badge, r, radix, guardSize, guard, free, device, irq, zombieSlots);
    }

    public CapTerm withBadge(Expr<IntSort> b) {
        return new CapTerm(type, object, size, bits, b, rights, radix, guardSize, guard, free, device, irq, zombieSlots);
    }

    public CapTerm withGuard(Expr<IntSort> gs, Expr<IntSort> g) {
        return new CapTerm(type, object, size, bits, badge, rights, radix, gs, g, free, device, irq, zombieSlots);
    }

    public CapTerm withFree(Expr<IntSort> f) {
        return new CapTerm(type, object, size, bits, badge, rights, radix, guardSize, guard, f, device, irq, zombieSlots);
    }
}
