package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Breadth-first search through {@link PackedModel} against the same model seen as a plain {@link Model}:
 * the same counts, verdicts, examples and traces, and the packed path is the one taken where it applies.
 */
class PackedModelTest {

    record Point(long x, long y) {
    }

    /**
     * Two counters, each from 0 to {@code size}, in two words (so the packed path handles more than one
     * word). Actions: "x+1", "y+1", and unless {@code deadlocks}, "swap" and "reset x", which are
     * self-loops on the diagonal and at x = 0. Always x + y is at most {@code limit} (a seeded bug when the
     * limit is below 2 size); sometimes (3, 3); sometimes x = size. "x+1" throws at x = {@code throwsAt}.
     */
    static class Counters implements PackedModel<Point, String> {
        final int size;
        final int limit;
        final boolean deadlocks;
        final int throwsAt;
        final AtomicLong packedCalls = new AtomicLong();

        Counters(int size, int limit, boolean deadlocks, int throwsAt) {
            this.size = size;
            this.limit = limit;
            this.deadlocks = deadlocks;
            this.throwsAt = throwsAt;
        }

        @Override
        public List<Point> initialStates() {
            return List.of(new Point(0, 0));
        }

        @Override
        public void actions(Point p, List<String> actions) {
            if (p.x < size) {
                actions.add("x+1");
            }
            if (p.y < size) {
                actions.add("y+1");
            }
            if (!deadlocks) {
                actions.add("swap");
                actions.add("reset x");
            }
        }

        @Override
        public Point next(Point p, String action) {
            switch (action) {
                case "x+1":
                    if (p.x == throwsAt) {
                        throw new IllegalStateException("x+1 at " + throwsAt);
                    }
                    return new Point(p.x + 1, p.y);
                case "y+1":
                    return new Point(p.x, p.y + 1);
                case "swap":
                    return new Point(p.y, p.x);
                default:
                    return new Point(0, p.y);
            }
        }

        @Override
        public int packedWords() {
            return 2;
        }

        @Override
        public int maxSuccessors() {
            return 4;
        }

        @Override
        public int successors(long[] state, int from, long[] out, int to) {
            packedCalls.incrementAndGet();
            long x = state[from];
            long y = state[from + 1];
            int n = to;
            if (x < size) {
                if (x == throwsAt) {
                    throw new IllegalStateException("x+1 at " + throwsAt);
                }
                out[n++] = x + 1;
                out[n++] = y;
            }
            if (y < size) {
                out[n++] = x;
                out[n++] = y + 1;
            }
            if (!deadlocks) {
                out[n++] = y;
                out[n++] = x;
                out[n++] = 0;
                out[n++] = y;
            }
            return (n - to) / 2;
        }

        @Override
        public boolean holds(int property, long[] state, int from) {
            return test(property, state[from], state[from + 1]);
        }

        private boolean test(int property, long x, long y) {
            switch (property) {
                case 0:
                    return x + y <= limit;
                case 1:
                    return x == 3 && y == 3;
                default:
                    return x == size;
            }
        }

        @Override
        public List<Property<Point>> properties() {
            return List.of(Property.always("sum within limit", p -> test(0, p.x, p.y)),
                    Property.sometimes("three three", p -> test(1, p.x, p.y)),
                    Property.sometimes("x full", p -> test(2, p.x, p.y)));
        }

        @Override
        public boolean checksDeadlock() {
            return deadlocks;
        }

        @Override
        public void encode(Point p, StateSink sink) {
            sink.putLong(p.x);
            sink.putLong(p.y);
        }

        @Override
        public Point decode(long[] words, int from, int length) {
            return new Point(words[from], words[from + 1]);
        }

        @Override
        public Map<String, String> describe(Point p) {
            return Map.of("x", Long.toString(p.x), "y", Long.toString(p.y));
        }

        @Override
        public void permutations(Point p, List<Point> images) {
            images.add(new Point(p.y, p.x));
        }
    }

    /** The same model without its packed capability: breadth-first search steps objects. */
    static <S, A> Model<S, A> objectsOnly(PackedModel<S, A> m) {
        return new ForwardingModel<>(m) {
        };
    }

    private static List<String> actionsOf(Trace<?, String> trace) {
        return new ArrayList<>(trace.actions());
    }

    /**
     * {@code sameTraces}: the run is deterministic (one worker), so even the counts of a run that stopped
     * early and the choice among equally short examples must agree.
     */
    private static void assertSameRun(Report<Point, String> objects, Report<Point, String> packed, boolean sameTraces) {
        assertEquals(objects.result(), packed.result());
        assertEquals(objects.stopReason(), packed.stopReason());
        if (sameTraces || objects.complete()) {
            assertEquals(objects.distinctStates(), packed.distinctStates());
            assertEquals(objects.generatedStates(), packed.generatedStates());
        }
        assertEquals(objects.maxDepth(), packed.maxDepth());
        for (PropertyResult p : objects.properties()) {
            assertEquals(p.outcome(), packed.outcome(p.name()), p.name());
        }
        assertEquals(objects.violations().size(), packed.violations().size());
        for (int i = 0; i < objects.violations().size(); i++) {
            Violation<Point, String> a = objects.violations().get(i);
            Violation<Point, String> b = packed.violations().get(i);
            assertEquals(a.property(), b.property());
            assertEquals(a.steps(), b.steps());
            assertEquals(a.failedAction(), b.failedAction());
            if (sameTraces) {
                assertEquals(actionsOf(a.trace()), actionsOf(b.trace()));
                assertEquals(a.trace().lastState(), b.trace().lastState());
            }
        }
        assertEquals(objects.examples().keySet(), packed.examples().keySet());
        for (String name : objects.examples().keySet()) {
            assertEquals(objects.examples().get(name).length(), packed.examples().get(name).length(), name);
            if (sameTraces || name.equals("three three")) {
                assertEquals(actionsOf(objects.examples().get(name)), actionsOf(packed.examples().get(name)), name);
            }
        }
    }

