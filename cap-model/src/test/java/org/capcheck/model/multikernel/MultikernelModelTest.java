package org.capcheck.model.multikernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.capcheck.engine.Checker;
import org.capcheck.engine.PropertyResult;
import org.capcheck.engine.Report;
import org.capcheck.multikernel.Protocol;
import org.junit.jupiter.api.Test;

/**
 * The multikernel model at small bounds: capcheck's protocol passes every property, Barrelfish's shows its
 * findings, and protocols with a safeguard removed are caught on the property that safeguard protects.
 */
class MultikernelModelTest {

    private static Report<MultikernelState, MultikernelAction> check(MultikernelModel model) {
        return Checker.of(model).bfs().run();
    }

    private static void assertEveryPropertyHolds(Report<MultikernelState, MultikernelAction> report) {
        assertEquals(Report.Result.OK, report.result(), () -> report.violations().isEmpty() ? "incomplete"
                : report.violations().get(0).property() + "\n" + report.violations().get(0).trace().toText());
        for (PropertyResult p : report.properties()) {
            if (p.kind() == org.capcheck.engine.Property.Kind.ALWAYS) {
                assertEquals(PropertyResult.Outcome.HOLDS, p.outcome(), p.name());
            } else {
                assertEquals(PropertyResult.Outcome.REACHED, p.outcome(), p.name() + " (the model is not vacuous)");
            }
        }
    }

    @Test
    void capcheckPassesEveryPropertyOnTwoCoresWithTwoOperationsEach() {
        Report<MultikernelState, MultikernelAction> reduced = check(new MultikernelModel(2, Protocol.CAPCHECK, 2, true));
        Report<MultikernelState, MultikernelAction> full = check(new MultikernelModel(2, Protocol.CAPCHECK, 2, false));
        assertEveryPropertyHolds(reduced);
        assertEveryPropertyHolds(full);
        assertTrue(reduced.distinctStates() < full.distinctStates(),
                reduced.distinctStates() + " with symmetry, " + full.distinctStates() + " without");
    }

    @Test
    void capcheckPassesEveryPropertyOnThreeCoresWithOneOperationEach() {
        assertEveryPropertyHolds(check(new MultikernelModel(3, Protocol.CAPCHECK, 1, true)));
    }

    /** Barrelfish's kernel retypes the RAM while its monitor is checking another core's retype of it. */
    @Test
    void barrelfishLetsTwoOverlappingRetypesSucceedOnTwoCores() {
        MultikernelModel model = new MultikernelModel(2, Protocol.BARRELFISH, 1, true)
                .only(MultikernelModel.RETYPE_EXCLUSIVE);
        Report<MultikernelState, MultikernelAction> report = check(model);
        assertEquals(Report.Result.VIOLATION, report.result());
        String lanes = MessageSequence.of(model, report.violations().get(0).trace()).lanes();
        assertTrue(lanes.contains("request_retype"), lanes);
        assertTrue(lanes.contains("check_retypeable"), lanes);
        assertEquals(2, lanes.split("created Frame", -1).length - 1, lanes);
    }

    /** A concurrent revoke's mark reaches a core that is retrieving ownership: Barrelfish's kernel asserts. */
    @Test
    void barrelfishPanicsWhenTwoCoresRevokeAtOnce() {
        Report<MultikernelState, MultikernelAction> report = check(new MultikernelModel(2, Protocol.BARRELFISH, 1, true)
                .only(MultikernelModel.NO_PANIC));
        assertEquals(Report.Result.VIOLATION, report.result());
        assertEquals(MultikernelModel.NO_PANIC, report.violations().get(0).property());
    }

    /** Copying a Frame off the RAM's owner core leaves the RAM's remote_descs clear. */
    @Test
    void barrelfishUnderApproximatesRemoteDescendants() {
        Report<MultikernelState, MultikernelAction> report = check(new MultikernelModel(2, Protocol.BARRELFISH, 2, true)
                .only(MultikernelModel.BITS_SOUND));
        assertEquals(Report.Result.VIOLATION, report.result());
    }

