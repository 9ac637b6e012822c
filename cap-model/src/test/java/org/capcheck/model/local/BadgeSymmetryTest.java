package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.capcheck.core.Cap;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.engine.Artifact;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Property;
import org.capcheck.engine.Report;
import org.capcheck.engine.Violation;
import org.capcheck.spec.Slot;
import org.capcheck.spec.refine.Invocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Symmetry among badges ({@link BadgeSymmetry}): which words are interchangeable under which bounds,
 * that renaming them commutes with every step on every reachable state of small settings, that the
 * engine's reduced count is the number of classes (by Burnside's lemma over the unreduced states, whose
 * fixed points are read off the specification's view), and that a seeded bug is caught with it and
 * without it, with a captrace counterexample that replays the violation.
 */
class BadgeSymmetryTest {
    /** A 32-byte untyped (two endpoints), two slots, no CNodes, Mint with badges 1 and 2: 400 states. */
    private static final LocalBounds TWO_BADGES =
            new LocalBounds(5, List.of(20, 21), List.of(1L, 2L), 0, 0, false, 1, Distribution.DEFAULT, Mutant.NONE);
    /** Badge 1 and the guard word 65 (1:1), which Mint also offers everywhere badge 1 is. */
    private static final LocalBounds BADGE_AND_GUARD = TWO_BADGES.withBadges(List.of(1L))
            .withGuards(List.of(LocalBounds.guardWord(1, 1)));
    /** Three badges on endpoints and notifications from a 64-byte untyped. */
    private static final LocalBounds THREE_BADGES = new LocalBounds(6, List.of(20, 21), List.of(1L, 2L, 3L), 0, 0,
            false, 1, Distribution.DEFAULT, Mutant.NONE).withTypes(List.of(ObjectType.Endpoint, ObjectType.Notification), 1);

    /** The badges of a state's Endpoint and Notification caps, read from the specification's view. */
    private static Set<Long> badgesOf(LocalState s) {
        Set<Long> badges = new HashSet<>();
        for (Cap c : s.abstraction().caps().values()) {
            if (c.type().isBadged() && c.badge() != 0) {
                badges.add(c.badge());
            }
        }
        return badges;
    }

    @Test
    void whichWordsAreInterchangeable() {
        assertNull(new LocalModel(LocalBounds.defaults(), null).badgeSymmetry(),
                "default: badge 1 is also the rights-masked Mints' badge, 65 is not");
        assertNull(new LocalModel(LocalBounds.quick(), null).badgeSymmetry(), "quick: one badge");
        assertEquals(List.of(List.of(1L, 65L)), new LocalModel(LocalBounds.defaults().withRights(List.of()), null)
                .badgeSymmetry().classes(), "default without rights masks: 65 is offered wherever 1 is");
        assertNull(new LocalModel(LocalBounds.defaults().withRights(List.of()).withSlots(List.of(20, 21, 22)), null)
                .badgeSymmetry(), "with three slots the guard word goes only into the next slot");
        assertEquals(List.of(List.of(1L, 2L)), new LocalModel(LocalBounds.quick().withBadges(List.of(0L, 1L, 2L)),
                null).badgeSymmetry().classes(), "0 is never renamed");
        assertNull(new LocalModel(LocalBounds.quick().withProcesses(2, "p0: ep R; p1: ep R"), null).badgeSymmetry(),
                "several processes make no Mint");
        List<String> heading = new LocalModel(LocalBounds.defaults(), null).describeModel();
        assertTrue(heading.stream().anyMatch(l -> l.startsWith("no badges interchangeable with --symmetry: Mint offers "
                + "[1, 65]")), heading.toString());
    }

