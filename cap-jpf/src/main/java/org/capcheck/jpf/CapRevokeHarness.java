package org.capcheck.jpf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.KernelView;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;

/**
 * A harness over cap-core: boot a small kernel, retype an endpoint into root slot 20, then take a few
 * steps, each an invocation chosen from small domains: CNode_Copy or CNode_Mint (badge 0, 1 or 2) from
 * slot 16 (the untyped) or 20..23 into 21..23, CNode_Revoke or CNode_Delete of 16 or 20..23, or
 * Untyped_Retype of an endpoint or a 2-slot CNode into 21..23. After every step it asserts:
 * <ul>
 *   <li>cap-core's invariants ({@link Kernel#checkInvariants()});</li>
 *   <li>after a successful revoke, the cap has no descendants;</li>
 *   <li>provenance: every cap's derivation-tree parent is one of the caps it was derived from (copied,
 *       minted or retyped from, transitively), which the harness tracks itself as ghost state.</li>
 * </ul>
 * The state offered for matching is the kernel's canonical encoding plus the ghost state (each cap's
 * live ancestors), so matching is exact about everything the rest of a run depends on.
 *
 * <p>Each step is one choice among the step's invocations, listed in a fixed order (by operation, then
 * source, destination and badge), so that a checker stores one state per step, not one per operand.
 * Under JPF, which matches the program's whole heap rather than the bytes offered to
 * {@link Choices#matchState}, the harness keeps its heap canonical where JPF matches it: each invocation
 * runs on a copy of the kernel; if it failed and changed nothing ({@link Kernel#sameStateAs}) the run
 * goes on with the kernel as it was, otherwise with {@link Kernel#copyState()} (the capability state
 * without the invocation's leftovers); the ghost state is kept by canonical slot position; and the
 * invariants are checked after a {@link Choices#checkpoint()}, so that JPF checks each state reached
 * once, however many invocations reach it (most fail and change nothing).
 *
 * <p>Over {@link Mutant#DELETE_DROPS_FIRST_BADGED} (deletion forgets to pass the first-badged flag on)
 * provenance fails: mint badge 1 twice from the endpoint, copy the first minted cap, delete the first
 * minted cap; its copy should move up to the endpoint but becomes a child of the second minted cap, which
 * it was never derived from.
 */
public final class CapRevokeHarness implements Harness {
    /** log2 of the kernel's preallocated slots (see {@link #CONFIG}). */
    private static final int SLOT_BITS = 6;
    /**
     * The kernel: a root CNode of 32 slots, a 4 KiB untyped in root slot 16, and no more preallocated
     * room than the steps can use (JPF stores and compares every preallocated array at each state):
     * 64 slots hold the root CNode, the TCB's and three 2-slot CNodes; five objects are the root CNode,
     * the TCB and three CNodes; a Retype makes one object.
     */
    static final BootConfig CONFIG = BootConfig.defaults().withRootCNodeBits(5)
            .withUntyped(List.of(new UntypedRegion(0x10000, 12, false))).withMaxIrq(0).withFanoutLimit(1)
            .withCapacity(SLOT_BITS, 5);
    private static final long ROOT = BootConfig.ROOT_CNODE_SLOT;
    private static final long DEPTH = 64;
    private static final int UNTYPED = BootConfig.FIRST_UNTYPED_SLOT;
    private static final int ENDPOINT = 20;
    /** Sources of copies and mints, and targets of revoke and delete. */
    private static final int[] SOURCES = {UNTYPED, ENDPOINT, 21, 22, 23};
    /** The narrow domain's sources and destinations: the endpoint and two slots. */
    private static final int[] NARROW_SOURCES = {ENDPOINT, 21, 22};
    private static final int[] NARROW_DESTINATIONS = {21, 22};
    /** Destinations of copies, mints and retypes. */
    private static final int[] DESTINATIONS = {21, 22, 23};
    /** The operations. */
    static final int COPY = 0;
    static final int MINT = 1;
    static final int REVOKE = 2;
    static final int DELETE = 3;
    static final int RETYPE = 4;
    private static final int[] OPS = {COPY, MINT, REVOKE, DELETE, RETYPE};
    /**
     * The narrow domain's operations, in the order tried: mint first, so that a depth-first search
     * (JPF's, in CI) reaches badged caps, where the seeded bug lies, before it exhausts unbadged copies.
     */
    private static final int[] NARROW_OPS = {MINT, COPY, DELETE};
    /** An action's fields: operation, source (the target of a revoke or delete), destination, badge. */
    private static final int OP = 0;
    private static final int SOURCE = 1;
    private static final int DEST = 2;
    /** The badge of a mint; for a retype 1 for a CNode, 0 for an endpoint. */
    private static final int BADGE = 3;
    /** The most caps the ghost state tracks (a bit per cap). */
    private static final int MAX_CAPS = 64;
    /** The kernel's slot capacity ({@link #CONFIG}): room for every occupied slot. */
    private static final int SLOTS = 1 << SLOT_BITS;

