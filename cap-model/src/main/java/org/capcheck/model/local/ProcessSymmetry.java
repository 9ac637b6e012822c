package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.capcheck.core.CapType;

/**
 * Symmetry among the processes of an authority query (the engine's {@code Model#permutations}, TLC's
 * SYMMETRY): processes the distribution gives the same caps in the same slots, other than the one the
 * query asks about, are interchangeable, and a state's images are the states with their CSpaces
 * exchanged.
 *
 * <p><b>What an exchange moves.</b> Each process p has a TCB T(p) and a CNode C(p) made from the one
 * untyped, at addresses of their own. Renaming T(p), C(p) to T(q), C(q) everywhere (objects, the
 * addresses in caps, the slots and so the derivation-list links between them) is an automorphism of
 * cap-core: nothing an invocation does depends on the numeric order of object addresses or on
 * cap-core's internal handles (StateLoader renumbers those by address on every load, and states step
 * alike), the only address arithmetic is an untyped's (seL4's sameRegionAs and the free index), and
 * every T(p) and C(p) lies in the one untyped's used part with the sizes of the others, so each such
 * comparison comes out the same. But the renaming alone merges nothing: the caps the set-up leaves
 * behind in the derivation list (the root task's originals of each T(p) and C(p), the CSpace root in
 * T(p), C(p)'s own cap in its slot 0) sit in the order the processes were made, which no process can
 * change, so a renamed state is never reachable. These set-up caps are out of every process's reach
 * (its actions name slots 1 to 3 of its CNode and the slots of the shared CNodes it holds; slot 0 stays
 * put, and the root CNode and the TCBs are not addressable), and no invocation a process makes reads
 * the list beyond the neighbours of the slots it names, which are never set-up caps. So the image used
 * here is the renaming followed by putting the set-up caps back in their order: the set-up caps stay
 * byte for byte, and only slots 1 and up of the process CNodes move, C(p)'s to C(q)'s, with every
 * link to them renumbered. {@code ProcessSymmetryTest} checks that this commutes with every step
 * (image of the successor = successor of the image under the renamed action) on every reachable state.
 *
 * <p><b>When it does not apply.</b> A state whose set-up caps are not as the set-up left them, whose
 * objects differ, or in which a cap outside the set-up names a process's TCB or CNode (only a seeded
 * bug can do either) has no images: it stands for itself, so the reduction never merges what the
 * argument above does not cover. Which process was made current, the history of the step and whether
 * cap-core refined the specification are the same in every image; the mask of processes that can
 * invoke is renamed with the processes.
 */
final class ProcessSymmetry {
    private final LocalState.Scratch scratch;
    private final int processes;
    /** Each non-identity permutation: p's slots go to perm[p]'s. */
    private final List<int[]> permutations;
    /** Per process: the canonical numbers of slots 1.. of its CNode. */
    private final int[][] movable;
    /** Per canonical slot: a set-up cap that every image keeps. */
    private final boolean[] kept;
    /** The process objects' addresses, which no cap outside the set-up may name. */
    private final long[] processObjects;
    private final byte[] initial;
    private final EncodedSlots layout;
    /** Per canonical slot outside the kept ones: the link into a kept slot it has in the initial state, or NONE. */
    private final int[] keptPrev;
    private final int[] keptNext;
    private static final int NONE = Integer.MIN_VALUE;

    private ProcessSymmetry(LocalState.Scratch scratch, int processes, List<int[]> permutations, int[][] movable,
                            boolean[] kept, long[] processObjects, byte[] initial, EncodedSlots layout) {
        this.scratch = scratch;
        this.processes = processes;
        this.permutations = permutations;
        this.movable = movable;
        this.kept = kept;
        this.processObjects = processObjects;
        this.initial = initial;
        this.layout = layout;
        keptPrev = new int[layout.slots];
        keptNext = new int[layout.slots];
        for (int n = 0; n < layout.slots; n++) {
            keptPrev[n] = NONE;
            keptNext[n] = NONE;
            if (!kept[n] && !layout.isNull(initial, n)) {
                int prev = layout.prev(initial, n);
                int next = layout.next(initial, n);
                keptPrev[n] = prev >= 0 && kept[prev] ? prev : NONE;
                keptNext[n] = next >= 0 && kept[next] ? next : NONE;
            }
        }
    }

