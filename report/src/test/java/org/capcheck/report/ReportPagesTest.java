package org.capcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capcheck.captrace.ReplayOptions;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.Replayer;
import org.capcheck.core.Mutant;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Report;
import org.capcheck.engine.Trace;
import org.capcheck.fuzz.Campaign;
import org.capcheck.fuzz.CampaignOptions;
import org.capcheck.fuzz.Stop;
import org.capcheck.fuzz.Targets;
import org.capcheck.model.local.CaptraceExport;
import org.capcheck.model.local.LocalAction;
import org.capcheck.model.local.LocalModel;
import org.capcheck.model.local.LocalState;
import org.capcheck.model.multikernel.MultikernelAction;
import org.capcheck.model.multikernel.MultikernelModel;
import org.capcheck.model.multikernel.MultikernelState;
import org.capcheck.model.twophase.TwoPhaseCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages of real runs ({@link Fixtures}): a seeded bug's counterexample in the local model, its captrace
 * replayed, a multikernel protocol's panic, a model the report cannot draw, and a fuzz campaign that
 * finds the seeded bug.
 */
class ReportPagesTest {
    static LocalModel model;
    static Report<LocalState, LocalAction> report;

    @BeforeAll
    static void check() {
        model = Fixtures.local();
        report = Fixtures.localReport();
    }

    /** The classes of the node {@code id} in the step whose list item has id {@code step}. */
    static String nodeClass(String html, int step, String id) {
        String item = stepItem(html, step);
        Matcher m = Pattern.compile("<g class=\"(node[a-z ]*)\" data-id=\"" + Pattern.quote(id) + "\">").matcher(item);
        return m.find() ? m.group(1) : null;
    }

    static String stepItem(String html, int step) {
        int from = html.indexOf("<li class=\"step");
        for (int at = from; at >= 0; at = html.indexOf("<li class=\"step", at + 1)) {
            if (html.startsWith("id=\"step-" + step + "\"", html.indexOf("id=", at))) {
                return html.substring(at, html.indexOf("</li>", at));
            }
        }
        throw new AssertionError("no step " + step + " in " + html);
    }

    @Test
    void aLocalCounterexampleDrawsTheTreeAtEachStepWithTheChangedCapsMarked() {
        String html = CheckReportPage.render("local", model, report);
        Trace<LocalState, LocalAction> trace = report.violations().get(0).trace();
        int last = trace.length();
        assertEquals(trace.steps().size(), DiagramsTestCount.count(html, "<li class=\"step"), "one item per state");
        assertEquals(trace.steps().size(), DiagramsTestCount.count(html, "<svg class=\"tree\""), "a tree per state");
        assertTrue(html.contains("class=\"verdict finding\""), html);
        // The last step is the Delete of the badged original root[21]: it is gone, and its copy moved up.
        assertTrue(stepItem(html, last).contains("CNode_Delete"), stepItem(html, last));
        assertTrue(stepItem(html, last).startsWith("<li class=\"step violating\""));
        assertEquals("node deleted", nodeClass(html, last, "root[21]"));
        assertEquals("node changed", nodeClass(html, last, "root[22]"));
        assertEquals("node", nodeClass(html, last, "root[20]"));
        // The step before made the copy root[22]: added there, unchanged in the step after it.
        assertEquals("node added", nodeClass(html, last - 1, "root[22]"));
        assertEquals("node", nodeClass(html, 0, "root[16]"));
        assertFalse(html.contains("<script"), "no script");
    }

