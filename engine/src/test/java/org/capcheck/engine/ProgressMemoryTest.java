package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The progress line's memory plan: what is held, the room left, and a warning before the heap fills. */
class ProgressMemoryTest {

    @Test
    void theLineSaysWhenTheHeapWillFillAtTheCurrentRate() {
        Exploration<int[], Integer> run = new Exploration<>(new FrontierTest.Counters(4, true), new Checker.Settings());
        String calm = ProgressReporter.memory(run, 1_000, 10, 5_000);
        assertTrue(calm.contains("room for about"), calm);
        assertTrue(calm.contains("visited set"), calm);
        assertFalse(calm.contains("WARNING"), calm);
        // at a trillion states a second any heap is full within ten intervals
        String doomed = ProgressReporter.memory(run, 1_000, 1e12, 5_000);
        assertTrue(doomed.contains("WARNING: at this rate the heap is full in about"), doomed);
        assertTrue(doomed.contains("-Xmx"), doomed);
        run.frontier = new Frontier(1, null, () -> 0);
        assertTrue(ProgressReporter.memory(run, 1_000, 10, 5_000).contains("MB on disk"));
    }
}
