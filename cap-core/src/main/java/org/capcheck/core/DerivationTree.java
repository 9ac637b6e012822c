package org.capcheck.core;

/**
 * seL4's mapping database (MDB): the capability derivation tree kept as one doubly linked list of
 * slots in pre-order, with two flags per slot (CNode.lhs, cnode.c). No parent pointer is stored: the
 * descendants of a slot are the longest run of slots after it of which it is the MDB parent
 * ({@link #isMDBParentOf}), which is why insertion position matters and why deletion ORs the deleted
 * slot's first-badged flag into its successor.
 *
 * <p>{@code revocable} is seL4's {@code mdbRevocable} (the abstract spec's {@code is_original_cap});
 * {@code firstBadged} marks the first cap of a badge, so that a second Mint of the same badge is a
 * sibling rather than a child of the first.
 */
final class DerivationTree {
    static final int NIL = -1;
    private static final long REVOCABLE = 1;
    private static final long FIRST_BADGED = 2;
    /** Word {@link CapTable#LINKS} of a slot: prev + 1 (bits 0-30), next + 1 (31-61), flags (62-63). */
    private static final int NEXT_SHIFT = 31;
    private static final int FLAGS_SHIFT = 62;
    private static final long LINK_MASK = (1L << NEXT_SHIFT) - 1;

    private final long[] w;
    private final CapTable caps;
    /** Whether deletion passes the first-badged flag on, as seL4 does (false only with a seeded fault, see Faults). */
    private final boolean inheritFirstBadged;

    DerivationTree(CapTable caps, boolean inheritFirstBadged) {
        this.caps = caps;
        this.w = caps.words();
        this.inheritFirstBadged = inheritFirstBadged;
    }

    DerivationTree(DerivationTree o, CapTable caps) {
        this(caps, o.inheritFirstBadged);
    }

    private long links(int s) {
        return w[s * CapTable.STRIDE + CapTable.LINKS];
    }

    private void setLinks(int s, int prev, int next, long flags) {
        caps.touched(s);
        w[s * CapTable.STRIDE + CapTable.LINKS] = (prev + 1L) | ((next + 1L) << NEXT_SHIFT) | (flags << FLAGS_SHIFT);
    }

    private long flags(int s) {
        return links(s) >>> FLAGS_SHIFT;
    }

    int prev(int s) {
        return (int) (links(s) & LINK_MASK) - 1;
    }

    int next(int s) {
        return (int) ((links(s) >>> NEXT_SHIFT) & LINK_MASK) - 1;
    }

    private void setPrev(int s, int prev) {
        setLinks(s, prev, next(s), flags(s));
    }

    private void setNext(int s, int next) {
        setLinks(s, prev(s), next, flags(s));
    }

    boolean isRevocable(int s) {
        return (flags(s) & REVOCABLE) != 0;
    }

    boolean isFirstBadged(int s) {
        return (flags(s) & FIRST_BADGED) != 0;
    }

    /**
     * seL4's {@code isMDBParentOf a b}: a is original, b is in a's region, and if a is a badged
     * Endpoint or Notification cap, b has the same badge and is not itself the first of that badge.
     */
    boolean isMDBParentOf(int a, int b) {
        if (!isRevocable(a) || !caps.sameRegionAs(a, b)) {
            return false;
        }
        if (caps.type(a).isBadged() && caps.badge(a) != 0) {
            return caps.badge(b) == caps.badge(a) && !isFirstBadged(b);
        }
        return true;
    }

    /**
     * seL4's {@code ensureNoChildren}: RevokeFirst if the slot has a derivation-tree child (its list
     * successor is one), else NoError. The caller records the error.
     */
    SeL4Error ensureNoChildren(int s) {
        int n = next(s);
        return n != NIL && isMDBParentOf(s, n) ? SeL4Error.RevokeFirst : SeL4Error.NoError;
    }

