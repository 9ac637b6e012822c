package org.capcheck.core;

import java.util.Arrays;

/**
 * seL4's mapping database (MDB): the capability derivation tree kept as one doubly linked list of
 * slots in pre-order, with two flags per slot (CNode.lhs, cnode.c). No parent pointer is stored: the
 * descendants of a slot are the longest run of slots after it of which it is the MDB parent
 * ({@link #isParentOf}), which is why insertion position matters and why deletion ORs the deleted
 * slot's first-badged flag into its successor.
 *
 * <p>{@code revocable} is seL4's {@code mdbRevocable} (the abstract spec's {@code is_original_cap});
 * {@code firstBadged} marks the first cap of a badge, so that a second Mint of the same badge is a
 * sibling rather than a child of the first.
 */
final class DerivationTree {
    static final int NIL = -1;
    private static final byte REVOCABLE = 1;
    private static final byte FIRST_BADGED = 2;

    private final int[] prev;
    private final int[] next;
    private final byte[] flags;
    private final CapTable caps;
    /** Whether deletion passes the first-badged flag on, as seL4 does (false only in a mutant). */
    private final boolean inheritFirstBadged;

    DerivationTree(int slots, CapTable caps, boolean inheritFirstBadged) {
        this.caps = caps;
        this.inheritFirstBadged = inheritFirstBadged;
        prev = new int[slots];
        next = new int[slots];
        flags = new byte[slots];
        Arrays.fill(prev, NIL);
        Arrays.fill(next, NIL);
    }

    DerivationTree(DerivationTree o, CapTable caps) {
        this.caps = caps;
        this.inheritFirstBadged = o.inheritFirstBadged;
        prev = o.prev.clone();
        next = o.next.clone();
        flags = o.flags.clone();
    }

    int prev(int s) {
        return prev[s];
    }

    int next(int s) {
        return next[s];
    }

    boolean isRevocable(int s) {
        return (flags[s] & REVOCABLE) != 0;
    }

    boolean isFirstBadged(int s) {
        return (flags[s] & FIRST_BADGED) != 0;
    }

    /**
     * seL4's {@code isMDBParentOf a b}: a is original, b is in a's region, and if a is a badged
     * Endpoint or Notification cap, b has the same badge and is not itself the first of that badge.
     */
    boolean isParentOf(int a, int b) {
        if (!isRevocable(a) || !caps.sameRegionAs(a, b)) {
            return false;
        }
        if (caps.type(a).isBadged() && caps.badge(a) != 0) {
            return caps.badge(b) == caps.badge(a) && !isFirstBadged(b);
        }
        return true;
    }

    /** seL4's {@code ensureNoChildren}: whether the slot has any derivation-tree child. */
    boolean hasChildren(int s) {
        return next[s] != NIL && isParentOf(s, next[s]);
    }

    /**
     * cteInsert's link step: dest goes immediately after src, original (and first-badged) as
     * {@code revocable} says. Whether it is src's child or sibling then follows from isParentOf.
     */
    void insertAfter(int src, int dest, boolean revocable) {
        int n = next[src];
        prev[dest] = src;
        next[dest] = n;
        flags[dest] = revocable ? (byte) (REVOCABLE | FIRST_BADGED) : 0;
        next[src] = dest;
        if (n != NIL) {
            prev[n] = dest;
        }
    }

    /** A boot cap: original and first-badged, linked to nothing (seL4's boot code writes them so). */
    void insertRoot(int s) {
        prev[s] = NIL;
        next[s] = NIL;
        flags[s] = REVOCABLE | FIRST_BADGED;
    }

    /** cteMove's link step: dest takes src's place in the list and its flags; src is left unlinked. */
    void move(int src, int dest) {
        int p = prev[src];
        int n = next[src];
        prev[dest] = p;
        next[dest] = n;
        flags[dest] = flags[src];
        unlink(src);
        if (p != NIL) {
            next[p] = dest;
        }
        if (n != NIL) {
            prev[n] = dest;
        }
    }

    /**
     * cteSwap's link step, in seL4's order: the first slot's neighbours are re-pointed before the
     * second slot's node is read, which makes swapping two adjacent slots come out right.
     */
    void swap(int a, int b) {
        int aPrev = prev[a];
        int aNext = next[a];
        byte aFlags = flags[a];
        if (aPrev != NIL) {
            next[aPrev] = b;
        }
        if (aNext != NIL) {
            prev[aNext] = b;
        }
        int bPrev = prev[b];
        int bNext = next[b];
        byte bFlags = flags[b];
        prev[a] = bPrev;
        next[a] = bNext;
        flags[a] = bFlags;
        prev[b] = aPrev;
        next[b] = aNext;
        flags[b] = aFlags;
        if (bPrev != NIL) {
            next[bPrev] = a;
        }
        if (bNext != NIL) {
            prev[bNext] = a;
        }
    }

    /**
     * emptySlot's link step: the slot leaves the list, and its successor inherits its first-badged
     * flag, so that copies of a deleted badged original do not become children of an earlier
     * original of the same badge (they move up to the deleted cap's parent instead).
     */
    void remove(int s) {
        int p = prev[s];
        int n = next[s];
        if (p != NIL) {
            next[p] = n;
        }
        if (n != NIL) {
            prev[n] = p;
            if (inheritFirstBadged) {
                flags[n] |= (byte) (flags[s] & FIRST_BADGED);
            }
        }
        unlink(s);
    }

    private void unlink(int s) {
        prev[s] = NIL;
        next[s] = NIL;
        flags[s] = 0;
    }

    /** The number of descendants of s: the run after it of which it is the MDB parent. */
    int descendantCount(int s) {
        int count = 0;
        for (int d = next[s]; d != NIL && isParentOf(s, d); d = next[d]) {
            count++;
        }
        return count;
    }

    /** Whether d is a descendant of a. */
    boolean isDescendant(int a, int d) {
        int steps = 0;
        for (int x = next[a]; x != NIL && steps++ < next.length && isParentOf(a, x); x = next[x]) {
            if (x == d) {
                return true;
            }
        }
        return false;
    }

    /**
     * The derivation-tree parent of s: the nearest slot before it whose descendant run reaches s.
     * NIL if it has none. Walks the list, so it is for inspection, not for invocations.
     */
    int parentOf(int s) {
        int steps = 0;
        for (int p = prev[s]; p != NIL && steps++ < prev.length; p = prev[p]) {
            if (isDescendant(p, s)) {
                return p;
            }
        }
        return NIL;
    }

    // ----- test-only corruption

    void corruptLinks(int s, int newPrev, int newNext) {
        prev[s] = newPrev;
        next[s] = newNext;
    }

    void corruptFlags(int s, boolean revocable, boolean firstBadged) {
        flags[s] = (byte) ((revocable ? REVOCABLE : 0) | (firstBadged ? FIRST_BADGED : 0));
    }
}
