package org.capcheck.fuzz;

/**
 * A set of 64-bit state fingerprints (open addressing), for counting distinct states. It stops
 * growing at a fixed size (then counts are a lower bound and {@link #saturated()} says so).
 */
final class FingerprintSet {
    private static final int MAX_SIZE = 1 << 22;
    private long[] table = new long[1 << 12];
    private int size;
    private boolean hasZero;
    private boolean saturated;

    /** FNV-1a over the bytes, then a final mix. */
    static long fingerprint(byte[] bytes) {
        return fingerprint(bytes, bytes.length);
    }

    /** As {@link #fingerprint(byte[])}, over the first {@code length} bytes. */
    static long fingerprint(byte[] bytes, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }

    void add(long fp) {
        if (fp == 0) {
            hasZero = true;
            return;
        }
        if (size * 2 >= table.length) {
            if (table.length >= MAX_SIZE) {
                saturated = true;
                return;
            }
            grow();
        }
        insert(table, fp);
    }

    private boolean insert(long[] t, long fp) {
        int mask = t.length - 1;
        for (int i = (int) fp & mask; ; i = (i + 1) & mask) {
            if (t[i] == fp) {
                return false;
            }
            if (t[i] == 0) {
                t[i] = fp;
                if (t == table) {
                    size++;
                }
                return true;
            }
        }
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        size = 0;
        for (long fp : old) {
            if (fp != 0) {
                insert(table, fp);
            }
        }
    }

    long size() {
        return size + (hasZero ? 1 : 0);
    }

    boolean saturated() {
        return saturated;
    }
}
