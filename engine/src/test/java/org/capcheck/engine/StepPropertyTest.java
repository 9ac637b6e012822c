package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sometimesStep properties: conditions on transitions, self-loops included, reported like sometimes ones. */
class StepPropertyTest {

    /**
     * A counter from 0 to {@code limit}: "inc" steps up, "poke" is a failed request that changes nothing
     * (the model returns the very state, as a failed invocation does), "wrap" goes from the top back to 0.
     */
    private static class Counter implements Model<Integer, String> {
        private final int limit;
        private final boolean decodes;
        private final List<Property<Integer>> properties;

        Counter(int limit, boolean decodes, List<Property<Integer>> properties) {
            this.limit = limit;
            this.decodes = decodes;
            this.properties = properties;
        }

        @Override
        public List<Integer> initialStates() {
            return List.of(0);
        }

        @Override
        public void actions(Integer state, List<String> actions) {
            if (state < limit) {
                actions.add("inc");
            } else {
                actions.add("wrap");
            }
            actions.add("poke");
        }

        @Override
        public Integer next(Integer state, String action) {
            switch (action) {
                case "inc":
                    return state + 1;
                case "wrap":
                    return 0;
                default:
                    return state; // nothing changed: the same object, a self-loop the searches skip
            }
        }

        @Override
        public List<Property<Integer>> properties() {
            return properties;
        }

        @Override
        public void encode(Integer state, StateSink sink) {
            sink.putInt(state);
        }

        @Override
        public boolean decodes() {
            return decodes;
        }

        @Override
        public Integer decode(long[] words, int from, int length) {
            return (int) words[from];
        }

        @Override
        public Map<String, String> describe(Integer state) {
            return Map.of("n", state.toString());
        }
    }

    private static final String POKE_AT_THREE = "a poke at three changes nothing";
    private static final String INC_AT_TOP = "inc from the top";
    private static final String WRAP = "the counter wraps to 0";

    private static List<Property<Integer>> properties() {
        return List.of(
                Property.sometimesStep(POKE_AT_THREE, (Integer s, String a, Integer n) -> a.equals("poke") && s == 3
                        && n.equals(s)),
                Property.sometimesStep(INC_AT_TOP, (Integer s, String a, Integer n) -> a.equals("inc") && s == 5),
                Property.sometimesStep(WRAP, (Integer s, String a, Integer n) -> s == 5 && n == 0),
                Property.sometimes("at three", n -> n == 3));
    }

    private static Checker<Integer, String> checker(Model<Integer, String> m, Strategy strategy, int workers) {
        switch (strategy) {
            case BFS:
                return workers == 1 ? Checker.of(m).bfs() : Checker.of(m).workers(workers).bfs();
            case DFS:
                return Checker.of(m).dfs();
            default:
                return Checker.of(m).maxDepth(20).simulate(5, 200);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BFS", "DFS", "SIMULATE"})
    void aSelfLoopReachesAStepPropertyWithTheStepAsTheExample(Strategy strategy) {
        for (boolean decodes : new boolean[] {false, true}) {
            for (int workers : strategy == Strategy.BFS ? new int[] {1, 2} : new int[] {1}) {
                Report<Integer, String> r = checker(new Counter(5, decodes, properties()), strategy, workers).run();
                Trace<Integer, String> example = r.assertReached(POKE_AT_THREE);
                assertEquals("poke", example.actions().get(example.length() - 1), example.toText());
                assertEquals(3, example.steps().get(example.length() - 1).state());
                assertEquals(3, example.lastState());
                if (strategy != Strategy.SIMULATE) {
                    // bfs finds a shortest example; dfs takes "inc" first, so its path is the same one.
                    assertEquals(List.of("inc", "inc", "inc", "poke"), example.actions());
                }
                // A step into a new state works alike; its example ends with that step.
                Trace<Integer, String> wrap = r.assertReached(WRAP);
                assertEquals("wrap", wrap.actions().get(wrap.length() - 1));
                assertEquals(0, wrap.lastState());
                assertEquals(PropertyResult.Outcome.REACHED, r.outcome("at three"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BFS", "DFS"})
    void aStepNoStateTakesIsNotReachedAndSplitsNoStates(Strategy strategy) {
        Report<Integer, String> r = checker(new Counter(5, false, properties()), strategy, 1).run();
        assertEquals(Report.Result.OK, r.result());
        assertEquals(PropertyResult.Outcome.NOT_REACHED, r.outcome(INC_AT_TOP));
        assertTrue(r.summary().contains("sometimes " + INC_AT_TOP + ": not reached"), r.summary());
        // The step properties are about transitions: the states are the counter's six, as without them.
        assertEquals(6, r.distinctStates());
        assertEquals(r.distinctStates(), checker(new Counter(5, false, List.of()), strategy, 1).run().distinctStates());
    }

    @Test
    void aStepPropertyIsUnknownWhenTheRunStopsFirst() {
        Report<Integer, String> r = Checker.of(new Counter(5, false, properties())).maxDepth(2).bfs().run();
        assertEquals(Report.Result.INCOMPLETE, r.result());
        assertEquals(PropertyResult.Outcome.UNKNOWN, r.outcome(WRAP));
        assertEquals(PropertyResult.Outcome.UNKNOWN, r.outcome(INC_AT_TOP));
    }

    @Test
    void aStepConditionThatThrowsDoesNotHoldThere() {
        Report<Integer, String> r = Checker.of(new Counter(5, false, List.of(Property.sometimesStep("throws below four",
                (Integer s, String a, Integer n) -> {
                    if (s < 4) {
                        throw new IllegalStateException("boom");
                    }
                    return a.equals("poke");
                })))).bfs().run();
        assertEquals(Report.Result.OK, r.result());
        Trace<Integer, String> example = r.assertReached("throws below four");
        assertEquals(4, example.steps().get(example.length() - 1).state());
    }

    @Test
    void aStateOnlyPropertyNeverHoldsForAStepNorAStepOneForAState() {
        Property<Integer> state = Property.sometimes("s", n -> true);
        Property<Integer> step = Property.sometimesStep("t", (Integer s, String a, Integer n) -> true);
        assertTrue(step.isStep() && !state.isStep());
        assertEquals(Property.Kind.SOMETIMES, step.kind());
        assertTrue(!step.test(1) && state.test(1));
        assertTrue(step.testStep(1, "x", 2) && !state.testStep(1, "x", 2));
    }
}
