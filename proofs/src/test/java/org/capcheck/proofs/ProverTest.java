package org.capcheck.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Operation;
import org.capcheck.proofs.encoding.Invariant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole suite of obligations, proved once (about a minute of Z3 on two cores). */
class ProverTest {
    private static List<Result> results;

    @BeforeAll
    static void proveEverything() {
        results = new Prover(Prover.Settings.defaults()).prove(Obligation.all(), line -> { });
    }

    @Test
    void everyObligationIsProved() {
        List<String> open = new ArrayList<>();
        for (Result r : results) {
            if (!r.outcome().proved()) {
                open.add(r.obligation().name() + ": " + r.outcomeText() + "\n" + r.detail());
            }
        }
        assertTrue(open.isEmpty(), String.join("\n", open));
    }

    @Test
    void thereIsAnObligationForEveryInvocationAndInvariantPairTheBootStateAndEachFunctionalProperty() {
        int n = Invariant.values().length;
        assertEquals(n + Operation.values().length * n + Obligation.Functional.values().length, results.size());
        for (Operation op : Operation.values()) {
            for (Invariant i : Invariant.values()) {
                assertTrue(Obligation.named(op.name() + "/" + i.id()) != null);
            }
        }
    }

    @Test
    void theBootStateIsProvedOutright() {
        for (Result r : results) {
            if (r.obligation().kind() == Obligation.Kind.BOOT) {
                assertEquals(Outcome.PROVED, r.outcome(), r.obligation().name());
            }
        }
    }

    @Test
    void mostObligationsHoldForEveryNumberOfSlots() {
        long unbounded = results.stream().filter(r -> r.outcome() == Outcome.PROVED).count();
        assertTrue(unbounded > results.size() / 2, unbounded + " of " + results.size());
    }

    @Test
    void theReportPrintsOneRowPerObligationAndValidJson() throws Exception {
        ProofReport report = new ProofReport(results, 1, 4);
        String table = report.table();
        for (Result r : results) {
            assertTrue(table.contains(r.obligation().name()), r.obligation().name());
        }
        assertTrue(report.allProved());
        assertTrue(report.toJson().contains("\"all_proved\": true"));
        org.capcheck.json.Json.parse(report.toJson());
    }
}