    @ParameterizedTest(name = "size {0}, limit {1}, deadlocks {2}, throws at {3}, {4} workers")
    @CsvSource({
        "6, 100, false, -1, 1", "6, 100, false, -1, 2", "40, 1000, false, -1, 2",
        "6, 100, true, -1, 1", "6, 100, true, -1, 2",
        "6, 5, false, -1, 1", "6, 5, false, -1, 2",
        "6, 100, false, 4, 1", "6, 100, false, 4, 2",
    })
    void thePackedPathReportsWhatTheObjectPathReports(int size, int limit, boolean deadlocks, int throwsAt, int workers) {
        Counters packedModel = new Counters(size, limit, deadlocks, throwsAt);
        Report<Point, String> packed = Checker.of(packedModel).workers(workers).bfs().run();
        Counters plainModel = new Counters(size, limit, deadlocks, throwsAt);
        Report<Point, String> objects = Checker.of(objectsOnly(plainModel)).workers(workers).bfs().run();
        assertTrue(packedModel.packedCalls.get() > 0, "the packed path was taken");
        assertEquals(0, plainModel.packedCalls.get(), "the object path was taken");
        assertSameRun(objects, packed, workers == 1);
        if (limit < 2 * size) {
            assertEquals(Report.Result.VIOLATION, packed.result(), "the seeded bug is caught");
            assertEquals("sum within limit", packed.violations().get(0).property());
            assertEquals(limit + 1, packed.violations().get(0).steps(), "a shortest counterexample");
        } else if (throwsAt >= 0) {
            Violation<Point, String> v = packed.violations().get(0);
            assertEquals(Checker.NO_STEP_THROWS, v.property());
            assertEquals("x+1", v.failedAction());
            assertEquals(throwsAt, v.trace().lastState().x());
        } else if (deadlocks) {
            assertEquals(Exploration.DEADLOCK_FREE, packed.violations().get(0).property());
            assertEquals(new Point(size, size), packed.violations().get(0).trace().lastState());
        } else {
            assertEquals(Report.Result.OK, packed.result());
            assertEquals((size + 1L) * (size + 1L), packed.distinctStates());
        }
    }

    @ParameterizedTest(name = "max depth {0}, max states {1}")
    @CsvSource({"5, 1000000", "1000, 10"})
    void boundsStopThePackedPathWhereTheyStopTheObjectPath(int maxDepth, long maxStates) {
        Report<Point, String> packed = Checker.of(new Counters(8, 100, false, -1)).maxDepth(maxDepth)
                .maxStates(maxStates).workers(1).bfs().run();
        Report<Point, String> objects = Checker.of(objectsOnly(new Counters(8, 100, false, -1))).maxDepth(maxDepth)
                .maxStates(maxStates).workers(1).bfs().run();
        assertEquals(Report.Result.INCOMPLETE, packed.result());
        assertSameRun(objects, packed, true);
    }

    /**
     * Where the packed form throws and the object form does not, both the search and the rebuilding of
     * traces step that state through objects: the run and its traces are the object path's.
     */
    @Test
    void aPackedStepThatThrowsIsTakenThroughObjects() {
        Counters flaky = new Counters(6, 100, false, -1) {
            @Override
            public int successors(long[] state, int from, long[] out, int to) {
                if (state[from] == 1) {
                    throw new IllegalStateException("only the packed form fails at x = 1");
                }
                return super.successors(state, from, out, to);
            }
        };
        Report<Point, String> packed = Checker.of(flaky).workers(1).bfs().run();
        Report<Point, String> objects = Checker.of(objectsOnly(new Counters(6, 100, false, -1))).workers(1).bfs().run();
        assertEquals(Report.Result.OK, packed.result());
        assertTrue(flaky.packedCalls.get() > 0);
        assertSameRun(objects, packed, true);
        assertEquals(List.of("x+1", "x+1", "x+1", "y+1", "y+1", "y+1"), actionsOf(packed.examples().get("three three")));
    }

    @Test
    void runsThatNeedObjectsTakeTheObjectPath() {
        Counters exact = new Counters(6, 100, false, -1);
        assertEquals(49, Checker.of(exact).exact(true).bfs().run().distinctStates());
        Counters symmetric = new Counters(6, 100, false, -1);
        assertEquals(28, Checker.of(symmetric).symmetry(true).workers(2).bfs().run().distinctStates(),
                "one state per unordered pair");
        Counters depthFirst = new Counters(6, 100, false, -1);
        assertEquals(49, Checker.of(depthFirst).dfs().run().distinctStates());
        assertEquals(0, exact.packedCalls.get() + symmetric.packedCalls.get() + depthFirst.packedCalls.get());
    }

    @Test
    void aStepPropertyTakesTheObjectPath() {
        Counters withStep = new Counters(6, 100, false, -1) {
            @Override
            public List<Property<Point>> properties() {
                List<Property<Point>> all = new ArrayList<>(super.properties());
                all.add(Property.<Point, String>sometimesStep("swaps off the diagonal",
                        (s, a, n) -> a.equals("swap") && s.x() != s.y()));
                return all;
            }
        };
        Report<Point, String> report = Checker.of(withStep).workers(2).bfs().run();
        assertEquals(0, withStep.packedCalls.get(), "a step property needs each transition's objects");
        assertEquals(PropertyResult.Outcome.REACHED, report.outcome("swaps off the diagonal"));
        assertEquals(49, report.distinctStates());
    }
}
