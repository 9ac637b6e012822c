package org.capcheck.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;

/**
 * The abstract state the specification works on: the parts of l4v's abstract {@code state} that
 * capability invocations read or write, as immutable sets and maps. Every update returns a new
 * state; nothing is ever changed in place.
 *
 * @param caps       {@code caps_of_state}: every slot that holds a capability, and the capability
 *                   (a slot missing from the map holds the null cap)
 * @param cdt        {@code cdt}: child slot to parent slot (a slot missing from the map has no parent)
 * @param cdtList    {@code cdt_list} (Deterministic_A): for each slot with children, its children
 *                   in sibling order. It only decides which child {@code cap_revoke} deletes first;
 *                   its set of children is always {@code cdt}'s (l4v's {@code valid_list})
 * @param originals  {@code is_original_cap}: the slots whose caps are originals
 * @param activeIrqs the IRQs whose state is not {@code IRQInactive} (a handler was issued)
 * @param suspended  the TCBs, by address, that deletion suspended ({@code Inactive}); only TCBs
 *                   still named by some cap are listed
 * @param currentThread {@code cur_thread}: the invoking TCB's address, or {@link #NO_THREAD} once
 *                   that TCB is gone (no cap names it any more)
 */
public record SpecState(SortedMap<Slot, Cap> caps, Map<Slot, Slot> cdt, Map<Slot, List<Slot>> cdtList,
                        SortedSet<Slot> originals, SortedSet<Integer> activeIrqs, SortedSet<Long> suspended,
                        long currentThread) {

    public static final long NO_THREAD = -1;

    public SpecState {
        caps = SlotMap.copyOf(caps);
        cdt = SlotMap.copyOf(cdt);
        if (!(cdtList instanceof SlotMap)) {
            TreeMap<Slot, List<Slot>> l = new TreeMap<>();
            for (Map.Entry<Slot, List<Slot>> e : cdtList.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    l.put(e.getKey(), List.copyOf(e.getValue()));
                }
            }
            cdtList = SlotMap.copyOf(l);
        }
        originals = SlotSet.copyOf(originals);
        activeIrqs = frozen(activeIrqs);
        suspended = frozen(suspended);
    }

    // The collections are copied into maps and sets only this class holds, which no one can change
    // (the slot-keyed ones are SlotMaps and SlotSets: sorted arrays). A collection already so held
    // is immutable, and kept as it is: an update (withCap, withOriginal, ...) copies the one
    // collection it changes, not all six.

    private static <E> FrozenSet<E> frozen(Set<E> s) {
        return s instanceof FrozenSet ? (FrozenSet<E>) s : new FrozenSet<>(new TreeSet<>(s));
    }

    /** A sorted set nothing can change: a view of a TreeSet that no one else holds. */
    private static final class FrozenSet<E> extends java.util.AbstractSet<E> implements SortedSet<E> {
        private final SortedSet<E> view;

        FrozenSet(TreeSet<E> own) {
            this.view = Collections.unmodifiableSortedSet(own);
        }

        @Override
        public java.util.Iterator<E> iterator() {
            return view.iterator();
        }

        @Override
        public int size() {
            return view.size();
        }

        @Override
        public boolean contains(Object o) {
            return view.contains(o);
        }

        @Override
        public java.util.Comparator<? super E> comparator() {
            return view.comparator();
        }

        @Override
        public SortedSet<E> subSet(E from, E to) {
            return view.subSet(from, to);
        }

        @Override
        public SortedSet<E> headSet(E to) {
            return view.headSet(to);
        }

        @Override
        public SortedSet<E> tailSet(E from) {
            return view.tailSet(from);
        }

        @Override
        public E first() {
            return view.first();
        }

        @Override
        public E last() {
            return view.last();
        }
    }

    /** The empty state: no caps, no derivations, no thread. */
    public static SpecState empty() {
        return new SpecState(new TreeMap<>(), Map.of(), Map.of(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(),
                NO_THREAD);
    }

    // ----------------------------------------------------------------------------------------
    // Reading (CSpaceAcc_A get_cap, cdt, is_original_cap, descendants_of)

    /** {@code get_cap}: the cap in a slot, the null cap if none. */
    public Cap cap(Slot s) {
        return caps.getOrDefault(s, Cap.NULL);
    }

    public boolean isNull(Slot s) {
        return !caps.containsKey(s);
    }

    /** The parent of a slot in the cdt, or null. */
    public Slot parent(Slot s) {
        return cdt.get(s);
    }

    public boolean isOriginal(Slot s) {
        return originals.contains(s);
    }

    /** The children of a slot, in sibling order. */
    public List<Slot> children(Slot s) {
        return cdtList.getOrDefault(s, List.of());
    }

    /** {@code descendants_of}: the transitive closure of the parent relation below s. */
    public Set<Slot> descendants(Slot s) {
        Set<Slot> out = new TreeSet<>();
        List<Slot> todo = new ArrayList<>(children(s));
        while (!todo.isEmpty()) {
            Slot d = todo.remove(todo.size() - 1);
            if (out.add(d)) {
                todo.addAll(children(d));
            }
        }
        return out;
    }

    /** Whether the IRQ has a handler issued ({@code irq_state} is not IRQInactive). */
    public boolean isIrqActive(int irq) {
        // Few IRQs are ever active: an empty set answers without boxing the number.
        return !activeIrqs.isEmpty() && activeIrqs.contains(irq);
    }

    /** Whether a thread can make an invocation: cur_thread exists and is not Inactive. */
    public boolean canInvoke() {
        // Deletion rarely suspends a thread: an empty set answers without boxing the address.
        return currentThread != NO_THREAD && (suspended.isEmpty() || !suspended.contains(currentThread));
    }

    // ----------------------------------------------------------------------------------------
    // Writing: each returns a new state (KHeap_A set_cap, set_cdt, set_original, ...)

    /** {@code set_cap}: stores a cap (the null cap empties the slot). */
    public SpecState withCap(Slot s, Cap c) {
        SlotMap<Cap> m = (SlotMap<Cap>) caps;
        m = c.type() == CapType.Null ? m.without(s) : m.with(s, c);
        return m == caps ? this : new SpecState(m, cdt, cdtList, originals, activeIrqs, suspended, currentThread);
    }

    /** Replaces the cdt and its sibling lists together. */
    public SpecState withCdt(Map<Slot, Slot> newCdt, Map<Slot, List<Slot>> newList) {
        return new SpecState(caps, newCdt, newList, originals, activeIrqs, suspended, currentThread);
    }

    /** {@code set_cdt (cdt (child := parent))}: the slot's parent (null: none). */
    public SpecState withParent(Slot child, Slot parent) {
        SlotMap<Slot> m = (SlotMap<Slot>) cdt;
        m = parent == null ? m.without(child) : m.with(child, parent);
        return m == cdt ? this : new SpecState(caps, m, cdtList, originals, activeIrqs, suspended, currentThread);
    }

    /** {@code cdt_list} update: the slot's children, in sibling order (empty: none). */
    public SpecState withChildren(Slot parent, List<Slot> children) {
        SlotMap<List<Slot>> m = (SlotMap<List<Slot>>) cdtList;
        m = children.isEmpty() ? m.without(parent) : m.with(parent, List.copyOf(children));
        return m == cdtList ? this : new SpecState(caps, cdt, m, originals, activeIrqs, suspended, currentThread);
    }

    /** {@code set_original}. */
    public SpecState withOriginal(Slot s, boolean original) {
        SlotSet o = (SlotSet) originals;
        o = original ? o.with(s) : o.without(s);
        return o == originals ? this : new SpecState(caps, cdt, cdtList, o, activeIrqs, suspended, currentThread);
    }

    /** {@code set_irq_state}: active (a handler issued) or inactive. */
    public SpecState withIrqActive(int irq, boolean active) {
        TreeSet<Integer> a = new TreeSet<>(activeIrqs);
        if (active) {
            a.add(irq);
        } else {
            a.remove(irq);
        }
        return new SpecState(caps, cdt, cdtList, originals, new FrozenSet<>(a), suspended, currentThread);
    }

    /** {@code suspend}: the thread's state becomes Inactive. */
    public SpecState withSuspended(long tcb) {
        TreeSet<Long> s = new TreeSet<>(suspended);
        s.add(tcb);
        return new SpecState(caps, cdt, cdtList, originals, activeIrqs, new FrozenSet<>(s), currentThread);
    }

    public SpecState withThreads(SortedSet<Long> newSuspended, long newCurrent) {
        return new SpecState(caps, cdt, cdtList, originals, activeIrqs, newSuspended, newCurrent);
    }

    /** The state without sibling order: what an order-blind abstraction can be compared with. */
    public SpecState withoutOrder() {
        Map<Slot, List<Slot>> sorted = new TreeMap<>();
        cdtList.forEach((p, kids) -> {
            List<Slot> k = new ArrayList<>(kids);
            Collections.sort(k);
            sorted.put(p, k);
        });
        return new SpecState(caps, cdt, sorted, originals, activeIrqs, suspended, currentThread);
    }

    /** A readable listing: one line per capability, with its flags and parent. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Slot, Cap> e : caps.entrySet()) {
            b.append("  ").append(e.getKey()).append(' ').append(e.getValue());
            if (isOriginal(e.getKey())) {
                b.append(" original");
            }
            Slot p = parent(e.getKey());
            if (p != null) {
                b.append(" parent=").append(p);
            }
            List<Slot> kids = children(e.getKey());
            if (kids.size() > 1) {
                b.append(" children=").append(kids);
            }
            b.append('\n');
        }
        b.append("  irqs active=").append(activeIrqs).append(" suspended=").append(hexes(suspended))
                .append(" current=").append(currentThread == NO_THREAD ? "none" : "0x" + Long.toHexString(currentThread));
        return b.toString();
    }

    private static List<String> hexes(Set<Long> xs) {
        List<String> out = new ArrayList<>();
        for (long x : xs) {
            out.add("0x" + Long.toHexString(x));
        }
        return out;
    }
}
