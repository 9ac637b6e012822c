package org.capcheck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The invariants seL4's proofs maintain over the capability state, checked on a concrete kernel
 * and reported by name. Names are those of l4v (Invariants_AI.thy for the abstract {@code valid_mdb}
 * family, Invariants_H.thy for the list-level ones), or descriptive where cap-core adds its own.
 * Each check is written to stay meaningful, and to terminate, when other invariants are broken, so
 * that one corruption shows up under its own name.
 *
 * <p>Two ways to check. {@link #full} looks at every slot. {@link #incremental} looks only at what
 * the writes recorded in a {@link ChangeLog} can have broken, given that every invariant held at the
 * previous check: the written slots and the derivation-list chains they sit in (every rule that
 * follows the list, such as isMDBParentOf runs and mdb_chunked's chunks, stays inside one chain), each
 * paired with every occupied slot, and the links of any other slot that points into those chains (a
 * write that redirects a link can leave the old neighbour pointing back from outside every written
 * chain); the rules over all caps that are linear (IRQs, objects, liveness) run whole. If it finds anything it runs the full check, so both report the same names. Neither
 * allocates unless an invariant is broken: the scratch arrays belong to the checker, which a kernel
 * keeps once it is asked for an incremental check.
 */
final class Invariants {
    /** Prev/next pointers agree (Invariants_H valid_dlist). */
    static final String VALID_DLIST = "valid_dlist";
    /** Both ends of every derivation link hold a cap (mdb_cte_at). */
    static final String MDB_CTE_AT = "mdb_cte_at";
    /** The derivation list has no cycle, so neither has the tree (no_mloop, mdb_chain_0). */
    static final String NO_MLOOP = "no_mloop";
    /** Only slots holding a cap are original or first-badged (valid_ioc). */
    static final String VALID_IOC = "valid_ioc";
    /** Caps to objects inside an untyped region descend from its cap (untyped_mdb). */
    static final String UNTYPED_MDB = "untyped_mdb";
    /** A descendant is of its ancestor's class and inside its range (descendants_inc). */
    static final String DESCENDANTS_INC = "descendants_inc";
    /** Untyped regions nest or are disjoint, inner ones descend and miss the free part (untyped_inc). */
    static final String UNTYPED_INC = "untyped_inc";
    /** Untyped caps are original (ut_revocable). */
    static final String UT_REVOCABLE = "ut_revocable";
    /** IRQControl caps are original (irq_revocable). */
    static final String IRQ_REVOCABLE = "irq_revocable";
    /** A badged cap after a different badge of the same object is first-badged (valid_badges). */
    static final String VALID_BADGES = "valid_badges";
    /** Caps to one region sit together in the list (mdb_chunked). */
    static final String MDB_CHUNKED = "mdb_chunked";
    /** List neighbours are of one cap class (class_links). */
    static final String CLASS_LINKS = "class_links";
    /** Distinct objects named by caps do not overlap in memory. */
    static final String OBJECTS_DISJOINT = "objects_disjoint";
    /** An untyped cap's free index lies within its region (valid_untyped_cap: free_index ≤ 2^bits). */
    static final String FREE_INDEX_BOUNDS = "untyped_free_index_bounds";
    /** Handler caps exist only for IRQs that have a handler (valid_irq_handlers). */
    static final String VALID_IRQ_HANDLERS = "valid_irq_handlers";
    /** At most one original handler cap per IRQ: handlers of an IRQ form one derivation. */
    static final String IRQ_HANDLER_UNIQUE = "irq_handler_unique";
    /** There is at most one IRQControl cap (irq_control). */
    static final String IRQ_CONTROL_UNIQUE = "irq_control";
    /** A Zombie is the only cap to its object (zombies_final). */
    static final String ZOMBIES_FINAL = "zombies_final";
    /** Caps are well formed: CNode radix ≥ 1 and guard fits, untyped size 4..47, Zombie count bounded (valid_cap). */
    static final String VALID_CAP = "valid_cap";
    /** CNode, Thread and Zombie caps name a live CNode or TCB at their address (valid_objs). */
    static final String CAPS_NAME_LIVE_OBJECTS = "caps_name_live_objects";
    /**
     * Every cap in the derivation tree sits in a slot of a live CNode or TCB (l4v's caps_of_state
     * ranges over the slots of live objects only, and cte_wp_at needs the object at the slot).
     */
    static final String CAPS_OF_STATE_LIVE = "caps_of_state_live";
    /**
     * Every live CNode and TCB is named by some cap, its own Zombie while a deletion is in progress
     * included: an object nothing names can never be deleted, and leaks (l4v: if_live_then_nonz_cap).
     */
    static final String OBJS_REACHABLE = "objs_reachable";
    /**
     * Every object a cap names inside an untyped region lies in the part already handed out, below
     * its free index, so no retype can place a new object over a live one (l4v valid_untyped:
     * usable_untyped_range is disjoint from every live object's range).
     */
    static final String UNTYPED_NO_REUSE_OF_LIVE = "untyped_no_reuse_of_live";

    /**
     * Not a property of the state but of the last invocation: it finished within the termination
     * bound ({@link Kernel#stepBound()}). Reported here so that every checker that checks the
     * invariants after a step also sees a kernel that would have looped.
     */
    static final String INVOCATION_TERMINATES = "invocation_terminates";

    /** Every name, in the order violations are reported. */
    static final List<String> ALL = List.of(VALID_DLIST, MDB_CTE_AT, NO_MLOOP, VALID_IOC, UNTYPED_MDB,
            DESCENDANTS_INC, UNTYPED_INC, UT_REVOCABLE, IRQ_REVOCABLE, VALID_BADGES, MDB_CHUNKED, CLASS_LINKS,
            OBJECTS_DISJOINT, FREE_INDEX_BOUNDS, VALID_IRQ_HANDLERS, IRQ_HANDLER_UNIQUE, IRQ_CONTROL_UNIQUE,
            ZOMBIES_FINAL, VALID_CAP, CAPS_NAME_LIVE_OBJECTS, CAPS_OF_STATE_LIVE, OBJS_REACHABLE,
            UNTYPED_NO_REUSE_OF_LIVE, INVOCATION_TERMINATES);

    private final Kernel k;
    private final CapTable caps;
    private final DerivationTree mdb;
    private final ObjectTable objects;
    private final int slots;
    /** Bit sets over slots: the slots this check looks at, and walks known to end or to loop. */
    private final long[] focusBits;
    private final long[] endsBits;
    private final long[] cycleBits;
    /** The chunk of {@link #runOwner} (see {@link #markRun}); clear when it is -1. */
    private final long[] runBits;
    private int runOwner = -1;
    /** Bit set over objects: those some cap names. */
    private final long[] namedBits;
    private int named;
    /** Bit i set: {@code ALL.get(i)} is violated. */
    private int violated;
    /** Whether this check looks at every slot (the full check). */
    private boolean whole;

    /** The occupied slots; the full check's own list, or the change log's. */
    private int[] used;
    private int usedCount;
    private int[] ownUsed = new int[64];
    private int[] focus = new int[64];
    private int focusCount;
    private int[] untyped = new int[16];
    private int untypedCount;
    private final int[] irqOriginals;

    Invariants(Kernel k) {
        this.k = k;
        this.caps = k.caps;
        this.mdb = k.mdb;
        this.objects = k.objects;
        this.slots = k.scratchBase;
        focusBits = new long[(slots + 63) >>> 6];
        endsBits = new long[focusBits.length];
        cycleBits = new long[focusBits.length];
        runBits = new long[focusBits.length];
        namedBits = new long[(objects.capacity() + 63) >>> 6];
        irqOriginals = new int[k.irqActive.length];
    }

    /** Every violated invariant, looking at every slot. */
    List<String> full() {
        begin();
        whole = true;
        usedCount = 0;
        for (int s = 0; s < slots; s++) {
            if (!caps.isNull(s)) {
                if (usedCount == ownUsed.length) {
                    ownUsed = java.util.Arrays.copyOf(ownUsed, usedCount * 2);
                }
                ownUsed[usedCount++] = s;
            }
        }
        used = ownUsed;
        checkLinks();
        checkAll();
        if (k.stepBoundExceeded) {
            violate(INVOCATION_TERMINATES);
        }
        java.util.Arrays.fill(endsBits, 0);
        java.util.Arrays.fill(cycleBits, 0);
        return names();
    }

    /**
     * Every violated invariant, looking only at what changed since the log was last reset, if every
     * invariant held then ({@link ChangeLog#clean}); otherwise, or if a change broke something, the
     * full check. Resets the log.
     */
    List<String> incremental(ChangeLog log) {
        log.syncUsed(caps);
        List<String> out;
        if (!log.clean || k.stepBoundExceeded) {
            out = full();
        } else if (log.dirtyCount == 0) {
            out = List.of();
        } else {
            begin();
            whole = false;
            used = log.used;
            usedCount = log.usedCount;
            focusOn(log);
            checkLinks();
            checkAll();
            for (int i = 0; i < focusCount; i++) {
                int f = focus[i];
                focusBits[f >>> 6] = 0;
                endsBits[f >>> 6] = 0;
                cycleBits[f >>> 6] = 0;
            }
            out = violated == 0 ? List.of() : full();
        }
        log.reset();
        log.clean = out.isEmpty();
        return out;
    }

    private void begin() {
        violated = 0;
        focusCount = 0;
        untypedCount = 0;
        named = 0;
    }

    private List<String> names() {
        if (violated == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ALL.size(); i++) {
            if ((violated & (1 << i)) != 0) {
                out.add(ALL.get(i));
            }
        }
        return out;
    }

    private void violate(String name) {
        violated |= 1 << ALL.indexOf(name);
    }

    private static boolean has(long[] bits, int i) {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    private static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << i;
    }

    private boolean inFocus(int s) {
        return whole || has(focusBits, s);
    }

    private void addFocus(int s) {
        set(focusBits, s);
        if (focusCount == focus.length) {
            focus = java.util.Arrays.copyOf(focus, focusCount * 2);
        }
        focus[focusCount++] = s;
    }

    /** The written slots and every slot of the derivation-list chains they sit in. */
    private void focusOn(ChangeLog log) {
        for (int i = 0; i < log.dirtyCount; i++) {
            int d = log.dirty[i];
            if (!inRange(d) || has(focusBits, d)) {
                continue;
            }
            addFocus(d);
            for (int x = mdb.prev(d); inRange(x) && !has(focusBits, x); x = mdb.prev(x)) {
                addFocus(x);
            }
            for (int x = mdb.next(d); inRange(x) && !has(focusBits, x); x = mdb.next(x)) {
                addFocus(x);
            }
        }
    }

    private boolean inRange(int s) {
        return s >= 0 && s < slots;
    }

    private void checkLinks() {
        int n = whole ? slots : focusCount;
        for (int i = 0; i < n; i++) {
            checkLinksAt(whole ? i : focus[i]);
        }
        // Cycles: walk from every slot at most `slots` steps; a walk that does not end is on or into a cycle.
        for (int i = 0; i < n; i++) {
            int s = whole ? i : focus[i];
            if (caps.isNull(s) && mdb.next(s) == DerivationTree.NIL) {
                continue;
            }
            int x = s;
            int steps = 0;
            while (x != DerivationTree.NIL && inRange(x) && !has(endsBits, x) && steps <= slots) {
                x = mdb.next(x);
                steps++;
            }
            if (steps > slots) {
                set(cycleBits, s);
                violate(NO_MLOOP);
            } else {
                // Every slot on the way ends too: mark them, so that no walk passes them again.
                // (Only slots this check looks at: their marks are the ones cleared afterwards.)
                for (int y = s; y != DerivationTree.NIL && inRange(y) && inFocus(y) && !has(endsBits, y);
                        y = mdb.next(y)) {
                    set(endsBits, y);
                }
            }
        }
    }

    private void checkLinksAt(int s) {
        int n = mdb.next(s);
        int p = mdb.prev(s);
        if (n != DerivationTree.NIL && (!inRange(n) || mdb.prev(n) != s)) {
            violate(VALID_DLIST);
        }
        if (p != DerivationTree.NIL && (!inRange(p) || mdb.next(p) != s)) {
            violate(VALID_DLIST);
        }
        if (caps.isNull(s)) {
            // An empty slot in the list is an edge end without a cap (Invariants_H valid_nullcaps).
            if (n != DerivationTree.NIL || p != DerivationTree.NIL) {
                violate(MDB_CTE_AT);
            }
            if (mdb.isRevocable(s) || mdb.isFirstBadged(s)) {
                violate(VALID_IOC);
            }
        } else if ((n != DerivationTree.NIL && inRange(n) && caps.isNull(n))
                || (p != DerivationTree.NIL && inRange(p) && caps.isNull(p))) {
            violate(MDB_CTE_AT);
        }
    }

    /** Whether s's prev or next link names a slot this check looks at (always, in the full check). */
    private boolean linksIntoFocus(int s) {
        int p = mdb.prev(s);
        int n = mdb.next(s);
        return (inRange(p) && has(focusBits, p)) || (inRange(n) && has(focusBits, n));
    }

    private boolean usable(int s) {
        return !has(cycleBits, s);
    }

    private void checkAll() {
        for (int j = 0; j < usedCount; j++) {
            int s = used[j];
            if (caps.is(s, CapType.Untyped)) {
                if (untypedCount == untyped.length) {
                    untyped = java.util.Arrays.copyOf(untyped, untypedCount * 2);
                }
                untyped[untypedCount++] = s;
            }
            if (inFocus(s)) {
                checkSlot(s);
            } else if (linksIntoFocus(s)) {
                // A write that redirected a link away from s left s pointing at a written slot from
                // outside that slot's chain: only s's own links show it (valid_dlist).
                checkLinksAt(s);
            }
            checkLiveness(s);
        }
        checkObjectsReachable();
        checkIrqs();
        checkUntyped();
        // Pairs: each focused slot with every occupied one, both ways round; every pair once.
        int n = whole ? usedCount : focusCount;
        for (int i = 0; i < n; i++) {
            int a = whole ? used[i] : focus[i];
            if (caps.isNull(a)) {
                continue;
            }
            markRun(a, true);
            runOwner = a;
            for (int j = 0; j < usedCount; j++) {
                int b = used[j];
                if (a == b) {
                    continue;
                }
                checkPair(a, b);
                if (!inFocus(b)) {
                    checkPair(b, a);
                }
            }
            markRun(a, false);
            runOwner = -1;
        }
    }

    /**
     * Marks (or unmarks) a's chunk: the slots the list reaches from a through caps all in a's region,
     * so that is_chunk from a to any b is one bit (Invariants_H is_chunk), not a walk per pair.
     */
    private void markRun(int a, boolean on) {
        if (!usable(a)) {
            return;
        }
        int steps = 0;
        for (int x = mdb.next(a); x != DerivationTree.NIL && inRange(x) && steps++ <= slots
                && !caps.isNull(x) && caps.sameRegionAs(a, x); x = mdb.next(x)) {
            if (on) {
                set(runBits, x);
            } else {
                runBits[x >>> 6] = 0;
            }
        }
    }

    /** The rules about one occupied slot, and about it and its list successor. */
    private void checkSlot(int s) {
        if (caps.is(s, CapType.Untyped)) {
            if (!mdb.isRevocable(s)) {
                violate(UT_REVOCABLE);
            }
            if (!validUntypedSize(s)) {
                violate(VALID_CAP);
            } else if (Long.compareUnsigned(caps.freeIndex(s), 1L << caps.untypedBits(s)) > 0) {
                violate(FREE_INDEX_BOUNDS);
            }
        }
        if (caps.is(s, CapType.IRQControl) && !mdb.isRevocable(s)) {
            violate(IRQ_REVOCABLE);
        }
        if (usable(s)) {
            int steps = 0;
            for (int x = mdb.next(s); x != DerivationTree.NIL && inRange(x) && steps++ <= slots
                    && !caps.isNull(x) && mdb.isMDBParentOf(s, x); x = mdb.next(x)) {
                if (!descendantsInc(s, x)) {
                    violate(DESCENDANTS_INC);
                }
            }
        }
        int n = mdb.next(s);
        if (n != DerivationTree.NIL && inRange(n) && !caps.isNull(n)) {
            if (physical(s) != physical(n) || irqClass(s) != irqClass(n)) {
                violate(CLASS_LINKS);
            }
            if (caps.type(s).isBadged() && caps.sameRegionAs(s, n) && caps.badge(s) != caps.badge(n)
                    && caps.badge(n) != 0 && !mdb.isFirstBadged(n)) {
                violate(VALID_BADGES);
            }
        }
        checkCapShape(s);
    }

    /** caps_name_live_objects and caps_of_state_live for one occupied slot; marks the object it names. */
    private void checkLiveness(int s) {
        int owner = objects.ownerOf(s);
        if (!objects.isLive(owner)) {
            violate(CAPS_OF_STATE_LIVE);
        }
        if (caps.is(s, CapType.CNode) || caps.is(s, CapType.Thread) || caps.is(s, CapType.Zombie)) {
            int obj = caps.object(s);
            boolean wantCNode = objectKind(s) == CapType.CNode.ordinal();
            if (!objects.isLive(obj) || objects.paddr(obj) != caps.paddr(s)
                    || (objects.kind(obj) == ObjectTable.CNODE) != wantCNode
                    || (wantCNode && objects.radix(obj) != caps.radix(s))) {
                violate(CAPS_NAME_LIVE_OBJECTS);
            }
            if (objects.isLive(obj) && !has(namedBits, obj)) {
                set(namedBits, obj);
                named++;
            }
        }
    }

    /** objs_reachable: as many live objects as live objects some cap names. */
    private void checkObjectsReachable() {
        if (named < objects.liveCount()) {
            violate(OBJS_REACHABLE);
        }
        for (int j = 0; j < usedCount; j++) {
            int obj = caps.object(used[j]);
            if (obj >= 0 && obj < objects.capacity()) {
                namedBits[obj >>> 6] = 0;
            }
        }
    }

    /** Whether d descends from a, walking a's run without entering a cycle. */
    private boolean descends(int a, int d) {
        if (!usable(a)) {
            return false;
        }
        int steps = 0;
        for (int x = mdb.next(a); x != DerivationTree.NIL && inRange(x) && steps++ <= slots
                && !caps.isNull(x) && mdb.isMDBParentOf(a, x); x = mdb.next(x)) {
            if (x == d) {
                return true;
            }
        }
        return false;
    }

    private boolean physical(int s) {
        return caps.type(s).isPhysical();
    }

    private boolean irqClass(int s) {
        return caps.is(s, CapType.IRQControl) || caps.is(s, CapType.IRQHandler);
    }

    private long usableStart(int u) {
        return caps.paddr(u) + caps.freeIndex(u);
    }

    private static boolean rangesMeet(long a0, long a1, long b0, long b1) {
        return Long.compareUnsigned(a0, b1) <= 0 && Long.compareUnsigned(b0, a1) <= 0;
    }

    /** Whether the cap in c lies in u's free part, where the next retype would place objects. */
    private boolean inFreePart(int u, int c) {
        long free = usableStart(u);
        long u1 = caps.lastByte(u);
        return Long.compareUnsigned(free, u1) <= 0 && rangesMeet(caps.paddr(c), caps.lastByte(c), free, u1);
    }

    /** untyped_mdb, untyped_inc and untyped_no_reuse_of_live: each untyped cap against the caps. */
    private void checkUntyped() {
        for (int i = 0; i < untypedCount; i++) {
            int u = untyped[i];
            if (!validUntypedSize(u)) {
                continue;
            }
            long u0 = caps.paddr(u);
            long u1 = caps.lastByte(u);
            boolean uFocus = inFocus(u);
            for (int j = 0; j < usedCount; j++) {
                int c = used[j];
                if (c == u || caps.is(c, CapType.Untyped) || !physical(c) || !(uFocus || inFocus(c))) {
                    continue;
                }
                if (Long.compareUnsigned(u0, caps.paddr(c)) <= 0 && Long.compareUnsigned(caps.paddr(c), u1) <= 0) {
                    if (!descends(u, c)) {
                        violate(UNTYPED_MDB);
                    }
                    if (Long.compareUnsigned(caps.lastByte(c), u1) <= 0 && inFreePart(u, c)) {
                        violate(UNTYPED_NO_REUSE_OF_LIVE);
                    }
                }
            }
            for (int j = 0; j < untypedCount; j++) {
                int v = untyped[j];
                if (v == u || !validUntypedSize(v) || !(uFocus || inFocus(v))) {
                    continue;
                }
                long v0 = caps.paddr(v);
                long v1 = caps.lastByte(v);
                boolean vInU = Long.compareUnsigned(u0, v0) <= 0 && Long.compareUnsigned(v1, u1) <= 0;
                boolean uInV = Long.compareUnsigned(v0, u0) <= 0 && Long.compareUnsigned(u1, v1) <= 0;
                if (!vInU && !uInV && rangesMeet(u0, u1, v0, v1)) {
                    violate(UNTYPED_INC);
                } else if (vInU && !uInV) {
                    // v strictly inside u: it descends from u and lies below u's free part.
                    if (!descends(u, v) || inFreePart(u, v)) {
                        violate(UNTYPED_INC);
                    }
                } else if (vInU && uInV && u < v) {
                    boolean uOverV = descends(u, v) && caps.freeIndex(u) == 1L << caps.untypedBits(u);
                    boolean vOverU = descends(v, u) && caps.freeIndex(v) == 1L << caps.untypedBits(v);
                    if (!uOverV && !vOverU) {
                        violate(UNTYPED_INC);
                    }
                }
            }
        }
    }

    private boolean validUntypedSize(int u) {
        int bits = caps.untypedBits(u);
        return bits >= ObjectType.MIN_UNTYPED_BITS && bits <= ObjectType.MAX_UNTYPED_BITS;
    }

    /** The rules about an ordered pair of distinct occupied slots. */
    private void checkPair(int a, int b) {
        // mdb_chunked: for caps a, b of one region, the list runs from one to the other through that
        // region only. One of the two is the pair's outer slot, whose chunk is marked (markRun).
        if (usable(a) && caps.sameRegionAs(a, b) && !chunkBetween(a, b) && !chunkBetween(b, a)) {
            violate(MDB_CHUNKED);
        }
        if (objectCap(a) && objectCap(b)) {
            if (a < b && rangesMeet(caps.paddr(a), caps.lastByte(a), caps.paddr(b), caps.lastByte(b))
                    && !sameObjectRef(a, b)) {
                violate(OBJECTS_DISJOINT);
            }
            if (caps.is(a, CapType.Zombie) && sameObjectRef(a, b)) {
                violate(ZOMBIES_FINAL);
            }
        }
    }

    /** Whether the list leads from a to b through caps all in a's region (Invariants_H is_chunk). */
    private boolean chunkBetween(int a, int b) {
        if (!usable(a)) {
            return false;
        }
        if (a == runOwner) {
            return has(runBits, b);
        }
        int steps = 0;
        for (int x = mdb.next(a); x != DerivationTree.NIL && inRange(x) && steps++ <= slots; x = mdb.next(x)) {
            if (caps.isNull(x) || !caps.sameRegionAs(a, x)) {
                return false;
            }
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    private boolean objectCap(int s) {
        return physical(s) && !caps.is(s, CapType.Untyped);
    }

    private boolean sameObjectRef(int a, int b) {
        return caps.paddr(a) == caps.paddr(b) && caps.objectBits(a) == caps.objectBits(b)
                && objectKind(a) == objectKind(b);
    }

    /** CNode and Thread caps and their Zombies name the same kinds of object. */
    private int objectKind(int s) {
        if (caps.is(s, CapType.Zombie)) {
            return caps.isTcbZombie(s) ? CapType.Thread.ordinal() : CapType.CNode.ordinal();
        }
        return caps.type(s).ordinal();
    }

    private void checkCapShape(int s) {
        if (caps.is(s, CapType.CNode)
                && (caps.radix(s) < 1 || caps.radix(s) + caps.guardSize(s) > CSpaceLookup.WORD_BITS)) {
            violate(VALID_CAP);
        }
        if (caps.is(s, CapType.Zombie)) {
            long max = caps.isTcbZombie(s) ? ObjectType.TCB_SLOTS : 1L << caps.radix(s);
            if (caps.zombieSlots(s) < 0 || caps.zombieSlots(s) > max) {
                violate(VALID_CAP);
            }
        }
    }

    /** valid_irq_handlers, irq_handler_unique and irq_control over every occupied slot. */
    private void checkIrqs() {
        int controls = 0;
        for (int j = 0; j < usedCount; j++) {
            int s = used[j];
            if (caps.is(s, CapType.IRQControl)) {
                controls++;
            }
            if (caps.is(s, CapType.IRQHandler)) {
                int irq = caps.irq(s);
                if (irq < 0 || irq >= k.irqActive.length || !k.irqActive[irq]) {
                    violate(VALID_IRQ_HANDLERS);
                } else if (mdb.isRevocable(s) && ++irqOriginals[irq] > 1) {
                    violate(IRQ_HANDLER_UNIQUE);
                }
            }
        }
        for (int j = 0; j < usedCount; j++) {
            int s = used[j];
            if (caps.is(s, CapType.IRQHandler) && caps.irq(s) >= 0 && caps.irq(s) < irqOriginals.length) {
                irqOriginals[caps.irq(s)] = 0;
            }
        }
        if (controls > 1) {
            violate(IRQ_CONTROL_UNIQUE);
        }
    }

    /**
     * descendants_inc for one ancestor–descendant pair: same cap class, and the descendant's range
     * inside the ancestor's. In the list representation every descendant found through
     * isMDBParentOf satisfies this by construction (l4v proves the same of the Haskell kernel); the
     * check stays as a guard on that argument.
     */
    boolean descendantsInc(int a, int x) {
        boolean sameClass = physical(a) == physical(x) && irqClass(a) == irqClass(x);
        boolean inside = !physical(a) || (Long.compareUnsigned(caps.paddr(a), caps.paddr(x)) <= 0
                && Long.compareUnsigned(caps.lastByte(x), caps.lastByte(a)) <= 0);
        return sameClass && inside;
    }
}
