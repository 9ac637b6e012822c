package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.spec.refine.Invocation;

/**
 * The local model's actions: every invocation, with its arguments drawn from the domains of
 * {@link LocalBounds}. The list is fixed for a model; a state offers those of its live processes.
 */
final class LocalActions {
    private static final long D = 64;
    private static final long ROOT = 2;
    private static final long TCB = 1;
    private static final long IRQ_CONTROL = 4;
    /** A CPtr that resolves to nothing: its high bits miss the root CNode's 59-bit guard of zeros. */
    private static final long BAD = -1;

    private LocalActions() {
    }

    /** The actions of a model with these bounds, in a fixed order. */
    static List<LocalAction> of(LocalBounds bounds) {
        return bounds.processes() == 1 ? singleProcessActions(bounds) : processActions(bounds);
    }

    private static List<LocalAction> singleProcessActions(LocalBounds bounds) {
        List<LocalAction> a = new ArrayList<>();
        List<Long> slots = new ArrayList<>();
        bounds.slots().forEach(s -> slots.add((long) s));
        List<Long> sources = new ArrayList<>(slots);
        sources.add(0, (long) LocalBounds.UNTYPED_SLOT);
        long first = slots.get(0);
        for (long src : sources) {
            for (long dest : slots) {
                for (ObjectType type : bounds.types()) {
                    add(a, Invocation.untypedRetype(src, type.number(), 0, ROOT, 0, 0, dest, 1));
                }
                if (bounds.cnodeRadix() > 0) {
                    add(a, Invocation.untypedRetype(src, ObjectType.CNode.number(), bounds.cnodeRadix(), ROOT, 0, 0,
                            dest, 1));
                }
                if (bounds.untypedChild() > 0) {
                    add(a, Invocation.untypedRetype(src, ObjectType.Untyped.number(), bounds.untypedChild(), ROOT, 0,
                            0, dest, 1));
                }
            }
        }
        // Several objects from one call, into consecutive slots from the first: each aligned to its size
        // above the untyped's free index (seL4's alignUp in invokeUntyped_Retype).
        for (int n = 2; n <= bounds.retypeCount(); n++) {
            add(a, Invocation.untypedRetype(LocalBounds.UNTYPED_SLOT, bounds.types().get(0).number(), 0, ROOT, 0, 0,
                    first, n));
        }
        for (long src : sources) {
            for (long dest : slots) {
                add(a, Invocation.cnodeCopy(ROOT, dest, D, ROOT, src, D, Rights.ALL));
                add(a, Invocation.cnodeMove(ROOT, dest, D, ROOT, src, D));
            }
        }
        for (long src : slots) {
            for (long dest : slots) {
                for (long badge : bounds.badges()) {
                    add(a, Invocation.cnodeMint(ROOT, dest, D, ROOT, src, D, Rights.ALL, badge));
                }
                add(a, Invocation.cnodeMutate(ROOT, dest, D, ROOT, src, D, 0));
                // Every overlap of the three roles: dest == src is seL4's swap, a pivot equal to
                // either is IllegalOperation.
                for (long pivot : slots) {
                    add(a, Invocation.cnodeRotate(ROOT, dest, D, ROOT, pivot, D, 0, ROOT, src, D, 0));
                }
            }
        }
        // Rights masks (seL4's maskCapRights), from the first slot into the next: Copy keeps the
        // badge, Mint sets one (or none with badge 0).
        long rightsDest = next(slots, first);
        long mintBadge = bounds.badges().stream().filter(b -> b != 0).findFirst().orElse(0L);
        for (int rights : bounds.rights()) {
            add(a, Invocation.cnodeCopy(ROOT, rightsDest, D, ROOT, first, D, rights));
            add(a, Invocation.cnodeMint(ROOT, rightsDest, D, ROOT, first, D, rights, mintBadge));
        }
        // Guards (seL4's updateCapData on a CNode cap): on the root CNode's cap (radix 5) and on any
        // cap in a slot, into the next slot; Mutate moves the cap with its new guard.
        for (long word : bounds.guards()) {
            add(a, Invocation.cnodeMint(ROOT, first, D, ROOT, ROOT, D, Rights.ALL, word));
            for (long src : slots) {
                add(a, Invocation.cnodeMint(ROOT, next(slots, src), D, ROOT, src, D, Rights.ALL, word));
                add(a, Invocation.cnodeMutate(ROOT, next(slots, src), D, ROOT, src, D, word));
            }
        }
        for (long s : sources) {
            add(a, Invocation.cnodeDelete(ROOT, s, D));
            add(a, Invocation.cnodeRevoke(ROOT, s, D));
        }
        for (long s : slots) {
            add(a, Invocation.cnodeCancelBadgedSends(ROOT, s, D));
            for (long irq : bounds.irqs()) {
                if (irq <= LocalBounds.MAX_IRQ) {
                    add(a, Invocation.irqControlGet(IRQ_CONTROL, irq, ROOT, s, D));
                }
            }
        }
        for (long irq : bounds.irqs()) {
            if (irq > LocalBounds.MAX_IRQ) {
                add(a, Invocation.irqControlGet(IRQ_CONTROL, irq, ROOT, first, D)); // RangeError [0, max_irq]
            }
        }
        if (bounds.cnodeRadix() > 0) {
            // Caps into slot 0 of a CNode made by Retype, addressed through its cap (depth = its radix).
            for (long svc : slots) {
                for (long src : slots) {
                    add(a, Invocation.cnodeCopy(svc, 0, bounds.cnodeRadix(), ROOT, src, D, Rights.ALL));
                }
            }
        }
        // Lookups through a CNode cap held in a slot (seL4's resolveAddressBits: guard, then radix), at
        // each depth of the domain and at each CNode's exact depth, with an index that matches its guard
        // and one that does not.
        for (long[] lookup : nestedLookups(bounds)) {
            for (long svc : slots) {
                add(a, Invocation.cnodeCopy(svc, lookup[0], lookup[1], ROOT, first, D, Rights.ALL));
            }
        }
        if (bounds.preempt()) {
            for (long s : sources) {
                a.add(new LocalAction(0, Invocation.cnodeDelete(ROOT, s, D), true));
                a.add(new LocalAction(0, Invocation.cnodeRevoke(ROOT, s, D), true));
            }
            for (long dest : slots) {
                a.add(new LocalAction(0, Invocation.untypedRetype(LocalBounds.UNTYPED_SLOT,
                        ObjectType.Endpoint.number(), 0, ROOT, 0, 0, dest, 1), true));
            }
        }
        return List.copyOf(a);
    }