    @Test
    void itsCaptraceReplayedShowsTheDifferenceAtTheLineAndTheTreeAfterEachLine(@TempDir Path dir) throws Exception {
        Trace<LocalState, LocalAction> trace = report.violations().get(0).trace();
        Path file = dir.resolve("cex.jsonl");
        Files.write(file, CaptraceExport.lines(model, trace.actions(), "violates", file.toString()));
        Mutant m = Mutant.DELETE_DROPS_FIRST_BADGED;
        ReplayOutcome outcome = Replayer.replay(() -> Files.newInputStream(file),
                ReplayOptions.defaults().withKernel(m::boot, m.name()));
        assertEquals(ReplayOutcome.Status.DIFFERENT, outcome.status());
        String html = ReplayReportPage.render(file.toString(), outcome, () -> Files.newInputStream(file), m::boot);
        int last = trace.length();
        assertTrue(stepItem(html, last).startsWith("<li class=\"step violating\""), html);
        assertTrue(stepItem(html, last).contains("valid_badges"), stepItem(html, last));
        assertEquals("node deleted", nodeClass(html, last, "root[21]"));
        assertEquals("node changed", nodeClass(html, last, "root[22]"));
        assertEquals("node added", nodeClass(html, last - 1, "root[22]"));
        assertTrue(html.contains("boot ("), "the boot state is step 0");
    }

    @Test
    void aMultikernelCounterexampleIsAMessageSequenceChartWithALanePerCore() {
        MultikernelModel mk = Fixtures.multikernel();
        Report<MultikernelState, MultikernelAction> r = Fixtures.multikernelReport();
        String html = CheckReportPage.render("multikernel", mk, r);
        Trace<MultikernelState, MultikernelAction> trace = r.violations().get(0).trace();
        long deliveries = trace.actions().stream().filter(a -> a.kind() == MultikernelAction.Kind.DELIVER).count();
        assertEquals(1, DiagramsTestCount.count(html, "<svg class=\"msc\""), html);
        assertEquals(2, DiagramsTestCount.count(html, "<g class=\"lane\""), html);
        assertTrue(deliveries > 0);
        assertEquals(deliveries, DiagramsTestCount.count(html, "<line class=\"message\""), html);
        assertEquals(trace.length(), DiagramsTestCount.count(html, "<g class=\"event"), html);
        assertEquals(1, DiagramsTestCount.count(html, "<g class=\"event changed\""), "the last step is marked");
    }

    @Test
    void aModelWithoutTreesListsWhatEachStepChanged() {
        TwoPhaseCommit tpc = new TwoPhaseCommit(2);
        String html = CheckReportPage.render("two-phase-commit", tpc, Checker.of(tpc).workers(1).bfs().run());
        assertTrue(html.contains("class=\"verdict ok\""), html);
        assertFalse(html.contains("<svg"), "no figure for a model the report cannot draw");
        assertTrue(html.contains("<table class=\"properties\">"), html);
    }

    @Test
    void aCampaignChartsItsMixAndPairsAndDrawsItsReproducer(@TempDir Path dir) throws Exception {
        Mutant m = Mutant.DELETE_DROPS_FIRST_BADGED;
        CampaignOptions o = CampaignOptions.defaults("local").withSeed(1).withOps(20_000).withChecks(1, 0).withMutant(m)
                .withOutDir(dir);
        Campaign.Result r = Campaign.run(Targets.named("local"), o, new Stop(o.maxOps(), -1), line -> { });
        assertTrue(r.finding() != null, "the seeded bug is found");
        String html = FuzzReportPage.render(r, m::boot);
        int ops = r.stats().operations().size();
        assertEquals(ops, DiagramsTestCount.count(html, "<g class=\"bar\""), html);
        assertEquals(ops * org.capcheck.core.SeL4Error.values().length,
                DiagramsTestCount.count(html, "class=\"cell hit\"") + DiagramsTestCount.count(html, "class=\"cell miss\""));
        assertEquals(r.stats().pairsHit(), DiagramsTestCount.count(html, "class=\"cell hit\""));
        assertTrue(html.contains("class=\"verdict finding\""), html);
        assertTrue(DiagramsTestCount.count(html, "<svg class=\"tree\"") > r.finding().steps().size(),
                "the reproducer's steps are drawn, boot included");
        assertTrue(html.contains("<li class=\"step violating\""), "the failing line is marked");
    }

    /** Counting occurrences (the drawing package's test helper, shared). */
    static final class DiagramsTestCount {
        static int count(String text, String what) {
            int n = 0;
            for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
                n++;
            }
            return n;
        }
    }
}
