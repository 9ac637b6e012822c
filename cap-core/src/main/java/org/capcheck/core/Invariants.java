package org.capcheck.core;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The invariants seL4's proofs maintain over the capability state, checked on a concrete kernel
 * and reported by name. Names are those of l4v (Invariants_AI.thy for the abstract {@code valid_mdb}
 * family, Invariants_H.thy for the list-level ones), or descriptive where cap-core adds its own.
 * Each check is written to stay meaningful, and to terminate, when other invariants are broken, so
 * that one corruption shows up under its own name.
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

    /** Every name, in the order violations are reported. */
    static final List<String> ALL = List.of(VALID_DLIST, MDB_CTE_AT, NO_MLOOP, VALID_IOC, UNTYPED_MDB,
            DESCENDANTS_INC, UNTYPED_INC, UT_REVOCABLE, IRQ_REVOCABLE, VALID_BADGES, MDB_CHUNKED, CLASS_LINKS,
            OBJECTS_DISJOINT, FREE_INDEX_BOUNDS, VALID_IRQ_HANDLERS, IRQ_HANDLER_UNIQUE, IRQ_CONTROL_UNIQUE,
            ZOMBIES_FINAL, VALID_CAP, CAPS_NAME_LIVE_OBJECTS);

    private final Kernel k;
    private final CapTable caps;
    private final DerivationTree mdb;
    private final int slots;
    private final Set<String> violated = new LinkedHashSet<>();
    /** Slots that sit on a cycle of next pointers or lead into one; walks avoid them. */
    private final BitSet onCycle = new BitSet();

    Invariants(Kernel k) {
        this.k = k;
        this.caps = k.caps;
        this.mdb = k.mdb;
        this.slots = k.scratchBase;
    }

    List<String> violations() {
        checkLinks();
        List<Integer> used = usedSlots();
        checkFlags(used);
        checkTree(used);
        checkUntyped(used);
        checkBadgesAndChunks(used);
        checkObjects(used);
        checkIrqs(used);
        List<String> out = new ArrayList<>();
        for (String name : ALL) {
            if (violated.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    private List<Integer> usedSlots() {
        List<Integer> used = new ArrayList<>();
        for (int s = 0; s < slots; s++) {
            if (!caps.isNull(s)) {
                used.add(s);
            }
        }
        return used;
    }

    private boolean inRange(int s) {
        return s >= 0 && s < slots;
    }

    private void checkLinks() {
        for (int s = 0; s < slots; s++) {
            int n = mdb.next(s);
            int p = mdb.prev(s);
            if (n != DerivationTree.NIL && (!inRange(n) || mdb.prev(n) != s)) {
                violated.add(VALID_DLIST);
            }
            if (p != DerivationTree.NIL && (!inRange(p) || mdb.next(p) != s)) {
                violated.add(VALID_DLIST);
            }
            if (caps.isNull(s)) {
                // An empty slot in the list is an edge end without a cap (Invariants_H valid_nullcaps).
                if (n != DerivationTree.NIL || p != DerivationTree.NIL) {
                    violated.add(MDB_CTE_AT);
                }
                if (mdb.isRevocable(s) || mdb.isFirstBadged(s)) {
                    violated.add(VALID_IOC);
                }
            } else {
                if ((n != DerivationTree.NIL && inRange(n) && caps.isNull(n))
                        || (p != DerivationTree.NIL && inRange(p) && caps.isNull(p))) {
                    violated.add(MDB_CTE_AT);
                }
            }
        }
        // Cycles: walk from every slot at most `slots` steps; a walk that does not end is on or into a cycle.
        BitSet ends = new BitSet();
        for (int s = 0; s < slots; s++) {
            if (caps.isNull(s) && mdb.next(s) == DerivationTree.NIL) {
                continue;
            }
            int x = s;
            int steps = 0;
            while (x != DerivationTree.NIL && inRange(x) && !ends.get(x) && steps <= slots) {
                x = mdb.next(x);
                steps++;
            }
            if (steps > slots) {
                onCycle.set(s);
                violated.add(NO_MLOOP);
            } else {
                ends.set(s);
            }
        }
    }

    private boolean usable(int s) {
        return !onCycle.get(s);
    }

    private void checkFlags(List<Integer> used) {
        for (int s : used) {
            if (caps.is(s, CapType.Untyped) && !mdb.isRevocable(s)) {
                violated.add(UT_REVOCABLE);
            }
            if (caps.is(s, CapType.IRQControl) && !mdb.isRevocable(s)) {
                violated.add(IRQ_REVOCABLE);
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
                && !caps.isNull(x) && mdb.isParentOf(a, x); x = mdb.next(x)) {
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

    private void checkTree(List<Integer> used) {
        for (int a : used) {
            if (!usable(a)) {
                continue;
            }
            int steps = 0;
            for (int x = mdb.next(a); x != DerivationTree.NIL && inRange(x) && steps++ <= slots
                    && !caps.isNull(x) && mdb.isParentOf(a, x); x = mdb.next(x)) {
                if (!descendantsInc(a, x)) {
                    violated.add(DESCENDANTS_INC);
                }
            }
        }
        for (int s : used) {
            int n = mdb.next(s);
            if (n != DerivationTree.NIL && inRange(n) && !caps.isNull(n)
                    && (physical(s) != physical(n) || irqClass(s) != irqClass(n))) {
                violated.add(CLASS_LINKS);
            }
        }
    }

    private long usableStart(int u) {
        return caps.paddr(u) + caps.freeIndex(u);
    }

    private boolean rangesMeet(long a0, long a1, long b0, long b1) {
        return Long.compareUnsigned(a0, b1) <= 0 && Long.compareUnsigned(b0, a1) <= 0;
    }

    private void checkUntyped(List<Integer> used) {
        List<Integer> untyped = new ArrayList<>();
        for (int s : used) {
            if (caps.is(s, CapType.Untyped)) {
                untyped.add(s);
                int bits = caps.untypedBits(s);
                if (bits >= ObjectType.MIN_UNTYPED_BITS && bits <= ObjectType.MAX_UNTYPED_BITS
                        && Long.compareUnsigned(caps.freeIndex(s), 1L << bits) > 0) {
                    violated.add(FREE_INDEX_BOUNDS);
                }
            }
        }
        for (int u : untyped) {
            if (!validUntypedSize(u)) {
                continue;
            }
            long u0 = caps.paddr(u);
            long u1 = caps.lastByte(u);
            for (int c : used) {
                if (c == u || caps.is(c, CapType.Untyped) || !physical(c)) {
                    continue;
                }
                if (Long.compareUnsigned(u0, caps.paddr(c)) <= 0 && Long.compareUnsigned(caps.paddr(c), u1) <= 0
                        && !descends(u, c)) {
                    violated.add(UNTYPED_MDB);
                }
            }
            for (int v : untyped) {
                if (v == u || !validUntypedSize(v)) {
                    continue;
                }
                long v0 = caps.paddr(v);
                long v1 = caps.lastByte(v);
                boolean vInU = Long.compareUnsigned(u0, v0) <= 0 && Long.compareUnsigned(v1, u1) <= 0;
                boolean uInV = Long.compareUnsigned(v0, u0) <= 0 && Long.compareUnsigned(u1, v1) <= 0;
                if (!vInU && !uInV && rangesMeet(u0, u1, v0, v1)) {
                    violated.add(UNTYPED_INC);
                } else if (vInU && !uInV) {
                    // v strictly inside u: it descends from u and lies below u's free part.
                    if (!descends(u, v) || rangesMeet(v0, v1, usableStart(u), u1)
                            && Long.compareUnsigned(usableStart(u), u1) <= 0) {
                        violated.add(UNTYPED_INC);
                    }
                } else if (vInU && uInV && u < v) {
                    boolean uOverV = descends(u, v) && caps.freeIndex(u) == 1L << caps.untypedBits(u);
                    boolean vOverU = descends(v, u) && caps.freeIndex(v) == 1L << caps.untypedBits(v);
                    if (!uOverV && !vOverU) {
                        violated.add(UNTYPED_INC);
                    }
                }
            }
        }
    }

    private boolean validUntypedSize(int u) {
        int bits = caps.untypedBits(u);
        return bits >= ObjectType.MIN_UNTYPED_BITS && bits <= ObjectType.MAX_UNTYPED_BITS;
    }

    private void checkBadgesAndChunks(List<Integer> used) {
        for (int p : used) {
            int n = mdb.next(p);
            if (n == DerivationTree.NIL || !inRange(n) || caps.isNull(n)) {
                continue;
            }
            if (caps.type(p).isBadged() && caps.sameRegionAs(p, n) && caps.badge(p) != caps.badge(n)
                    && caps.badge(n) != 0 && !mdb.isFirstBadged(n)) {
                violated.add(VALID_BADGES);
            }
        }
        // mdb_chunked: for caps a, b of one region, the list runs from one to the other through that region only.
        for (int a : used) {
            if (!usable(a)) {
                continue;
            }
            for (int b : used) {
                if (a == b || !caps.sameRegionAs(a, b)) {
                    continue;
                }
                if (!chunkBetween(a, b) && !chunkBetween(b, a)) {
                    violated.add(MDB_CHUNKED);
                }
            }
        }
    }

    /** Whether the list leads from a to b through caps all in a's region (Invariants_H is_chunk). */
    private boolean chunkBetween(int a, int b) {
        if (!usable(a)) {
            return false;
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

    private void checkObjects(List<Integer> used) {
        for (int a : used) {
            if (!objectCap(a)) {
                continue;
            }
            for (int b : used) {
                if (b <= a || !objectCap(b)) {
                    continue;
                }
                if (rangesMeet(caps.paddr(a), caps.lastByte(a), caps.paddr(b), caps.lastByte(b))
                        && !sameObjectRef(a, b)) {
                    violated.add(OBJECTS_DISJOINT);
                }
            }
            if (caps.is(a, CapType.Zombie)) {
                for (int b : used) {
                    if (b != a && objectCap(b) && sameObjectRef(a, b)) {
                        violated.add(ZOMBIES_FINAL);
                    }
                }
            }
            checkCapShape(a);
            if (caps.is(a, CapType.CNode) || caps.is(a, CapType.Thread) || caps.is(a, CapType.Zombie)) {
                int obj = caps.object(a);
                boolean wantCNode = objectKind(a) == CapType.CNode.ordinal();
                if (!k.objects.isLive(obj) || k.objects.paddr(obj) != caps.paddr(a)
                        || (k.objects.kind(obj) == ObjectTable.CNODE) != wantCNode
                        || (wantCNode && k.objects.radix(obj) != caps.radix(a))) {
                    violated.add(CAPS_NAME_LIVE_OBJECTS);
                }
            }
        }
        for (int s : used) {
            if (caps.is(s, CapType.Untyped) && !validUntypedSize(s)) {
                violated.add(VALID_CAP);
            }
        }
    }

    private void checkCapShape(int s) {
        if (caps.is(s, CapType.CNode)
                && (caps.radix(s) < 1 || caps.radix(s) + caps.guardSize(s) > CSpaceLookup.WORD_BITS)) {
            violated.add(VALID_CAP);
        }
        if (caps.is(s, CapType.Zombie)) {
            long max = caps.isTcbZombie(s) ? ObjectType.TCB_SLOTS : 1L << caps.radix(s);
            if (caps.zombieSlots(s) < 0 || caps.zombieSlots(s) > max) {
                violated.add(VALID_CAP);
            }
        }
    }

    private void checkIrqs(List<Integer> used) {
        int controls = 0;
        int[] originals = new int[k.irqActive.length];
        for (int s : used) {
            if (caps.is(s, CapType.IRQControl)) {
                controls++;
            }
            if (caps.is(s, CapType.IRQHandler)) {
                int irq = caps.irq(s);
                if (irq < 0 || irq >= k.irqActive.length || !k.irqActive[irq]) {
                    violated.add(VALID_IRQ_HANDLERS);
                } else if (mdb.isRevocable(s) && ++originals[irq] > 1) {
                    violated.add(IRQ_HANDLER_UNIQUE);
                }
            }
        }
        if (controls > 1) {
            violated.add(IRQ_CONTROL_UNIQUE);
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
