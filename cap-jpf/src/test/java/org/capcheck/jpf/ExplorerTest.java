package org.capcheck.jpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.capcheck.engine.Report;
import org.capcheck.engine.SettingException;
import org.capcheck.engine.Verdict;
import org.junit.jupiter.api.Test;

class ExplorerTest {

    /** Three choices over 0..2, 0..1, 0..3: 24 paths, every one visited once, in lexicographic order. */
    @Test
    void everyPathIsRunOnceInDepthFirstOrder() {
        List<String> paths = new ArrayList<>();
        Harness h = Harness.of("product", "", c -> paths.add(c.chooseInt(0, 2) + "" + (c.chooseBoolean() ? 1 : 0)
                + c.chooseInt(0, 3)));
        ExplorationReport r = Explorer.of(h).statelessDfs().run();
        assertEquals(Report.Result.OK, r.result());
        assertTrue(r.complete());
        assertEquals(24, r.runs());
        assertEquals(24, paths.size());
        assertEquals(24, new HashSet<>(paths).size());
        assertEquals("000", paths.get(0));
        assertEquals("001", paths.get(1));
        assertEquals("213", paths.get(23));
        List<String> sorted = new ArrayList<>(paths);
        sorted.sort(null);
        assertEquals(sorted, paths);
        assertEquals(1 + 3 + 6, r.choicePoints());
        assertEquals(3, r.maxDepth());
    }

    @Test
    void aViolationIsReportedWithItsChoicesAndReplays() {
        Harness h = Harness.of("needle", "", c -> {
            int a = c.chooseInt(0, 9);
            c.trace("a = " + a);
            int b = c.chooseInt(0, 9);
            c.trace("b = " + b);
            if (a * b == 42) {
                throw new AssertionError("found " + a + "*" + b);
            }
        });
        ExplorationReport r = Explorer.of(h).statelessDfs().run();
        assertEquals(Report.Result.VIOLATION, r.result());
        assertEquals("violation", r.stopReason());
        ExplorationReport.Counterexample cx = r.counterexample();
        assertArrayEquals(new int[] {6, 7}, cx.choices());
        assertEquals(List.of("a = 6", "b = 7"), cx.trace());
        assertEquals("java.lang.AssertionError: found 6*7", cx.failure());
        assertEquals(6 * 10 + 8, r.runs(), "the search stops at the first violation");
        Explorer.Replay replay = Explorer.replay(h, cx.choices());
        assertTrue(replay.violated());
        assertEquals(2, replay.consumed());
        assertFalse(Explorer.replay(h, new int[] {6, 6}).violated());
        assertThrows(IllegalArgumentException.class, () -> Explorer.replay(h, new int[] {6}));
        assertThrows(IllegalArgumentException.class, () -> Explorer.replay(h, new int[] {6, 10}));
        assertTrue(r.summary().startsWith("Violation of assertions in needle: java.lang.AssertionError: found 6*7\n"),
                r.summary());
        assertTrue(r.summary().contains("Counterexample (2 choices: 6,7):\n  1. a = 6\n  2. b = 7\n"), r.summary());
    }

    @Test
    void anyExceptionIsAViolation() {
        Harness h = Harness.of("npe", "", c -> {
            if (c.chooseBoolean()) {
                Object o = null;
                o.hashCode();
            }
        });
        ExplorationReport r = Explorer.of(h).statelessDfs().run();
        assertEquals(Report.Result.VIOLATION, r.result());
        assertArrayEquals(new int[] {1}, r.counterexample().choices());
        assertTrue(r.counterexample().failure().startsWith("java.lang.NullPointerException"));
    }

    @Test
    void ignoredPathsAreNeitherViolationsNorRunOn() {
        int[] after = new int[1];
        Harness h = Harness.of("ignore", "", c -> {
            int x = c.chooseInt(0, 3);
            c.ignoreIf(x % 2 == 1);
            after[0]++;
            if (x == 3) {
                throw new AssertionError("unreachable");
            }
        });
        ExplorationReport r = Explorer.of(h).statelessDfs().run();
        assertEquals(Report.Result.OK, r.result());
        assertEquals(4, r.runs());
        assertEquals(2, r.ignoredPaths());
        assertEquals(2, after[0]);
    }

    /** A walk of n steps of +1 or +2, matching the sum at each step: states, not paths, are explored. */
    private static Harness walk(int steps, int target, boolean match) {
        return Harness.of("walk", "", c -> {
            int x = 0;
            for (int i = 0; i < steps; i++) {
                if (match) {
                    c.matchState(new byte[] {(byte) x});
                }
                x += c.chooseBoolean() ? 2 : 1;
            }
            if (x == target) {
                throw new AssertionError("reached " + target);
            }
        });
    }