    /**
     * The image of every step's successor is the successor of the image, by the same action with the
     * badge renamed where Mint badges an unbadged Endpoint or Notification cap (elsewhere, a guard on a
     * CNode cap, say, the action is unchanged); images keep the property values and the action list. Over
     * every reachable state of two badges, and the first 600 of badge 1 beside guard word 65.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyImageStepsAsTheRenamedState(boolean withGuard) {
        LocalModel m = new LocalModel(withGuard ? BADGE_AND_GUARD : TWO_BADGES, null);
        BadgeSymmetry symmetry = m.badgeSymmetry();
        long a = 1;
        long b = withGuard ? 65 : 2;
        assertEquals(List.of(List.of(a, b)), symmetry.classes());
        Map<Long, Long> swap = Map.of(a, b, b, a);
        Map<String, LocalState> states = ReachableStates.of(m, withGuard ? 600 : Integer.MAX_VALUE);
        if (!withGuard) {
            assertEquals(400, states.size());
        }
        Kernel kernel = m.initialStates().get(0).kernel();
        long root = kernel.view().capAt(kernel.view().rootSlot(2)).paddr();
        List<LocalAction> actions = new ArrayList<>();
        List<LocalAction> imageActions = new ArrayList<>();
        int steps = 0;
        int renamedMints = 0;
        for (LocalState s : states.values()) {
            LocalState image = symmetry.image(s, swap);
            assertTrue(kernel.load(image.encoding()), "the image is a kernel state");
            assertTrue(Arrays.equals(image.encoding(), kernel.encode()), "and encodes back to itself");
            if (!withGuard) {
                assertTrue(states.containsKey(ReachableStates.key(m, image)), "the image of a reachable state is reachable");
            }
            for (Property<LocalState> p : m.properties()) {
                assertEquals(p.test(s), p.test(image), p.name());
            }
            actions.clear();
            m.actions(s, actions);
            imageActions.clear();
            m.actions(image, imageActions);
            Set<LocalAction> renamed = new HashSet<>();
            for (LocalAction x : actions) {
                renamed.add(renamed(x, s, root, swap));
            }
            assertEquals(renamed, new HashSet<>(imageActions), "the renamed actions are the image's actions");
            for (LocalAction x : actions) {
                LocalAction y = renamed(x, s, root, swap);
                renamedMints += x.equals(y) ? 0 : 1;
                LocalState next = m.next(s, x);
                LocalState nextOfImage = m.next(image, y);
                if (next == null) {
                    assertNull(nextOfImage, x.toString());
                    continue;
                }
                assertNotNull(nextOfImage, y.toString());
                assertEquals(ReachableStates.key(m, symmetry.image(next, swap)), ReachableStates.key(m, nextOfImage), x + " from " + s);
                steps++;
            }
        }
        assertTrue(steps > 10_000 && renamedMints > 20, "steps compared: " + steps + ", Mints renamed: " + renamedMints);
    }

    /**
     * {@code a} in the image of {@code s}: a Mint's word renamed when it becomes the badge of the new cap
     * (its destination is empty and its source an unbadged Endpoint or Notification cap); any other action,
     * a Mint that fails before it reads the word included, is the same action.
     */
    private static LocalAction renamed(LocalAction a, LocalState s, long root, Map<Long, Long> perm) {
        Invocation inv = a.invocation();
        if (inv.op() != Operation.CNode_Mint) {
            return a;
        }
        long[] args = inv.argArray();
        assertEquals(2, args[3], "single-process Mints name their source in the root CNode");
        assertEquals(64, args[5]);
        assertEquals(2, args[0]);
        Cap source = s.abstraction().cap(new Slot(root, args[4]));
        boolean destinationEmpty = args[2] == 64 && s.abstraction().isNull(new Slot(root, args[1]));
        if (!destinationEmpty || source == null || !source.type().isBadged() || source.badge() != 0
                || !perm.containsKey(args[7])) {
            return a;
        }
        args[7] = perm.get(args[7]);
        return new LocalAction(a.process(), Invocation.of(inv.op(), args), a.stepOnly());
    }

