package org.capcheck.spec.refine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.capcheck.core.Cap;
import org.capcheck.core.Kernel;
import org.capcheck.core.KernelView;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.SlotAddress;
import org.capcheck.core.SyscallError;
import org.capcheck.spec.Failure;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * The abstraction function: a cap-core {@link Kernel}'s state as a {@link SpecState}, read
 * through cap-core's public inspection API only. A slot handle becomes (object address, index);
 * each occupied slot contributes its cap, its original flag and its parent; the derivation list's
 * order gives each parent's children in sibling order (seL4's {@code cdt_list_relation}); IRQs
 * with handlers, suspended TCBs and the current thread complete the state.
 */
public final class Abstraction {
    private Abstraction() {
    }

    public static Slot slotOf(Kernel k, int handle) {
        SlotAddress a = k.view().addressOf(handle);
        if (a == null) {
            throw new IllegalStateException("slot handle " + handle + " belongs to no live object");
        }
        return new Slot(a.objectPaddr(), a.index());
    }

    /** The abstract state of the kernel. */
    public static SpecState of(Kernel k) {
        KernelView v = k.view();
        int[] occupied = occupiedSlots(v);
        int n = occupied.length;
        TreeMap<Slot, Cap> caps = new TreeMap<>();
        TreeSet<Slot> originals = new TreeSet<>();
        Slot[] named = new Slot[n];
        for (int i = 0; i < n; i++) {
            int h = occupied[i];
            Slot s = slotOf(k, h);
            named[i] = s;
            Cap prev = caps.put(s, v.capAt(h));
            if (prev != null) {
                throw new IllegalStateException("two live slots abstract to " + s);
            }
            if (v.isOriginal(h)) {
                originals.add(s);
            }
        }
        TreeMap<Slot, Slot> cdt = new TreeMap<>();
        Map<Slot, List<Slot>> list = new HashMap<>();
        int[] order = new int[n];
        int[] parents = new int[n];
        if (v.derivationTree(occupied, n, order, parents)) {
            // Each child in list order: its parent, and its place among its siblings.
            for (int j = 0; j < n; j++) {
                if (parents[j] >= 0) {
                    Slot child = slotOf(k, order[j]);
                    Slot parent = slotOf(k, parents[j]);
                    cdt.put(child, parent);
                    list.computeIfAbsent(parent, x -> new ArrayList<>()).add(child);
                }
            }
        } else {
            // A list that is not well formed (a seeded bug): each slot's parent as a walk back finds it.
            for (int i = 0; i < n; i++) {
                int p = v.parentOf(occupied[i]);
                if (p >= 0) {
                    cdt.put(named[i], slotOf(k, p));
                }
            }
            for (int h : v.derivationOrder()) {
                Slot s = slotOf(k, h);
                Slot p = cdt.get(s);
                if (p != null) {
                    list.computeIfAbsent(p, x -> new ArrayList<>()).add(s);
                }
            }
        }
        TreeSet<Integer> irqs = new TreeSet<>();
        for (int irq = 0; irq <= k.config().maxIrq(); irq++) {
            if (k.view().irqHasHandler(irq)) {
                irqs.add(irq);
            }
        }
        TreeSet<Long> suspended = new TreeSet<>(k.view().suspendedThreadAddresses());
        long current = k.view().currentThreadAddress();
        return new SpecState(caps, cdt, list, originals, irqs, suspended, current < 0 ? SpecState.NO_THREAD : current);
    }

    /** The handles of the occupied slots, in {@link KernelView#occupiedSlots()} order. */
    private static int[] occupiedSlots(KernelView v) {
        int[] occupied = new int[64];
        int n = v.occupiedSlots(occupied);
        if (n > occupied.length) {
            occupied = new int[n];
            v.occupiedSlots(occupied);
        }
        return n == occupied.length ? occupied : Arrays.copyOf(occupied, n);
    }