    @Test
    void stateMatchingPrunesRevisitedStates() {
        ExplorationReport without = Explorer.of(walk(10, -1, false)).statelessDfs().run();
        ExplorationReport with = Explorer.of(walk(10, -1, true)).statelessDfs().run();
        assertEquals(1024, without.runs());
        assertEquals(0, without.distinctStates());
        assertTrue(with.runs() < 100, "matching keeps the search near the " + with.distinctStates() + " states: "
                + with.runs() + " runs");
        assertEquals(Report.Result.OK, with.result());
        // sums 0..18 offered at the 10 match points: 0 at point 0, then 1..2, 2..4, ..., 9..18
        assertEquals(19, with.distinctStates());
        assertTrue(with.revisits() > 0);
    }

    /**
     * The sum 2 is first seen after two +1 steps (match point 2), then after one +2 step (point 1): with
     * more steps left it must be explored again, or the sum 6 (only +2, +2, +2) would be missed.
     */
    @Test
    void aStateSeenLaterInARunIsExploredAgainWhenReachedEarlier() {
        ExplorationReport r = Explorer.of(walk(3, 6, true)).statelessDfs().run();
        assertEquals(Report.Result.VIOLATION, r.result());
        assertArrayEquals(new int[] {1, 1, 1}, r.counterexample().choices());
        ExplorationReport exact = Explorer.of(walk(3, 6, true)).exact(true).statelessDfs().run();
        assertArrayEquals(new int[] {1, 1, 1}, exact.counterexample().choices());
        assertEquals(r.runs(), exact.runs());
    }

    @Test
    void theSearchIsReproducible() {
        ExplorationReport a = Explorer.of(new CapRevokeHarness("x", org.capcheck.core.Mutant.NONE, 2)).statelessDfs().run();
        ExplorationReport b = Explorer.of(new CapRevokeHarness("x", org.capcheck.core.Mutant.NONE, 2)).statelessDfs().run();
        assertEquals(Report.Result.OK, a.result());
        assertEquals(a.runs(), b.runs());
        assertEquals(a.choicePoints(), b.choicePoints());
        assertEquals(a.distinctStates(), b.distinctStates());
        assertEquals(a.revisits(), b.revisits());
        assertTrue(a.distinctStates() > 10, "2 steps reach more than 10 kernel states: " + a.distinctStates());
    }

    @Test
    void boundsMakeTheSearchIncomplete() {
        ExplorationReport runs = Explorer.of(walk(12, -1, false)).maxRuns(100).statelessDfs().run();
        assertEquals(Report.Result.INCOMPLETE, runs.result());
        assertEquals("max-runs", runs.stopReason());
        assertEquals(100, runs.runs());
        assertTrue(runs.summary().startsWith("Incomplete (max-runs): no violation in the 100 runs of walk explored."),
                runs.summary());

        ExplorationReport depth = Explorer.of(walk(12, 24, false)).maxDepth(5).statelessDfs().run();
        assertEquals(Report.Result.INCOMPLETE, depth.result(), "the violation lies beyond the choice bound");
        assertEquals("max-depth", depth.stopReason());
        assertEquals(5, depth.maxDepth());
        assertEquals(32, depth.runs());

        Harness endless = Harness.of("endless", "", c -> {
            while (true) {
                c.chooseInt(0, 1000);
            }
        });
        long start = System.nanoTime();
        ExplorationReport time = Explorer.of(endless).maxDepth(1_000_000).timeout(Duration.ofMillis(300)).statelessDfs().run();
        assertEquals("timeout", time.stopReason());
        assertTrue((System.nanoTime() - start) / 1e9 < 5);
    }

