package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerdictTest {

    /** The shared spellings are the ones the engine's runs write into their reports. */
    @Test
    void stopReasonsAreTheEnginesSpellings() {
        assertEquals(Exploration.VIOLATION, Verdict.StopReason.VIOLATION);
        assertEquals(Exploration.MAX_DEPTH, Verdict.StopReason.MAX_DEPTH);
        assertEquals(Exploration.MAX_STATES, Verdict.StopReason.MAX_STATES);
        assertEquals(Exploration.TIMEOUT, Verdict.StopReason.TIMEOUT);
        assertEquals(Exploration.INTERRUPTED, Verdict.StopReason.INTERRUPTED);
        assertEquals(Exploration.OUT_OF_MEMORY, Verdict.StopReason.OUT_OF_MEMORY);
        assertEquals(Exploration.SIMULATION, Verdict.StopReason.SIMULATION);
    }

    /** A model checker's report answers through the same interface as the harness explorer's. */
    @Test
    void aReportIsAVerdict() {
        Verdict<Trace<CheckerApiTest.Lock.State, String>> buggy = Checker.of(new CheckerApiTest.Lock(true)).bfs().run();
        assertEquals(Report.Result.VIOLATION, buggy.result());
        assertEquals(Verdict.StopReason.VIOLATION, buggy.stopReason());
        Trace<CheckerApiTest.Lock.State, String> trace = buggy.assertViolated("mutual exclusion");
        AssertionError e = assertThrows(AssertionError.class, buggy::assertAlwaysHolds);
        assertTrue(e.getMessage().contains(trace.toText()), e.getMessage());

        Verdict<Trace<CheckerApiTest.Lock.State, String>> correct = Checker.of(new CheckerApiTest.Lock(false)).bfs().run();
        assertEquals(Report.Result.OK, correct.assertAlwaysHolds().result());
        assertEquals(null, correct.stopReason());
    }
}