    @Test
    void aRevokeWithoutItsMarkPhaseLeavesCopiesBehind() {
        Report<MultikernelState, MultikernelAction> report =
                check(new MultikernelModel(2, Protocol.CAPCHECK.withoutMarkPhase(), 1, true));
        assertEquals(Report.Result.VIOLATION, report.result());
        assertEquals(MultikernelModel.REVOKE_COMPLETE, report.violations().get(0).property());
    }

    @Test
    void aRetypeWithoutTheRemoteCheckOverlapsAnotherCoresFrame() {
        Report<MultikernelState, MultikernelAction> report =
                check(new MultikernelModel(2, Protocol.CAPCHECK.withoutRemoteRetypeCheck(), 1, true));
        assertEquals(Report.Result.VIOLATION, report.result());
        assertEquals(MultikernelModel.RETYPE_EXCLUSIVE, report.violations().get(0).property());
    }

    /** Renaming cores never changes the canonical state, and the canonical state is a renaming of the state. */
    @Test
    void canonicalStatesAreInvariantUnderRenamingTheCores() {
        MultikernelModel plain = new MultikernelModel(3, Protocol.CAPCHECK, 1, false);
        MultikernelModel reduced = new MultikernelModel(3, Protocol.CAPCHECK, 1, true);
        Set<MultikernelState> seen = new HashSet<>();
        ArrayDeque<MultikernelState> queue = new ArrayDeque<>(plain.initialStates());
        List<MultikernelAction> actions = new ArrayList<>();
        Set<MultikernelState> canonicals = new HashSet<>();
        while (!queue.isEmpty() && seen.size() < 3000) {
            MultikernelState s = queue.poll();
            if (!seen.add(s)) {
                continue;
            }
            MultikernelState c = reduced.canonical(s);
            assertEquals(c, reduced.canonical(c));
            canonicals.add(c);
            actions.clear();
            plain.actions(s, actions);
            for (MultikernelAction a : actions) {
                queue.add(plain.next(s, a));
            }
        }
        assertTrue(canonicals.size() < seen.size());
    }

    @Test
    void theMessageSequenceHasOneLanePerCoreAndJson() {
        MultikernelModel model = new MultikernelModel(2, Protocol.CAPCHECK.withoutMarkPhase(), 1, false);
        Report<MultikernelState, MultikernelAction> report = check(model);
        MessageSequence sequence = MessageSequence.of(model, report.violations().get(0).trace());
        String lanes = sequence.lanes();
        assertTrue(lanes.startsWith("step c0"), lanes);
        assertTrue(lanes.contains("revoke_commit"), lanes);
        assertTrue(lanes.contains("done revoke RAM: OK"), lanes);
        String json = sequence.json(MultikernelModel.REVOKE_COMPLETE);
        assertTrue(json.contains("\"protocol\": \"capcheck-without-mark\"") || json.contains("\"protocol\":\"capcheck-without-mark\""), json);
        assertTrue(json.contains("revoke_commit(RAM)"), json);
        String[] captrace = sequence.captrace().split("\n");
        assertTrue(captrace[0].startsWith("{\"captrace\": 2,"), captrace[0]);
        assertTrue(captrace[0].contains("\"cores\": 2"), captrace[0]);
        for (int i = 1; i < captrace.length; i++) {
            assertTrue(captrace[i].startsWith("{\"step\": ") && captrace[i].contains("\"core\": "), captrace[i]);
        }
        assertTrue(sequence.captrace().contains("\"send\": {\"to\": 1,\"type\": \"revoke_commit\""),
                sequence.captrace());
        assertTrue(sequence.captrace().contains("\"done\": \"Distcap_Revoke\""), sequence.captrace());
    }

    @Test
    void badParametersAreRefusedWithTheOptionName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MultikernelModel.of(5, "capcheck", 1, true))
                .getMessage().contains("--cores"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MultikernelModel.of(2, "seL4", 1, true))
                .getMessage().contains("--protocol"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MultikernelModel.of(2, "capcheck", 0, true))
                .getMessage().contains("--ops"));
    }
}
