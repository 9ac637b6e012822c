package org.capcheck.examples.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capcheck.engine.Checker;
import org.capcheck.engine.PropertyResult;
import org.capcheck.engine.Report;
import org.capcheck.engine.Strategy;
import org.capcheck.engine.Violation;
import org.junit.jupiter.api.Test;

/** A user's model checked through capcheck's public API, as any project would from its own tests. */
class CounterRevocationTest {

    @Test
    void theTransitiveDesignKeepsRevokedCapsUnusable() {
        Report<CounterRevocation.State, CounterRevocation.Action> report = Checker.of(
                new CounterRevocation(4, 2, CounterRevocation.Variant.TRANSITIVE_CHECK))
                .strategy(Strategy.BFS).run();
        assertEquals(Report.Result.OK, report.result());
        assertTrue(report.complete());
        assertEquals(PropertyResult.Outcome.REACHED, report.outcome("a grandchild is revoked away"));
        assertTrue(report.distinctStates() > 100, "the bounds reach past trivial states");
    }

    @Test
    void checkingOnlyTheParentLetsARevokedGrandchildThrough() {
        Report<CounterRevocation.State, CounterRevocation.Action> report = Checker.of(
                new CounterRevocation(4, 2, CounterRevocation.Variant.SHALLOW_CHECK))
                .strategy(Strategy.BFS).run();
        assertEquals(Report.Result.VIOLATION, report.result());
        Violation<CounterRevocation.State, CounterRevocation.Action> v = report.violations().get(0);
        assertEquals("revoked caps are unusable", v.property());
        // Shortest counterexample: derive a child, derive a grandchild, revoke the root.
        assertEquals(3, v.trace().length(), v.trace().toText());
        CounterRevocation.State last = v.trace().lastState();
        assertFalse(new CounterRevocation(4, 2, CounterRevocation.Variant.TRANSITIVE_CHECK).usable(last, 2));
    }
}
