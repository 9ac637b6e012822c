package org.capcheck.model.twophase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.PropertyResult;
import org.capcheck.engine.Report;
import org.capcheck.engine.SettingException;
import org.capcheck.engine.StateSink;
import org.capcheck.engine.Strategy;
import org.capcheck.engine.Trace;
import org.capcheck.engine.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwoPhaseCommitTest {

    /** Runs {@code builder} under {@code strategy}: bfs with {@code workers} threads, dfs, or 1,000 walks of seed 11. */
    static <S, A> Report<S, A> run(Checker.Builder<S, A> builder, Strategy strategy, int workers) {
        switch (strategy) {
            case BFS:
                return builder.workers(workers).bfs().run();
            case DFS:
                return builder.dfs().run();
            default:
                return builder.simulate(11, 1_000).run();
        }
    }

    /** The counts published for TLC and Stateright on this specification. */
    @ParameterizedTest(name = "{0} RMs, {2} with {3} workers, exact {4}")
    @CsvSource({
        "3, 288, BFS, 1, false", "3, 288, BFS, 2, false", "3, 288, BFS, 4, false", "3, 288, DFS, 1, false",
        "3, 288, BFS, 1, true", "3, 288, BFS, 4, true", "3, 288, DFS, 1, true",
        "5, 8832, BFS, 1, false", "5, 8832, BFS, 2, false", "5, 8832, BFS, 4, false", "5, 8832, DFS, 1, false",
        "5, 8832, BFS, 1, true", "5, 8832, BFS, 2, true", "5, 8832, BFS, 4, true", "5, 8832, DFS, 1, true",
    })
    void distinctStatesMatchThePublishedCounts(int rms, long expected, Strategy strategy, int workers, boolean exact) {
        Report<TwoPhaseState, TwoPhaseAction> report = run(Checker.of(new TwoPhaseCommit(rms)).exact(exact),
                strategy, workers);
        report.assertAlwaysHolds();
        assertEquals(Report.Result.OK, report.result());
        assertTrue(report.complete());
        assertEquals(expected, report.distinctStates());
        assertEquals(PropertyResult.Outcome.HOLDS, report.outcome("TCConsistent"));
        assertEquals(PropertyResult.Outcome.HOLDS, report.outcome("TypeOK"));
        assertEquals(PropertyResult.Outcome.REACHED, report.outcome("AllCommitted"));
        assertEquals(PropertyResult.Outcome.REACHED, report.outcome("AllAborted"));
        Trace<TwoPhaseState, TwoPhaseAction> allAborted = report.assertReached("AllAborted");
        if (strategy == Strategy.BFS) {
            // Each resource manager chooses to abort: one step per RM, and nothing shorter aborts them all.
            assertEquals(rms, allAborted.length(), allAborted.toText());
        }
    }

    @Test
    void aQueueSpilledToDiskGivesThePublishedCountAndLeavesNoFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Report<TwoPhaseState, TwoPhaseAction> report = Checker.of(new TwoPhaseCommit(7)).frontierMemory(1)
                .spillDirectory(dir).workers(2).bfs().run();
        assertEquals(Report.Result.OK, report.result());
        assertEquals(296_448, report.distinctStates());
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    /**
     * The number of classes of states under permutations of the resource managers, counted independently
     * of the engine's symmetry: every reachable state (from a run without symmetry) keyed by its resource
     * managers' fields sorted, plus the manager's fields.
     */
    private static long classesBySorting(int rms) {
        TwoPhaseCommit m = new TwoPhaseCommit(rms);
        java.util.Set<String> classes = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Model<TwoPhaseState, TwoPhaseAction> collecting = new Model<>() {
            public List<TwoPhaseState> initialStates() {
                return m.initialStates();
            }

            public void actions(TwoPhaseState s, List<TwoPhaseAction> a) {
                m.actions(s, a);
            }

            public TwoPhaseState next(TwoPhaseState s, TwoPhaseAction a) {
                return m.next(s, a);
            }

            public void encode(TwoPhaseState s, StateSink sink) {
                m.encode(s, sink);
            }

            public List<Property<TwoPhaseState>> properties() {
                return List.of(Property.always("collect", s -> {
                    List<Long> rm = new java.util.ArrayList<>();
                    for (int i = 0; i < rms; i++) {
                        rm.add((s.bits >>> 2 * i & 3) * 4 + (s.bits >>> 2 * rms + i & 1) * 2 + (s.bits >>> 3 * rms + i & 1));
                    }
                    java.util.Collections.sort(rm);
                    return classes.add(rm + "/" + (s.bits >>> 4 * rms)) || true;
                }));
            }
        };
        Checker.of(collecting).bfs().run().assertAlwaysHolds();
        return classes.size();
    }

    @ParameterizedTest(name = "{0} RMs")
    @CsvSource({"3", "5"})
    void symmetryCountsOneStatePerClassOfPermutedResourceManagers(int rms) {
        Report<TwoPhaseState, TwoPhaseAction> plain = Checker.of(new TwoPhaseCommit(rms)).bfs().run();
        Report<TwoPhaseState, TwoPhaseAction> reduced = Checker.of(new TwoPhaseCommit(rms)).symmetry(true)
                .workers(2).bfs().run();
        assertEquals(Report.Result.OK, reduced.result());
        assertEquals(classesBySorting(rms), reduced.distinctStates());
        assertTrue(reduced.distinctStates() < plain.distinctStates() / 2, reduced.distinctStates() + " of " + plain.distinctStates());
        assertEquals(PropertyResult.Outcome.REACHED, reduced.outcome("AllCommitted"));
        assertEquals(PropertyResult.Outcome.REACHED, reduced.outcome("AllAborted"));
    }

    /**
     * The symmetry classes, found by a search over least images alone, hold exactly the unreduced states:
     * their sizes sum to the published counts (61,515,776 for 10 managers from 3,300 classes), so the
     * reduction merges nothing it should not.
     */
    @ParameterizedTest
    @CsvSource({"3, 288, 80", "5, 8832, 314", "7, 296448, 920", "10, 61515776, 3300"})
    void theClassesSizesSumToTheUnreducedCount(int rms, long states, int classes) {
        TwoPhaseCommit model = new TwoPhaseCommit(rms);
        Set<Long> seen = new HashSet<>();
        Deque<Long> queue = new ArrayDeque<>();
        seen.add(model.leastImage(0L));
        queue.add(model.leastImage(0L));
        long total = 0;
        List<TwoPhaseAction> actions = new ArrayList<>();
        while (!queue.isEmpty()) {
            TwoPhaseState s = new TwoPhaseState(queue.poll());
            total += model.classSize(s.bits);
            actions.clear();
            model.actions(s, actions);
            for (TwoPhaseAction a : actions) {
                long next = model.leastImage(model.next(s, a).bits);
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        assertEquals(classes, seen.size());
        assertEquals(states, total);
        assertEquals(classes, Checker.of(model).symmetry(true).workers(2).bfs().run().distinctStates(),
                "the engine's reduced count");
    }

    @Test
    void theLeastImageIsTheLeastWordOverEveryPermutation() {
        for (int rms = 1; rms <= 5; rms++) {
            TwoPhaseCommit m = new TwoPhaseCommit(rms);
            List<int[]> perms = TwoPhaseCommit.allPermutations(rms);
            java.util.Random random = new java.util.Random(rms);
            for (int t = 0; t < 2_000; t++) {
                long s = random.nextLong() & ((1L << 4 * rms + 4) - 1);
                long least = Long.MAX_VALUE;
                for (int[] p : perms) {
                    least = Math.min(least, m.permuted(s, p));
                }
                assertEquals(least, m.leastImage(s), rms + " RMs, " + Long.toBinaryString(s));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"false", "true"})
    void symmetryNeverHidesTheSeededBug(boolean symmetry) {
        Report<TwoPhaseState, TwoPhaseAction> report = Checker.of(new HastyCommit()).symmetry(symmetry).bfs().run();
        assertEquals(Report.Result.VIOLATION, report.result());
        assertEquals("TCConsistent", report.violations().get(0).property());
        assertEquals(3, report.violations().get(0).trace().length());
    }

        @Test
    void countsAgreeWithAnIndependentSetBasedTranscriptionOfTheSpec() {
        for (int rms = 1; rms <= 6; rms++) {
            long engine = Checker.of(new TwoPhaseCommit(rms)).workers(2).bfs().run().distinctStates();
            assertEquals(ReferenceSpec.countReachable(rms), engine, rms + " RMs");
        }
        assertEquals(288, ReferenceSpec.countReachable(3));
        assertEquals(8832, ReferenceSpec.countReachable(5));
    }

    @Test
    void rejectsResourceManagerCountsOutsideThePackedLayout() {
        SettingException e = assertThrows(SettingException.class, () -> new TwoPhaseCommit(0));
        assertEquals("rms", e.setting());
        assertEquals("rms (the number of resource managers) must be 1 to 15, not 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TwoPhaseCommit(16));
        Report<?, ?> fifteen = Checker.of(new TwoPhaseCommit(15)).maxDepth(3).bfs().run();
        assertEquals(Report.Result.INCOMPLETE, fifteen.result());
    }

    /** The model without its packed capability (a plain Model): breadth-first search steps objects. */
    static <S, A> Model<S, A> objectsOnly(Model<S, A> m) {
        return new Model<>() {
            public List<S> initialStates() {
                return m.initialStates();
            }

            public void actions(S s, List<A> a) {
                m.actions(s, a);
            }

            public S next(S s, A a) {
                return m.next(s, a);
            }

            public boolean decodes() {
                return m.decodes();
            }

            public S decode(long[] words, int from, int length) {
                return m.decode(words, from, length);
            }

            public List<Property<S>> properties() {
                return m.properties();
            }

            public void encode(S s, StateSink sink) {
                m.encode(s, sink);
            }

            public Map<String, String> describe(S s) {
                return m.describe(s);
            }

            public void permutations(S s, List<S> images) {
                m.permutations(s, images);
            }
        };
    }

    /**
     * The packed form agrees with the object form state by state: in every reachable state, the words
     * {@code successors} writes are the encodings of {@code next} for each action {@code actions} lists,
     * in order, and {@code holds} is each property's test.
     */
    @ParameterizedTest
    @CsvSource({"1", "2", "3", "4", "5"})
    void successorsAndPropertiesOnTheWordAreActionsNextAndTheProperties(int rms) {
        TwoPhaseCommit m = new TwoPhaseCommit(rms);
        Set<Long> seen = new HashSet<>(List.of(0L));
        Deque<TwoPhaseState> queue = new ArrayDeque<>(m.initialStates());
        long[] out = new long[3 + m.maxSuccessors()];
        List<TwoPhaseAction> actions = new ArrayList<>();
        List<Property<TwoPhaseState>> properties = m.properties();
        while (!queue.isEmpty()) {
            TwoPhaseState s = queue.poll();
            long[] word = {7L, s.bits};
            out[2 + m.maxSuccessors()] = -1; // the guard past the successors
            int n = m.successors(word, 1, out, 2);
            actions.clear();
            m.actions(s, actions);
            assertEquals(actions.size(), n, s.toString());
            for (int k = 0; k < n; k++) {
                TwoPhaseState next = m.next(s, actions.get(k));
                assertEquals(next.bits, out[2 + k], s + " by " + actions.get(k));
                if (seen.add(next.bits)) {
                    queue.add(next);
                }
            }
            assertEquals(-1, out[2 + m.maxSuccessors()], "nothing written past the successors");
            for (int i = 0; i < properties.size(); i++) {
                assertEquals(properties.get(i).test(s), m.holds(i, word, 1), properties.get(i).name() + " in " + s);
            }
        }
        assertEquals(ReferenceSpec.countReachable(rms), seen.size());
    }

    /** A word outside the layout fails TypeOK, and a committed manager beside an aborted one TCConsistent, on both paths. */
    @Test
    void thePropertiesOnTheWordCatchWhatTheyCatchOnTheObject() {
        TwoPhaseCommit m = new TwoPhaseCommit(3);
        long committedAndAborted = TwoPhaseState.COMMITTED | TwoPhaseState.ABORTED << 2;
        long badTmState = 3L << 12;
        long stray = 1L << 20;
        for (long bits : new long[] {committedAndAborted, badTmState, stray}) {
            for (int i = 0; i < 2; i++) {
                assertEquals(m.properties().get(i).test(new TwoPhaseState(bits)), m.holds(i, new long[] {bits}, 0));
            }
        }
        assertFalse(m.holds(1, new long[] {committedAndAborted}, 0));
        assertTrue(m.holds(0, new long[] {committedAndAborted}, 0));
        assertFalse(m.holds(0, new long[] {badTmState}, 0));
        assertFalse(m.holds(0, new long[] {stray}, 0));
    }

    /** Breadth-first search gives the same run through the packed path as through objects. */
    @ParameterizedTest(name = "{0} RMs, {1} workers")
    @CsvSource({"1, 1", "3, 1", "3, 2", "5, 1", "5, 2", "7, 2"})
    void thePackedPathAndTheObjectPathGiveTheSameRun(int rms, int workers) {
        Report<TwoPhaseState, TwoPhaseAction> packed = Checker.of(new TwoPhaseCommit(rms)).workers(workers).bfs().run();
        Report<TwoPhaseState, TwoPhaseAction> objects = Checker.of(objectsOnly(new TwoPhaseCommit(rms)))
                .workers(workers).bfs().run();
        assertEquals(Report.Result.OK, packed.result());
        assertEquals(objects.distinctStates(), packed.distinctStates());
        assertEquals(objects.generatedStates(), packed.generatedStates());
        assertEquals(objects.maxDepth(), packed.maxDepth());
        for (PropertyResult p : objects.properties()) {
            assertEquals(p.outcome(), packed.outcome(p.name()), p.name());
        }
        for (String name : List.of("AllCommitted", "AllAborted")) {
            assertEquals(objects.example(name).orElseThrow().length(), packed.example(name).orElseThrow().length(), name);
        }
        if (workers == 1) {
            assertEquals(objects.example("AllCommitted").orElseThrow().actions(),
                    packed.example("AllCommitted").orElseThrow().actions());
            assertEquals(objects.summary().replaceAll("[0-9.]+ s \\([0-9,]+ states/s\\)", "T"),
                    packed.summary().replaceAll("[0-9.]+ s \\([0-9,]+ states/s\\)", "T"));
        }
    }

    /**
     * The seeded bug as a packed model too: the manager may commit before every resource manager
     * prepared. Caught through the packed path and through objects, with the same shortest trace.
     */
    @ParameterizedTest(name = "{0} workers")
    @CsvSource({"1", "2"})
    void theSeededBugIsCaughtOnThePackedPathAsOnTheObjectPath(int workers) {
        PackedHastyCommit packedModel = new PackedHastyCommit();
        Report<TwoPhaseState, TwoPhaseAction> packed = Checker.of(packedModel).workers(workers).bfs().run();
        Report<TwoPhaseState, TwoPhaseAction> objects = Checker.of(new HastyCommit()).workers(workers).bfs().run();
        assertTrue(packedModel.packedCalls > 0, "the packed path was taken");
        for (Report<TwoPhaseState, TwoPhaseAction> r : List.of(packed, objects)) {
            assertEquals(Report.Result.VIOLATION, r.result());
            assertEquals("TCConsistent", r.violations().get(0).property());
            assertEquals(3, r.violations().get(0).trace().length());
            assertEquals(TwoPhaseAction.Kind.TM_COMMIT, r.violations().get(0).trace().actions().get(0).kind());
        }
        if (workers == 1) {
            assertEquals(objects.violations().get(0).trace().actions(), packed.violations().get(0).trace().actions());
            assertEquals(objects.violations().get(0).trace().lastState(), packed.violations().get(0).trace().lastState());
            assertEquals(objects.generatedStates(), packed.generatedStates());
            assertEquals(objects.distinctStates(), packed.distinctStates());
        }
    }

    /** {@link HastyCommit} with the packed capability: TMCommit first whenever the manager is in init. */
    private static final class PackedHastyCommit implements org.capcheck.engine.PackedModel<TwoPhaseState, TwoPhaseAction> {
        final HastyCommit objects = new HastyCommit();
        final TwoPhaseCommit correct = objects.correct;
        volatile long packedCalls;

        public List<TwoPhaseState> initialStates() {
            return objects.initialStates();
        }

        public void actions(TwoPhaseState s, List<TwoPhaseAction> a) {
            objects.actions(s, a);
        }

        public TwoPhaseState next(TwoPhaseState s, TwoPhaseAction a) {
            return objects.next(s, a);
        }

        public List<Property<TwoPhaseState>> properties() {
            return objects.properties();
        }

        public void encode(TwoPhaseState s, StateSink sink) {
            objects.encode(s, sink);
        }

        public TwoPhaseState decode(long[] words, int from, int length) {
            return correct.decode(words, from, length);
        }

        public Map<String, String> describe(TwoPhaseState s) {
            return objects.describe(s);
        }

        public int packedWords() {
            return 1;
        }

        public int maxSuccessors() {
            return correct.maxSuccessors() + 1;
        }

        public int successors(long[] state, int from, long[] out, int to) {
            packedCalls++;
            TwoPhaseState s = new TwoPhaseState(state[from]);
            int n = 0;
            List<TwoPhaseAction> correctActions = new ArrayList<>();
            correct.actions(s, correctActions);
            if (correct.tmState(s) == TwoPhaseState.TM_INIT && !correctActions.contains(objects.commit)) {
                out[to + n++] = correct.next(s, objects.commit).bits;
            }
            return n + correct.successors(state, from, out, to + n);
        }

        public boolean holds(int property, long[] state, int from) {
            return correct.holds(property, state, from);
        }
    }

    /** Two-phase commit with a seeded bug: the manager may commit before every resource manager prepared. */
    private static final class HastyCommit implements Model<TwoPhaseState, TwoPhaseAction> {
        final TwoPhaseCommit correct = new TwoPhaseCommit(3);
        final TwoPhaseAction commit = new TwoPhaseAction(TwoPhaseAction.Kind.TM_COMMIT, -1);

        @Override
        public List<TwoPhaseState> initialStates() {
            return correct.initialStates();
        }

        @Override
        public void actions(TwoPhaseState state, List<TwoPhaseAction> actions) {
            correct.actions(state, actions);
            if (correct.tmState(state) == TwoPhaseState.TM_INIT && !actions.contains(commit)) {
                actions.add(0, commit);
            }
        }

        @Override
        public TwoPhaseState next(TwoPhaseState state, TwoPhaseAction action) {
            return correct.next(state, action);
        }

        @Override
        public List<Property<TwoPhaseState>> properties() {
            return correct.properties();
        }

        @Override
        public void encode(TwoPhaseState state, StateSink sink) {
            correct.encode(state, sink);
        }

        @Override
        public Map<String, String> describe(TwoPhaseState state) {
            return correct.describe(state);
        }

        @Override
        public void permutations(TwoPhaseState state, List<TwoPhaseState> images) {
            correct.permutations(state, images);
        }
    }

    @ParameterizedTest
    @CsvSource({"BFS, 1", "BFS, 2", "DFS, 1", "SIMULATE, 1"})
    void aSeededBugIsFoundAndItsTraceReplays(Strategy strategy, int workers) {
        HastyCommit model = new HastyCommit();
        Report<TwoPhaseState, TwoPhaseAction> report = run(Checker.of(model), strategy, workers);
        assertEquals(Report.Result.VIOLATION, report.result());
        assertEquals(report.violations().get(0).trace(), report.assertViolated("TCConsistent"));
        AssertionError e = assertThrows(AssertionError.class, report::assertAlwaysHolds);
        assertTrue(e.getMessage().contains("'TCConsistent' is violated; counterexample"), e.getMessage());
        assertTrue(e.getMessage().contains("after TMCommit"), e.getMessage());
        assertEquals(PropertyResult.Outcome.VIOLATED, report.outcome("TCConsistent"));
        Violation<TwoPhaseState, TwoPhaseAction> violation = report.violations().get(0);
        assertEquals("TCConsistent", violation.property());
        Trace<TwoPhaseState, TwoPhaseAction> trace = violation.trace();
        if (strategy == Strategy.BFS) {
            // TMCommit, one RM receives Commit, another chooses to abort: nothing shorter can break consistency.
            assertEquals(3, trace.length());
        }
        TwoPhaseState state = model.initialStates().get(0);
        assertEquals(state, trace.steps().get(0).state());
        for (int i = 1; i < trace.steps().size(); i++) {
            Trace.Step<TwoPhaseState, TwoPhaseAction> step = trace.steps().get(i);
            List<TwoPhaseAction> enabled = new ArrayList<>();
            model.actions(state, enabled);
            assertTrue(enabled.contains(step.action()), step.actionName() + " is enabled at step " + i);
            state = model.next(state, step.action());
            assertEquals(state, step.state(), "step " + i);
            assertFalse(step.changes().isEmpty(), "every step of a shortest trace changes something");
        }
        assertFalse(model.correct.consistent(state));
        assertTrue(trace.toText().contains("TMCommit"), trace.toText());
    }

    @Test
    void traceStepsShowTheFieldsAnActionChanged() {
        TwoPhaseCommit model = new TwoPhaseCommit(2);
        TwoPhaseState s0 = model.initialStates().get(0);
        TwoPhaseState s1 = model.next(s0, new TwoPhaseAction(TwoPhaseAction.Kind.RM_PREPARE, 1));
        Map<String, String> before = model.describe(s0);
        Map<String, String> after = model.describe(s1);
        assertEquals("working", before.get("rmState[r2]"));
        assertEquals("prepared", after.get("rmState[r2]"));
        assertEquals("{}", before.get("msgs"));
        assertEquals("{Prepared(r2)}", after.get("msgs"));
        assertEquals(before.get("rmState[r1]"), after.get("rmState[r1]"));
        assertEquals("RMPrepare(r2)", new TwoPhaseAction(TwoPhaseAction.Kind.RM_PREPARE, 1).toString());
    }

    /**
     * TwoPhase.tla transcribed with sets and strings, explored with a plain HashSet: shares nothing with
     * the bit-packed model or the engine, so agreeing counts check both.
     */
    static final class ReferenceSpec {
        record State(List<String> rmState, String tmState, Set<Integer> tmPrepared, Set<String> msgs) {
        }

        static long countReachable(int n) {
            List<String> working = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                working.add("working");
            }
            State init = new State(List.copyOf(working), "init", Set.of(), Set.of());
            Set<State> seen = new HashSet<>(Set.of(init));
            Deque<State> todo = new ArrayDeque<>(List.of(init));
            while (!todo.isEmpty()) {
                State s = todo.poll();
                for (State t : successors(s, n)) {
                    if (seen.add(t)) {
                        todo.add(t);
                    }
                }
            }
            return seen.size();
        }

        private static List<State> successors(State s, int n) {
            List<State> out = new ArrayList<>();
            if (s.tmState.equals("init") && s.tmPrepared.size() == n) {
                out.add(new State(s.rmState, "committed", s.tmPrepared, plus(s.msgs, "Commit")));
            }
            if (s.tmState.equals("init")) {
                out.add(new State(s.rmState, "aborted", s.tmPrepared, plus(s.msgs, "Abort")));
            }
            for (int rm = 0; rm < n; rm++) {
                if (s.tmState.equals("init") && s.msgs.contains("Prepared" + rm)) {
                    Set<Integer> prepared = new TreeSet<>(s.tmPrepared);
                    prepared.add(rm);
                    out.add(new State(s.rmState, s.tmState, Set.copyOf(prepared), s.msgs));
                }
                if (s.rmState.get(rm).equals("working")) {
                    out.add(new State(with(s.rmState, rm, "prepared"), s.tmState, s.tmPrepared,
                            plus(s.msgs, "Prepared" + rm)));
                    out.add(new State(with(s.rmState, rm, "aborted"), s.tmState, s.tmPrepared, s.msgs));
                }
                if (s.msgs.contains("Commit")) {
                    out.add(new State(with(s.rmState, rm, "committed"), s.tmState, s.tmPrepared, s.msgs));
                }
                if (s.msgs.contains("Abort")) {
                    out.add(new State(with(s.rmState, rm, "aborted"), s.tmState, s.tmPrepared, s.msgs));
                }
            }
            return out;
        }

        private static Set<String> plus(Set<String> set, String element) {
            Set<String> copy = new HashSet<>(set);
            copy.add(element);
            return Set.copyOf(copy);
        }

        private static List<String> with(List<String> list, int index, String value) {
            String[] copy = list.toArray(new String[0]);
            copy[index] = value;
            return List.copyOf(Arrays.asList(copy));
        }
    }
}
