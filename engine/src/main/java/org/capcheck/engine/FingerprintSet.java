package org.capcheck.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A concurrent set of 64-bit fingerprints: open addressing with linear probing in plain {@code long[]}
 * tables, no boxing, 8 bytes per slot.
 *
 * <p>The set is split into {@value #SEGMENTS} segments by the top bits of the fingerprint, each with its
 * own table, so a resize copies 1/4096 of the entries and the memory peak during a resize is small. So
 * many segments also keep each table below G1's humongous-object size (half a region: 512 KiB, 65,536
 * slots, at the smallest region size) up to about 200 million entries: a humongous array needs
 * contiguous free regions and is never moved, and 256 tables of 2.7 MB each (61.5 million entries)
 * made an 850 MB heap run out of contiguous space with a tenth of it free. Inserts
 * are lock-free (a compare-and-set into an empty slot). A resize takes the segment's monitor and sweeps the
 * old table, turning each empty slot into {@link #MOVED} with a compare-and-set; an insert that meets
 * {@code MOVED} waits for the new table and tries again there. Occupied slots never change, so every entry
 * that made it into the old table is copied, and no entry is added twice.
 *
 * <p>Tables grow by half when three quarters full, so the load stays between 1/2 and 3/4: 10.7 to 16 bytes
 * per entry. The slot is chosen by multiplying the fingerprint's middle bits by the capacity (Lemire's
 * range reduction), which allows capacities that are not powers of two.
 */
public final class FingerprintSet {
    static final int SEGMENT_BITS = 12;
    static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final long EMPTY = 0;
    private static final long MOVED = Long.MIN_VALUE;
    /** Stands in for the two reserved values (a merge with probability 2^-63 per fingerprint). */
    private static final long RESERVED_SUBSTITUTE = 0x5DEECE66DL;
    private static final int MIN_CAPACITY = 16;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private static final int PRESENT = 0;
    private static final int INSERTED = 1;
    private static final int RETRY = 2;

    private final Segment[] segments = new Segment[SEGMENTS];
    /**
     * How many fingerprints were inserted, kept apart from the segments' counts so that {@link #size()} is
     * cheap: a run with a state bound asks for it after every state it expands, and summing 4,096 segment
     * counts each time cost more than the look-ups themselves.
     */
    private final LongAdder entries = new LongAdder();

