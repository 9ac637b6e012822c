package org.capcheck.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capcheck.model.multikernel.MultikernelModel;
import org.capcheck.multikernel.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultikernelCampaignTest {
    @TempDir
    Path dir;

    private static Campaign.Result campaign(Target t, long seed, long ops, Path out) throws Exception {
        CampaignOptions o = CampaignOptions.defaults("multikernel").withSeed(seed).withOps(ops).withOutDir(out);
        return Campaign.run(t, o, new Stop(o.maxOps(), -1), line -> { });
    }

    @Test
    void theCapcheckProtocolKeepsEveryPropertyUnderARandomSchedule() throws Exception {
        Campaign.Result r = campaign(Targets.multikernel(3, "capcheck"), 1, 30_000, dir);
        assertNull(r.finding(), () -> r.finding().violation().message());
        assertEquals(30_000, r.stats().ops());
        assertTrue(r.stats().count("deliver") > 10_000, "the scheduler delivers messages");
        assertTrue(r.stats().count("revoke RAM") > 100 && r.stats().count("retype RAM") > 100
                && r.stats().count("copy Frame") > 10, r.stats().text());
        assertTrue(r.stats().distinctStates() > 1000, r.stats().text());
    }

    @Test
    void theBarrelfishVariantIsCaughtShrunkSavedAndReplayed() throws Exception {
        Campaign.Result r = campaign(Targets.multikernel(3, "barrelfish"), 1, 100_000, dir);
        Finding f = r.finding();
        assertNotNull(f, "the barrelfish variant's bugs are found");
        assertTrue(f.steps().size() <= f.originalSteps(), f.toString());
        assertTrue(f.steps().size() <= 20, "shrunk: " + f.steps());
        assertEquals(Violation.Kind.PROPERTY, f.violation().kind());
        String text = Files.readString(f.reproducer());
        assertTrue(text.startsWith("{\"captrace\": 2,"), text);
        MultikernelReproducer.Replay replay = MultikernelReproducer.replay(text);
        assertNull(replay.mismatch(), replay.mismatch());
        assertNotNull(replay.violated(), "the reproducer shows the violation on replay");
        assertTrue(f.violation().message().contains(replay.violated()), f.violation().message());
        assertEquals(f.steps().size(), replay.steps());
        // Run on the corrected protocol, the same schedule does something else: the replay says so.
        MultikernelReproducer.Replay fixed;
        try {
            fixed = MultikernelReproducer.replay(text.replace("\"barrelfish\"", "\"capcheck\""));
            assertTrue(!fixed.passed(), "the capcheck machines do not do what the barrelfish ones did");
        } catch (MultikernelReproducer.InvalidReproducerException e) {
            assertTrue(e.getMessage().contains("not possible"), e.getMessage());
        }
    }

    @Test
    void aCampaignIsDeterminedByItsSeed() throws Exception {
        Campaign.Result a = campaign(Targets.multikernel(2, "barrelfish"), 9, 50_000, dir.resolve("a"));
        Campaign.Result b = campaign(Targets.multikernel(2, "barrelfish"), 9, 50_000, dir.resolve("b"));
        assertEquals(a.finding().steps(), b.finding().steps());
        assertEquals(Files.readString(a.finding().reproducer()), Files.readString(b.finding().reproducer()));
    }

    /** Each property the barrelfish variant breaks (docs/MULTIKERNEL.md section 4) is found on its own. */
    @ParameterizedTest
    @ValueSource(strings = {MultikernelModel.NO_PANIC, MultikernelModel.RETYPE_EXCLUSIVE, MultikernelModel.BITS_SOUND,
            MultikernelModel.ONE_OWNER, MultikernelModel.REVOKE_COMPLETE, MultikernelModel.LAST_DELETE_ONCE,
            MultikernelModel.TREES_WELL_FORMED})
    void eachPropertyTheBarrelfishVariantBreaksIsFoundAndShrunk(String property) {
        MultikernelModel model = new MultikernelModel(3, Protocol.BARRELFISH, MultikernelTarget.OPS_PER_CORE, false)
                .only(property);
        ModelCampaign.Failure f = Campaign.over(model).seed(3).steps(200_000).runLength(100)
                .weights(a -> a.kind() == org.capcheck.model.multikernel.MultikernelAction.Kind.DELIVER ? 3 : 1)
                .assertFails();
        assertEquals(property, f.property());
        assertEquals(property, ModelCampaign.replay(model, f.actions()), "the shrunk walk replays to it");
        assertTrue(f.actions().size() <= 30 && f.actions().size() <= f.originalSteps(), f.report());
    }

    @Test
    void aReproducerThatIsNotV2OrNotPossibleIsRefusedClearly() {
        assertThrows(MultikernelReproducer.InvalidReproducerException.class,
                () -> MultikernelReproducer.replay("{\"captrace\": 1, \"boot\": {}}"));
        String header = "{\"captrace\":2,\"boot\":{\"untyped\":[],\"cores\":2,\"multikernel\":{\"protocol\":\"capcheck\"}}}\n";
        MultikernelReproducer.InvalidReproducerException e = assertThrows(
                MultikernelReproducer.InvalidReproducerException.class, () -> MultikernelReproducer.replay(header
                        + "{\"step\":1,\"core\":1,\"recv\":{\"from\":0}}\n"));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
    }

    @Test
    void theCampaignChecksTheModelsAlwaysPropertiesNotItsReachabilityGoals() {
        assertEquals(List.of(MultikernelModel.REVOKE_COMPLETE, MultikernelModel.RETYPE_EXCLUSIVE,
                MultikernelModel.LAST_DELETE_ONCE, MultikernelModel.BITS_SOUND, MultikernelModel.ONE_OWNER,
                MultikernelModel.TREES_WELL_FORMED, MultikernelModel.QUIESCENCE, MultikernelModel.NO_PANIC),
                ModelCampaign.alwaysProperties(new MultikernelModel(2, Protocol.CAPCHECK, 1, false)).stream()
                        .map(p -> p.name()).toList());
    }
}
