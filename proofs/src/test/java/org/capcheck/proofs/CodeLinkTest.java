package org.capcheck.proofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capcheck.core.Operation;
import org.capcheck.proofs.encoding.Variant;
import org.capcheck.proofs.link.CodeLink;
import org.junit.jupiter.api.Test;

/** The proofs are about the code that runs: cap-core's steps satisfy the transition relation. */
class CodeLinkTest {

    @Test
    void everyStepOfSeededRandomWalksOverCapCoreSatisfiesTheRelation() {
        CodeLink.Report r = new CodeLink(Variant.SPEC, Prover.defaultBoot()).check(1, 5, 30);
        assertTrue(r.failures().isEmpty(), String.join("\n\n", r.failures()));
        assertTrue(r.steps() >= 120, r.steps() + " steps");
        for (Operation op : Operation.values()) {
            assertTrue(r.byOperation()[op.ordinal()] > 0, op + " never walked");
        }
        assertTrue(r.outsideFragment() * 10 < r.steps(), r.outsideFragment() + " outside the fragment");
    }

    @Test
    void aBrokenRuleInTheRelationIsCaughtByCapCoresSteps() {
        CodeLink.Report r = new CodeLink(Variant.UNTYPED_COPY_NOT_FULL, Prover.defaultBoot()).check(1, 3, 30);
        assertFalse(r.failures().isEmpty());
        assertTrue(r.failures().get(0).contains("CNode_Copy") || r.failures().get(0).contains("CNode_Mint"),
                r.failures().get(0));
        CodeLink.Report rights = new CodeLink(Variant.RIGHTS_FROM_ARGUMENT, Prover.defaultBoot()).check(1, 3, 30);
        assertFalse(rights.failures().isEmpty());
        assertEquals(r.steps(), rights.steps());
    }
}
