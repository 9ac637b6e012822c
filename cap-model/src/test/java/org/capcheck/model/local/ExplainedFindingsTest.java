package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.engine.Checker;
import org.capcheck.engine.PropertyResult;
import org.capcheck.engine.Report;
import org.capcheck.engine.Violation;
import org.junit.jupiter.api.Test;

/** Findings of the local model explain themselves: the invariant by name, the fields it reads, seL4's words. */
class ExplainedFindingsTest {

    private static Report<LocalState, LocalAction> check(Mutant mutant, boolean preempt) {
        LocalBounds b = LocalBounds.quick();
        LocalBounds bounds = new LocalBounds(b.untypedBits(), b.slots(), b.badges(), b.cnodeRadix(), b.untypedChild(),
                preempt, 1, b.distribution(), mutant);
        return Checker.of(new LocalModel(bounds, null)).workers(1).bfs().run();
    }

    @Test
    void aBrokenInvariantIsNamedWithTheFieldsItReadsBeforeAndAfterTheStep() {
        Report<LocalState, LocalAction> report = check(Mutant.DELETE_DROPS_FIRST_BADGED, false);
        report.assertViolated(LocalModel.INVARIANTS);
        Violation<LocalState, LocalAction> v = report.violations().get(0);
        String text = v.toText();
        List<String> why = v.explanation();
        assertTrue(why.get(0).startsWith("Invariants broken: valid_badges"), text);
        // The slot the Delete emptied is marked as changed, with its badge and parent before and "empty" after.
        assertTrue(why.stream().anyMatch(l -> l.startsWith("  * root[") && l.contains("badge=1") && l.endsWith("empty")),
                text);
        assertTrue(why.stream().anyMatch(l -> l.startsWith("  * derivation order: ")), text);
        // valid_badges reads seL4's first-badged flags: they are among the fields shown.
        assertTrue(why.stream().anyMatch(l -> l.contains("first badged")), text);
        assertTrue(why.stream().anyMatch(l -> l.contains(" first_badged")), text);
        assertTrue(why.stream().anyMatch(l -> l.startsWith("    root[16]: Untyped@0x100000")), "unchanged slots shown unmarked: " + text);
        // Actions in seL4's words.
        assertTrue(text.contains("CNode_Mint(service=2, dest_index=") && text.contains("rights=RWGP, badge=1)"), text);
        assertTrue(text.contains("Untyped_Retype(service=16, type=Endpoint, size_bits=0"), text);
        assertTrue(report.toJson().contains("\"explanation\": ["), "the JSON report carries the explanation");
        assertEquals(v.steps(), v.trace().length());
    }

    @Test
    void aStepThatWouldNotEndIsReportedAsInvocationTerminates() {
        Report<LocalState, LocalAction> report = check(Mutant.ZOMBIE_NEVER_SHRINKS, true);
        report.assertViolated(LocalModel.INVARIANTS);
        String text = report.violations().get(0).toText();
        assertTrue(text.contains("Invariants broken: invocation_terminates"), text);
        assertTrue(text.contains("internal steps (Kernel.stepBound): cap-core stopped it rather than loop"), text);
        assertEquals(PropertyResult.Outcome.VIOLATED, report.outcome(LocalModel.INVARIANTS));
    }

    @Test
    void aRefinementDifferenceIsWrittenInTheTracesSlotNotation() {
        Report<LocalState, LocalAction> report = check(Mutant.RESET_WITH_CHILDREN, false);
        String text = report.violations().get(0).toText();
        assertEquals(PropertyResult.Outcome.VIOLATED, report.outcome("cap-core refines the specification"));
        assertTrue(text.contains("root[20] parent: spec root[16], kernel root["), text);
        assertTrue(!text.contains("0x1000["), "no slot written as CNode address[index]: " + text);
    }
}
