package org.capcheck.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.capcheck.engine.Model;
import org.capcheck.engine.PropertyResult;
import org.capcheck.engine.Report;
import org.capcheck.engine.Trace;
import org.capcheck.engine.Violation;
import org.capcheck.model.local.LocalModel;
import org.capcheck.model.local.LocalState;
import org.capcheck.model.multikernel.MultikernelAction;
import org.capcheck.model.multikernel.MultikernelModel;
import org.capcheck.model.multikernel.MultikernelState;
import org.capcheck.report.html.HtmlPage;

/**
 * The page of {@code capcheck check}: the verdict and the run's figures, the properties and their
 * outcomes, and each counterexample as a list of steps with what each step changed. For the local model
 * every step also shows the derivation tree with the changed caps marked; for the multikernel model the
 * trace is also drawn as a message sequence chart, one lane per core.
 */
public final class CheckReportPage {
    /** Trees are drawn for at most this many steps, the last ones (a dfs trace may be thousands long). */
    static final int MAX_DRAWN_STEPS = 60;

    private CheckReportPage() {
    }

    /** The page for {@code report}, a run of {@code model} (named {@code name} on the command line). */
    public static <S, A> String render(String name, Model<S, A> model, Report<S, A> report) {
        HtmlPage page = new HtmlPage("capcheck check " + name + ": " + report.result().label());
        page.heading(1, "capcheck check " + name);
        page.verdict(verdictLabel(report), verdictKind(report.result()));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", name);
        facts.put("result", report.result().label() + (report.stopReason() == null
                || report.stopReason().equals(report.result().label()) ? "" : " (" + report.stopReason() + ")"));
        facts.put("strategy", report.strategy().label() + ", " + report.workers() + " worker" + (report.workers() == 1 ? "" : "s")
                + (report.seed().isPresent() ? ", seed " + report.seed().getAsLong() : ""));
        facts.put("distinct states", String.format(Locale.ROOT, "%,d", report.distinctStates()));
        facts.put("generated states", String.format(Locale.ROOT, "%,d", report.generatedStates()));
        facts.put("greatest depth", Integer.toString(report.maxDepth()));
        facts.put("time", String.format(Locale.ROOT, "%.2f s (%,.0f states/s)", report.seconds(), report.statesPerSecond()));
        facts.put("state storage", report.exact() ? "exact states"
                : String.format(Locale.ROOT, "64-bit fingerprints (collision probability %.1e)", report.collisionProbability()));
        page.facts(facts);
        List<String> described = model.describeModel();
        if (!described.isEmpty()) {
            page.heading(2, "The model");
            page.preformatted(String.join("\n", described));
        }
        page.heading(2, "Properties");
        List<List<String>> rows = new ArrayList<>();
        for (PropertyResult p : report.properties()) {
            rows.add(List.of(p.kind().label(), p.name(), p.outcome().label()));
        }
        page.table("properties", List.of("kind", "property", "outcome"), rows);
        List<String> outcome = model.describeOutcome(report);
        if (!outcome.isEmpty()) {
            page.preformatted(String.join("\n", outcome));
        }
        int n = 0;
        for (Violation<S, A> v : report.violations()) {
            page.section("counterexample-" + (++n));
            page.heading(2, "Counterexample to '" + v.property() + "' (" + v.steps() + (v.steps() == 1 ? " step)" : " steps)"));
            if (!v.explanation().isEmpty()) {
                page.preformatted(String.join("\n", v.explanation()));
            }
            trace(page, model, v.trace(), "c" + n, v.thrown() == null);
            if (v.thrown() != null) {
                page.steps().step(v.steps(), v.failedAction() == null ? "(listing the actions)" : v.failedAction(), true)
                        .paragraph("This step threw " + v.thrownLine() + ".").end().end();
            }
            page.end();
        }
        return page.render();
    }

    @SuppressWarnings("unchecked")
    private static <S, A> void trace(HtmlPage page, Model<S, A> model, Trace<S, A> trace, String id, boolean lastViolates) {
        if (model instanceof MultikernelModel) {
            try {
                page.chart(CoreLanes.of((MultikernelModel) model, (Trace<MultikernelState, MultikernelAction>) trace), id,
                        "The trace as messages between cores, one lane per core, replayed from the boot state (a trace "
                                + "found under symmetry may name the cores otherwise in its steps); the last step is marked.");
            } catch (IllegalStateException e) {
                page.note("No message sequence chart: " + e.getMessage());
            }
        }
        LocalModel local = model instanceof LocalModel ? (LocalModel) model : null;
        List<Trace.Step<S, A>> steps = trace.steps();
        int firstDrawn = Math.max(0, steps.size() - MAX_DRAWN_STEPS);
        if (local != null) {
            page.treeLegend();
            if (firstDrawn > 0) {
                page.note("Derivation trees are drawn for the last " + MAX_DRAWN_STEPS + " steps; the "
                        + firstDrawn + " before list their changes only.");
            }
        }
        page.steps();
        for (int i = 0; i < steps.size(); i++) {
            Trace.Step<S, A> step = steps.get(i);
            page.step(i, i == 0 ? "initial state" : step.actionName(), lastViolates && i == steps.size() - 1);
            if (local != null && i >= firstDrawn) {
                LocalState before = i == 0 ? null : (LocalState) steps.get(i - 1).state();
                page.tree(LocalTrees.at(local, (Trace.Step<LocalState, ?>) step, before),
                        "The derivation tree " + (i == 0 ? "initially" : "after step " + i) + ".");
            }
            if (i == 0) {
                if (local == null) {
                    Steps.fields(page, step.fields());
                }
            } else {
                Steps.changes(page, step.changes());
            }
            page.end();
        }
        page.end();
    }

    static String verdictLabel(Report<?, ?> report) {
        switch (report.result()) {
            case OK:
                return "no violation: every always property holds";
            case VIOLATION:
                return "violation found";
            default:
                return "incomplete" + (report.stopReason() == null ? "" : ": " + report.stopReason());
        }
    }

    static String verdictKind(Report.Result result) {
        return result == Report.Result.OK ? "ok" : result == Report.Result.VIOLATION ? "finding" : "incomplete";
    }
}