    @Test
    void aNondeterministicHarnessIsAnError() {
        int[] calls = new int[1];
        Harness h = Harness.of("flaky", "", c -> {
            calls[0]++;
            c.chooseInt(0, calls[0] == 1 ? 1 : 2);
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Explorer.of(h).statelessDfs().run());
        assertTrue(e.getMessage().contains("not deterministic"), e.getMessage());
    }

    @Test
    void progressLinesAndJsonFollowTheEngine() {
        List<String> lines = new ArrayList<>();
        Harness slow = Harness.of("slow", "", c -> {
            c.chooseInt(0, 9);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExplorationReport r = Explorer.of(slow).progress(lines::add, Duration.ofMillis(1)).statelessDfs().run();
        assertEquals(Report.Result.OK, r.result());
        assertTrue(lines.isEmpty() || lines.get(0).startsWith("progress: "), lines.toString());
        String json = Explorer.of(walk(3, 6, true)).statelessDfs().run().toJson();
        for (String key : List.of("\"result\": \"violation\"", "\"complete\": false", "\"distinct_states\"",
                "\"runs\"", "\"choice_points\"", "\"max_depth\"", "\"seconds\"", "\"choices\": [", "\"outcome\": \"violated\"")) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        Set<String> names = new HashSet<>(Harnesses.names());
        assertTrue(names.containsAll(List.of("cap-revoke", "cap-revoke-mutant", "racy-counter")));
        assertNull(Harnesses.named("no-such"));
        assertNotNull(Harnesses.named("cap-revoke"));
    }

    /** As the engine's Checker builders: an option returns a new builder and leaves its receiver as it was. */
    @Test
    void theBuilderIsAValue() {
        Explorer base = Explorer.of(Harness.of("two-bits", "", c -> {
            c.chooseBoolean();
            c.chooseBoolean();
        }));
        Explorer bounded = base.maxRuns(1);
        Explorer shallow = base.maxDepth(1);
        assertEquals(Verdict.StopReason.MAX_RUNS, bounded.statelessDfs().run().stopReason());
        assertEquals(Verdict.StopReason.MAX_DEPTH, shallow.statelessDfs().run().stopReason());
        ExplorationReport whole = base.statelessDfs().run();
        assertTrue(whole.complete(), "the bounds set on derived builders did not reach the original: " + whole.summary());
        assertEquals(4, whole.runs());
        assertEquals(shallow.maxRuns(1).statelessDfs().run().runs(), 1);
        assertEquals(Verdict.StopReason.MAX_DEPTH, shallow.statelessDfs().run().stopReason(),
                "deriving from shallow left it shallow");

        Explorer.Search search = base.statelessDfs();
        search.run();
        assertThrows(IllegalStateException.class, search::run, "a search runs once, as the engine's checker");
        Explorer.Search stopped = base.statelessDfs();
        stopped.stop();
        assertEquals(Verdict.StopReason.INTERRUPTED, stopped.run().stopReason());

        SettingException e = assertThrows(SettingException.class, () -> base.maxDepth(0));
        assertTrue(e.getMessage().contains("maxDepth"), e.getMessage());
        assertThrows(SettingException.class, () -> base.maxRuns(0));
        assertThrows(SettingException.class, () -> base.timeout(Duration.ZERO));
    }

    /** The report's JUnit-friendly assertions, as the engine's Report offers them. */
    @Test
    void assertionsHandBackTheCounterexampleOrFailWithIt() {
        ExplorationReport racy = Explorer.of(Harnesses.named("racy-counter")).statelessDfs().run();
        ExplorationReport.Counterexample lost = racy.assertViolated(ExplorationReport.PROPERTY);
        assertEquals(racy.counterexample(), lost);
        assertTrue(lost.failure().contains("lost update"), lost.failure());
        assertTrue(Explorer.replay(Harnesses.named("racy-counter"), lost.choices()).violated());

        AssertionError holds = assertThrows(AssertionError.class, racy::assertAlwaysHolds);
        assertTrue(holds.getMessage().contains("'assertions' is violated"), holds.getMessage());
        assertTrue(holds.getMessage().contains(lost.choiceList()), holds.getMessage());
        for (String step : lost.trace()) {
            assertTrue(holds.getMessage().contains(step), step + " in " + holds.getMessage());
        }
        assertThrows(AssertionError.class, racy::assertNoViolationFound);
        AssertionError other = assertThrows(AssertionError.class, () -> racy.assertViolated("no-such"));
        assertTrue(other.getMessage().contains("'assertions'"), other.getMessage());

        Verdict<ExplorationReport.Counterexample> atomic =
                Explorer.of(Harnesses.named("atomic-counter")).statelessDfs().run();
        assertEquals(Report.Result.OK, atomic.assertAlwaysHolds().result());
        AssertionError held = assertThrows(AssertionError.class, () -> atomic.assertViolated(ExplorationReport.PROPERTY));
        assertTrue(held.getMessage().contains("holds on all"), held.getMessage());

        ExplorationReport cut = Explorer.of(Harnesses.named("racy-counter")).maxRuns(1).statelessDfs().run();
        cut.assertNoViolationFound();
        AssertionError incomplete = assertThrows(AssertionError.class, cut::assertAlwaysHolds);
        assertTrue(incomplete.getMessage().contains("incomplete (max-runs)"), incomplete.getMessage());
    }
}