    /**
     * The symmetry of the system {@code d} sets up, asked {@code query} (null for none): the groups of
     * interchangeable processes, or null when no two processes are interchangeable.
     *
     * @param cnodes  each process's CNode address
     * @param initial the initial state's encoding
     */
    static ProcessSymmetry of(Distribution d, AuthorityQuery query, long[] cnodes, byte[] initial,
                              LocalState.Scratch scratch) {
        int n = d.processes();
        int[] group = new int[n];
        boolean any = false;
        for (int p = 0; p < n; p++) {
            group[p] = p;
            if (query != null && query.process() == p) {
                continue; // the question names it: it is not like the others
            }
            for (int q = 0; q < p; q++) {
                if (group[q] == q && (query == null || query.process() != q) && d.grantsOf(q).equals(d.grantsOf(p))) {
                    group[p] = q;
                    any = true;
                    break;
                }
            }
        }
        if (!any) {
            return null;
        }
        EncodedSlots layout = EncodedSlots.read(initial);
        if (layout == null) {
            throw new IllegalStateException("cannot read the initial state's encoding");
        }
        long[] tcbs = new long[n];
        int[][] movable = new int[n][];
        boolean[] kept = new boolean[layout.slots];
        for (int p = 0; p < n; p++) {
            int c = layout.objectAt(cnodes[p]);
            int first = layout.firstSlot[c];
            kept[first] = true; // slot 0: the process's own CNode cap
            movable[p] = new int[layout.slotCount(c) - 1];
            for (int i = 1; i < layout.slotCount(c); i++) {
                movable[p][i - 1] = first + i;
            }
            tcbs[p] = -1;
        }
        // Each process's TCB is the one whose CSpace root (its slot 0) names the process's CNode.
        for (int j = 0; j < layout.objects; j++) {
            int first = layout.firstSlot[j];
            if (layout.slotCount(j) != org.capcheck.core.ObjectType.TCB_SLOTS || layout.isNull(initial, first)
                    || layout.type(initial, first) != CapType.CNode.ordinal()) {
                continue;
            }
            for (int p = 0; p < n; p++) {
                if (layout.address(initial, first) == cnodes[p] && layout.objectAt(cnodes[p]) != j) {
                    tcbs[p] = layout.objectAddress[j];
                    for (int i = 0; i < layout.slotCount(j); i++) {
                        kept[first + i] = true;
                    }
                }
            }
        }
        long[] objects = new long[2 * n];
        for (int p = 0; p < n; p++) {
            if (tcbs[p] < 0) {
                throw new IllegalStateException("no TCB has p" + p + "'s CNode as its CSpace root");
            }
            objects[2 * p] = cnodes[p];
            objects[2 * p + 1] = tcbs[p];
        }
        // The root task's caps to the process objects (originals and their copies outside the movable slots).
        for (int s = 0; s < layout.slots; s++) {
            if (!layout.isNull(initial, s) && !isMovable(movable, s) && names(objects, layout, initial, s)) {
                kept[s] = true;
            }
        }
        return new ProcessSymmetry(scratch, n, permutationsWithin(group), movable, kept, objects, initial, layout);
    }

