package org.capcheck.spec;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiConsumer;

/**
 * An immutable map keyed by slot: two arrays, the keys sorted in Slot order and their values,
 * for the reasons {@link SlotSet} gives. An update ({@link #with}, {@link #without}) copies the
 * arrays, sharing the keys when they stay the same.
 */
final class SlotMap<V> extends AbstractMap<Slot, V> implements SortedMap<Slot, V> {
    private static final SlotMap<Object> EMPTY = new SlotMap<>(new Slot[0], new Object[0]);

    /** Sorted in Slot order, no two equal; never written (may be shared with another map). */
    private final Slot[] keys;
    /** {@link SlotSet#words} of the keys: what a look-up searches. */
    private final long[] words;
    /** {@code values[i]} is the value of {@code keys[i]}; never written. */
    private final Object[] values;

    /** Made once the map has been looked up {@link #LOOKUPS_BEFORE_INDEX} times (a race makes it twice, alike). */
    private SlotIndex index;
    /** Look-ups so far, while there is no index (a race may lose a count; it only delays the index). */
    private int lookups;
    /**
     * A map made by an update is usually compared and dropped, not looked up; a state the checker expands
     * is looked up hundreds of times.
     */
    private static final int LOOKUPS_BEFORE_INDEX = 8;

    private SlotMap(Slot[] keys, long[] words, Object[] values) {
        this.keys = keys;
        this.words = words;
        this.values = values;
    }

    private SlotMap(Slot[] keys, Object[] values) {
        this(keys, SlotSet.words(keys), values);
    }

    private int find(Slot key) {
        return SlotSet.find(words, key);
    }

    /** Where {@code key} is among the keys, or a negative number if it is not one: for look-ups. */
    private int positionOf(Slot key) {
        SlotIndex i = index;
        if (i == null) {
            if (++lookups < LOOKUPS_BEFORE_INDEX) {
                return find(key);
            }
            i = new SlotIndex(words);
            index = i;
        }
        return i.positionOf(words, key.object(), key.index());
    }

    @SuppressWarnings("unchecked")
    static <V> SlotMap<V> empty() {
        return (SlotMap<V>) EMPTY;
    }

    /** The map itself if it is a SlotMap, else a copy sorted by slot. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <V> SlotMap<V> copyOf(Map<Slot, ? extends V> m) {
        if (m instanceof SlotMap) {
            return (SlotMap<V>) m;
        }
        int n = m.size();
        if (n == 0) {
            return empty();
        }
        Map.Entry<Slot, V>[] entries = m.entrySet().toArray(new Map.Entry[0]);
        if (!(m instanceof SortedMap && ((SortedMap<Slot, ? extends V>) m).comparator() == null)) {
            Arrays.sort(entries, (a, b) -> a.getKey().compareTo(b.getKey()));
        }
        Slot[] keys = new Slot[n];
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            keys[i] = Objects.requireNonNull(entries[i].getKey());
            values[i] = entries[i].getValue();
        }
        return new SlotMap<>(keys, values);
    }

    /** The map with {@code key} mapped to {@code value}. */
    SlotMap<V> with(Slot key, V value) {
        int at = find(key);
        if (at >= 0) {
            if (values[at] == value) {
                return this;
            }
            Object[] v = values.clone();
            v[at] = value;
            return new SlotMap<>(keys, words, v);
        }
        at = -at - 1;
        return new SlotMap<>(SlotSet.inserted(keys, at, key), SlotSet.inserted(values, at, value));
    }

    /** The map without {@code key}. */
    SlotMap<V> without(Slot key) {
        int at = find(key);
        if (at < 0) {
            return this;
        }
        return new SlotMap<>(SlotSet.removed(keys, at), SlotSet.removed(values, at));
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean isEmpty() {
        return keys.length == 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (!(key instanceof Slot)) {
            return null;
        }
        int at = positionOf((Slot) key);
        return at < 0 ? null : (V) values[at];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V getOrDefault(Object key, V otherwise) {
        if (!(key instanceof Slot)) {
            return otherwise;
        }
        int at = positionOf((Slot) key);
        return at < 0 ? otherwise : (V) values[at];
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof Slot && positionOf((Slot) key) >= 0;
    }

    @Override
    public boolean containsValue(Object value) {
        for (Object v : values) {
            if (Objects.equals(v, value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super Slot, ? super V> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], (V) values[i]);
        }
    }

    @Override
    public Set<Slot> keySet() {
        return new SlotSet(keys, words);
    }

    /** The values in key order. */
    @Override
    public Collection<V> values() {
        return new AbstractList<>() {
            @Override
            @SuppressWarnings("unchecked")
            public V get(int i) {
                return (V) values[i];
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    @Override
    public Set<Map.Entry<Slot, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Slot, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<Slot, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof SlotMap) {
            SlotMap<?> m = (SlotMap<?>) o;
            return Arrays.equals(keys, m.keys) && Arrays.equals(values, m.values);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < keys.length; i++) {
            h += keys[i].hashCode() ^ Objects.hashCode(values[i]);
        }
        return h;
    }

    @Override
    public Comparator<? super Slot> comparator() {
        return null; // Slot's natural order
    }

    private SlotMap<V> range(int from, int to) {
        return from >= to ? empty()
                : new SlotMap<>(Arrays.copyOfRange(keys, from, to), Arrays.copyOfRange(values, from, to));
    }

    /** The position of the first key not below {@code s}. */
    private int ceiling(Slot s) {
        int at = find(s);
        return at >= 0 ? at : -at - 1;
    }

    @Override
    public SortedMap<Slot, V> subMap(Slot from, Slot to) {
        if (from.compareTo(to) > 0) {
            throw new IllegalArgumentException(from + " > " + to);
        }
        return range(ceiling(from), ceiling(to));
    }

    @Override
    public SortedMap<Slot, V> headMap(Slot to) {
        return range(0, ceiling(to));
    }

    @Override
    public SortedMap<Slot, V> tailMap(Slot from) {
        return range(ceiling(from), keys.length);
    }

    @Override
    public Slot firstKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return keys[0];
    }

    @Override
    public Slot lastKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return keys[keys.length - 1];
    }
}
