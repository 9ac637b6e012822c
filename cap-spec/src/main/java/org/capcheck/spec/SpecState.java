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
        caps = Collections.unmodifiableSortedMap(new TreeMap<>(caps));
        TreeMap<Slot, Slot> c = new TreeMap<>(cdt);
        cdt = Collections.unmodifiableSortedMap(c);
        TreeMap<Slot, List<Slot>> l = new TreeMap<>();
        cdtList.forEach((p, kids) -> {
            if (!kids.isEmpty()) {
                l.put(p, List.copyOf(kids));
            }
        });
        cdtList = Collections.unmodifiableSortedMap(l);
        originals = Collections.unmodifiableSortedSet(new TreeSet<>(originals));
        activeIrqs = Collections.unmodifiableSortedSet(new TreeSet<>(activeIrqs));
        suspended = Collections.unmodifiableSortedSet(new TreeSet<>(suspended));
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

    /** Whether a thread can make an invocation: cur_thread exists and is not Inactive. */
    public boolean canInvoke() {
        return currentThread != NO_THREAD && !suspended.contains(currentThread);
    }

    // ----------------------------------------------------------------------------------------
    // Writing: each returns a new state (KHeap_A set_cap, set_cdt, set_original, ...)

    /** {@code set_cap}: stores a cap (the null cap empties the slot). */
    public SpecState withCap(Slot s, Cap c) {
        TreeMap<Slot, Cap> m = new TreeMap<>(caps);
        if (c.type() == CapType.Null) {
            m.remove(s);
        } else {
            m.put(s, c);
        }
        return new SpecState(m, cdt, cdtList, originals, activeIrqs, suspended, currentThread);
    }

    /** Replaces the cdt and its sibling lists together. */
    public SpecState withCdt(Map<Slot, Slot> newCdt, Map<Slot, List<Slot>> newList) {
        return new SpecState(caps, newCdt, newList, originals, activeIrqs, suspended, currentThread);
    }

    /** {@code set_original}. */
    public SpecState withOriginal(Slot s, boolean original) {
        TreeSet<Slot> o = new TreeSet<>(originals);
        if (original) {
            o.add(s);
        } else {
            o.remove(s);
        }
        return new SpecState(caps, cdt, cdtList, o, activeIrqs, suspended, currentThread);
    }

    /** {@code set_irq_state}: active (a handler issued) or inactive. */
    public SpecState withIrqActive(int irq, boolean active) {
        TreeSet<Integer> a = new TreeSet<>(activeIrqs);
        if (active) {
            a.add(irq);
        } else {
            a.remove(irq);
        }
        return new SpecState(caps, cdt, cdtList, originals, a, suspended, currentThread);
    }

    /** {@code suspend}: the thread's state becomes Inactive. */
    public SpecState withSuspended(long tcb) {
        TreeSet<Long> s = new TreeSet<>(suspended);
        s.add(tcb);
        return new SpecState(caps, cdt, cdtList, originals, activeIrqs, s, currentThread);
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
