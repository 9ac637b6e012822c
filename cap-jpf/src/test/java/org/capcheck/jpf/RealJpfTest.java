package org.capcheck.jpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.capcheck.engine.Report;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Under the real, stock Java PathFinder (JPF_HOME, else the provided build; see {@link JpfHomes}): the
 * harnesses give the native explorer's verdict, and a violation's path, as JPF reports it through
 * capcheck's listener, replays natively. Every built-in harness runs here. Each test runs JPF in a JVM of
 * its own, so the tests run two at a time (junit-platform.properties): the two longest, cap-revoke-deep
 * and two-phase commit with 7 resource managers, take JPF minutes of CPU each (docs/PERFORMANCE.md).
 */
@Execution(ExecutionMode.CONCURRENT)
class RealJpfTest {
    static Path home;

    @TempDir
    Path work;

    @BeforeAll
    static void jpf() {
        home = JpfHomes.find();
        assumeTrue(home != null, JpfHomes.missing());
    }

    private JpfLauncher.JpfOutcome launch(JpfLauncher launcher, List<String> progress) {
        StringWriter out = new StringWriter();
        JpfLauncher.JpfOutcome outcome = launcher.launch(work, new PrintWriter(out, true), new PrintWriter(out, true),
                progress == null ? null : progress::add);
        System.out.println(out);
        return outcome;
    }

    private JpfLauncher.JpfOutcome launch(String harness) {
        return launch(JpfLauncher.of(home, harness), null);
    }

    /** JPF's verdict is the native explorer's; a violating path replays natively to the same failure. */
    private void sameVerdict(String harness) {
        sameVerdict(harness, true);
    }

    /**
     * JPF's verdict is the native explorer's and a violating path of JPF's replays natively. With
     * {@code samePath}, it is the native explorer's first counterexample: both search depth first in
     * ascending order of the choices, and on these harnesses they prune the same paths. Where the
     * native explorer prunes more (a state seen at an earlier match point is not explored again, while
     * JPF's state holds the step count), JPF may reach another violation first.
     */
    private void sameVerdict(String harness, boolean samePath) {
        JpfLauncher.JpfOutcome jpf = launch(harness);
        ExplorationReport natively = Explorer.of(Harnesses.named(harness)).statelessDfs().run();
        if (natively.result() == Report.Result.OK) {
            assertEquals(JpfLauncher.NO_ERRORS, jpf.status(), harness);
            return;
        }
        assertEquals(Report.Result.VIOLATION, natively.result(), natively.summary());
        assertEquals(JpfLauncher.ERROR_FOUND, jpf.status(), harness);
        assertNotNull(jpf.choices(), "the listener reports the violating path's choices");
        Explorer.Replay replay = Explorer.replay(Harnesses.named(harness), jpf.choices());
        assertTrue(replay.violated(), harness + ": JPF's path violates natively too");
        if (!samePath) {
            assertTrue(replay.failure() instanceof AssertionError, String.valueOf(replay.failure()));
            return;
        }
        assertEquals(natively.counterexample().failure(), Explorer.describe(replay.failure()));
        // Both are depth-first in ascending order of the choices: the first violating path is the same.
        assertArrayEquals(natively.counterexample().choices(), jpf.choices());
    }

    @Test
    void theLostUpdate() {
        sameVerdict("racy-counter");
    }

    @Test
    void theAtomicCounter() {
        sameVerdict("atomic-counter");
    }

    @Test
    void theSeededCapabilityBug() {
        sameVerdict("cap-revoke-mutant-narrow");
    }

    /** Three steps over the whole domain: no violation, under JPF as natively. */
    @Test
    void theCapabilityHarness() {
        sameVerdict("cap-revoke");
    }

    /** Four steps over the whole domain: no violation, under JPF as natively. */
    @Test
    void theCapabilityHarnessInFourSteps() {
        sameVerdict("cap-revoke-deep");
    }

    /** Four steps over the whole domain, with the seeded bug: JPF finds it too. */
    @Test
    void theSeededCapabilityBugInFourSteps() {
        // JPF's first violation ends with CNode_Delete root[21], the native explorer's with root[22]: both
        // valid_badges, on different paths (the native explorer pruned JPF's).
        sameVerdict("cap-revoke-mutant", false);
    }

    @Test
    void theSeededTwoPhaseCommitBug() {
        sameVerdict("two-phase-commit-early-commit");
    }

    /**
     * Two-phase commit: JPF stores a state only where the harness chooses, once per action, so its new
     * states are the specification's 288 less the initial one (JPF's first state is the first choice
     * point, after the initial state), and its transitions are the model's.
     */
    @Test
    void twoPhaseCommitStatesMatchTheSpecification() {
        JpfLauncher.JpfOutcome three = launch("two-phase-commit-3");
        assertEquals(JpfLauncher.NO_ERRORS, three.status());
        assertEquals(287, three.newStates());
        assertEquals(1_146, three.newStates() + three.visitedStates() + 1, "one JPF transition per action");
    }

    /** The same with 5 resource managers: the specification's 8,832 states and 58,146 transitions. */
    @Test
    void twoPhaseCommitWithFiveManagersMatchesTheSpecification() {
        JpfLauncher.JpfOutcome five = launch("two-phase-commit-5");
        assertEquals(JpfLauncher.NO_ERRORS, five.status());
        assertEquals(8_831, five.newStates());
        assertEquals(58_146, five.newStates() + five.visitedStates() + 1, "one JPF transition per action");
    }

    /** The same with 7 resource managers: the specification's 296,448 states and 2,744,706 transitions. */
    @Test
    void twoPhaseCommitWithSevenManagersMatchesTheSpecification() {
        JpfLauncher.JpfOutcome seven = launch("two-phase-commit-7");
        assertEquals(JpfLauncher.NO_ERRORS, seven.status());
        assertEquals(296_447, seven.newStates());
        assertEquals(2_744_706, seven.newStates() + seven.visitedStates() + 1, "one JPF transition per action");
    }

    @Test
    void aTimeoutEndsTheSearchIncomplete() {
        JpfLauncher.JpfOutcome outcome = launch(JpfLauncher.of(home, "two-phase-commit-7").timeoutSeconds(1L), null);
        assertEquals(JpfLauncher.INCOMPLETE, outcome.status());
        assertEquals("timeout", outcome.stopReason());
        assertTrue(outcome.newStates() > 0, "the counts so far: " + outcome);
    }

    @Test
    void stopEndsJpfAndReportsTheCountsSoFar() throws InterruptedException {
        JpfLauncher launcher = JpfLauncher.of(home, "two-phase-commit-7").progressSeconds(1);
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        Thread stopper = new Thread(() -> {
            while (progress.isEmpty()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            launcher.stop();
        });
        stopper.start();
        JpfLauncher.JpfOutcome outcome = launch(launcher, progress);
        stopper.join(5_000);
        assertEquals(JpfLauncher.INCOMPLETE, outcome.status());
        assertEquals("interrupted", outcome.stopReason());
        assertTrue(progress.get(0).startsWith("progress: "), progress.toString());
        assertTrue(outcome.newStates() > 0, "the counts so far: " + outcome);
    }
}
