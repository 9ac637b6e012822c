package org.capcheck.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.capcheck.captrace.TraceParser;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.Rights;
import org.capcheck.proofs.bmc.BoundedModelChecker;
import org.capcheck.proofs.encoding.CapTerm;
import org.capcheck.proofs.encoding.Invariant;
import org.capcheck.proofs.encoding.Variant;
import org.capcheck.spec.refine.Invocation;
import org.junit.jupiter.api.Test;

/** Bounded model checking from boot, and the classification of counterexamples it drives. */
class BoundedModelCheckerTest {

    @Test
    void anAuthorityQueryIsAnsweredWithAWitnessThatCapCoreReplays() {
        BoundedModelChecker bmc = new BoundedModelChecker(Variant.SPEC, Prover.defaultBoot(), 2, 120_000);
        assertFalse(bmc.canHold(20, CapTerm.ENDPOINT, Rights.WRITE, 0).reachable());
        BoundedModelChecker.Answer a = bmc.canHold(20, CapTerm.ENDPOINT, Rights.WRITE, 1);
        assertTrue(a.reachable());
        Kernel k = Kernel.boot(Prover.defaultBoot());
        for (Invocation inv : a.witness().invocations()) {
            inv.applyTo(k);
        }
        Cap c = k.view().capAt(k.view().rootSlot(20));
        assertEquals(CapType.Endpoint, c.type(), a.text("slot 20"));
        assertTrue((c.rights() & Rights.WRITE) != 0);
    }

    @Test
    void theSpecificationsStepsBreakNoInvariantWithinOneStep() {
        BoundedModelChecker bmc = new BoundedModelChecker(Variant.SPEC, Prover.defaultBoot(), 2, 120_000);
        assertFalse(bmc.findViolation(Invariant.UNTYPED_INC, 1).reachable());
    }

    @Test
    void aSeededBugIsClassifiedAsARealBugWithACaptraceThatReproducesItOnTheMutantKernel() throws Exception {
        Prover p = new Prover(Prover.Settings.defaults().withVariant(Variant.UNTYPED_COPY_NOT_FULL)
                .withClassifyDepth(1));
        Result r = p.prove(List.of(Obligation.named("CNode_Copy/untyped_inc")), line -> { }).get(0);
        assertEquals(Outcome.COUNTEREXAMPLE, r.outcome());
        Counterexample c = r.counterexample();
        assertEquals(Counterexample.Kind.REAL_BUG, c.kind(), c.describe());
        String captrace = c.evidence().substring(c.evidence().indexOf("{\"captrace\""));
        assertTrue(TraceParser.parseLines(captrace.lines().toList()).lines().size() >= 1);
        assertTrue(c.evidence().contains("UNTYPED_COPY_NOT_FULL"), c.evidence());
    }

    @Test
    void aWeakenedInvariantGivesACounterexampleToInduction() {
        Set<Invariant> weaker = EnumSet.allOf(Invariant.class);
        weaker.remove(Invariant.UNTYPED_USABLE_RANGE);
        Prover p = new Prover(Prover.Settings.defaults().withAssumed(weaker).withClassifyDepth(1));
        Result r = p.prove(List.of(Obligation.named("Untyped_Retype/objects_disjoint")), line -> { }).get(0);
        assertEquals(Outcome.COUNTEREXAMPLE, r.outcome());
        assertEquals(Counterexample.Kind.INDUCTION, r.counterexample().kind(), r.detail());
        assertTrue(r.detail().contains("Untyped"), r.detail());
    }
}