    /** The slot after {@code s} in the domain, cyclically (itself when the domain has one slot). */
    private static long next(List<Long> slots, long s) {
        return slots.get((slots.indexOf(s) + 1) % slots.size());
    }

    /**
     * (index, depth) pairs for lookups through a CNode cap in a slot: index 0 at every depth of the
     * domain; for each CNode such a slot can hold (made by Retype with the radix bound, or a copy of the
     * root CNode's cap given a guard by Mint) and each guard, the exact depth with the index of its slot
     * 0 behind a matching guard, and index 0 there (a guard mismatch when the guard is not 0). The pair
     * the copies into a retyped CNode already use is left out.
     */
    static List<long[]> nestedLookups(LocalBounds bounds) {
        java.util.Set<List<Long>> pairs = new java.util.LinkedHashSet<>();
        for (long depth : bounds.depths()) {
            pairs.add(List.of(0L, depth));
        }
        List<Integer> radices = new ArrayList<>();
        if (bounds.cnodeRadix() > 0) {
            radices.add(bounds.cnodeRadix());
        }
        if (!bounds.guards().isEmpty()) {
            radices.add(LocalBounds.ROOT_CNODE_BITS);
        }
        for (int radix : radices) {
            for (long word : bounds.guards()) {
                int size = LocalBounds.guardSize(word);
                if (radix + size > 64) {
                    continue; // Mint and Mutate refuse such a guard: no such cap
                }
                pairs.add(List.of(LocalBounds.guard(word) << radix, (long) radix + size));
                pairs.add(List.of(0L, (long) radix + size));
            }
        }
        if (bounds.cnodeRadix() > 0) {
            pairs.remove(List.of(0L, (long) bounds.cnodeRadix()));
        }
        List<long[]> out = new ArrayList<>();
        for (List<Long> p : pairs) {
            out.add(new long[] {p.get(0), p.get(1)});
        }
        return out;
    }

