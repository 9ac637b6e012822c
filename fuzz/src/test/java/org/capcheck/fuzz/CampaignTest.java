package org.capcheck.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.fuzz.gen.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignTest {
    @TempDir
    Path out;

    private Campaign.Result run(CampaignOptions o) throws Exception {
        return Campaign.run(Targets.named(o.target()), o.withOutDir(out), new Stop(o.maxOps(), -1), line -> { });
    }

    /** Everything but the clock. */
    private static String fingerprint(Campaign.Result r) {
        return r.json().replaceAll("\"(seconds|invocations_per_second|cpu_seconds|invocations_per_cpu_second)\": [^,]*,", "");
    }

    @Test
    void aCampaignIsDeterminedByItsSeedAndOptions() throws Exception {
        CampaignOptions o = CampaignOptions.defaults("local").withOps(4000).withSeed(42).withCheckEvery(3);
        Campaign.Result a = run(o);
        Campaign.Result b = run(o);
        assertEquals(fingerprint(a), fingerprint(b));
        assertNotEquals(fingerprint(a), fingerprint(run(o.withSeed(43))));
        CampaignOptions d = CampaignOptions.defaults("decoder").withOps(3000).withSeed(42);
        assertEquals(fingerprint(run(d)), fingerprint(run(d)));
    }

    @Test
    void aCorrectKernelPassesAndTheCampaignCoversTheVocabulary() throws Exception {
        Campaign.Result r = run(CampaignOptions.defaults("local").withOps(20_000).withSeed(1));
        assertNull(r.finding(), () -> r.finding().violation().message());
        Statistics s = r.stats();
        assertEquals(20_000, s.ops());
        for (Operation op : Operation.values()) {
            assertTrue(s.count(op.name()) > 0, op + " never drawn");
            assertTrue(s.hits(op.name(), SeL4Error.NoError) > 0, op + " never succeeded");
        }
        assertTrue(s.hits("Untyped_Retype", SeL4Error.NotEnoughMemory) > 0, "untyped sizes near full");
        assertTrue(s.hits("CNode_Copy", SeL4Error.RangeError) > 0, "depths out of range");
        assertTrue(s.hits("CNode_Copy", SeL4Error.FailedLookup) > 0, "lookups past CNode boundaries");
        assertTrue(s.deepestTree() >= 4, "derivation trees deeper than 3: " + s.deepestTree());
        assertTrue(s.distinctStates() > 1000, "distinct states " + s.distinctStates());
    }

    @Test
    void weightsSteerTheMix() throws Exception {
        Campaign.Result r = run(CampaignOptions.defaults("local").withOps(3000)
                .withWeights(Weights.parse("IRQControl_Get=0,CNode_Revoke=100")));
        assertEquals(0, r.stats().count("IRQControl_Get"));
        assertTrue(r.stats().count("CNode_Revoke") > 1000);
        assertThrows(IllegalArgumentException.class, () -> Weights.parse("CNode_Nope=1"));
        assertThrows(IllegalArgumentException.class, () -> Weights.parse("CNode_Copy=-1"));
    }

    @Test
    void theDecoderTargetHoldsOnACorrectKernel() throws Exception {
        Campaign.Result r = run(CampaignOptions.defaults("decoder").withOps(8_000));
        assertNull(r.finding(), () -> r.finding().violation().message());
        assertTrue(r.stats().hits("label 19", SeL4Error.NoError) > 0, "raw CNode copies succeed sometimes");
        assertTrue(r.stats().hits("label 19", SeL4Error.TruncatedMessage) > 0);
    }

    @Test
    void targetsAreNamedAndBadOnesRefused() throws Exception {
        assertEquals("multikernel", Targets.named("multikernel").name());
        UnknownTargetException e = assertThrows(UnknownTargetException.class, () -> Targets.named("paxos"));
        assertTrue(e.getMessage().contains("available targets: local, decoder, multikernel"), e.getMessage());
        assertThrows(UnknownTargetException.class, () -> Targets.multikernel(5, "capcheck"));
        assertThrows(UnknownTargetException.class, () -> Targets.multikernel(3, "paxos"));
    }

    @Test
    void theShrinkerFindsAMinimalSequenceAndSimplifiesArguments() {
        // Fails at the first 7 after a 3 (values >= 3 and >= 7 count): minimal is [3, 7].
        Shrinker.Oracle<Integer> oracle = steps -> {
            boolean three = false;
            for (int i = 0; i < steps.size(); i++) {
                if (three && steps.get(i) >= 7) {
                    return new Violation(i, Violation.Kind.INVARIANT, "3 then 7");
                }
                three |= steps.get(i) >= 3;
            }
            return null;
        };
        List<Integer> failing = new ArrayList<>(List.of(1, 9, 2, 5, 8, 4, 1, 12, 0, 3, 3));
        Shrinker<Integer> s = new Shrinker<>(oracle, x -> {
            List<Integer> smaller = new ArrayList<>();
            for (int v = 0; v < x; v++) {
                smaller.add(v);
            }
            return smaller;
        }, Violation.Kind.INVARIANT, 10_000);
        assertEquals(List.of(3, 7), s.shrink(failing));
    }
}
