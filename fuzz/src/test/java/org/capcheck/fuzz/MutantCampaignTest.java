package org.capcheck.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.captrace.Invocation;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.Replayer;
import org.capcheck.captrace.Trace;
import org.capcheck.captrace.TraceLine;
import org.capcheck.captrace.TraceParser;
import org.capcheck.core.Mutant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fuzzer is shown to work by seeded bugs: for every mutant in the catalogue, a campaign on the
 * mutant kernel finds a failure, shrinks it to a few steps, and writes a captrace file that is valid,
 * passes on a correct kernel (its expectations are the specification's) and fails on the mutant.
 */
class MutantCampaignTest {
    @TempDir
    Path out;

    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyMutantIsCaughtAndShrunkToAReproducerThatReplays(Mutant mutant) throws Exception {
        CampaignOptions o = CampaignOptions.defaults("local").withMutant(mutant).withOps(300_000).withSeed(7)
                .withOutDir(out);
        Campaign.Result r = Campaign.run(new LocalTarget(), o, new Stop(o.maxOps(), -1), line -> { });
        Finding f = r.finding();
        assertNotNull(f, mutant + " was not caught in " + r.stats().ops() + " invocations");
        assertTrue(f.steps().size() <= 8, mutant + ": reproducer of " + f.steps().size() + " steps: " + f.steps());
        assertTrue(f.steps().size() <= f.originalSteps());
        assertEquals("capcheck replay " + f.reproducer() + " --mutant " + mutant.name(), f.replayCommand());

        byte[] file = Files.readAllBytes(f.reproducer());
        Trace trace = TraceParser.parse(file);
        ReplayOutcome onCorrectKernel = Replayer.replay(trace, false);
        assertEquals(ReplayOutcome.Status.MATCHED, onCorrectKernel.status(),
                () -> "the reproducer's expectations are the specification's, so a correct kernel passes:\n"
                        + new String(file) + onCorrectKernel.differences());

        List<Step> steps = new ArrayList<>();
        for (TraceLine line : trace.lines()) {
            if (line instanceof Invocation inv) {
                steps.add(new Step(inv.op(), inv.args()));
            }
        }
        assertNull(LocalTarget.firstViolation(trace.header().bootConfig(), Mutant.NONE, steps));
        Violation onMutant = LocalTarget.firstViolation(trace.header().bootConfig(), mutant, steps);
        assertNotNull(onMutant, "the reproducer's invocations show the failure on the mutant kernel");
        assertEquals(f.violation().kind(), onMutant.kind());
    }

    /** Sampled checking (invariants every 8 steps, refinement every 64) still catches a mutant; the re-run shrinks it. */
    @ParameterizedTest
    @EnumSource(value = Mutant.class, names = {"COPY_OF_NON_ORIGINAL_IS_CHILD", "RESET_WITH_CHILDREN"})
    void sampledCheckingCatchesMutantsToo(Mutant mutant) throws Exception {
        CampaignOptions o = CampaignOptions.defaults("local").withMutant(mutant).withOps(500_000).withSeed(11)
                .withChecks(8, 64).withOutDir(out);
        Finding f = Campaign.run(new LocalTarget(), o, new Stop(o.maxOps(), -1), line -> { }).finding();
        assertNotNull(f, mutant + " was not caught with sampled checking");
        assertTrue(f.steps().size() <= 8, f.steps().toString());
        assertNotNull(LocalTarget.firstViolation(o.config(), mutant, stepsOf(f.reproducer())));
    }

    private static List<Step> stepsOf(Path reproducer) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (TraceLine line : TraceParser.parse(Files.readAllBytes(reproducer)).lines()) {
            if (line instanceof Invocation inv) {
                steps.add(new Step(inv.op(), inv.args()));
            }
        }
        return steps;
    }
}