    /**
     * The probes: invocations whose arguments fail the same way in every state of the model, made in
     * the initial state only (see {@link LocalBounds#probes}), each with the error it must return. They
     * let every (operation, error) pair that depends on the arguments alone be reached without costing
     * every state a step; the pairs that depend on the state (a full untyped, an occupied slot made by
     * an earlier step, an active IRQ) are left to the other actions.
     */
    static List<LocalAction> probes(LocalBounds bounds) {
        if (!bounds.probes() || bounds.processes() != 1) {
            return List.of();
        }
        List<LocalAction> a = new ArrayList<>();
        long s = bounds.slots().get(0);
        long free = freeSlot(bounds); // empty in every state: in no domain
        long ut = LocalBounds.UNTYPED_SLOT;
        long tooBig = LocalBounds.guardWord(60, 0); // 60 + the root's radix 5 > 64: updateCapData gives null
        // Copy and Mint: a service that resolves to nothing, a service that is no CNode, a source that
        // cannot be copied (IRQControl), depths 0 and 65, a guard the root does not match (depth 1, or
        // an index with its high bits set), a source root that resolves to nothing or is no CNode, an
        // empty source, an occupied destination (the TCB's slot 1).
        for (boolean mint : new boolean[] {false, true}) {
            List<Invocation> inv = List.of(
                    copy(mint, BAD, free, D, ROOT, s, D), copy(mint, ut, free, D, ROOT, s, D),
                    copy(mint, ROOT, free, D, ROOT, IRQ_CONTROL, D), copy(mint, ROOT, free, 0, ROOT, s, D),
                    copy(mint, ROOT, free, 65, ROOT, s, D), copy(mint, ROOT, free, 1, ROOT, s, D),
                    copy(mint, ROOT, BAD, D, ROOT, s, D), copy(mint, ROOT, free, D, BAD, s, D),
                    copy(mint, ROOT, free, D, ut, s, D), copy(mint, ROOT, free, D, ROOT, free, D),
                    copy(mint, ROOT, TCB, D, ROOT, IRQ_CONTROL, D));
            inv.forEach(i -> add(a, i));
        }
        add(a, Invocation.cnodeMint(ROOT, free, D, ROOT, ROOT, D, Rights.ALL, tooBig));
        // Move and Mutate alike; Mutate of the root CNode's cap with a guard too large for it.
        for (boolean mutate : new boolean[] {false, true}) {
            List<Invocation> inv = List.of(
                    move(mutate, BAD, free, D, ROOT, s, D, 0), move(mutate, ut, free, D, ROOT, s, D, 0),
                    move(mutate, ROOT, free, 0, ROOT, s, D, 0), move(mutate, ROOT, free, D, ROOT, s, 65, 0),
                    move(mutate, ROOT, BAD, D, ROOT, s, D, 0), move(mutate, ROOT, free, D, BAD, s, D, 0),
                    move(mutate, ROOT, free, D, ROOT, free, D, 0), move(mutate, ROOT, TCB, D, ROOT, s, D, 0));
            inv.forEach(i -> add(a, i));
        }
        add(a, Invocation.cnodeMutate(ROOT, free, D, ROOT, ROOT, D, tooBig));
        // Rotate: the same lookups, a pivot equal to the source, an occupied destination.
        add(a, Invocation.cnodeRotate(BAD, free, D, ROOT, s, D, 0, ROOT, free, D, 0));
        add(a, Invocation.cnodeRotate(ut, free, D, ROOT, s, D, 0, ROOT, free, D, 0));
        add(a, Invocation.cnodeRotate(ROOT, free, 0, ROOT, s, D, 0, ROOT, free, D, 0));
        add(a, Invocation.cnodeRotate(ROOT, free, D, ROOT, s, 65, 0, ROOT, free, D, 0));
        add(a, Invocation.cnodeRotate(ROOT, BAD, D, ROOT, s, D, 0, ROOT, free, D, 0));
        add(a, Invocation.cnodeRotate(ROOT, free, D, ROOT, s, D, 0, BAD, free, D, 0));
        add(a, Invocation.cnodeRotate(ROOT, free, D, ROOT, TCB, D, 0, ROOT, TCB, D, 0));
        add(a, Invocation.cnodeRotate(ROOT, TCB, D, ROOT, free, D, 0, ROOT, IRQ_CONTROL, D, 0));
        // Delete, Revoke, CancelBadgedSends: the service, depths 0 and 65, a guard mismatch; an empty
        // slot is a no-op for Delete and Revoke and IllegalOperation for CancelBadgedSends.
        for (int op = 0; op < 3; op++) {
            for (long[] args : new long[][] {{BAD, free, D}, {ut, free, D}, {ROOT, free, 0}, {ROOT, free, 65},
                    {ROOT, BAD, D}, {ROOT, free, D}}) {
                add(a, op == 0 ? Invocation.cnodeDelete(args[0], args[1], args[2])
                        : op == 1 ? Invocation.cnodeRevoke(args[0], args[1], args[2])
                        : Invocation.cnodeCancelBadgedSends(args[0], args[1], args[2]));
            }
        }
        // Retype: the service, unknown sizes (a CNode of radix 0, an untyped below 2^4, size 64), the
        // destination's lookups, offset and count out of range, an occupied destination, an object
        // larger than the region.
        long ep = ObjectType.Endpoint.number();
        long uty = ObjectType.Untyped.number();
        long cn = ObjectType.CNode.number();
        long last = (1L << LocalBounds.ROOT_CNODE_BITS) - 1;
        for (long[] r : new long[][] {
                {BAD, ep, 0, ROOT, 0, 0, free, 1}, {ROOT, ep, 0, ROOT, 0, 0, free, 1},
                {ut, cn, 0, ROOT, 0, 0, free, 1}, {ut, uty, 3, ROOT, 0, 0, free, 1},
                {ut, ep, 64, ROOT, 0, 0, free, 1}, {ut, ep, 0, BAD, 0, 0, free, 1},
                {ut, ep, 0, ut, 0, 0, free, 1}, {ut, ep, 0, ROOT, ROOT, 65, free, 1},
                {ut, ep, 0, ROOT, BAD, D, free, 1}, {ut, ep, 0, ROOT, free, D, 0, 1},
                {ut, ep, 0, ROOT, 0, 0, last + 1, 1}, {ut, ep, 0, ROOT, 0, 0, free, 0},
                {ut, ep, 0, ROOT, 0, 0, 0, LocalBounds.FANOUT_LIMIT + 1}, {ut, ep, 0, ROOT, 0, 0, last, 2},
                {ut, ep, 0, ROOT, 0, 0, TCB, 1}, {ut, uty, bounds.untypedBits() + 1, ROOT, 0, 0, free, 1}}) {
            add(a, Invocation.untypedRetype(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]));
        }
        // IRQControl_Get: the service, an IRQ past max_irq, the destination's lookups, an occupied one.
        for (long[] g : new long[][] {{BAD, 0, ROOT, free, D}, {ROOT, 0, ROOT, free, D},
                {IRQ_CONTROL, LocalBounds.MAX_IRQ + 1, ROOT, free, D}, {IRQ_CONTROL, 0, ROOT, free, 0},
                {IRQ_CONTROL, 0, BAD, free, D}, {IRQ_CONTROL, 0, ROOT, BAD, D}, {IRQ_CONTROL, 0, ROOT, TCB, D}}) {
            add(a, Invocation.irqControlGet(g[0], g[1], g[2], g[3], g[4]));
        }
        return List.copyOf(a);
    }

    private static Invocation copy(boolean mint, long service, long dest, long destDepth, long srcRoot, long src,
            long srcDepth) {
        return mint ? Invocation.cnodeMint(service, dest, destDepth, srcRoot, src, srcDepth, Rights.ALL, 1)
                : Invocation.cnodeCopy(service, dest, destDepth, srcRoot, src, srcDepth, Rights.ALL);
    }

    private static Invocation move(boolean mutate, long service, long dest, long destDepth, long srcRoot, long src,
            long srcDepth, long data) {
        return mutate ? Invocation.cnodeMutate(service, dest, destDepth, srcRoot, src, srcDepth, data)
                : Invocation.cnodeMove(service, dest, destDepth, srcRoot, src, srcDepth);
    }

    /** A root-CNode slot in no domain of the model, so empty in every state. */
    static long freeSlot(LocalBounds bounds) {
        for (long s = 3; s < (1L << LocalBounds.ROOT_CNODE_BITS); s++) {
            if (s != IRQ_CONTROL && s != LocalBounds.UNTYPED_SLOT && !bounds.slots().contains((int) s)) {
                return s;
            }
        }
        return 0;
    }

    private static void add(List<LocalAction> a, Invocation inv) {
        a.add(new LocalAction(0, inv, false));
    }

    /** Where a process can address a slot: its own CNode (CPtr 0, depth 64) or a shared CNode it holds. */
    private record Place(long service, long index, long depth) {
    }

    private static List<LocalAction> processActions(LocalBounds bounds) {
        // Slot 0 of a process's CNode holds the process's own CNode cap, its means of invoking
        // anything; the actions leave it where it is, so authority moves only through the caps the
        // distribution hands out (shared CNodes included).
        List<Place> places = new ArrayList<>();
        for (long i = 1; i < (1L << Distribution.PROCESS_RADIX); i++) {
            places.add(new Place(0, i, D));
        }
        for (long held = 1; held < (1L << Distribution.PROCESS_RADIX); held++) {
            for (long i = 0; i < (1L << Distribution.SHARED_RADIX); i++) {
                places.add(new Place(held, i, Distribution.SHARED_RADIX));
            }
        }
        List<LocalAction> a = new ArrayList<>();
        for (int p = 0; p < bounds.processes(); p++) {
            // Copy (with all the rights the source has), Delete and Revoke: Move and rights masking
            // change where authority sits and how much of it, never who can get it.
            for (Place src : places) {
                for (Place dest : places) {
                    a.add(new LocalAction(p, Invocation.cnodeCopy(dest.service(), dest.index(), dest.depth(),
                            src.service(), src.index(), src.depth(), Rights.ALL), false));
                }
            }
            for (Place s : places) {
                a.add(new LocalAction(p, Invocation.cnodeDelete(s.service(), s.index(), s.depth()), false));
                a.add(new LocalAction(p, Invocation.cnodeRevoke(s.service(), s.index(), s.depth()), false));
            }
        }
        return List.copyOf(a);
    }
}
