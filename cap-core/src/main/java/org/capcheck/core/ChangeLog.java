package org.capcheck.core;

/**
 * What changed since the last incremental invariant check ({@link Kernel#checkInvariantsIncrementally}):
 * the slots whose cap or derivation links were written, and which slots hold a cap. Kept in
 * preallocated arrays and marked by {@link CapTable}'s and {@link DerivationTree}'s writers, so that
 * an invocation still allocates nothing. A kernel has one only once it is asked for an incremental
 * check; until then the writers pay one null test.
 */
final class ChangeLog {
    private final long[] dirtyBits;
    /** The slots written since the last check, each once, in the order first written. */
    final int[] dirty;
    int dirtyCount;
    /** The slots (below the scratch slots) that hold a cap, in no particular order. */
    final int[] used;
    int usedCount;
    /** Each slot's position in {@link #used}, or -1. */
    private final int[] usedAt;
    /** Whether the last check found every invariant holding (the next one may then look only at changes). */
    boolean clean;

    ChangeLog(CapTable caps, int slots) {
        int size = caps.size();
        dirtyBits = new long[(size + 63) >>> 6];
        dirty = new int[size];
        used = new int[slots];
        usedAt = new int[slots];
        rebuild(caps);
    }

    /** Lists the occupied slots afresh (after a load replaced every slot). */
    void rebuild(CapTable caps) {
        usedCount = 0;
        for (int s = 0; s < usedAt.length; s++) {
            usedAt[s] = -1;
            if (!caps.isNull(s)) {
                usedAt[s] = usedCount;
                used[usedCount++] = s;
            }
        }
    }

    ChangeLog(ChangeLog o) {
        dirtyBits = o.dirtyBits.clone();
        dirty = o.dirty.clone();
        dirtyCount = o.dirtyCount;
        used = o.used.clone();
        usedCount = o.usedCount;
        usedAt = o.usedAt.clone();
        clean = o.clean;
    }

    /** Makes this log {@code o}'s (a log over the same slots); costs what the two logs hold, not the slot count. */
    void copyFrom(ChangeLog o) {
        reset();
        for (int i = 0; i < o.dirtyCount; i++) {
            mark(o.dirty[i]);
        }
        for (int i = 0; i < usedCount; i++) {
            usedAt[used[i]] = -1;
        }
        System.arraycopy(o.used, 0, used, 0, o.usedCount);
        usedCount = o.usedCount;
        for (int i = 0; i < usedCount; i++) {
            usedAt[used[i]] = i;
        }
        clean = o.clean;
    }

    void mark(int s) {
        int i = s >>> 6;
        long bit = 1L << s;
        if ((dirtyBits[i] & bit) == 0) {
            dirtyBits[i] |= bit;
            dirty[dirtyCount++] = s;
        }
    }

    /** Brings {@link #used} up to date for the slots written since the last check. */
    void syncUsed(CapTable caps) {
        for (int i = 0; i < dirtyCount; i++) {
            int s = dirty[i];
            if (s >= usedAt.length) {
                continue; // a scratch slot
            }
            boolean occupied = !caps.isNull(s);
            int at = usedAt[s];
            if (occupied && at < 0) {
                usedAt[s] = usedCount;
                used[usedCount++] = s;
            } else if (!occupied && at >= 0) {
                int last = used[--usedCount];
                used[at] = last;
                usedAt[last] = at;
                usedAt[s] = -1;
            }
        }
    }

    /** Forgets the changes: the next check starts from here. */
    void reset() {
        for (int i = 0; i < dirtyCount; i++) {
            dirtyBits[dirty[i] >>> 6] = 0;
        }
        dirtyCount = 0;
    }
}
