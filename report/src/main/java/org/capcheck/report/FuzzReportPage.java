package org.capcheck.report;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.capcheck.captrace.InvalidTraceException;
import org.capcheck.captrace.ReplayOptions;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.Replayer;
import org.capcheck.captrace.Trace;
import org.capcheck.captrace.TraceParser;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.SeL4Error;
import org.capcheck.fuzz.Campaign;
import org.capcheck.fuzz.Finding;
import org.capcheck.fuzz.Statistics;
import org.capcheck.report.html.BarChart;
import org.capcheck.report.html.HeatGrid;
import org.capcheck.report.html.HtmlPage;

/**
 * The page of {@code capcheck fuzz}: the campaign's figures, the operation mix as a bar chart, the
 * (operation, seL4 error) pairs hit as a grid (a blank cell is a pair never hit: a gap in coverage), and
 * a finding's shrunk steps; when the reproducer is a captrace file, its replay with the derivation tree
 * after each step.
 */
public final class FuzzReportPage {
    /** A reproducer larger than this is not read back for drawing. */
    static final long MAX_REPRODUCER_BYTES = 4 << 20;

    private FuzzReportPage() {
    }

    /** The page for {@code result}; {@code boot} boots the kernel the campaign fuzzed (a seeded bug's, say). */
    public static String render(Campaign.Result result, Function<BootConfig, Kernel> boot) {
        Statistics st = result.stats();
        Finding f = result.finding();
        HtmlPage page = new HtmlPage("capcheck fuzz " + st.target() + ": " + (f != null ? "failure" : "no failure"));
        page.heading(1, "capcheck fuzz, target " + st.target());
        if (f != null) {
            page.verdict("failure (" + f.violation().kind() + ") after " + f.foundAfter() + " invocations", "finding");
        } else if (result.interrupted()) {
            page.verdict("stopped before the end: no failure so far", "incomplete");
        } else {
            page.verdict("no failure found", "ok");
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("target", st.target());
        facts.put("seed", Long.toString(result.options().seed()));
        facts.put("invocations", String.format(Locale.ROOT, "%,d in %.2f s (%,.0f/s; %,.0f per CPU second)", st.ops(),
                st.seconds(), st.opsPerSecond(), st.opsPerCpuSecond()));
        facts.put("runs", String.format(Locale.ROOT, "%,d", st.runs()));
        facts.put("states checked", String.format(Locale.ROOT, "%,d (%,d distinct)", st.checkedSteps(), st.distinctStates()));
        facts.put("deepest derivation tree", Integer.toString(st.deepestTree()));
        facts.put("(operation, error) pairs hit", st.pairsHit() + " of " + st.pairCount());
        page.facts(facts);

        page.heading(2, "Operation mix");
        BarChart mix = new BarChart();
        for (String op : st.operations()) {
            mix.add(op, st.count(op));
        }
        page.bars(mix, "Invocations per operation (share of all).");
        page.heading(2, "(operation, error) pairs");
        SeL4Error[] errors = SeL4Error.values();
        List<String> columns = new ArrayList<>();
        for (SeL4Error e : errors) {
            columns.add(e.name());
        }
        long[][] counts = new long[st.operations().size()][errors.length];
        for (int i = 0; i < st.operations().size(); i++) {
            for (int j = 0; j < errors.length; j++) {
                counts[i][j] = st.hits(st.operations().get(i), errors[j]);
            }
        }
        page.grid(new HeatGrid(st.operations(), columns, counts), "How often each operation ended with each seL4 "
                + "error (darker: more often, on a log scale; blank: never). Hover a cell for its count.");

        if (f != null) {
            page.section("finding");
            page.heading(2, "Failure: " + f.violation().kind());
            page.preformatted(f.violation().message().stripTrailing());
            page.paragraph("Shrunk from " + f.originalSteps() + " to " + f.steps().size() + " steps:");
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < f.steps().size(); i++) {
                rows.add(List.of(Integer.toString(i + 1), f.steps().get(i)));
            }
            page.table("finding-steps", List.of("#", "step"), rows);
            if (f.reproducer() != null) {
                page.paragraph("Reproducer: " + f.reproducer()
                        + (f.replayCommand() == null ? "" : "; replay with: " + f.replayCommand()));
                reproducer(page, f, boot);
            }
            page.end();
        }
        return page.render();
    }

    private static void reproducer(HtmlPage page, Finding f, Function<BootConfig, Kernel> boot) {
        Trace trace;
        try {
            if (!f.reproducer().toString().endsWith(".jsonl") || Files.size(f.reproducer()) > MAX_REPRODUCER_BYTES) {
                return;
            }
            trace = TraceParser.parse(Files.readAllBytes(f.reproducer()));
        } catch (IOException | InvalidTraceException | RuntimeException e) {
            page.note("The reproducer is not drawn: " + e.getMessage());
            return;
        }
        ReplayOutcome outcome = Replayer.replay(trace, ReplayOptions.defaults().withKernel(boot, null));
        page.heading(3, "The reproducer replayed: " + outcome.status().name().toLowerCase(Locale.ROOT));
        CaptraceSteps.render(page, trace, boot, outcome.differences());
    }
}
