package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checker's API as a JUnit user meets it: the strategy builders, the report's assertions, examples. */
class CheckerApiTest {

    /**
     * A lock shared by two clients: each takes it when it is free and gives it back. The seeded bug lets a
     * client take the lock while the other holds it, so "mutual exclusion" fails after two acquisitions.
     * The state is a plain class with no equals or hashCode: its identity is its encoding alone.
     */
    static final class Lock implements Model<Lock.State, String> {
        static final class State {
            final boolean a;
            final boolean b;

            State(boolean a, boolean b) {
                this.a = a;
                this.b = b;
            }
        }

        private final boolean buggy;

        Lock(boolean buggy) {
            this.buggy = buggy;
        }

        @Override
        public List<State> initialStates() {
            return List.of(new State(false, false));
        }

        @Override
        public void actions(State s, List<String> actions) {
            if (!s.a && (!s.b || buggy)) {
                actions.add("a takes");
            }
            if (!s.b && (!s.a || buggy)) {
                actions.add("b takes");
            }
            if (s.a) {
                actions.add("a gives");
            }
            if (s.b) {
                actions.add("b gives");
            }
        }

        @Override
        public State next(State s, String action) {
            switch (action) {
                case "a takes":
                    return new State(true, s.b);
                case "b takes":
                    return new State(s.a, true);
                case "a gives":
                    return new State(false, s.b);
                default:
                    return new State(s.a, false);
            }
        }

        @Override
        public List<Property<State>> properties() {
            return List.of(Property.always("mutual exclusion", s -> !(s.a && s.b)),
                    Property.sometimes("b holds the lock", s -> s.b),
                    Property.sometimes("both hold the lock", s -> s.a && s.b));
        }

        @Override
        public void encode(State s, StateSink sink) {
            sink.putBoolean(s.a);
            sink.putBoolean(s.b);
        }

