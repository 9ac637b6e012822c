package org.capcheck.jpf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    /** Destinations of copies, mints and retypes. */
    private static final int[] DESTINATIONS = {21, 22, 23};

    private final String name;
    private final Mutant mutant;
    private final int steps;
    /** The kernel after setup, copied at the start of every run. */
    private Kernel template;
    private Map<Integer, Ghost> templateGhosts;
    private long templateNextId;

    /** A cap as the harness tracks it: an identity and the identities of the caps it was derived from. */
    private record Ghost(long id, Set<Long> ancestors) {
        Ghost derive(long newId) {
            Set<Long> a = new HashSet<>(ancestors);
            a.add(id);
            return new Ghost(newId, a);
        }
    }

    public CapRevokeHarness(String name, Mutant mutant, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, not " + steps);
        }
        this.name = name;
        this.mutant = mutant;
        this.steps = steps;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return steps + " steps of copy/mint/revoke/delete/retype on a small kernel"
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
            c.matchState(encode(r));
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
        int op = c.chooseInt(0, 4);
        SeL4Error e;
        int source = -1;
        int dest = -1;
        int revoked = -1;
        String what;
        switch (op) {
            case 0: {
                source = SOURCES[c.chooseInt(0, SOURCES.length - 1)];
                dest = DESTINATIONS[c.chooseInt(0, DESTINATIONS.length - 1)];
                e = k.cnodeCopy(ROOT, dest, DEPTH, ROOT, source, DEPTH, Rights.ALL);
                what = "CNode_Copy root[" + dest + "] <- root[" + source + "]";
                break;
            }
            case 1: {
                source = SOURCES[c.chooseInt(0, SOURCES.length - 1)];
                dest = DESTINATIONS[c.chooseInt(0, DESTINATIONS.length - 1)];
                int badge = c.chooseInt(0, 2);
                e = k.cnodeMint(ROOT, dest, DEPTH, ROOT, source, DEPTH, Rights.ALL, badge);
                what = "CNode_Mint root[" + dest + "] <- root[" + source + "] badge " + badge;
                break;
            }
            case 2: {
                revoked = SOURCES[c.chooseInt(0, SOURCES.length - 1)];
                e = k.cnodeRevoke(ROOT, revoked, DEPTH);
                what = "CNode_Revoke root[" + revoked + "]";
                break;
            }
            case 3: {
                int slot = SOURCES[c.chooseInt(0, SOURCES.length - 1)];
                e = k.cnodeDelete(ROOT, slot, DEPTH);
                what = "CNode_Delete root[" + slot + "]";
                break;
            }
            default: {
                boolean cnode = c.chooseBoolean();
                source = UNTYPED;
                dest = DESTINATIONS[c.chooseInt(0, DESTINATIONS.length - 1)];
                e = cnode ? k.untypedRetype(UNTYPED, ObjectType.CNode, 1, ROOT, 0, 0, dest, 1)
                        : k.untypedRetype(UNTYPED, ObjectType.Endpoint, 0, ROOT, 0, 0, dest, 1);
                what = "Untyped_Retype root[" + UNTYPED + "] -> " + (cnode ? "CNode(2 slots)" : "Endpoint")
                        + " at root[" + dest + "]";
                break;
            }
        }
        c.trace(what + ": " + e);
        updateGhosts(r, e == SeL4Error.NoError ? source : -1, dest);
        check(r, e == SeL4Error.NoError ? revoked : -1, what);
    }

    private static void updateGhosts(Run r, int source, int dest) {
        Kernel k = r.kernel;
        r.ghosts.keySet().removeIf(s -> k.view().capAt(s).isNull());
        if (source >= 0) {
            Ghost from = r.ghosts.get(k.view().rootSlot(source));
            if (from == null) {
                throw new AssertionError("root[" + source + "] holds a cap the harness does not know");
            }
            r.ghosts.put(k.view().rootSlot(dest), from.derive(r.nextId++));
        }
    }

    private static void check(Run r, int revoked, String after) {
        Kernel k = r.kernel;
        List<String> broken = k.checkInvariants();
        if (!broken.isEmpty()) {
            throw new AssertionError("after " + after + ": invariants violated: " + broken);
        }
        if (revoked >= 0 && k.view().descendantCount(k.view().rootSlot(revoked)) != 0) {
            throw new AssertionError("after " + after + ": root[" + revoked + "] still has "
                    + k.view().descendantCount(k.view().rootSlot(revoked)) + " descendants");
        }
        for (int s : k.view().occupiedSlots()) {
            Ghost g = r.ghosts.get(s);
            if (g == null) {
                throw new AssertionError("after " + after + ": " + k.view().addressOf(s) + " holds a cap no invocation put there");
            }
            int p = k.view().parentOf(s);
            if (p >= 0 && !g.ancestors().contains(r.ghosts.get(p).id())) {
                throw new AssertionError("after " + after + ": provenance: the cap in " + k.view().addressOf(s)
                        + " has derivation parent " + k.view().addressOf(p) + ", which it was not derived from");
            }
        }
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