    /**
     * The engine's count with symmetry is the number of classes, counted by Burnside's lemma over the
     * states found without it: the average over the group of the states each renaming fixes, where a
     * renaming fixes exactly the states none of whose badges it moves (read from the specification's
     * view, not from {@link BadgeSymmetry}). Also: the images of every reachable state are reachable.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theReducedCountIsTheNumberOfClasses(boolean three) {
        LocalModel m = new LocalModel(three ? THREE_BADGES : TWO_BADGES, null);
        Map<String, LocalState> all = ReachableStates.of(m, Integer.MAX_VALUE);
        Report<LocalState, LocalAction> full = Checker.of(m).workers(2).bfs().run();
        assertEquals(all.size(), full.distinctStates());

        List<Long> words = three ? List.of(1L, 2L, 3L) : List.of(1L, 2L);
        List<Map<Long, Long>> group = new ArrayList<>();
        permutations(words, new ArrayList<>(), group);
        long fixedSum = 0;
        for (Map<Long, Long> g : group) {
            for (LocalState s : all.values()) {
                boolean fixed = badgesOf(s).stream().allMatch(w -> g.get(w).equals(w));
                fixedSum += fixed ? 1 : 0;
            }
        }
        assertEquals(0, fixedSum % group.size(), "Burnside: the sum is a multiple of the group's order");
        long classes = fixedSum / group.size();
        assertTrue(classes < all.size());

        BadgeSymmetry symmetry = m.badgeSymmetry();
        for (LocalState s : all.values()) {
            for (Map<Long, Long> g : group) {
                assertTrue(all.containsKey(ReachableStates.key(m, symmetry.image(s, g))), "the image of a reachable state is reachable");
            }
        }
        Report<LocalState, LocalAction> reduced = Checker.of(m).workers(2).symmetry(true).bfs().run();
        assertEquals(Report.Result.OK, reduced.result(), reduced.summary());
        assertEquals(classes, reduced.distinctStates(), all.size() + " states");
        for (String p : List.of("CNode_Mint returns NoError", "CNode_Mint returns IllegalOperation",
                "a badge is minted and revoked")) {
            assertEquals(full.outcome(p), reduced.outcome(p), p);
        }
    }

    private static void permutations(List<Long> words, List<Long> prefix, List<Map<Long, Long>> out) {
        if (prefix.size() == words.size()) {
            Map<Long, Long> g = new LinkedHashMap<>();
            for (int i = 0; i < words.size(); i++) {
                g.put(words.get(i), prefix.get(i));
            }
            out.add(g);
            return;
        }
        for (long w : words) {
            if (!prefix.contains(w)) {
                prefix.add(w);
                permutations(words, prefix, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    /**
     * The seeded bug that loses a deleted cap's first-badged flag (three slots: an endpoint, a badged
     * original minted from it, a copy of that; then Delete) is caught at the same depth with symmetry and
     * without, and its captrace counterexample's actions, replayed from the initial state, reach the
     * violation on the seeded kernel.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void symmetryNeverHidesTheSeededBug(boolean symmetry) {
        LocalModel m = new LocalModel(LocalBounds.quick().withBadges(List.of(1L, 2L))
                .withMutant(Mutant.DELETE_DROPS_FIRST_BADGED), null);
        assertEquals(List.of(List.of(1L, 2L)), m.badgeSymmetry().classes());
        Report<LocalState, LocalAction> r = Checker.of(m).workers(2).symmetry(symmetry).bfs().run();
        assertEquals(Report.Result.VIOLATION, r.result(), r.summary());
        Violation<LocalState, LocalAction> v = r.violations().get(0);
        assertEquals(4, v.actions().size(), v.toString());
        List<LocalAction> replayed = m.badgeSymmetry().concrete(m, v);
        assertTrue(violates(m, replayed, v.property()), v.property() + " after " + replayed);
        List<Artifact> files = m.artifacts(r);
        assertEquals(1, files.size(), "the captrace counterexample");
    }

    /** Whether the actions, taken from the initial state, lead to a state violating {@code property}. */
    private static boolean violates(LocalModel m, List<LocalAction> actions, String property) {
        LocalState s = m.initialStates().get(0);
        for (LocalAction a : actions) {
            s = m.next(s, a);
            assertNotNull(s, a.toString());
        }
        for (Property<LocalState> p : m.properties()) {
            if (p.name().equals(property)) {
                return !p.test(s);
            }
        }
        throw new AssertionError("no property " + property);
    }

    /**
     * A trace of representatives names badges as the representatives have them: here the second Mint is
     * of badge 1 in the representative (whose first badge was renamed from 2 to 1), which from the state
     * the kernel is really in (badge 2) would make another class; the concrete trace mints badge 2 again.
     */
    @Test
    void aTraceOfRepresentativesIsReplayedWithTheKernelsBadges() {
        LocalModel m = new LocalModel(LocalBounds.quick().withBadges(List.of(1L, 2L)), null);
        BadgeSymmetry symmetry = m.badgeSymmetry();
        long root = 2;
        long d = 64;
        LocalAction retype = new LocalAction(0, Invocation.untypedRetype(16, ObjectType.Endpoint.number(), 0, root, 0, 0,
                20, 1), false);
        LocalAction mint2 = new LocalAction(0, Invocation.cnodeMint(root, 21, d, root, 20, d, Rights.ALL, 2), false);
        LocalAction mint1 = new LocalAction(0, Invocation.cnodeMint(root, 22, d, root, 20, d, Rights.ALL, 1), false);
        LocalAction mint2b = new LocalAction(0, Invocation.cnodeMint(root, 22, d, root, 20, d, Rights.ALL, 2), false);
        LocalState s0 = m.initialStates().get(0);
        LocalState s1 = m.next(s0, retype);
        LocalState t2 = m.next(s1, mint2);
        LocalState r2 = symmetry.image(t2, Map.of(1L, 2L, 2L, 1L)); // the representative: badge 1 at 21
        LocalState r3 = m.next(r2, mint1);                          // badge 1 twice
        assertEquals(Set.of(2L), badgesOf(t2));
        assertEquals(Set.of(1L), badgesOf(r3));
        List<LocalAction> concrete = symmetry.concrete(m, List.of(s0, s1, r2, r3), List.of(retype, mint2, mint1));
        assertEquals(List.of(retype, mint2, mint2b), concrete);
        LocalState c3 = m.next(m.next(s1, mint2), mint2b);
        assertEquals(Set.of(2L), badgesOf(c3));
    }
}
