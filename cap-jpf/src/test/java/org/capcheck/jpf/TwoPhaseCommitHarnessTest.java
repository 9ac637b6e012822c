package org.capcheck.jpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.capcheck.engine.Report;
import org.junit.jupiter.api.Test;

class TwoPhaseCommitHarnessTest {

    /**
     * The states offered for matching are exactly the specification's reachable states: TLC (and
     * cap-model's built-in model) count 288 for 3 resource managers and 8,832 for 5.
     */
    @Test
    void theNativeExplorerReachesTheSpecificationsStates() {
        ExplorationReport three = Explorer.of(Harnesses.named("two-phase-commit-3")).exact(true).statelessDfs().run();
        assertEquals(Report.Result.OK, three.result(), three.summary());
        assertEquals(288, three.distinctStates(), three.summary());
        ExplorationReport five = Explorer.of(Harnesses.named("two-phase-commit-5")).statelessDfs().run();
        assertEquals(Report.Result.OK, five.result(), five.summary());
        assertEquals(8_832, five.distinctStates(), five.summary());
        // Every run ends at a state explored before (the protocol never stops by itself).
        assertEquals(five.runs(), five.revisits() + 0, five.summary());
    }

    @Test
    void theSeededEarlyCommitBreaksConsistencyAndReplays() {
        Harness bug = Harnesses.named("two-phase-commit-early-commit");
        ExplorationReport r = Explorer.of(bug).statelessDfs().run();
        assertEquals(Report.Result.VIOLATION, r.result(), r.summary());
        ExplorationReport.Counterexample cx = r.counterexample();
        assertTrue(cx.failure().startsWith("java.lang.AssertionError: TCConsistent"), cx.failure());
        List<String> trace = cx.trace();
        assertTrue(trace.stream().anyMatch(s -> s.startsWith("TMCommit")), trace.toString());
        assertTrue(trace.stream().anyMatch(s -> s.startsWith("RMChooseToAbort")), trace.toString());
        assertTrue(Explorer.replay(bug, cx.choices()).violated());
        // The same choices on the correct protocol take no violating step: the run goes on past them
        // (the replay then asks for more choices than given).
        IllegalArgumentException more = assertThrows(IllegalArgumentException.class,
                () -> Explorer.replay(Harnesses.named("two-phase-commit-3"), cx.choices()));
        assertTrue(more.getMessage().contains("needs more than"), more.getMessage());
    }

    @Test
    void namesAndSizes() {
        assertEquals(7, ((TwoPhaseCommitHarness) Harnesses.named("two-phase-commit-7")).rms());
        assertEquals(12, ((TwoPhaseCommitHarness) Harnesses.named("two-phase-commit-12")).rms());
        for (String bad : List.of("two-phase-commit-1", "two-phase-commit-16", "two-phase-commit-03",
                "two-phase-commit-", "two-phase-commit-x", "cap-revoke-0", "cap-revoke-9")) {
            assertNull(Harnesses.named(bad), bad);
        }
        assertEquals("cap-revoke-2", Harnesses.named("cap-revoke-2").name());
        assertThrows(IllegalArgumentException.class, () -> new TwoPhaseCommitHarness("x", 1, false));
        for (String name : Harnesses.names()) {
            assertEquals(name, Harnesses.named(name).name());
        }
        assertTrue(Harnesses.descriptions().containsKey("two-phase-commit-N"));
    }
}