    private final String name;
    private final Mutant mutant;
    private final int steps;
    private final boolean narrow;
    /**
     * A step's invocations, in the order explored, {@link #FIELDS} ints each: one flat array, not an
     * array per invocation, since under JPF the harness's fields are part of every state stored.
     */
    private final int[] actions;
    /** The fields of one action in {@link #actions}. */
    private static final int FIELDS = 4;
    /** The kernel after setup, copied at the start of every run. */
    private Kernel template;
    private long[] templateAncestors;

    public CapRevokeHarness(String name, Mutant mutant, int steps) {
        this(name, mutant, steps, false);
    }

    /**
     * @param narrow each step only mints (badge 1), copies or deletes (in that order of choice), among the
     *               endpoint and slots 21 and 22: a search small enough for JPF to reach a seeded bug
     *               within seconds
     */
    public CapRevokeHarness(String name, Mutant mutant, int steps, boolean narrow) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, not " + steps);
        }
        this.name = name;
        this.mutant = mutant;
        this.steps = steps;
        this.narrow = narrow;
        this.actions = actions(narrow);
    }

    /**
     * Every invocation a step may make, in the order a depth-first search tries them: by operation (in
     * the domain's order), then source, destination, badge (for a retype: the endpoint before the CNode).
     */
    private static int[] actions(boolean narrow) {
        int[] sources = narrow ? NARROW_SOURCES : SOURCES;
        int[] destinations = narrow ? NARROW_DESTINATIONS : DESTINATIONS;
        List<int[]> out = new ArrayList<>();
        for (int op : narrow ? NARROW_OPS : OPS) {
            switch (op) {
                case COPY:
                    for (int s : sources) {
                        for (int d : destinations) {
                            out.add(new int[] {COPY, s, d, 0});
                        }
                    }
                    break;
                case MINT:
                    for (int s : sources) {
                        for (int d : destinations) {
                            for (int badge = narrow ? 1 : 0; badge <= (narrow ? 1 : 2); badge++) {
                                out.add(new int[] {MINT, s, d, badge});
                            }
                        }
                    }
                    break;
                case REVOKE:
                case DELETE:
                    for (int s : sources) {
                        out.add(new int[] {op, s, -1, 0});
                    }
                    break;
                default:
                    for (int cnode = 0; cnode <= 1; cnode++) {
                        for (int d : destinations) {
                            out.add(new int[] {RETYPE, UNTYPED, d, cnode});
                        }
                    }
                    break;
            }
        }
        int[] flat = new int[out.size() * FIELDS];
        for (int i = 0; i < out.size(); i++) {
            System.arraycopy(out.get(i), 0, flat, i * FIELDS, FIELDS);
        }
        return flat;
    }

    /**
     * The choice that makes an invocation in one step ({@code dest} -1 for a revoke or delete, whose
     * target is {@code source}; {@code badge} 1 for a CNode retype), or -1 if the domain has none such.
     */
    int choiceOf(int op, int source, int dest, int badge) {
        int[] a = actions;
        for (int i = 0; i < actionCount(); i++) {
            int at = i * FIELDS;
            if (a[at + OP] == op && a[at + SOURCE] == source && a[at + DEST] == dest && a[at + BADGE] == badge) {
                return i;
            }
        }
        return -1;
    }

    /** How many invocations each step chooses among. */
    int actionCount() {
        return actions.length / FIELDS;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return steps + (narrow ? " steps of mint (badge 1)/copy/delete among the endpoint and slots 21, 22"
                : " steps of copy/mint/revoke/delete/retype") + " on a small kernel"
                + (mutant == Mutant.NONE ? "" : " with the seeded bug " + mutant)
                + "; asserts the invariants, revoke leaving no descendants, and derivation provenance";
    }

    /** Everything one run works on. */
    private static final class Run {
        Kernel kernel;
        /**
         * The ghost state, by the caps' positions in {@link KernelView#occupiedSlots()} (a canonical
         * order): bit j of entry i set when the cap at position j is a live ancestor of the cap at i.
         * An ancestor that is gone can never be a derivation parent again, so only live ones are kept.
         */
        long[] ancestors;
        /** Positions of caps no invocation put there (only a faulty kernel makes them). */
        long strangers;
        /** What a revoke left wrong, or null; reported after the invariants. */
        String revokeFailure;
        /** The last step's invocation in words, for a failure's message; null under JPF (see step). */
        String last;
    }

    @Override
    public void run(Choices c) {
        Run r = start(c.matchesStates());
        for (int step = 0; step < steps; step++) {
            if (c.matchesStates()) {
                c.matchState(encode(r));
            }
            if (!step(c, r)) {
                // Nothing changed, and the state was checked when it was reached (or at the start).
                continue;
            }
            c.checkpoint();
            // Under JPF on a copy: the invariant checker a kernel makes on its first check, with its
            // scratch space, would otherwise stay in the heap JPF matches.
            String broken = check(r, c.matchesStates() ? r.kernel : r.kernel.copy());
            if (broken != null) {
                // Words only on failure: under JPF, building them on every path would cost interpretation.
                throw new AssertionError(r.last == null ? broken : "after " + r.last + ": " + broken);
            }
        }
    }

    /**
     * A run's first state: the kernel after setup, checked once. Natively it is kept and copied for
     * every run; under JPF, which runs the harness once, it is not kept, so that JPF's states hold one
     * kernel, not two.
     */
    private Run start(boolean keep) {
        if (template == null) {
            Kernel k = mutant.boot(CONFIG);
            SeL4Error e = k.untypedRetype(UNTYPED, ObjectType.Endpoint, 0, ROOT, 0, 0, ENDPOINT, 1);
            if (e != SeL4Error.NoError) {
                throw new IllegalStateException("setup: retyping the endpoint failed: " + e);
            }
            // The boot state is trusted: each cap's ancestors are its derivation-tree ancestors.
            KernelView v = k.view();
            int[] slots = new int[SLOTS];
            int n = v.occupiedSlots(slots);
            if (n > MAX_CAPS) {
                throw new IllegalStateException("setup: more than " + MAX_CAPS + " caps");
            }
            long[] ancestors = new long[n];
            for (int i = 0; i < n; i++) {
                for (int p = v.parentOf(slots[i]); p >= 0; p = v.parentOf(p)) {
                    ancestors[i] |= 1L << indexOf(slots, n, p);
                }
            }
            Run initial = new Run();
            initial.kernel = k.copyState();
            initial.ancestors = ancestors;
            // Checked once here: a step that changes nothing is not checked again (see step).
            String broken = check(initial, k.copyState());
            if (broken != null) {
                throw new AssertionError("in the initial state: " + broken);
            }
            if (!keep) {
                return initial;
            }
            templateAncestors = ancestors;
            template = initial.kernel;
        }
        Run r = new Run();
        r.kernel = template.copyState();
        r.ancestors = templateAncestors.clone();
        return r;
    }

    /**
     * One step: one chosen invocation and the ghost state carried over it. Returns whether anything
     * may have changed (the invocation succeeded, or it failed and wrote something): if not, the state
     * and the ghost state are those already checked, and the invariants, a function of them, hold.
     */
    private boolean step(Choices c, Run r) {
        int[] a = actions;
        int at = FIELDS * c.chooseInt(0, actionCount() - 1);
        boolean heapMatched = !c.matchesStates();
        Kernel before = r.kernel;
        // Under JPF the invocation runs on a copy, so that the kernel before it is still at hand.
        Kernel k = heapMatched ? before.copy() : before;
        int[] occupied = null;
        int occupiedCount = 0;
        if (!heapMatched) {
            occupied = new int[SLOTS];
            occupiedCount = k.view().occupiedSlots(occupied);
        }
        long writes = k.modifications();
        SeL4Error e = invoke(k, a, at);
        if (c.tracing()) {
            c.trace(describe(a, at) + ": " + e);
        }
        // seL4: an invocation that fails changes nothing; the write count shows it without comparing
        // states (a faulty kernel may write on failure, and then it counts as a change unless the state
        // compares equal).
        boolean failed = e != SeL4Error.NoError;
        boolean unchanged = failed && (k.modifications() == writes || heapMatched && k.sameStateAs(before));
        r.revokeFailure = null;
        if (a[at + OP] == REVOKE && !failed) {
            int n = k.view().descendantCount(k.view().rootSlot(a[at + SOURCE]));
            if (n != 0) {
                r.revokeFailure = "root[" + a[at + SOURCE] + "] still has " + n + " descendants";
            }
        }
        int[] derived = !failed && a[at + OP] != REVOKE && a[at + OP] != DELETE ? a : null;
        if (!heapMatched) {
            r.last = describe(a, at);
            if (!unchanged) {
                updateGhosts(r, occupied, occupiedCount, k, derived, at);
            }
            return !unchanged;
        }
        // JPF matches the raw heap, where cap-core's scratch space shows the last invocation. Keep it
        // canonical: if the invocation failed and changed nothing (seL4's rule, which a faulty kernel
        // may break), go on with the kernel as it was before; otherwise with a copy of the new
        // capability state alone. And keep no trace of which invocation got here, so that equal states
        // after different invocations are one state. (A violation's path is replayed natively, which
        // names the step.)
        r.last = null;
        if (unchanged) {
            r.kernel = before;
            return false;
        }
        occupied = new int[SLOTS];
        occupiedCount = before.view().occupiedSlots(occupied);
        updateGhosts(r, occupied, occupiedCount, k, derived, at);
        // A state-only copy forgets that the invocation ran past its step bound (invocation_terminates):
        // keep such a kernel as it is, for the check to report.
        r.kernel = k.stepBoundExceeded() ? k : k.copyState();
        return true;
    }

    private static SeL4Error invoke(Kernel k, int[] a, int at) {
        switch (a[at + OP]) {
            case COPY:
                return k.cnodeCopy(ROOT, a[at + DEST], DEPTH, ROOT, a[at + SOURCE], DEPTH, Rights.ALL);
            case MINT:
                return k.cnodeMint(ROOT, a[at + DEST], DEPTH, ROOT, a[at + SOURCE], DEPTH, Rights.ALL, a[at + BADGE]);
            case REVOKE:
                return k.cnodeRevoke(ROOT, a[at + SOURCE], DEPTH);
            case DELETE:
                return k.cnodeDelete(ROOT, a[at + SOURCE], DEPTH);
            default:
                return a[at + BADGE] == 1 ? k.untypedRetype(UNTYPED, ObjectType.CNode, 1, ROOT, 0, 0, a[at + DEST], 1)
                        : k.untypedRetype(UNTYPED, ObjectType.Endpoint, 0, ROOT, 0, 0, a[at + DEST], 1);
        }
    }

    /** The invocation whose fields start at {@code a[at]}, in words, e.g. {@code CNode_Mint root[21] <- root[20] badge 1}. */
    private static String describe(int[] a, int at) {
        switch (a[at + OP]) {
            case COPY:
                return "CNode_Copy root[" + a[at + DEST] + "] <- root[" + a[at + SOURCE] + "]";
            case MINT:
                return "CNode_Mint root[" + a[at + DEST] + "] <- root[" + a[at + SOURCE] + "] badge " + a[at + BADGE];
            case REVOKE:
                return "CNode_Revoke root[" + a[at + SOURCE] + "]";
            case DELETE:
                return "CNode_Delete root[" + a[at + SOURCE] + "]";
            default:
                return "Untyped_Retype root[" + UNTYPED + "] -> " + (a[at + BADGE] == 1 ? "CNode(2 slots)" : "Endpoint")
                        + " at root[" + a[at + DEST] + "]";
        }
    }

    /**
     * Carries the ghost state over an invocation: caps still there keep their live ancestors; the cap a
     * successful copy, mint or retype ({@code derived}, else null) put in its destination is derived from
     * its source and the source's ancestors; any other new cap is a stranger. {@code before} holds the
     * occupied slots before the invocation (the first {@code beforeCount}); the derived action's fields
     * start at {@code derived[at]}.
     */
    private static void updateGhosts(Run r, int[] before, int beforeCount, Kernel kernel, int[] derived, int at) {
        KernelView v = kernel.view();
        int[] after = new int[SLOTS];
        int afterCount = v.occupiedSlots(after);
        if (afterCount > MAX_CAPS) {
            throw new AssertionError("more than " + MAX_CAPS + " caps: " + afterCount);
        }
        int[] moved = new int[beforeCount];
        for (int i = 0; i < beforeCount; i++) {
            moved[i] = indexOf(after, afterCount, before[i]);
        }
        long[] ancestors = new long[afterCount];
        long strangers = 0;
        int dest = derived == null ? -1 : v.rootSlot(derived[at + DEST]);
        for (int j = 0; j < afterCount; j++) {
            int s = after[j];
            int i = indexOf(before, beforeCount, s);
            if (s == dest) {
                int source = v.rootSlot(derived[at + SOURCE]);
                int from = indexOf(before, beforeCount, source);
                int sourceAt = indexOf(after, afterCount, source);
                if (from < 0 || sourceAt < 0 || (r.strangers & 1L << from) != 0) {
                    throw new AssertionError("root[" + derived[at + SOURCE] + "] holds a cap the harness does not know");
                }
                ancestors[j] = remap(r.ancestors[from], moved) | 1L << sourceAt;
            } else if (i >= 0 && (r.strangers & 1L << i) == 0) {
                ancestors[j] = remap(r.ancestors[i], moved);
            } else {
                strangers |= 1L << j;
            }
        }
        r.ancestors = ancestors;
        r.strangers = strangers;
    }

    /** The position of {@code value} among the first {@code n} entries of {@code values}, or -1. */
    private static int indexOf(int[] values, int n, int value) {
        for (int i = 0; i < n; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** A set of positions before an invocation as positions after it, dropping the caps gone. */
    private static long remap(long positions, int[] moved) {
        long out = 0;
        for (int i = 0; i < moved.length; i++) {
            if ((positions & 1L << i) != 0 && moved[i] >= 0) {
                out |= 1L << moved[i];
            }
        }
        return out;
    }

    /** What is broken after a step (invariants, revoke, provenance), or null; {@code k} is r's kernel or a copy. */
    private static String check(Run r, Kernel k) {
        List<String> broken = k.checkInvariants();
        if (!broken.isEmpty()) {
            return "invariants violated: " + broken;
        }
        if (r.revokeFailure != null) {
            return r.revokeFailure;
        }
        KernelView v = k.view();
        int[] slots = new int[SLOTS];
        int n = v.occupiedSlots(slots);
        for (int j = 0; j < n; j++) {
            int s = slots[j];
            if ((r.strangers & 1L << j) != 0) {
                return v.addressOf(s) + " holds a cap no invocation put there";
            }
            int p = v.parentOf(s);
            if (p >= 0 && (r.ancestors[j] & 1L << indexOf(slots, n, p)) == 0) {
                return "provenance: the cap in " + v.addressOf(s) + " has derivation parent " + v.addressOf(p)
                        + ", which it was not derived from";
            }
        }
        return null;
    }

    /** The kernel's canonical encoding, then each cap's live ancestors by position in the slot order. */
    private static byte[] encode(Run r) {
        byte[] kernel = r.kernel.encode();
        ByteArrayOutputStream out = new ByteArrayOutputStream(kernel.length + 64);
        out.write(kernel, 0, kernel.length);
        for (long a : r.ancestors) {
            out.write(0xFF);
            for (int at = 0; at < MAX_CAPS; at++) {
                if ((a & 1L << at) != 0) {
                    out.write(at);
                }
            }
        }
        return out.toByteArray();
    }
}
