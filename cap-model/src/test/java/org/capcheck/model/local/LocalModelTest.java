package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.Replayer;
import org.capcheck.captrace.TraceParser;
import org.capcheck.engine.Checker;
import org.capcheck.engine.PropertyResult;
import org.capcheck.engine.Report;
import org.capcheck.engine.SettingException;
import org.capcheck.engine.Violation;
import org.junit.jupiter.api.Test;

/** The local model: cap-core under bounds, with invariants in every state and refinement on every step. */
class LocalModelTest {

    private static final LocalBounds TWO_SLOTS = LocalBounds.quick().withSlots(List.of(20, 21));

    private static Report<LocalState, LocalAction> check(LocalModel m) {
        return Checker.of(m).workers(2).bfs().run();
    }

    @Test
    void smallBoundsExhaustAndReachTheInterestingCases() {
        Report<LocalState, LocalAction> r = check(new LocalModel(TWO_SLOTS, null));
        assertEquals(Report.Result.OK, r.result());
        assertTrue(r.complete());
        assertEquals(PropertyResult.Outcome.HOLDS, r.outcome("cap-core invariants hold"));
        assertEquals(PropertyResult.Outcome.HOLDS, r.outcome("cap-core refines the specification"));
        assertEquals(PropertyResult.Outcome.REACHED, r.outcome("an untyped is reset"));
        assertEquals(PropertyResult.Outcome.REACHED, r.outcome("a CNode is deleted while holding caps"));
        // Even two slots make a three-level chain: untyped, its copy, a CNode from the copy, and the
        // CNode's cap copied into the CNode itself.
        assertEquals(PropertyResult.Outcome.REACHED, r.outcome("a revoke deletes a three-level derivation chain"));
        assertEquals(PropertyResult.Outcome.REACHED, r.outcome("a badge is minted and revoked"));
    }

    @Test
    void boundsThatCannotReachACaseSayNotReached() {
        LocalBounds noCNodes = new LocalBounds(6, List.of(20, 21), List.of(1L), 0, 0, false, 1, Distribution.DEFAULT,
                Mutant.NONE);
        Report<LocalState, LocalAction> r = check(new LocalModel(noCNodes, null));
        assertEquals(Report.Result.OK, r.result());
        assertEquals(PropertyResult.Outcome.NOT_REACHED, r.outcome("a CNode is deleted while holding caps"));
    }

    @Test
    void workersAndStrategiesAgreeOnTheStateCount() {
        LocalModel m = new LocalModel(TWO_SLOTS, null);
        long bfs1 = Checker.of(m).bfs().run().distinctStates();
        long bfs2 = Checker.of(m).workers(2).bfs().run().distinctStates();
        long dfs = Checker.of(m).dfs().run().distinctStates();
        assertEquals(bfs1, bfs2);
        assertEquals(bfs1, dfs);
    }

    @Test
    void preemptedStepsLeaveValidStatesWithZombies() {
        Report<LocalState, LocalAction> r = check(new LocalModel(TWO_SLOTS.withPreempt(true), null));
        assertEquals(Report.Result.OK, r.result());
        assertEquals(PropertyResult.Outcome.REACHED, r.outcome("a delete is preempted with a Zombie left"));
    }

    private static void assertCaught(Mutant mutant, int shortest) throws Exception {
        LocalModel m = new LocalModel(TWO_SLOTS.withMutant(mutant), null);
        Report<LocalState, LocalAction> r = check(m);
        assertEquals(Report.Result.VIOLATION, r.result(), mutant.name());
        Violation<LocalState, LocalAction> v = r.violations().get(0);
        assertEquals(shortest, v.trace().length(), mutant + ":\n" + v.trace().toText());
        // The counterexample as captrace is a valid file, and the correct cap-core replays it without
        // a finding up to the step where the mutant parts from the specification.
        List<String> lines = CaptraceExport.lines(m, v.trace().actions(), "test");
        ReplayOutcome onCorrect = Replayer.replay(TraceParser.parseLines(lines), true);
        assertEquals(ReplayOutcome.Status.MATCHED, onCorrect.status(), String.join("\n", lines));
    }

    @Test
    void copyingAnUntypedWithoutMarkingItFullIsCaught() throws Exception {
        assertCaught(Mutant.UNTYPED_COPY_NOT_FULL, 1);
    }

    @Test
    void resettingAnUntypedWithChildrenIsCaught() throws Exception {
        assertCaught(Mutant.RESET_WITH_CHILDREN, 2);
    }

    @Test
    void aCopyOfACopyBecomingItsChildIsCaught() throws Exception {
        assertCaught(Mutant.COPY_OF_NON_ORIGINAL_IS_CHILD, 3);
    }

