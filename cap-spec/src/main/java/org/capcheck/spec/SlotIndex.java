package org.capcheck.spec;

/**
 * Where each slot of a sorted slot array sits, found by hashing: a look-up reads one or two table
 * entries where a binary search makes log n probes, each of two words. A model checker asks the state
 * it expands about the same few slots in every invocation it tries (the invoked CNode, the source, the
 * destination), hundreds of times, so {@link SlotMap} makes one of these for a map that is looked up
 * often; an update makes a new map, which starts without one.
 */
final class SlotIndex {
    /** Open addressing, linear probing: a slot's position + 1, or 0 for an empty entry; at most a quarter full. */
    private final int[] table;
    private final int mask;

    /** The index of the slots whose {@link SlotSet#words} are {@code words}. */
    SlotIndex(long[] words) {
        int n = words.length >> 1;
        int size = Integer.highestOneBit(Math.max(n, 1) * 4) << 1;
        table = new int[size];
        mask = size - 1;
        for (int p = 0; p < n; p++) {
            int h = hash(words[2 * p], words[2 * p + 1]) & mask;
            while (table[h] != 0) {
                h = (h + 1) & mask;
            }
            table[h] = p + 1;
        }
    }

    /** The position of the slot (object, index) among {@code words}, or -1 if it is not there. */
    int positionOf(long[] words, long object, long index) {
        for (int h = hash(object, index) & mask; ; h = (h + 1) & mask) {
            int p = table[h] - 1;
            if (p < 0) {
                return -1;
            }
            if (words[2 * p] == object && words[2 * p + 1] == index) {
                return p;
            }
        }
    }

    /** Mixes both words into the high bits (slot indices are small, object addresses aligned), then folds them down. */
    private static int hash(long object, long index) {
        long h = object * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29) ^ (h >>> 43));
    }
}
