package org.capcheck.spec;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedSet;

/**
 * An immutable set of slots: one array, sorted in Slot order. A state's sets of slots are small
 * (tens of slots) and read far more often than written, and a model checker makes a new state for
 * every successful invocation: an array copied on an update is cheaper to make than a tree, and a
 * binary search on it cheaper than a walk down one.
 */
final class SlotSet extends AbstractSet<Slot> implements SortedSet<Slot> {
    static final SlotSet EMPTY = new SlotSet(new Slot[0]);

    /** Sorted in Slot order, no two equal; shared with others (a map's keys), never written. */
    private final Slot[] slots;
    /** {@link #words} of slots, made on the first look-up (a race makes it twice, alike). */
    private long[] words;

    SlotSet(Slot[] sorted) {
        this.slots = sorted;
    }

    SlotSet(Slot[] sorted, long[] words) {
        this.slots = sorted;
        this.words = words;
    }

    private int find(Slot s) {
        long[] w = words;
        if (w == null) {
            w = words(slots);
            words = w;
        }
        return find(w, s);
    }

    /** The set itself if it is a SlotSet, else a sorted copy. */
    static SlotSet copyOf(Set<Slot> s) {
        if (s instanceof SlotSet) {
            return (SlotSet) s;
        }
        Slot[] a = s.toArray(new Slot[0]);
        if (!(s instanceof SortedSet && ((SortedSet<Slot>) s).comparator() == null)) {
            Arrays.sort(a);
        }
        return new SlotSet(a);
    }

    /**
     * The two words of each slot (object, index) of a sorted array, side by side: a look-up reads
     * this one array instead of a Slot object per probe.
     */
    static long[] words(Slot[] slots) {
        long[] w = new long[2 * slots.length];
        for (int i = 0; i < slots.length; i++) {
            w[2 * i] = slots[i].object();
            w[2 * i + 1] = slots[i].index();
        }
        return w;
    }

    /**
     * Where {@code s} is among the slots whose {@link #words} are {@code words}, or
     * {@code -(insertion point) - 1}, as {@link Arrays#binarySearch}.
     */
    static int find(long[] words, Slot s) {
        long o = s.object();
        long x = s.index();
        int lo = 0;
        int hi = (words.length >> 1) - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(words[2 * mid], o);
            if (c == 0) {
                c = Long.compareUnsigned(words[2 * mid + 1], x);
            }
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The set with {@code s} added. */
    SlotSet with(Slot s) {
        int at = find(s);
        if (at >= 0) {
            return this;
        }
        return new SlotSet(inserted(slots, -at - 1, s));
    }

    /** The set with {@code s} removed. */
    SlotSet without(Slot s) {
        int at = find(s);
        if (at < 0) {
            return this;
        }
        return new SlotSet(removed(slots, at));
    }

    static <T> T[] inserted(T[] a, int at, T x) {
        T[] b = Arrays.copyOf(a, a.length + 1);
        System.arraycopy(a, at, b, at + 1, a.length - at);
        b[at] = x;
        return b;
    }

    static <T> T[] removed(T[] a, int at) {
        T[] b = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, at + 1, b, at, a.length - at - 1);
        return b;
    }

    @Override
    public int size() {
        return slots.length;
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof Slot && find((Slot) o) >= 0;
    }

    @Override
    public Iterator<Slot> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < slots.length;
            }

            @Override
            public Slot next() {
                if (next >= slots.length) {
                    throw new NoSuchElementException();
                }
                return slots[next++];
            }
        };
    }

    @Override
    public Object[] toArray() {
        return slots.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof SlotSet) {
            return Arrays.equals(slots, ((SlotSet) o).slots);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Slot s : slots) {
            h += s.hashCode();
        }
        return h;
    }

    @Override
    public Comparator<? super Slot> comparator() {
        return null; // Slot's natural order
    }

    /** The slots from {@code from} (inclusive) to {@code to} (exclusive) in the array. */
    private SlotSet range(int from, int to) {
        return from >= to ? EMPTY : new SlotSet(Arrays.copyOfRange(slots, from, to));
    }

    /** The position of the first slot not below {@code s}. */
    private int ceiling(Slot s) {
        int at = find(s);
        return at >= 0 ? at : -at - 1;
    }

    @Override
    public SortedSet<Slot> subSet(Slot from, Slot to) {
        if (from.compareTo(to) > 0) {
            throw new IllegalArgumentException(from + " > " + to);
        }
        return range(ceiling(from), ceiling(to));
    }

    @Override
    public SortedSet<Slot> headSet(Slot to) {
        return range(0, ceiling(to));
    }

    @Override
    public SortedSet<Slot> tailSet(Slot from) {
        return range(ceiling(from), slots.length);
    }

    @Override
    public Slot first() {
        if (slots.length == 0) {
            throw new NoSuchElementException();
        }
        return slots[0];
    }

    @Override
    public Slot last() {
        if (slots.length == 0) {
            throw new NoSuchElementException();
        }
        return slots[slots.length - 1];
    }
}
