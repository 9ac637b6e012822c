package org.capcheck.examples.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.capcheck.fuzz.Campaign;
import org.capcheck.fuzz.ModelCampaign;
import org.junit.jupiter.api.Test;

/**
 * The same model fuzzed, as a user's own tests would: where the checker's bounds end (4 caps, 2 revocations
 * each), random walks go on with every always property checked after every step (12 caps, 6 revocations
 * each). A failure is an AssertionError whose message carries the shrunk walk and the line that replays it.
 */
class CounterRevocationCampaignTest {
    private static final int CAPS = 12;
    private static final int REVOCATIONS = 6;

    @Test
    void theTransitiveDesignSurvivesACampaignBeyondTheCheckersBounds() {
        ModelCampaign.Result r = Campaign.over(
                new CounterRevocation(CAPS, REVOCATIONS, CounterRevocation.Variant.TRANSITIVE_CHECK))
                .seed(1).steps(20_000).runLength(40).assertNoFailure();
        assertEquals(20_000, r.steps());
        assertTrue(r.distinctStates() > 1_000, "the walks go past the checker's few hundred states");
    }

    @Test
    void aSeededBugFailsTheCampaignWithTheShrunkReproducerInTheMessage() {
        CounterRevocation shallow = new CounterRevocation(CAPS, REVOCATIONS, CounterRevocation.Variant.SHALLOW_CHECK);
        AssertionError e = assertThrows(AssertionError.class,
                () -> Campaign.over(shallow).seed(1).steps(20_000).runLength(40).assertNoFailure());
        String m = e.getMessage();
        assertTrue(m.startsWith("property violated: revoked caps are unusable\n"), m);
        // Shrunk to the shortest way in: a child, a grandchild, then revoke the root.
        assertTrue(m.contains("to 3 steps:\n  1. Derive(0)\n  2. Derive(1)\n  3. Revoke(0)\n"), m);
        assertTrue(m.contains("ModelCampaign.replay(model, List.of(\"Derive(0)\", \"Derive(1)\", \"Revoke(0)\"))"), m);
    }

    @Test
    void theReproducerBecomesARegressionTest() {
        List<String> walk = List.of("Derive(0)", "Derive(1)", "Revoke(0)");
        assertEquals("revoked caps are unusable", ModelCampaign.replay(
                new CounterRevocation(CAPS, REVOCATIONS, CounterRevocation.Variant.SHALLOW_CHECK), walk));
        assertNull(ModelCampaign.replay(
                new CounterRevocation(CAPS, REVOCATIONS, CounterRevocation.Variant.TRANSITIVE_CHECK), walk));
    }
}