        @Override
        public Map<String, String> describe(State s) {
            return Map.of("a", s.a ? "holds" : "-", "b", s.b ? "holds" : "-");
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void assertViolatedCatchesTheSeededBugAndReturnsTheTrace(Strategy strategy) {
        Report<Lock.State, String> report = CheckerTest.with(Checker.of(new Lock(true)), strategy).run();
        Trace<Lock.State, String> trace = report.assertViolated("mutual exclusion");
        assertTrue(trace.lastState().a && trace.lastState().b);
        if (strategy == Strategy.BFS) {
            assertEquals(List.of("a takes", "b takes"), trace.actions(), "bfs gives a shortest trace");
        }
    }

    @Test
    void assertAlwaysHoldsFailsOnTheSeededBugWithTheShortestTraceInItsMessage() {
        Report<Lock.State, String> report = Checker.of(new Lock(true)).workers(2).bfs().run();
        AssertionError e = assertThrows(AssertionError.class, report::assertAlwaysHolds);
        String message = e.getMessage();
        assertTrue(message.contains("'mutual exclusion' is violated; counterexample (2 steps)"), message);
        assertTrue(message.contains("State 1 after a takes"), message);
        assertTrue(message.contains("State 2 after b takes"), message);
        assertTrue(message.contains("b: - -> holds"), message);
        AssertionError noViolation = assertThrows(AssertionError.class, report::assertNoViolationFound);
        assertTrue(noViolation.getMessage().contains("State 2 after b takes"), noViolation.getMessage());
    }

    @Test
    void theCorrectModelPassesEveryAssertionAndFailsTheOppositeOnes() {
        Report<Lock.State, String> report = Checker.of(new Lock(false)).bfs().run();
        assertSame(report, report.assertAlwaysHolds());
        assertEquals(3, report.distinctStates());
        AssertionError held = assertThrows(AssertionError.class, () -> report.assertViolated("mutual exclusion"));
        assertTrue(held.getMessage().contains("expected 'mutual exclusion' to be violated, but it holds in all 3 "
                + "reachable states"), held.getMessage());
        AssertionError vacuous = assertThrows(AssertionError.class, () -> report.assertReached("both hold the lock"));
        assertTrue(vacuous.getMessage().contains("no state of the 3 reachable ones satisfies it"), vacuous.getMessage());
        AssertionError unknown = assertThrows(AssertionError.class, () -> report.assertReached("c holds"));
        assertTrue(unknown.getMessage().contains("no property named 'c holds'; its properties: 'mutual exclusion', "
                + "'b holds the lock', 'both hold the lock'"), unknown.getMessage());
        assertThrows(AssertionError.class, () -> report.assertReached("mutual exclusion"));
        assertThrows(AssertionError.class, () -> report.assertViolated("b holds the lock"));
    }

    @Test
    void anIncompleteRunDoesNotPassAssertAlwaysHolds() {
        Report<Lock.State, String> report = Checker.of(new Lock(false)).maxDepth(0).bfs().run();
        AssertionError e = assertThrows(AssertionError.class, report::assertAlwaysHolds);
        assertTrue(e.getMessage().contains("the run was incomplete (max-depth) after 1 distinct states"), e.getMessage());
        report.assertNoViolationFound();
        AssertionError reached = assertThrows(AssertionError.class, () -> report.assertReached("b holds the lock"));
        assertTrue(reached.getMessage().contains("the run stopped (max-depth)"), reached.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void aReachedSometimesPropertyComesWithItsExampleTrace(Strategy strategy) {
        Report<Lock.State, String> report = CheckerTest.with(Checker.of(new Lock(false)), strategy).run();
        Trace<Lock.State, String> example = report.assertReached("b holds the lock");
        assertTrue(example.lastState().b, "the example ends in a state that satisfies the property");
        Lock.State first = example.steps().get(0).state();
        assertTrue(!first.a && !first.b, "the example starts in the initial state");
        if (strategy == Strategy.BFS) {
            assertEquals(List.of("b takes"), example.actions());
        }
        assertEquals(example, report.example("b holds the lock").orElseThrow());
        assertTrue(report.summary().contains("Example of 'b holds the lock' (" + example.length() + " step"),
                report.summary());
        assertTrue(report.toJson().contains("\"examples\": ["), report.toJson());
    }

    @Test
    void traceRebuildingGoesByTheEncodingNotByEquals() {
        // The state class has identity equality, so only the encoding can recognise the violating state
        // again when bfs rebuilds its trace; exact mode's visited set goes by the encoding too.
        Report<Lock.State, String> exact = Checker.of(new Lock(true)).exact(true).workers(2).bfs().run();
        assertEquals(List.of("a takes", "b takes"), exact.assertViolated("mutual exclusion").actions());
        Report<Lock.State, String> correct = Checker.of(new Lock(false)).exact(true).bfs().run();
        assertEquals(3, correct.distinctStates());
    }

    @Test
    void buildersAreValuesAndCheckersKeepTheSettingsTheyWereBuiltWith() {
        Model<Integer, String> counter = new CountTo(10);
        Checker.Builder<Integer, String> base = Checker.of(counter);
        Checker<Integer, String> unbounded = base.bfs();
        Checker.Builder<Integer, String> shallow = base.maxDepth(2);
        Checker.ParallelBuilder<Integer, String> parallel = shallow.workers(2);
        Checker<Integer, String> shallowChecker = shallow.bfs();
        parallel.maxDepth(5); // a new builder; neither shallow nor its checker changes

        assertEquals(11, unbounded.run().distinctStates());
        assertEquals(11, base.bfs().run().distinctStates(), "maxDepth on a derived builder leaves the base alone");
        assertEquals(3, shallowChecker.run().distinctStates());
        assertEquals(3, shallow.dfs().run().distinctStates());
        assertEquals(1, shallowChecker.workers());
        assertEquals(2, parallel.bfs().workers());
        assertEquals(3, parallel.bfs().run().distinctStates());
        assertEquals(1, base.dfs().workers(), "dfs runs on one thread and says so");
        assertEquals(Strategy.SIMULATE, base.simulate(1, 2).strategy());
        assertEquals(null, base.bfs().seed(), "only simulations have a seed");
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        Checker.Builder<Integer, String> b = Checker.of(new CountTo(3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.workers(0)).getMessage().startsWith("workers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxDepth(-1)).getMessage().startsWith("maxDepth"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxStates(0)).getMessage().startsWith("maxStates"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.timeout(java.time.Duration.ZERO)).getMessage()
                .startsWith("timeout"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.simulate(1, 0)).getMessage().startsWith("walks"));
    }

    @Test
    void examplesPastTheRebuildingBudgetAreTheirStateAloneButAViolationIsAlwaysRebuilt() {
        Model<Integer, String> counter = new CountTo(100);
        Exploration.Found<Integer, String> violation = new Exploration.Found<>("below 90", 90, 90, null);
        Exploration.Found<Integer, String> near = new Exploration.Found<>("reaches 5", 5, 5, null);
        Exploration.Found<Integer, String> far = new Exploration.Found<>("reaches 80", 80, 80, null);
        List<Trace<Integer, String>> onlyExamples = TraceFinder.traces(counter, List.of(near, far), 0, 10);
        assertEquals(5, onlyExamples.get(0).length());
        assertEquals(null, onlyExamples.get(1), "80 lies past a budget of 10 states");
        List<Trace<Integer, String>> withViolation = TraceFinder.traces(counter, List.of(violation, near, far), 1, 10);
        assertEquals(90, withViolation.get(0).length(), "a violation is rebuilt whatever it costs");
        assertEquals(90, withViolation.get(0).lastState());
        assertEquals(80, withViolation.get(2).length(), "found on the way to the violation");
    }

    @Test
    void anExampleTheLevelCountsPlacePastTheBudgetIsNotSearchedFor() {
        java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
        Model<Integer, String> counter = new ForwardingModel<>(new CountTo(100)) {
            @Override
            public Integer next(Integer state, String action) {
                steps.incrementAndGet();
                return model.next(state, action);
            }
        };
        Exploration.Found<Integer, String> near = new Exploration.Found<>("reaches 5", 5, 5, null);
        Exploration.Found<Integer, String> far = new Exploration.Found<>("reaches 80", 80, 80, null);
        // One state per level, as a breadth-first search of CountTo counts them.
        List<Trace<Integer, String>> onlyFar = TraceFinder.traces(counter, List.of(far), 0, 10, depth -> depth);
        assertEquals(null, onlyFar.get(0));
        assertEquals(0, steps.get(), "no step taken for an example the level counts put past the budget");
        List<Trace<Integer, String>> both = TraceFinder.traces(counter, List.of(near, far), 0, 10, depth -> depth);
        assertEquals(5, both.get(0).length());
        assertEquals(null, both.get(1));
        assertEquals(10, steps.get(), "5 steps to find the near example and 5 to replay its trace; none toward 80");
        Exploration.Found<Integer, String> violation = new Exploration.Found<>("below 90", 90, 90, null);
        List<Trace<Integer, String>> withViolation = TraceFinder.traces(counter, List.of(violation, far), 1, 10,
                depth -> depth);
        assertEquals(80, withViolation.get(1).length(), "an example on the way to a violation is still rebuilt");
    }

    /** 0, 1, ..., limit. */
    private static final class CountTo implements Model<Integer, String> {
        private final int limit;

        CountTo(int limit) {
            this.limit = limit;
        }

        @Override
        public List<Integer> initialStates() {
            return List.of(0);
        }

        @Override
        public void actions(Integer n, List<String> actions) {
            if (n < limit) {
                actions.add("inc");
            }
        }

        @Override
        public Integer next(Integer n, String action) {
            return n + 1;
        }
    }
}