    /** A set sized for about {@code expectedEntries} before its first resize. */
    public FingerprintSet(long expectedEntries) {
        long perSegment = Math.max(MIN_CAPACITY, (expectedEntries / SEGMENTS) * 4 / 3 + 1);
        int capacity = (int) Math.min(perSegment, Integer.MAX_VALUE - 8);
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(capacity);
        }
    }

    private static final class Segment {
        volatile long[] table;
        final AtomicInteger size = new AtomicInteger();

        Segment(int capacity) {
            table = new long[capacity];
        }
    }

    /** Adds {@code fingerprint}; true when it was not already present. Thread-safe. */
    public boolean add(long fingerprint) {
        long fp = normalise(fingerprint);
        Segment segment = segments[(int) (fp >>> (64 - SEGMENT_BITS))];
        while (true) {
            long[] table = segment.table;
            int outcome = insert(table, fp);
            if (outcome == PRESENT) {
                return false;
            }
            if (outcome == INSERTED) {
                entries.increment();
                if (segment.size.incrementAndGet() > growThreshold(table.length)) {
                    grow(segment, table);
                }
                return true;
            }
            grow(segment, table); // a resize is under way (this waits for it) or the table is full
        }
    }

    /** Whether {@code fingerprint} is present. Thread-safe. */
    public boolean contains(long fingerprint) {
        long fp = normalise(fingerprint);
        Segment segment = segments[(int) (fp >>> (64 - SEGMENT_BITS))];
        while (true) {
            long[] table = segment.table;
            int capacity = table.length;
            int i = slot(fp, capacity);
            boolean moved = false;
            for (int probes = 0; probes < capacity; probes++) {
                long v = (long) SLOT.getVolatile(table, i);
                if (v == fp) {
                    return true;
                }
                if (v == EMPTY) {
                    return false;
                }
                if (v == MOVED) {
                    moved = true;
                    break;
                }
                if (++i == capacity) {
                    i = 0;
                }
            }
            if (!moved) {
                return false;
            }
            synchronized (segment) {
                // the resize holding the monitor has published the new table when we get it
            }
        }
    }

    /**
     * Reads the home slot of each of {@code fingerprints[0 .. count)}, all before any probing, so that the
     * processor fetches them from memory in parallel and the {@link #add}s that follow (one each, in
     * order) find them in cache. In a set of tens of millions of entries nearly every look-up misses the
     * cache, and a state's successors are looked up together, so this overlaps their misses instead of
     * paying them one after another. The result means nothing; callers keep it so that the reads stay.
     */
    public long prefetch(long[] fingerprints, int count) {
        long sum = 0;
        for (int k = 0; k < count; k++) {
            long fp = normalise(fingerprints[k]);
            long[] table = segments[(int) (fp >>> (64 - SEGMENT_BITS))].table;
            sum += table[slot(fp, table.length)];
        }
        return sum;
    }

    /** The number of fingerprints in the set. */
    public long size() {
        return entries.sum();
    }

    /** Bytes held by the tables (8 per slot). */
    public long bytes() {
        long total = 0;
        for (Segment s : segments) {
            total += 8L * s.table.length;
        }
        return total;
    }

    /**
     * TLC's "optimistic" estimate of the probability that a fingerprint collision merged two distinct
     * states: each of the {@code generated - distinct} revisits could have matched the fingerprint of one
     * of {@code distinct} other states by accident, each with probability 2^-64.
     */
    public static double collisionProbability(long distinct, long generated) {
        return (double) distinct * (double) Math.max(0, generated - distinct) / 0x1p64;
    }

    private static long normalise(long fp) {
        return fp == EMPTY || fp == MOVED ? RESERVED_SUBSTITUTE : fp;
    }

    /** The home slot: the 32 bits below the segment's (the top 12 chose it), scaled to the capacity. */
    private static int slot(long fp, int capacity) {
        return (int) ((((fp << SEGMENT_BITS) >>> 32) * capacity) >>> 32);
    }

    private static int growThreshold(int capacity) {
        return (int) (capacity * 3L / 4);
    }

    private static int insert(long[] table, long fp) {
        int capacity = table.length;
        int i = slot(fp, capacity);
        for (int probes = 0; probes < capacity; probes++) {
            long v = (long) SLOT.getVolatile(table, i);
            if (v == EMPTY) {
                if (SLOT.compareAndSet(table, i, EMPTY, fp)) {
                    return INSERTED;
                }
                v = (long) SLOT.getVolatile(table, i);
            }
            if (v == fp) {
                return PRESENT;
            }
            if (v == MOVED) {
                return RETRY;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
        return RETRY;
    }

    private static void grow(Segment segment, long[] old) {
        synchronized (segment) {
            if (segment.table != old) {
                return; // another thread resized it already
            }
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_CAPACITY, old.length + old.length / 2L));
            long[] fresh = new long[capacity];
            for (int i = 0; i < old.length; i++) {
                long v;
                do {
                    v = (long) SLOT.getVolatile(old, i);
                } while (v == EMPTY && !SLOT.compareAndSet(old, i, EMPTY, MOVED));
                if (v != EMPTY) {
                    place(fresh, v);
                }
            }
            segment.table = fresh;
        }
    }

    /** Inserts into a table no other thread can see yet. */
    private static void place(long[] table, long fp) {
        int capacity = table.length;
        int i = slot(fp, capacity);
        while (table[i] != EMPTY) {
            if (++i == capacity) {
                i = 0;
            }
        }
        table[i] = fp;
    }
}
