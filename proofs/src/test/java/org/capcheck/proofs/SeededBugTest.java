package org.capcheck.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.capcheck.core.CapType;
import org.capcheck.proofs.encoding.Invariant;
import org.capcheck.proofs.encoding.Variant;
import org.junit.jupiter.api.Test;

/**
 * The prover is shown to work: a transition relation with a rule broken on purpose, or an invariant
 * set with a conjunct taken away, gives a counterexample, decoded into a state and an invocation.
 */
class SeededBugTest {

    private static Result prove(Prover.Settings settings, String obligation) {
        Obligation o = Obligation.named(obligation);
        assertNotNull(o, obligation);
        List<Result> rs = new Prover(settings).prove(List.of(o), line -> { });
        return rs.get(0);
    }

    private static Result proveWith(Variant v, String obligation) {
        return prove(Prover.Settings.defaults().withVariant(v), obligation);
    }

    @Test
    void anUntypedCopyThatLeavesItsSourceFreeBreaksUntypedInc() {
        Result r = proveWith(Variant.UNTYPED_COPY_NOT_FULL, "CNode_Copy/untyped_inc");
        assertEquals(Outcome.COUNTEREXAMPLE, r.outcome(), r.detail());
        Counterexample c = r.counterexample();
        assertEquals(org.capcheck.core.Operation.CNode_Copy, c.op());
        assertTrue(c.before().caps().values().stream().anyMatch(x -> x.type() == CapType.Untyped), c.describe());
        // the specification's rule proves the same obligation
        assertTrue(proveWith(Variant.SPEC, "CNode_Copy/untyped_inc").outcome().proved());
    }

    @Test
    void aResetWithChildrenHandsOutMemoryStillReferenced() {
        Result r = proveWith(Variant.RESET_WITH_CHILDREN, "functional/retype_fresh_objects");
        assertEquals(Outcome.COUNTEREXAMPLE, r.outcome(), r.detail());
        assertTrue(r.detail().contains("Untyped_Retype"), r.detail());
    }

    @Test
    void aRevokeThatSparesGrandchildrenLeavesDescendants() {
        Result r = proveWith(Variant.REVOKE_CHILDREN_ONLY, "functional/revoke_removes_descendants");
        assertEquals(Outcome.COUNTEREXAMPLE, r.outcome(), r.detail());
        // a grandchild survives: the state before has a chain of at least three slots
        assertTrue(r.counterexample().before().cdt().size() >= 2, r.detail());
    }

    @Test
    void rightsTakenFromTheArgumentExceedTheParents() {
        Result r = proveWith(Variant.RIGHTS_FROM_ARGUMENT, "functional/copy_within_parent");
        assertEquals(Outcome.COUNTEREXAMPLE, r.outcome(), r.detail());
        assertTrue(proveWith(Variant.SPEC, "functional/copy_within_parent").outcome().proved());
    }

    @Test
    void withoutTheUsableRangeStrengtheningRetypeIsNotInductive() {
        Set<Invariant> weaker = EnumSet.allOf(Invariant.class);
        weaker.remove(Invariant.UNTYPED_USABLE_RANGE);
        Result r = prove(Prover.Settings.defaults().withAssumed(weaker), "Untyped_Retype/objects_disjoint");
        assertEquals(Outcome.COUNTEREXAMPLE, r.outcome(), r.detail());
    }

    @Test
    void withoutTheDepthAcyclicityIsNotInductive() {
        Set<Invariant> weaker = EnumSet.allOf(Invariant.class);
        weaker.remove(Invariant.NO_MLOOP);
        Result r = prove(Prover.Settings.defaults().withAssumed(weaker), "CNode_Copy/no_mloop");
        assertEquals(Outcome.COUNTEREXAMPLE, r.outcome(), r.detail());
    }
}