    /**
     * Whether {@code of(k).equals(s)}, decided without building the kernel's abstract state: each
     * occupied slot's cap, original flag and parent, each parent's children in sibling order, the
     * IRQs with handlers, the suspended TCBs and the current thread, compared with {@code s} directly.
     * A refinement check whose specification state is usually the kernel's uses this first and builds
     * {@link #of} only when they differ (to report how). False also where {@link #of} would refuse the
     * kernel (two live slots with one abstract name), so that the caller's {@link #of} says why.
     */
    public static boolean matches(SpecState s, Kernel k) {
        KernelView v = k.view();
        // One more place than the specification has caps: a kernel with more occupied slots shows as such.
        int[] occupied = new int[s.caps().size() + 1];
        int n = v.occupiedSlots(occupied);
        if (n != s.caps().size()) {
            return false;
        }
        // Both sides are walked in Slot order: the kernel's occupied slots (by object address, then
        // index) beside the specification's caps (kept in Slot order) and original flags.
        Slot[] named = new Slot[n];
        int maxHandle = 0;
        Iterator<Slot> slots = s.caps().keySet().iterator();
        Iterator<Cap> caps = s.caps().values().iterator();
        Iterator<Slot> originalSlots = s.originals().iterator();
        int originals = 0;
        for (int i = 0; i < n; i++) {
            int h = occupied[i];
            maxHandle = Math.max(maxHandle, h);
            SlotAddress a = v.addressOf(h);
            if (a == null) {
                return false;
            }
            Slot slot = slots.next();
            Cap cap = caps.next();
            if (slot.object() != a.objectPaddr() || slot.index() != a.index()) {
                return false; // a slot the specification lacks, or not in Slot order (of(k) decides)
            }
            named[i] = slot;
            if (!cap.equals(v.capAt(h))) {
                return false;
            }
            if (v.isOriginal(h)) {
                originals++;
                if (!originalSlots.hasNext() || !originalSlots.next().equals(slot)) {
                    return false;
                }
            }
        }
        if (originals != s.originals().size()) {
            return false;
        }
        // Handles index the whole slot pool; with few caps a search beats a table of its size.
        int[] position = n > 32 ? new int[maxHandle + 1] : null;
        if (position != null) {
            Arrays.fill(position, -1);
            for (int i = 0; i < n; i++) {
                position[occupied[i]] = i;
            }
        }
        // The derivation list in one pass: its slots in list order, by position among the occupied
        // slots, and each one's parent, by position too (a list that is not well formed: of(k) decides).
        int[] order = new int[n];
        int[] parentAt = new int[n];
        if (!listedParents(v, occupied, n, position, order, parentAt)) {
            return false;
        }
        // The parents agree with the specification's cdt, walked beside the occupied slots in Slot order
        // (a child it names that holds no cap stops the walk, and the count differs).
        Iterator<Slot> children = s.cdt().keySet().iterator();
        Iterator<Slot> parentsOfChildren = s.cdt().values().iterator();
        Slot child = children.hasNext() ? children.next() : null;
        Slot itsParent = child == null ? null : parentsOfChildren.next();
        int parents = 0;
        for (int i = 0; i < n; i++) {
            Slot expectedParent = null;
            if (child != null && child.equals(named[i])) {
                expectedParent = itsParent;
                child = children.hasNext() ? children.next() : null;
                itsParent = child == null ? null : parentsOfChildren.next();
            }
            int at = parentAt[i];
            if (at < 0 ? expectedParent != null : !named[at].equals(expectedParent)) {
                return false;
            }
            if (at >= 0) {
                parents++;
            }
        }
        if (parents != s.cdt().size()) {
            return false;
        }
        if ((!s.cdtList().isEmpty() || parents > 0) && !sameSiblingOrder(s, named, order, parentAt)) {
            return false;
        }
        // The same IRQs have handlers: as many, and each of the specification's has one in the kernel.
        int irqs = 0;
        for (int irq = 0; irq <= k.config().maxIrq(); irq++) {
            irqs += v.irqHasHandler(irq) ? 1 : 0;
        }
        if (irqs != s.activeIrqs().size()) {
            return false;
        }
        for (int irq : s.activeIrqs()) {
            if (!v.irqHasHandler(irq)) {
                return false;
            }
        }
        // Deletion rarely suspends a thread: when neither side has one, the addresses need not be listed.
        if (v.suspendedThreadCount() != s.suspended().size()) {
            return false;
        }
        if (!s.suspended().isEmpty() && !s.suspended().containsAll(v.suspendedThreadAddresses())) {
            return false;
        }
        long current = v.currentThreadAddress();
        return (current < 0 ? SpecState.NO_THREAD : current) == s.currentThread();
    }

