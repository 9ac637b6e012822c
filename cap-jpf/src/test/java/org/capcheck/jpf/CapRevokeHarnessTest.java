package org.capcheck.jpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capcheck.engine.Report;
import org.junit.jupiter.api.Test;

class CapRevokeHarnessTest {

    @Test
    void theCorrectKernelPassesEveryPathOfThreeSteps() {
        ExplorationReport r = Explorer.of(Harnesses.named("cap-revoke")).statelessDfs().run();
        assertEquals(Report.Result.OK, r.result(), r.summary());
        assertTrue(r.complete());
        assertTrue(r.distinctStates() > 100, "three steps reach more than 100 states: " + r.summary());
        assertTrue(r.revisits() > 0, r.summary());
    }

    @Test
    void theSeededBugIsFoundAndItsCounterexampleReplays() {
        Harness mutant = Harnesses.named("cap-revoke-mutant");
        ExplorationReport r = Explorer.of(mutant).statelessDfs().run();
        assertEquals(Report.Result.VIOLATION, r.result(), r.summary());
        ExplorationReport.Counterexample cx = r.counterexample();
        assertTrue(cx.failure().startsWith("java.lang.AssertionError"), cx.failure());
        // The path ends with the delete whose re-parenting the mutant gets wrong.
        assertTrue(cx.trace().get(cx.trace().size() - 1).startsWith("CNode_Delete"), cx.trace().toString());
        assertTrue(cx.trace().stream().anyMatch(s -> s.startsWith("CNode_Mint") && s.contains("badge")),
                cx.trace().toString());
        Explorer.Replay again = Explorer.replay(Harnesses.named("cap-revoke-mutant"), cx.choices());
        assertTrue(again.violated());
        assertEquals(cx.failure(), Explorer.describe(again.failure()));
        // The same choices on the correct kernel are fine: the bug is the mutant's, not the harness's.
        Explorer.Replay correct = Explorer.replay(Harnesses.named("cap-revoke-deep"), cx.choices());
        assertFalse(correct.violated(), String.valueOf(correct.failure()));
    }

    /** The provenance assertion itself catches the mutant's re-parenting, on the path spelled out by hand. */
    @Test
    void provenanceFailsOnTheMutantAlongTheHandWrittenPath() {
        CapRevokeHarness h = (CapRevokeHarness) Harnesses.named("cap-revoke-mutant");
        int[] path = {
            h.choiceOf(CapRevokeHarness.MINT, 20, 21, 1),   // mint root[21] <- root[20] badge 1
            h.choiceOf(CapRevokeHarness.MINT, 20, 22, 1),   // mint root[22] <- root[20] badge 1
            h.choiceOf(CapRevokeHarness.COPY, 21, 23, 0),   // copy root[23] <- root[21]
            h.choiceOf(CapRevokeHarness.DELETE, 21, -1, 0), // delete root[21]
        };
        Explorer.Replay mutant = Explorer.replay(Harnesses.named("cap-revoke-mutant"), path);
        assertTrue(mutant.violated(), mutant.steps().toString());
        assertTrue(mutant.failure().getMessage().contains("after CNode_Delete root[21]: provenance: the cap in root[23] has derivation parent root[22]"), mutant.failure().getMessage());
        Explorer.Replay correct = Explorer.replay(Harnesses.named("cap-revoke-deep"), path);
        assertFalse(correct.violated(), String.valueOf(correct.failure()));
        assertEquals(4, correct.steps().size());
        assertTrue(correct.steps().stream().allMatch(s -> s.endsWith(": NoError")), correct.steps().toString());
    }

    /** One choice per step, over every invocation of the domain, in the order of the nested choices. */
    @Test
    void eachStepIsOneChoiceAmongEveryInvocation() {
        CapRevokeHarness h = (CapRevokeHarness) Harnesses.named("cap-revoke");
        // copy 5 sources x 3 destinations, mint x 3 badges, revoke 5, delete 5, retype 2 kinds x 3
        assertEquals(15 + 45 + 5 + 5 + 6, h.actionCount());
        assertEquals(0, h.choiceOf(CapRevokeHarness.COPY, 16, 21, 0));
        assertEquals(15, h.choiceOf(CapRevokeHarness.MINT, 16, 21, 0));
        assertEquals(h.actionCount() - 1, h.choiceOf(CapRevokeHarness.RETYPE, 16, 23, 1));
        assertEquals(-1, h.choiceOf(CapRevokeHarness.COPY, 16, 20, 0));
        CapRevokeHarness narrow = (CapRevokeHarness) Harnesses.named("cap-revoke-mutant-narrow");
        assertEquals(6 + 6 + 3, narrow.actionCount());
        assertEquals(0, narrow.choiceOf(CapRevokeHarness.MINT, 20, 21, 1));
        ExplorationReport one = Explorer.of(Harnesses.named("cap-revoke-1")).statelessDfs().run();
        assertEquals(h.actionCount(), one.runs(), one.summary());
        assertEquals(1, one.maxDepth(), one.summary());
    }

    @Test
    void stepsMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new CapRevokeHarness("x", org.capcheck.core.Mutant.NONE, 0));
    }

    @Test
    void outsideJpfTheChoicesDoNotDelegate() {
        // In these tests the Verify stub is on the classpath, and it says JPF is not running.
        assertFalse(JpfChoices.runningInJpf());
        assertThrows(IllegalStateException.class, JpfChoices::new);
    }
}
