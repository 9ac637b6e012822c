package org.capcheck.jpf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.capcheck.engine.Fingerprint;

/**
 * The explorer's matched states: for each state offered through {@link Choices#matchState}, the earliest
 * match point (the number of {@code matchState} calls before it in its run) at which it was offered. By
 * default a state is its 64-bit fingerprint, in a primitive open-addressing table; in exact mode the full
 * bytes are kept (no collisions, more memory).
 */
final class StateTable {
    private static final long EMPTY = 0;
    /** What a state whose fingerprint is {@link #EMPTY} is kept as instead (any other fixed value will do). */
    private static final long FOR_EMPTY = 0x9E3779B97F4A7C15L;

    private final boolean exact;
    private final Map<Key, Integer> exactTable;
    private long[] keys;
    private int[] points;
    private int size;

    StateTable(boolean exact) {
        this.exact = exact;
        exactTable = exact ? new HashMap<>() : null;
        keys = new long[1 << 10];
        points = new int[1 << 10];
    }

    /**
     * Records {@code state} as offered at match point {@code point}; true when it is new or was only seen
     * at later points before (its future must then be explored again, with more of the run left), false
     * when it was seen at this point or an earlier one.
     */
    boolean offer(byte[] state, int point) {
        if (exact) {
            Key key = new Key(state.clone());
            Integer seen = exactTable.get(key);
            if (seen != null && seen <= point) {
                return false;
            }
            exactTable.put(key, point);
            return true;
        }
        long fp = fingerprint(state);
        if (fp == EMPTY) {
            fp = FOR_EMPTY;
        }
        int mask = keys.length - 1;
        int i = (int) Fingerprint.finish(fp) & mask;
        while (keys[i] != EMPTY) {
            if (keys[i] == fp) {
                if (points[i] <= point) {
                    return false;
                }
                points[i] = point;
                return true;
            }
            i = (i + 1) & mask;
        }
        keys[i] = fp;
        points[i] = point;
        if (++size > keys.length * 3 / 4) {
            grow();
        }
        return true;
    }

    long size() {
        return exact ? exactTable.size() : size;
    }

    boolean exact() {
        return exact;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldPoints = points;
        keys = new long[oldKeys.length * 2];
        points = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = (int) Fingerprint.finish(oldKeys[j]) & mask;
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                points[i] = oldPoints[j];
            }
        }
    }

    /** The bytes' 64-bit fingerprint, eight bytes to a word, as the engine hashes its words. */
    static long fingerprint(byte[] state) {
        long h = Fingerprint.start(state.length);
        int i = 0;
        for (; i + 8 <= state.length; i += 8) {
            long w = 0;
            for (int j = 0; j < 8; j++) {
                w = (w << 8) | (state[i + j] & 0xFF);
            }
            h = Fingerprint.add(h, w);
        }
        if (i < state.length) {
            long w = 0;
            for (; i < state.length; i++) {
                w = (w << 8) | (state[i] & 0xFF);
            }
            h = Fingerprint.add(h, w);
        }
        return Fingerprint.finish(h);
    }

    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(bytes, ((Key) o).bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
