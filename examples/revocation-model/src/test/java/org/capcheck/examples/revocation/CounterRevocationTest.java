package org.capcheck.examples.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capcheck.engine.Checker;
import org.capcheck.engine.Report;
import org.capcheck.engine.Trace;
import org.junit.jupiter.api.Test;

/** A user's model checked through capcheck's public API, as any project would from its own tests. */
class CounterRevocationTest {

    @Test
    void theTransitiveDesignKeepsRevokedCapsUnusable() {
        Report<CounterRevocation.State, CounterRevocation.Action> report = Checker.of(
                new CounterRevocation(4, 2, CounterRevocation.Variant.TRANSITIVE_CHECK))
                .workers(2).bfs().run();
        report.assertAlwaysHolds();
        // The example: a shortest way to revoke a grandchild away (derive, derive, revoke the root).
        assertEquals(3, report.assertReached("a grandchild is revoked away").length());
        assertTrue(report.distinctStates() > 100, "the bounds reach past trivial states");
    }

    @Test
    void checkingOnlyTheParentLetsARevokedGrandchildThrough() {
        Report<CounterRevocation.State, CounterRevocation.Action> report = Checker.of(
                new CounterRevocation(4, 2, CounterRevocation.Variant.SHALLOW_CHECK))
                .bfs().run();
        Trace<CounterRevocation.State, CounterRevocation.Action> trace = report.assertViolated("revoked caps are unusable");
        // Shortest counterexample: derive a child, derive a grandchild, revoke the root.
        assertEquals(3, trace.length(), trace.toText());
        CounterRevocation.State last = trace.lastState();
        assertFalse(new CounterRevocation(4, 2, CounterRevocation.Variant.TRANSITIVE_CHECK).usable(last, 2));
    }
}
