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
        for (long src : sources) {
            for (long dest : slots) {
                add(a, Invocation.untypedRetype(src, ObjectType.Endpoint.number(), 0, ROOT, 0, 0, dest, 1));
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
                for (long pivot : slots) {
                    add(a, Invocation.cnodeRotate(ROOT, dest, D, ROOT, pivot, D, 0, ROOT, src, D, 0));
                }
            }
        }
        for (long s : sources) {
            add(a, Invocation.cnodeDelete(ROOT, s, D));
            add(a, Invocation.cnodeRevoke(ROOT, s, D));
        }
        for (long s : slots) {
            add(a, Invocation.cnodeCancelBadgedSends(ROOT, s, D));
            add(a, Invocation.irqControlGet(4, 0, ROOT, s, D));
        }
        if (bounds.cnodeRadix() > 0) {
            // Caps into slot 0 of a CNode made by Retype, addressed through its cap (depth = its radix).
            for (long svc : slots) {
                for (long src : slots) {
                    add(a, Invocation.cnodeCopy(svc, 0, bounds.cnodeRadix(), ROOT, src, D, Rights.ALL));
                }
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
