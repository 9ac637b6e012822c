package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A step that throws is the violation of the built-in property "no step throws", for every strategy. */
class StepThrowsTest {

    /** A counter that goes up or down; the step from 3 up throws, as a kernel bug that corrupts its own tree would. */
    static class Crashing implements Model<Integer, String> {
        @Override
        public List<Integer> initialStates() {
            return List.of(0);
        }

        @Override
        public void actions(Integer state, List<String> actions) {
            actions.add("up");
            actions.add("down");
        }

        @Override
        public Integer next(Integer state, String action) {
            if (action.equals("up") && state == 3) {
                throw new IllegalStateException("slot handle 40 belongs to no live object");
            }
            int n = action.equals("up") ? state + 1 : state - 1;
            return n < 0 ? null : n;
        }

        @Override
        public List<Property<Integer>> properties() {
            return List.of(Property.always("small", n -> n < 10));
        }
    }

    private static void assertThrowingStepReported(Report<Integer, String> report) {
        Trace<Integer, String> trace = report.assertViolated(Checker.NO_STEP_THROWS);
        Violation<Integer, String> v = report.violations().get(0);
        assertEquals(3, (int) trace.lastState(), "the trace leads to the state the throwing step was taken from");
        assertEquals("up", v.failedAction());
        assertEquals(trace.length() + 1, v.steps());
        assertTrue(report.maxDepth() >= v.steps(), "the depth explored covers the counterexample");
        if (report.strategy() == Strategy.BFS) {
            assertEquals(v.steps(), report.maxDepth(), "bfs stops at the counterexample's depth");
        }
        assertTrue(report.summary().startsWith("Violation of 'no step throws' (depth " + v.steps() + ")."),
                report.summary());
        assertTrue(v.toText().contains("Step " + v.steps() + ", up, threw IllegalStateException: slot handle 40"),
                v.toText());
        assertTrue(v.thrownStack().contains("Crashing.next"), v.thrownStack());
        assertEquals(PropertyResult.Outcome.UNKNOWN, report.outcome("small"), "not shown to hold: the run stopped");
        String json = report.toJson();
        assertTrue(json.contains("\"exception\": \"java.lang.IllegalStateException\""), json);
        assertTrue(json.contains("\"failed_action\": \"up\""), json);
        assertTrue(json.contains("\"steps\": " + v.steps()), json);
    }

    @Test
    void breadthFirstReportsTheShortestTraceToTheThrowingStep() {
        Report<Integer, String> report = Checker.of(new Crashing()).bfs().run();
        assertEquals(Report.Result.VIOLATION, report.result());
        assertThrowingStepReported(report);
        assertEquals(3, report.violations().get(0).trace().length());
    }

    @Test
    void everyStrategyReportsIt() {
        assertThrowingStepReported(Checker.of(new Crashing()).workers(2).bfs().run());
        assertThrowingStepReported(Checker.of(new Crashing()).dfs().run());
        assertThrowingStepReported(Checker.of(new Crashing()).maxDepth(30).simulate(1, 200).run());
    }

    @Test
    void aModelThatNeverThrowsHoldsIt() {
        Report<Integer, String> report = Checker.of(counter(n -> n < 2, n -> n < 2 || n % 2 == 1)).maxDepth(1).bfs().run();
        assertEquals(PropertyResult.Outcome.UNKNOWN, report.outcome(Checker.NO_STEP_THROWS), "bounded: not shown");
        Model<Integer, String> small = new Crashing() {
            @Override
            public Integer next(Integer state, String action) {
                return state >= 3 && action.equals("up") ? null : super.next(state, action);
            }
        };
        assertEquals(PropertyResult.Outcome.HOLDS, Checker.of(small).bfs().run().outcome(Checker.NO_STEP_THROWS));
    }

    private static Model<Integer, String> counter(java.util.function.Predicate<Integer> first,
            java.util.function.Predicate<Integer> second) {
        return new Model<>() {
            @Override
            public List<Integer> initialStates() {
                return List.of(0);
            }

            @Override
            public void actions(Integer state, List<String> actions) {
                actions.add("inc");
            }

            @Override
            public Integer next(Integer state, String action) {
                return state < 5 ? state + 1 : null;
            }

            @Override
            public List<Property<Integer>> properties() {
                return List.of(Property.always("below two", first), Property.always("odd or below two", second));
            }
        };
    }

    /** Both always properties a failing state breaks are reported violated; neither is "unknown". */
    @Test
    void everyPropertyTheFailingStateBreaksIsReportedViolated() {
        Report<Integer, String> report = Checker.of(counter(n -> n < 2, n -> n < 2 || n % 2 == 1)).bfs().run();
        assertEquals(PropertyResult.Outcome.VIOLATED, report.outcome("below two"));
        assertEquals(PropertyResult.Outcome.VIOLATED, report.outcome("odd or below two"));
        assertTrue(report.summary().startsWith("Violation of 'below two' and 'odd or below two' (depth 2)."),
                report.summary());
        assertEquals(2, report.maxDepth(), "depth = the counterexample's step count");

        Report<Integer, String> one = Checker.of(counter(n -> n < 2, n -> n < 3)).bfs().run();
        assertEquals(PropertyResult.Outcome.VIOLATED, one.outcome("below two"));
        assertEquals(PropertyResult.Outcome.UNKNOWN, one.outcome("odd or below two"), "state 2 does not break it");
    }

    /** A field absent on one side of a step reads "(none)" in the text trace, never "null". */
    @Test
    void anAbsentFieldReadsNone() {
        Model<Integer, String> growing = new Model<>() {
            @Override
            public List<Integer> initialStates() {
                return List.of(0);
            }

            @Override
            public void actions(Integer state, List<String> actions) {
                actions.add("add");
            }

            @Override
            public Integer next(Integer state, String action) {
                return state < 2 ? state + 1 : null;
            }

            @Override
            public java.util.Map<String, String> describe(Integer state) {
                java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
                for (int i = 0; i < state; i++) {
                    m.put("slot" + i, "cap");
                }
                return m;
            }

            @Override
            public List<Property<Integer>> properties() {
                return List.of(Property.always("below two", n -> n < 2));
            }
        };
        String text = Checker.of(growing).bfs().run().violations().get(0).toText();
        assertTrue(text.contains("slot1: (none) -> cap"), text);
        assertTrue(!text.contains("null"), text);
    }

    /** A property whose check crashes on a state (an invariant check on a corrupt kernel) is violated there. */
    @Test
    void aPropertyWhoseCheckThrowsIsViolatedNotAnInternalError() {
        Model<Integer, String> m = new Crashing() {
            @Override
            public Integer next(Integer state, String action) {
                int n = action.equals("up") ? state + 1 : state - 1;
                return n < 0 || n > 6 ? null : n;
            }

            @Override
            public List<Property<Integer>> properties() {
                return List.of(Property.always("checkable", n -> {
                    if (n == 4) {
                        throw new IllegalStateException("the check met a corrupt tree");
                    }
                    return true;
                }), Property.sometimes("five", n -> {
                    if (n == 4) {
                        throw new IllegalStateException("the check met a corrupt tree");
                    }
                    return n == 5;
                }));
            }
        };
        Report<Integer, String> report = Checker.of(m).bfs().run();
        assertEquals(Report.Result.VIOLATION, report.result());
        assertEquals(4, report.assertViolated("checkable").length());
        assertEquals(Checker.of(m).dfs().run().violations().get(0).property(), "checkable");
    }
}
