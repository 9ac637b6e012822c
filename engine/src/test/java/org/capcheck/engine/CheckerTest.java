package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckerTest {

    /** A counter from 0 that can step up by one while below {@code limit} (forever when limit is negative). */
    private static class Counter implements Model<Integer, String> {
        private final int limit;
        private final boolean deadlock;
        private final List<Property<Integer>> properties;

        Counter(int limit, boolean deadlock, List<Property<Integer>> properties) {
            this.limit = limit;
            this.deadlock = deadlock;
            this.properties = properties;
        }

        @Override
        public List<Integer> initialStates() {
            return List.of(0);
        }

        @Override
        public void actions(Integer state, List<String> actions) {
            if (limit < 0 || state < limit) {
                actions.add("inc");
            }
        }

        @Override
        public Integer next(Integer state, String action) {
            return state + 1;
        }

        @Override
        public List<Property<Integer>> properties() {
            return properties;
        }

        @Override
        public boolean checksDeadlock() {
            return deadlock;
        }

        @Override
        public void encode(Integer state, StateSink sink) {
            sink.putInt(state);
        }

        @Override
        public Map<String, String> describe(Integer state) {
            return Map.of("n", state.toString());
        }
    }

    /** The terminal call of each strategy, for tests that run under all of them. */
    static <S, A> Checker<S, A> with(Checker.Builder<S, A> builder, Strategy strategy) {
        switch (strategy) {
            case BFS:
                return builder.bfs();
            case DFS:
                return builder.dfs();
            default:
                return builder.simulate(3, 1_000);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BFS", "DFS", "SIMULATE"})
    void aStuckStateIsADeadlockWithItsTrace(Strategy strategy) {
        Report<Integer, String> report = with(Checker.of(new Counter(5, true, List.of())), strategy).run();
        assertEquals(Report.Result.VIOLATION, report.result());
        Violation<Integer, String> v = report.violations().get(0);
        assertEquals("deadlock-free", v.property());
        assertEquals(5, v.trace().length());
        assertEquals(5, v.trace().lastState());
        assertEquals(PropertyResult.Outcome.VIOLATED, report.outcome("deadlock-free"));
    }

    @Test
    void aStuckStateIsFineWithoutTheDeadlockCheck() {
        Report<Integer, String> report = Checker.of(new Counter(5, false, List.of())).bfs().run();
        assertEquals(Report.Result.OK, report.result());
        assertTrue(report.complete());
        assertEquals(6, report.distinctStates());
        assertEquals(5, report.maxDepth());
        assertNull(report.outcome("deadlock-free"));
    }

    @Test
    void aVacuousSometimesPropertyIsReportedNotReached() {
        Report<Integer, String> report = Checker.of(new Counter(5, false, List.of(
                Property.sometimes("reaches ten", n -> n == 10),
                Property.sometimes("reaches three", n -> n == 3),
                Property.always("below six", n -> n < 6)))).bfs().run();
        assertEquals(Report.Result.OK, report.result());
        assertEquals(PropertyResult.Outcome.NOT_REACHED, report.outcome("reaches ten"));
        assertEquals(PropertyResult.Outcome.REACHED, report.outcome("reaches three"));
        assertEquals(PropertyResult.Outcome.HOLDS, report.outcome("below six"));
        assertTrue(report.summary().contains("warning: sometimes reaches ten: not reached"), report.summary());
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = {"BFS", "DFS"})
    void aDepthBoundThatCutsTheSpaceGivesIncomplete(Strategy strategy) {
        Report<Integer, String> cut = with(Checker.of(new Counter(5, false, List.of(Property.always("small", n -> n < 5))))
                .maxDepth(2), strategy).run();
        assertEquals(Report.Result.INCOMPLETE, cut.result());
        assertFalse(cut.complete());
        assertEquals("max-depth", cut.stopReason());
        assertEquals(3, cut.distinctStates());
        assertEquals(PropertyResult.Outcome.UNKNOWN, cut.outcome("small"));

        // A bound at the deepest state cuts nothing off: the run is complete.
        Report<Integer, String> exact = with(Checker.of(new Counter(5, false, List.of())).maxDepth(5), strategy).run();
        assertEquals(Report.Result.OK, exact.result());
        assertTrue(exact.complete());
    }

    @Test
    void stateAndTimeBoundsGiveIncomplete() {
        Report<Integer, String> states = Checker.of(new Counter(-1, false, List.of())).maxStates(100).bfs().run();
        assertEquals(Report.Result.INCOMPLETE, states.result());
        assertEquals("max-states", states.stopReason());
        assertTrue(states.distinctStates() >= 100 && states.distinctStates() < 200, "" + states.distinctStates());

        Report<Integer, String> time = Checker.of(new Counter(-1, false, List.of()))
                .timeout(Duration.ofMillis(200)).dfs().run();
        assertEquals(Report.Result.INCOMPLETE, time.result());
        assertEquals("timeout", time.stopReason());
        assertTrue(time.seconds() < 10);
    }

    @Test
    void stopEndsARunAsInterrupted() throws InterruptedException {
        Checker<Integer, String> checker = Checker.of(new Counter(-1, false, List.of())).dfs();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            checker.stop();
        });
        stopper.start();
        Report<Integer, String> report = checker.run();
        stopper.join();
        assertEquals(Report.Result.INCOMPLETE, report.result());
        assertEquals("interrupted", report.stopReason());
    }

    @Test
    void runningOutOfHeapInAWorkerEndsTheRunAsIncomplete() {
        AtomicInteger steps = new AtomicInteger();
        Model<Integer, String> hungry = new Counter(-1, false, List.of()) {
            @Override
            public Integer next(Integer state, String action) {
                if (steps.incrementAndGet() == 1000) {
                    throw new OutOfMemoryError("simulated");
                }
                return state + 1;
            }
        };
        Report<Integer, String> report = Checker.of(hungry).workers(2).bfs().run();
        assertEquals(Report.Result.INCOMPLETE, report.result());
        assertEquals("out-of-memory", report.stopReason());
    }

    /** Two counters 0..3; symmetric, so (a, b) and (b, a) are one state under the canonical form. */
    private static final class Pair implements Model<List<Integer>, Integer> {
        private final boolean symmetric;

        Pair(boolean symmetric) {
            this.symmetric = symmetric;
        }

        @Override
        public List<List<Integer>> initialStates() {
            return List.of(List.of(0, 0));
        }

        @Override
        public void actions(List<Integer> state, List<Integer> actions) {
            for (int i = 0; i < 2; i++) {
                if (state.get(i) < 3) {
                    actions.add(i);
                }
            }
        }

        @Override
        public List<Integer> next(List<Integer> state, Integer which) {
            List<Integer> next = new ArrayList<>(state);
            next.set(which, next.get(which) + 1);
            return List.copyOf(next);
        }

        @Override
        public List<Integer> canonical(List<Integer> state) {
            return symmetric && state.get(0) > state.get(1) ? List.of(state.get(1), state.get(0)) : state;
        }
    }

    @Test
    void symmetryMergesEquivalentStatesAndTheDefaultEncodingWorks() {
        assertEquals(16, Checker.of(new Pair(false)).bfs().run().distinctStates());
        assertEquals(10, Checker.of(new Pair(true)).bfs().run().distinctStates());
        assertEquals(10, Checker.of(new Pair(true)).exact(true).dfs().run().distinctStates());
    }

    @Test
    void theJsonReportParsesAndHasTheDocumentedKeys() {
        Report<Integer, String> report = Checker.of(new Counter(3, false, List.of(
                Property.always("never \"two\"\n", n -> n != 2), Property.sometimes("one", n -> n == 1)))).bfs().run();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(report.toJson());
        for (String key : List.of("result", "complete", "distinct_states", "generated_states", "max_depth", "seconds",
                "states_per_second", "collision_probability", "seed", "properties", "violations", "examples")) {
            assertTrue(json.containsKey(key), "missing " + key);
        }
        assertEquals("violation", json.get("result"));
        assertEquals(Boolean.FALSE, json.get("complete"));
        assertTrue(json.containsKey("seed"));
        assertNull(json.get("seed"), "bfs makes no random choice, so it has no seed");
        assertEquals(3.0, json.get("distinct_states"));
        List<?> properties = (List<?>) json.get("properties");
        assertEquals(Map.of("name", "never \"two\"\n", "kind", "always", "outcome", "violated"), properties.get(0));
        assertEquals(Map.of("name", "one", "kind", "sometimes", "outcome", "reached"), properties.get(1));
        List<?> violations = (List<?>) json.get("violations");
        Map<?, ?> violation = (Map<?, ?>) violations.get(0);
        assertEquals("never \"two\"\n", violation.get("property"));
        List<?> trace = (List<?>) violation.get("trace");
        assertEquals(3, trace.size());
        Map<?, ?> last = (Map<?, ?>) trace.get(2);
        assertEquals("inc", last.get("action"));
        assertEquals(Map.of("n", "2"), last.get("state"));
        assertEquals(Map.of("n", Map.of("before", "1", "after", "2")), last.get("changes"));
        assertNull(((Map<?, ?>) trace.get(0)).get("action"));
        List<?> examples = (List<?>) json.get("examples");
        Map<?, ?> example = (Map<?, ?>) examples.get(0);
        assertEquals("one", example.get("property"));
        List<?> exampleTrace = (List<?>) example.get("trace");
        assertEquals(2, exampleTrace.size());
        assertEquals(Map.of("n", "1"), ((Map<?, ?>) exampleTrace.get(1)).get("state"));
    }

    @Test
    void simulationIsReproducibleFromItsSeed() {
        Model<List<Integer>, Integer> model = new Pair(false);
        Report<List<Integer>, Integer> a = Checker.of(model).maxDepth(3).simulate(5, 3).run();
        Report<List<Integer>, Integer> b = Checker.of(model).maxDepth(3).simulate(5, 3).run();
        assertEquals(Report.Result.INCOMPLETE, a.result());
        assertEquals("simulation", a.stopReason());
        assertEquals(5, a.seed().getAsLong());
        assertEquals(a.distinctStates(), b.distinctStates());
        assertEquals(a.generatedStates(), b.generatedStates());
        assertNotEquals(0, a.distinctStates());
    }
}
