package org.capcheck.jpf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
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
 * <p>Over {@link Mutant#DELETE_DROPS_FIRST_BADGED} (deletion forgets to pass the first-badged flag on)
 * provenance fails: mint badge 1 twice from the endpoint, copy the first minted cap, delete the first
 * minted cap; its copy should move up to the endpoint but becomes a child of the second minted cap, which
 * it was never derived from.
 */
public final class CapRevokeHarness implements Harness {
    /** The kernel: a root CNode of 32 slots, a 4 KiB untyped in root slot 16. */
    static final BootConfig CONFIG = BootConfig.defaults().withRootCNodeBits(5)
            .withUntyped(List.of(new UntypedRegion(0x10000, 12, false))).withMaxIrq(0).withCapacity(7, 16);
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
    /** The operations, as the first choice of a step. */
    private static final int COPY = 0;
    private static final int MINT = 1;
    private static final int REVOKE = 2;
    private static final int DELETE = 3;
    /**
     * The narrow domain's operations, in the order tried: mint first, so that a depth-first search
     * (JPF's, in CI) reaches badged caps, where the seeded bug lies, before it exhausts unbadged copies.
     */
    private static final int[] NARROW_OPS = {MINT, COPY, DELETE};

    private final String name;
    private final Mutant mutant;
    private final int steps;
    private final boolean narrow;
    private final int[] sources;
    private final int[] destinations;
    /** The kernel after setup, copied at the start of every run. */
    private Kernel template;
    private Map<Integer, Ghost> templateGhosts;
    private long templateNextId;

    /**
     * A cap as the harness tracks it: an identity and the identities of the caps it was derived from.
     * (A plain class, not a record: a record's methods use invokedynamic, which code run under a stock
     * JPF avoids; see docs/jpf.md.)
     */
    private static final class Ghost {
        private final long id;
        private final Set<Long> ancestors;

        Ghost(long id, Set<Long> ancestors) {
            this.id = id;
            this.ancestors = ancestors;
        }

        long id() {
            return id;
        }

        Set<Long> ancestors() {
            return ancestors;
        }

        Ghost derive(long newId) {
            Set<Long> a = new HashSet<>(ancestors);
            a.add(id);
            return new Ghost(newId, a);
        }
    }

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
        this.sources = narrow ? NARROW_SOURCES : SOURCES;
        this.destinations = narrow ? NARROW_DESTINATIONS : DESTINATIONS;
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
        Map<Integer, Ghost> ghosts;
        long nextId;
    }

    @Override
    public void run(Choices c) {
        Run r = start();
        for (int step = 0; step < steps; step++) {
            if (c.matchesStates()) {
                c.matchState(encode(r));
            }
            step(c, r);
        }
    }

    private Run start() {
        if (template == null) {
            Kernel k = mutant.boot(CONFIG);
            SeL4Error e = k.untypedRetype(UNTYPED, ObjectType.Endpoint, 0, ROOT, 0, 0, ENDPOINT, 1);
            if (e != SeL4Error.NoError) {
                throw new IllegalStateException("setup: retyping the endpoint failed: " + e);
            }
            // The boot state is trusted: each cap's ancestors are its derivation-tree ancestors.
            Map<Integer, Ghost> ghosts = new HashMap<>();
            long id = 0;
            Map<Integer, Long> ids = new HashMap<>();
            for (int s : k.view().occupiedSlots()) {
                ids.put(s, id++);
            }
            for (int s : k.view().occupiedSlots()) {
                Set<Long> ancestors = new HashSet<>();
                for (int p = k.view().parentOf(s); p >= 0; p = k.view().parentOf(p)) {
                    ancestors.add(ids.get(p));
                }
                ghosts.put(s, new Ghost(ids.get(s), ancestors));
            }
            templateGhosts = ghosts;
            templateNextId = id;
            template = k;
        }
        Run r = new Run();
        r.kernel = template.copy();
        r.ghosts = new HashMap<>(templateGhosts);
        r.nextId = templateNextId;
        return r;
    }

    private void step(Choices c, Run r) {
        Kernel k = r.kernel;
        int op = narrow ? NARROW_OPS[c.chooseInt(0, NARROW_OPS.length - 1)] : c.chooseInt(0, 4);
        SeL4Error e;
        int source = -1;
        int dest = -1;
        int revoked = -1;
        int badge = 0;
        switch (op) {
            case COPY:
                source = sources[c.chooseInt(0, sources.length - 1)];
                dest = destinations[c.chooseInt(0, destinations.length - 1)];
                e = k.cnodeCopy(ROOT, dest, DEPTH, ROOT, source, DEPTH, Rights.ALL);
                break;
            case MINT:
                source = sources[c.chooseInt(0, sources.length - 1)];
                dest = destinations[c.chooseInt(0, destinations.length - 1)];
                badge = narrow ? 1 : c.chooseInt(0, 2);
                e = k.cnodeMint(ROOT, dest, DEPTH, ROOT, source, DEPTH, Rights.ALL, badge);
                break;
            case REVOKE:
                revoked = sources[c.chooseInt(0, sources.length - 1)];
                e = k.cnodeRevoke(ROOT, revoked, DEPTH);
                break;
            case DELETE:
                dest = sources[c.chooseInt(0, sources.length - 1)];
                e = k.cnodeDelete(ROOT, dest, DEPTH);
                break;
            default:
                badge = c.chooseBoolean() ? 1 : 0; // 1: a CNode, 0: an endpoint
                source = UNTYPED;
                dest = destinations[c.chooseInt(0, destinations.length - 1)];
                e = badge == 1 ? k.untypedRetype(UNTYPED, ObjectType.CNode, 1, ROOT, 0, 0, dest, 1)
                        : k.untypedRetype(UNTYPED, ObjectType.Endpoint, 0, ROOT, 0, 0, dest, 1);
                break;
        }
        if (c.tracing()) {
            c.trace(describe(op, source, dest, revoked, badge) + ": " + e);
        }
        updateGhosts(r, e == SeL4Error.NoError && op != DELETE ? source : -1, dest);
        String broken = check(r, e == SeL4Error.NoError ? revoked : -1);
        if (broken != null) {
            // Words only on failure: under JPF, building them on every path would cost interpretation.
            throw new AssertionError("after " + describe(op, source, dest, revoked, badge) + ": " + broken);
        }
    }

    /** The invocation in words, e.g. {@code CNode_Mint root[21] <- root[20] badge 1}. */
    private static String describe(int op, int source, int dest, int revoked, int badge) {
        switch (op) {
            case COPY:
                return "CNode_Copy root[" + dest + "] <- root[" + source + "]";
            case MINT:
                return "CNode_Mint root[" + dest + "] <- root[" + source + "] badge " + badge;
            case REVOKE:
                return "CNode_Revoke root[" + revoked + "]";
            case DELETE:
                return "CNode_Delete root[" + dest + "]";
            default:
                return "Untyped_Retype root[" + UNTYPED + "] -> " + (badge == 1 ? "CNode(2 slots)" : "Endpoint")
                        + " at root[" + dest + "]";
        }
    }

    private static void updateGhosts(Run r, int source, int dest) {
        Kernel k = r.kernel;
        for (Iterator<Integer> slots = r.ghosts.keySet().iterator(); slots.hasNext(); ) {
            if (k.view().capAt(slots.next()).isNull()) {
                slots.remove();
            }
        }
        if (source >= 0) {
            Ghost from = r.ghosts.get(k.view().rootSlot(source));
            if (from == null) {
                throw new AssertionError("root[" + source + "] holds a cap the harness does not know");
            }
            r.ghosts.put(k.view().rootSlot(dest), from.derive(r.nextId++));
        }
    }

    /** What is broken after a step (invariants, revoke, provenance), or null. */
    private static String check(Run r, int revoked) {
        Kernel k = r.kernel;
        List<String> broken = k.checkInvariants();
        if (!broken.isEmpty()) {
            return "invariants violated: " + broken;
        }
        if (revoked >= 0 && k.view().descendantCount(k.view().rootSlot(revoked)) != 0) {
            return "root[" + revoked + "] still has " + k.view().descendantCount(k.view().rootSlot(revoked)) + " descendants";
        }
        for (int s : k.view().occupiedSlots()) {
            Ghost g = r.ghosts.get(s);
            if (g == null) {
                return k.view().addressOf(s) + " holds a cap no invocation put there";
            }
            int p = k.view().parentOf(s);
            if (p >= 0 && !g.ancestors().contains(r.ghosts.get(p).id())) {
                return "provenance: the cap in " + k.view().addressOf(s) + " has derivation parent " + k.view().addressOf(p)
                        + ", which it was not derived from";
            }
        }
        return null;
    }

    /** The kernel's canonical encoding, then each cap's live ancestors by position in the slot order. */
    private static byte[] encode(Run r) {
        Kernel k = r.kernel;
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        byte[] kernel = k.encode();
        out.write(kernel, 0, kernel.length);
        List<Integer> slots = k.view().occupiedSlots();
        Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            position.put(r.ghosts.get(slots.get(i)).id(), i);
        }
        for (int s : slots) {
            List<Integer> live = new ArrayList<>();
            for (long a : r.ghosts.get(s).ancestors()) {
                Integer at = position.get(a);
                if (at != null) {
                    live.add(at);
                }
            }
            live.sort(null);
            out.write(0xFF);
            for (int at : live) {
                out.write(at);
            }
        }
        return out.toByteArray();
    }
}