    /**
     * cteInsert's link step: dest goes immediately after src, original (and first-badged) as
     * {@code revocable} says. Whether it is src's child or sibling then follows from isParentOf.
     */
    void insertAfter(int src, int dest, boolean revocable) {
        int n = next(src);
        setLinks(dest, src, n, revocable ? REVOCABLE | FIRST_BADGED : 0);
        setNext(src, dest);
        if (n != NIL) {
            setPrev(n, dest);
        }
    }

    /** A boot cap: original and first-badged, linked to nothing (seL4's boot code writes them so). */
    void insertRoot(int s) {
        setLinks(s, NIL, NIL, REVOCABLE | FIRST_BADGED);
    }

    /** cteMove's link step: dest takes src's place in the list and its flags; src is left unlinked. */
    void move(int src, int dest) {
        int p = prev(src);
        int n = next(src);
        setLinks(dest, p, n, flags(src));
        setLinks(src, NIL, NIL, 0);
        if (p != NIL) {
            setNext(p, dest);
        }
        if (n != NIL) {
            setPrev(n, dest);
        }
    }

    /**
     * cteSwap's link step, in seL4's order: the first slot's neighbours are re-pointed before the
     * second slot's node is read, which makes swapping two adjacent slots come out right.
     */
    void swap(int a, int b) {
        int aPrev = prev(a);
        int aNext = next(a);
        long aFlags = flags(a);
        if (aPrev != NIL) {
            setNext(aPrev, b);
        }
        if (aNext != NIL) {
            setPrev(aNext, b);
        }
        int bPrev = prev(b);
        int bNext = next(b);
        long bFlags = flags(b);
        setLinks(a, bPrev, bNext, bFlags);
        setLinks(b, aPrev, aNext, aFlags);
        if (bPrev != NIL) {
            setNext(bPrev, a);
        }
        if (bNext != NIL) {
            setPrev(bNext, a);
        }
    }

    /**
     * emptySlot's link step: the slot leaves the list, and its successor inherits its first-badged
     * flag, so that copies of a deleted badged original do not become children of an earlier
     * original of the same badge (they move up to the deleted cap's parent instead).
     */
    void remove(int s) {
        int p = prev(s);
        int n = next(s);
        if (p != NIL) {
            setNext(p, n);
        }
        if (n != NIL) {
            long inherited = inheritFirstBadged ? flags(s) & FIRST_BADGED : 0;
            setLinks(n, p, next(n), flags(n) | inherited);
        }
        setLinks(s, NIL, NIL, 0);
    }

    /** The number of descendants of s: the run after it of which it is the MDB parent. */
    int descendantCount(int s) {
        int count = 0;
        for (int d = next(s); d != NIL && isMDBParentOf(s, d); d = next(d)) {
            count++;
        }
        return count;
    }

    /** Whether d is a descendant of a. */
    boolean isDescendant(int a, int d) {
        int steps = 0;
        for (int x = next(a); x != NIL && steps++ < caps.size() && isMDBParentOf(a, x); x = next(x)) {
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
        for (int p = prev(s); p != NIL && steps++ < caps.size(); p = prev(p)) {
            if (isDescendant(p, s)) {
                return p;
            }
        }
        return NIL;
    }

    // ----- raw writes, bypassing the list rules: for a seeded fault (Faults) and for tests that corrupt
    // a state on purpose

    void corruptLinks(int s, int newPrev, int newNext) {
        setLinks(s, newPrev, newNext, flags(s));
    }

    /** Writes a slot's links and flags as read back from the canonical encoding. */
    void decode(int s, int prev, int next, boolean revocable, boolean firstBadged) {
        setLinks(s, prev, next, (revocable ? REVOCABLE : 0) | (firstBadged ? FIRST_BADGED : 0));
    }

    /** Sets the slot's two flags as given (cteInsert's seeded fault; tests). */
    void setFlags(int s, boolean revocable, boolean firstBadged) {
        setLinks(s, prev(s), next(s), (revocable ? REVOCABLE : 0) | (firstBadged ? FIRST_BADGED : 0));
    }
}