    @Test
    void authorityThroughASharedCNodeHasAWitness() {
        LocalModel m = new LocalModel(LocalBounds.quick().withProcesses(2, Distribution.DEFAULT),
                AuthorityQuery.parse("p1 can hold W to ep"));
        Report<LocalState, LocalAction> r = check(m);
        assertEquals(Report.Result.VIOLATION, r.result());
        Violation<LocalState, LocalAction> v = r.violations().get(0);
        assertEquals("authority: not (p1 can hold W to ep)", v.property());
        // Shortest witness: p0 copies its endpoint into the shared CNode.
        assertEquals(1, v.trace().length(), v.trace().toText());
        assertEquals(0, v.trace().actions().get(0).process());
    }

    @Test
    void withoutASharedCNodeTheRightIsUnreachable() {
        LocalModel m = new LocalModel(LocalBounds.quick().withProcesses(2, "p0: ep RWGP; p1: ep R"),
                AuthorityQuery.parse("p1 can hold W to ep"));
        Report<LocalState, LocalAction> r = check(m);
        assertEquals(Report.Result.OK, r.result());
        assertTrue(r.complete());
        assertEquals(PropertyResult.Outcome.HOLDS, r.outcome("authority: not (p1 can hold W to ep)"));
        assertEquals(PropertyResult.Outcome.HOLDS, r.outcome("cap-core refines the specification"));
    }

    @Test
    void nonsenseBoundsAndQueriesAreRefusedWithReasons() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LocalModel(LocalBounds.quick().withSlots(List.of(2, 99)), null));
        assertTrue(e.getMessage().contains("slots: 2 is not a free root-CNode slot")
                && e.getMessage().contains("slots: 99"), e.getMessage());
        assertEquals("slots", ((SettingException) e).setting());
        e = assertThrows(IllegalArgumentException.class, () -> AuthorityQuery.parse("p1 holds W on ep"));
        assertTrue(e.getMessage().contains("pN can hold RIGHTS to OBJECT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LocalModel(
                LocalBounds.quick().withProcesses(2, Distribution.DEFAULT), AuthorityQuery.parse("p1 can hold W to moon")));
        assertTrue(e.getMessage().contains("unknown object 'moon'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LocalModel(LocalBounds.quick(), AuthorityQuery.parse("p1 can hold W to ep")));
        assertTrue(e.getMessage().startsWith("query needs 2 or more processes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Distribution.parse("p0: ep XYZ", 2));
        assertTrue(e.getMessage().contains("bad rights"), e.getMessage());
    }

    @Test
    void aMutantIsInForceWithSeveralProcessesOrRefusedNamingIt() {
        LocalBounds two = LocalBounds.quick().withProcesses(2, "p0: ep RWGP; p1: ep R");
        check(new LocalModel(two, null)).assertAlwaysHolds();
        // p0's endpoint cap is minted from the root task's, so it is not original: copying it under this
        // mutant makes a child where seL4 makes a sibling. (Today the abstraction function throws on the
        // corrupt tree instead of the refinement check reporting it: either way the mutant is in force.)
        LocalModel mutant = new LocalModel(two.withMutant(Mutant.COPY_OF_NON_ORIGINAL_IS_CHILD), null);
        try {
            Report<LocalState, LocalAction> r = check(mutant);
            assertEquals(Report.Result.VIOLATION, r.result(), r.summary());
        } catch (IllegalStateException stepThrew) {
            assertTrue(stepThrew.getMessage() != null, "a step of the mutant kernel failed");
        }
        for (Mutant m : Mutant.values()) {
            try {
                new LocalModel(two.withMutant(m), null);
            } catch (SettingException e) {
                assertEquals("mutant", e.setting(), e.getMessage());
                assertTrue(e.getMessage().contains(m.name()), e.getMessage());
            }
        }
    }

    @Test
    void theModelHandsOverTheQueryAnswerAndTheCaptraceCounterexample() {
        LocalModel query = new LocalModel(LocalBounds.quick().withProcesses(2, Distribution.DEFAULT),
                AuthorityQuery.parse("p1 can hold W to ep"));
        Report<LocalState, LocalAction> r = check(query);
        assertEquals(List.of("Answer: p1 can hold W to ep: reachable; the counterexample above is a witness."),
                query.describeOutcome(r));
        assertEquals(List.of(), query.artifacts(r), "several processes' traces are not captrace");

        LocalModel mutant = new LocalModel(TWO_SLOTS.withMutant(Mutant.RESET_WITH_CHILDREN), null);
        Report<LocalState, LocalAction> bad = check(mutant);
        assertEquals(List.of(), mutant.describeOutcome(bad));
        org.capcheck.engine.Artifact captrace = mutant.artifacts(bad).get(0);
        assertEquals("captrace", captrace.kind());
        assertTrue(captrace.lines().get(0).startsWith("{\"captrace\": 1"), captrace.lines().get(0));
        assertTrue(captrace.noteFor("x.jsonl").contains("capcheck replay --mutant RESET_WITH_CHILDREN 'x.jsonl'"), captrace.note());
        assertEquals(List.of(), mutant.artifacts(check(new LocalModel(TWO_SLOTS, null))), "no violation, no file");
    }
}
