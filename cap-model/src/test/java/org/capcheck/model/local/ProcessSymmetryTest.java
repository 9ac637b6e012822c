package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Property;
import org.capcheck.engine.Report;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Symmetry among an authority query's processes ({@link ProcessSymmetry}): each image is a state that
 * steps as the renamed state does, the reduced count is the number of classes (derived by hand for a
 * small distribution), and neither an authority witness nor a seeded bug is hidden by it.
 */
class ProcessSymmetryTest {
    /** Two processes holding one read-only endpoint cap each, nothing shared. */
    private static final String ONE_COPY_EACH = "p0: ep R; p1: ep R";

    private static LocalModel model(String distribution, String query, Mutant mutant) {
        int processes = distribution.split(";").length;
        return new LocalModel(LocalBounds.quick().withProcesses(processes, distribution).withMutant(mutant),
                query == null ? null : AuthorityQuery.parse(query));
    }

    /** How many caps a process holds in slots 1 to 3 of its CNode. */
    private static int capsOf(LocalState s, long cnode) {
        SpecState a = s.abstraction();
        int n = 0;
        for (long i = 1; i < 1L << Distribution.PROCESS_RADIX; i++) {
            n += a.isNull(new Slot(cnode, i)) ? 0 : 1;
        }
        return n;
    }

    /**
     * The count derived by hand. Each process can make, from its one endpoint cap, 16 arrangements of its
     * slots 1 to 3: none, a cap in one of 3 slots, 3 pairs of slots in 2 list orders, all 3 slots in 6
     * orders (a Copy puts the new cap right after its source in the derivation list; Delete takes one
     * out). Nothing the processes do can move one's caps past the other's (p1's were minted last, so
     * they sit first after the root task's original, and every copy lands next to its source), so the
     * 256 = 16 x 16 states are all pairs. Exchanging the processes keeps the list order, so a pair's
     * image (p1's arrangement in p0's slots, first in the list) is reachable only when one of the two
     * holds nothing: the 15 pairs (x, none) merge with (none, x), and 256 - 15 = 241 classes remain.
     */
    @Test
    void twoProcessesWithOneCopyEachHave256StatesIn241Classes() {
        LocalModel m = model(ONE_COPY_EACH, null, Mutant.NONE);
        Map<String, LocalState> all = ReachableStates.of(m, Integer.MAX_VALUE);
        assertEquals(256, all.size());
        long[] cnodes = Distribution.parse(ONE_COPY_EACH, 2).build(Mutant.NONE).cnodeAddresses();
        long oneEmpty = all.values().stream()
                .filter(s -> (capsOf(s, cnodes[0]) == 0) != (capsOf(s, cnodes[1]) == 0)).count();
        assertEquals(30, oneEmpty, "15 arrangements each for p0 alone and p1 alone");

        // The classes, counted from the unreduced states and their images (no engine).
        ProcessSymmetry symmetry = m.processSymmetry();
        Set<String> classes = new HashSet<>();
        for (LocalState s : all.values()) {
            List<LocalState> images = new ArrayList<>();
            symmetry.images(s, images);
            assertEquals(1, images.size(), "two processes: one exchange");
            String least = ReachableStates.key(m, s);
            for (LocalState image : images) {
                String k = ReachableStates.key(m, image);
                least = k.compareTo(least) < 0 ? k : least;
            }
            classes.add(least);
        }
        assertEquals(241, classes.size());

        // The engine with symmetry finds one state per class.
        Report<LocalState, LocalAction> reduced = Checker.of(m).symmetry(true).bfs().run();
        assertEquals(Report.Result.OK, reduced.result(), reduced.summary());
        assertEquals(241, reduced.distinctStates());
    }

    /**
     * An image is a true renaming: it loads into a kernel that encodes it back, has the same property
     * values, offers the renamed actions, and each renamed action leads to the image of the original
     * action's successor. Over every reachable state of two processes with one endpoint cap each, and
     * the first states of two sharing a CNode (where caps move between the processes' CSpaces).
     */
    @ParameterizedTest
    @ValueSource(strings = {ONE_COPY_EACH, "p0: shared; p1: shared"})
    void everyImageStepsAsTheRenamedState(String distribution) {
        LocalModel m = model(distribution, null, Mutant.NONE);
        ProcessSymmetry symmetry = m.processSymmetry();
        Map<String, LocalState> states = ReachableStates.of(m, distribution.equals(ONE_COPY_EACH) ? Integer.MAX_VALUE : 120);
        Kernel kernel = m.initialStates().get(0).kernel();
        List<LocalAction> actions = new ArrayList<>();
        List<LocalAction> imageActions = new ArrayList<>();
        int steps = 0;
        for (LocalState s : states.values()) {
            for (int[] perm : symmetry.permutations()) {
                LocalState image = symmetry.image(s, perm);
                assertNotNull(image, "every reachable state of a correct kernel is covered");
                assertTrue(kernel.load(image.encoding()), "the image is a kernel state");
                assertTrue(Arrays.equals(image.encoding(), kernel.encode()), "and encodes back to itself");
                for (Property<LocalState> p : m.properties()) {
                    assertEquals(p.test(s), p.test(image), p.name());
                }
                actions.clear();
                m.actions(s, actions);
                imageActions.clear();
                m.actions(image, imageActions);
                Set<LocalAction> renamed = new HashSet<>();
                actions.forEach(a -> renamed.add(ProcessSymmetry.renamed(a, perm)));
                assertEquals(renamed, new HashSet<>(imageActions));
                for (LocalAction a : actions) {
                    LocalState next = m.next(s, a);
                    LocalState nextOfImage = m.next(image, ProcessSymmetry.renamed(a, perm));
                    if (next == null) {
                        assertNull(nextOfImage, a.toString());
                        continue;
                    }
                    LocalState imageOfNext = symmetry.image(next, perm);
                    assertNotNull(imageOfNext);
                    assertEquals(ReachableStates.key(m, imageOfNext), ReachableStates.key(m, nextOfImage), a + " from " + s);
                    steps++;
                }
            }
        }
        assertTrue(steps > 100, "steps compared: " + steps);
    }