    private static boolean isMovable(int[][] movable, int s) {
        for (int[] m : movable) {
            for (int x : m) {
                if (x == s) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean names(long[] objects, EncodedSlots layout, byte[] e, int s) {
        if (layout.type(e, s) == CapType.Untyped.ordinal()) {
            return false; // an untyped's address is its region's, not an object's
        }
        long a = layout.address(e, s);
        for (long o : objects) {
            if (o == a) {
                return true;
            }
        }
        return false;
    }

    /** Every permutation of the processes that maps each group (processes with one representative) to itself, the identity excepted. */
    static List<int[]> permutationsWithin(int[] group) {
        List<int[]> out = new ArrayList<>();
        int[] perm = new int[group.length];
        extend(group, perm, 0, new boolean[group.length], out);
        return List.copyOf(out);
    }

    private static void extend(int[] group, int[] perm, int p, boolean[] used, List<int[]> out) {
        if (p == group.length) {
            for (int i = 0; i < perm.length; i++) {
                if (perm[i] != i) {
                    out.add(perm.clone());
                    return;
                }
            }
            return;
        }
        for (int q = 0; q < group.length; q++) {
            if (!used[q] && group[q] == group[p]) {
                used[q] = true;
                perm[p] = q;
                extend(group, perm, p + 1, used, out);
                used[q] = false;
            }
        }
    }

    /** The permutations this symmetry takes states through (each p to perm[p]), the identity excepted. */
    List<int[]> permutations() {
        return permutations;
    }

    /** Adds {@code state}'s images under every permutation, or none when the state is outside what they cover. */
    void images(LocalState state, List<LocalState> out) {
        byte[] e = state.encoding();
        EncodedSlots now = EncodedSlots.read(e);
        if (!covered(e, now)) {
            return;
        }
        for (int[] perm : permutations) {
            out.add(state.renamed(image(e, now, perm), alive(state.alive, perm)));
        }
    }

    /** The state of {@code state} with process p's slots moved to perm[p]'s, or null if not covered. */
    LocalState image(LocalState state, int[] perm) {
        byte[] e = state.encoding();
        EncodedSlots now = EncodedSlots.read(e);
        return covered(e, now) ? state.renamed(image(e, now, perm), alive(state.alive, perm)) : null;
    }

    private int alive(int alive, int[] perm) {
        int out = 0;
        for (int p = 0; p < processes; p++) {
            if ((alive & 1 << p) != 0) {
                out |= 1 << perm[p];
            }
        }
        return out;
    }

    /**
     * Whether the argument of the class comment covers the state encoded by {@code e}: the same objects
     * as initially, each set-up cap as the set-up left it (cap and links), no other cap naming a
     * process object, and no link into the set-up caps but those the initial state has.
     */
    boolean covered(byte[] e) {
        return covered(e, EncodedSlots.read(e));
    }

    private boolean covered(byte[] e, EncodedSlots now) {
        if (now == null || now.objects != layout.objects || now.slots != layout.slots) {
            return false;
        }
        // The same objects (kind, address, radix, flags) in the same order.
        for (int j = 0; j < layout.objects; j++) {
            if (!Arrays.equals(e, now.objectOffset[j], now.objectOffset[j] + EncodedSlots.OBJECT_HEADER,
                    initial, layout.objectOffset[j], layout.objectOffset[j] + EncodedSlots.OBJECT_HEADER)) {
                return false;
            }
        }
        for (int n = 0; n < layout.slots; n++) {
            if (kept[n]) {
                int size = now.size(e, n);
                if (size != layout.size(initial, n) || !Arrays.equals(e, now.slotOffset[n], now.slotOffset[n] + size,
                        initial, layout.slotOffset[n], layout.slotOffset[n] + size)) {
                    return false;
                }
            } else if (now.isNull(e, n)) {
                if (keptPrev[n] != NONE || keptNext[n] != NONE) {
                    return false;
                }
            } else {
                int prev = now.prev(e, n);
                int next = now.next(e, n);
                if (names(processObjects, now, e, n)
                        || (isKept(prev) || keptPrev[n] != NONE) && prev != keptPrev[n]
                        || (isKept(next) || keptNext[n] != NONE) && next != keptNext[n]) {
                    return false;
                }
            }
        }
        return Arrays.equals(e, now.tail, e.length, initial, layout.tail, initial.length);
    }

    private boolean isKept(int slot) {
        return slot >= 0 && slot < kept.length && kept[slot];
    }

    /** The encoding with each process p's movable slots moved to perm[p]'s and every link renumbered. */
    private byte[] image(byte[] e, EncodedSlots now, int[] perm) {
        int[] to = new int[now.slots];   // σ: where slot n goes
        int[] from = new int[now.slots]; // σ⁻¹
        for (int n = 0; n < now.slots; n++) {
            to[n] = n;
            from[n] = n;
        }
        for (int p = 0; p < processes; p++) {
            for (int i = 0; i < movable[p].length; i++) {
                to[movable[p][i]] = movable[perm[p]][i];
                from[movable[perm[p]][i]] = movable[p][i];
            }
        }
        byte[] out = new byte[e.length];
        System.arraycopy(e, 0, out, 0, 4);
        int at = 4;
        for (int j = 0; j < now.objects; j++) {
            System.arraycopy(e, now.objectOffset[j], out, at, EncodedSlots.OBJECT_HEADER);
            at += EncodedSlots.OBJECT_HEADER;
            for (int n = now.firstSlot[j]; n < now.firstSlot[j + 1]; n++) {
                int src = from[n];
                int size = now.size(e, src);
                System.arraycopy(e, now.slotOffset[src], out, at, size);
                if (size > 1) {
                    renumber(out, at + EncodedSlots.PREV, to);
                    renumber(out, at + EncodedSlots.NEXT, to);
                }
                at += size;
            }
        }
        System.arraycopy(e, now.tail, out, at, e.length - now.tail);
        return out;
    }

    private static void renumber(byte[] out, int at, int[] to) {
        int link = EncodedSlots.readInt(out, at);
        if (link >= 0 && link < to.length) {
            EncodedSlots.writeInt(out, at, to[link]);
        }
    }

    /** {@code action} taken by perm[p] instead of p: the same invocation, in the other process's CSpace. */
    static LocalAction renamed(LocalAction action, int[] perm) {
        return new LocalAction(perm[action.process()], action.invocation(), action.stepOnly());
    }

    /** The groups of interchangeable processes, for the heading of a run: "p1, p2". */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        boolean[] seen = new boolean[processes];
        for (int p = 0; p < processes; p++) {
            if (seen[p]) {
                continue;
            }
            List<String> members = new ArrayList<>();
            for (int q = p; q < processes; q++) {
                if (q == p || inSameGroup(p, q)) {
                    members.add("p" + q);
                    seen[q] = true;
                }
            }
            if (members.size() > 1) {
                out.add(String.join(", ", members));
            }
        }
        return out;
    }

    private boolean inSameGroup(int p, int q) {
        for (int[] perm : permutations) {
            if (perm[p] == q) {
                return true;
            }
        }
        return false;
    }
}