    /**
     * The kernel's derivation list ({@link KernelView#derivationTree}) by position among the {@code n}
     * occupied slots: {@code order} the positions in list order, {@code parentAt[i]} the parent of the
     * slot at position i, or -1. False if the list is not well formed over the occupied slots.
     */
    private static boolean listedParents(KernelView v, int[] occupied, int n, int[] position, int[] order,
                                         int[] parentAt) {
        int[] parentHandles = new int[n];
        if (!v.derivationTree(occupied, n, order, parentHandles)) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            int x = positionOf(order[j], position, occupied, n);
            int p = parentHandles[j] < 0 ? -1 : positionOf(parentHandles[j], position, occupied, n);
            if (x < 0 || parentHandles[j] >= 0 && p < 0) {
                return false;
            }
            order[j] = x;
            parentAt[x] = p;
        }
        return true;
    }

    /**
     * The parents already agree ({@code parentAt}: each occupied slot's parent, by position in the
     * kernel's occupied slots, whose names are {@code named}); whether each parent's children come in
     * {@code s}'s sibling order in the kernel's derivation list ({@code order}: the positions in list
     * order; {@link #of} lists children in that order), in one pass over that list.
     */
    private static boolean sameSiblingOrder(SpecState s, Slot[] named, int[] order, int[] parentAt) {
        int n = named.length;
        @SuppressWarnings("unchecked")
        List<Slot>[] kids = new List[n]; // by the parent's position: s's children of it, once looked up
        int[] next = new int[n];
        int parentsSeen = 0;
        for (int x : order) {
            int p = parentAt[x];
            if (p < 0) {
                continue;
            }
            if (kids[p] == null) {
                kids[p] = s.cdtList().get(named[p]);
                if (kids[p] == null) {
                    return false;
                }
                parentsSeen++;
            }
            if (next[p] >= kids[p].size() || !kids[p].get(next[p]).equals(named[x])) {
                return false;
            }
            next[p]++;
        }
        for (int p = 0; p < n; p++) {
            if (kids[p] != null && next[p] != kids[p].size()) {
                return false;
            }
        }
        return parentsSeen == s.cdtList().size();
    }

    /** Where slot handle {@code h} is among the first {@code n} {@code handles}, or -1: by {@code position} if given. */
    private static int positionOf(int h, int[] position, int[] handles, int n) {
        if (position != null) {
            return h < position.length ? position[h] : -1;
        }
        for (int i = 0; i < n; i++) {
            if (handles[i] == h) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether the kernel's result is the specification's: {@code resultOf(e).equals(expected.relevant())},
     * field by field, without allocating.
     */
    public static boolean sameResult(Failure expected, SyscallError e) {
        SeL4Error error = expected.error();
        if (e.error() != error) {
            return false;
        }
        switch (error) {
            case FailedLookup:
                return expected.lookup() == e.lookupFailure() && expected.bitsLeft() == e.bitsLeft()
                        && expected.bitsFound() == e.bitsFound() && expected.guardFound() == e.guardFound()
                        && expected.wasSource() == e.failedLookupWasSource();
            case InvalidCapability:
                return expected.lookup() == e.lookupFailure() && expected.bitsLeft() == e.bitsLeft()
                        && expected.bitsFound() == e.bitsFound() && expected.guardFound() == e.guardFound();
            case RangeError:
                return expected.rangeMin() == e.rangeMin() && expected.rangeMax() == e.rangeMax();
            case InvalidArgument:
                return expected.argument() == e.invalidArgument();
            case NotEnoughMemory:
                return expected.memoryLeft() == e.memoryLeft();
            default:
                return true;
        }
    }

    /** The result of the kernel's last invocation, with seL4's details, as the specification states results. */
    public static Failure resultOf(SyscallError e) {
        LookupFailure f = e.lookupFailure();
        return new Failure(e.error(), f, e.bitsLeft(), e.bitsFound(), e.guardFound(), e.failedLookupWasSource(),
                e.rangeMin(), e.rangeMax(), e.invalidArgument(), e.memoryLeft()).relevant();
    }
}