    /**
     * p1 and p2 hold the same and are interchangeable; p0, the one asked about, is not. The witness is
     * found with symmetry and without it, as the same one-step answer.
     */
    @Test
    void anAuthorityWitnessIsFoundWithSymmetryAndWithout() {
        LocalModel m = model("p0: ep R, shared; p1: ep RWGP, shared; p2: ep RWGP, shared", "p0 can hold W to ep",
                Mutant.NONE);
        assertEquals(List.of("p1, p2"), m.processSymmetry().describe());
        for (boolean on : new boolean[] {false, true}) {
            Report<LocalState, LocalAction> r = Checker.of(m).symmetry(on).bfs().run();
            assertEquals(Report.Result.VIOLATION, r.result(), r.summary());
            assertEquals(List.of("Answer: p0 can hold W to ep: reachable; the counterexample above is a witness."),
                    m.describeOutcome(r));
            assertEquals(1, r.violations().get(0).actions().size(), "symmetry " + on + ": " + r.violations().get(0));
        }
    }

    /** A query about a process leaves it out of the symmetry; no two alike, no symmetry. */
    @Test
    void theQuerysProcessAndUnequalOnesAreNotInterchangeable() {
        assertNull(model(ONE_COPY_EACH, "p1 can hold W to ep", Mutant.NONE).processSymmetry());
        assertNull(model("p0: ep RWGP; p1: ep R", null, Mutant.NONE).processSymmetry());
        assertNull(model("p0: ep R, shared; p1: shared, ep R", null, Mutant.NONE).processSymmetry(),
                "the same caps in other slots are not the same distribution");
        assertEquals(List.of("p0, p2"),
                model("p0: ep R; p1: ep R; p2: ep R", "p1 can hold W to ep", Mutant.NONE).processSymmetry().describe());
        assertEquals(5, model("p0: ep R; p1: ep R; p2: ep R", null, Mutant.NONE).processSymmetry().permutations().size());
    }

    /** A state whose set-up caps differ from the set-up's (only a seeded bug could make one) has no images. */
    @Test
    void aStateOutsideTheArgumentStandsForItself() {
        LocalModel m = model(ONE_COPY_EACH, null, Mutant.NONE);
        LocalState initial = m.initialStates().get(0);
        ProcessSymmetry symmetry = m.processSymmetry();
        assertTrue(symmetry.covered(initial.encoding()));
        EncodedSlots layout = EncodedSlots.read(initial.encoding());
        // The root task's original cap to p0's CNode, with its rights byte changed.
        long cnode = Distribution.parse(ONE_COPY_EACH, 2).build(Mutant.NONE).cnodeAddresses()[0];
        int changed = 0;
        for (int n = 0; n < layout.slots; n++) {
            if (!layout.isNull(initial.encoding(), n) && layout.address(initial.encoding(), n) == cnode) {
                byte[] e = initial.encoding().clone();
                e[layout.slotOffset[n] + EncodedSlots.PREV - 3] ^= 1;
                assertFalse(symmetry.covered(e), "slot " + n);
                List<LocalState> images = new ArrayList<>();
                symmetry.images(initial.renamed(e, initial.alive), images);
                assertEquals(List.of(), images);
                changed++;
            }
        }
        assertEquals(3, changed, "the root task's original, the CSpace root in p0's TCB, and slot 0 of p0's CNode");
    }

    /**
     * A seeded bug in cap-core (a Copy of a non-original cap made its child) is caught with symmetry and
     * without: every process's first Copy between its own slots shows it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void symmetryNeverHidesTheSeededBug(boolean symmetry) {
        LocalModel m = model(ONE_COPY_EACH, null, Mutant.COPY_OF_NON_ORIGINAL_IS_CHILD);
        Report<LocalState, LocalAction> r;
        try {
            r = Checker.of(m).symmetry(symmetry).bfs().run();
        } catch (IllegalStateException stepThrew) {
            throw new AssertionError("the engine reports a throwing step as a violation", stepThrew);
        }
        assertEquals(Report.Result.VIOLATION, r.result(), r.summary());
        assertEquals(1, r.violations().get(0).actions().size(), r.violations().get(0).toString());
    }
}
