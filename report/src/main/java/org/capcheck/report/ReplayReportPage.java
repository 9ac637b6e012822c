package org.capcheck.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.capcheck.captrace.InvalidTraceException;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.Replayer;
import org.capcheck.captrace.TraceParser;
import org.capcheck.captrace.ReplayReport;
import org.capcheck.captrace.Trace;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.report.html.HtmlPage;

/**
 * The page of {@code capcheck replay}: the verdict and figures, the differences as replay reports them,
 * and the file's lines as steps with the derivation tree after each invocation.
 */
public final class ReplayReportPage {
    private ReplayReportPage() {
    }

    /** A file larger than this is not read again to draw its steps (the summary and differences still show). */
    static final long MAX_DRAWN_BYTES = 16 << 20;

    /**
     * The page for {@code outcome}, the replay of {@code source}, which {@code input} reads again to draw
     * the steps; {@code boot} boots the kernel the replay used.
     */
    public static String render(String source, ReplayOutcome outcome, Replayer.Input input, Function<BootConfig, Kernel> boot) {
        HtmlPage page = new HtmlPage("capcheck replay " + source + ": " + outcome.status().name().toLowerCase(java.util.Locale.ROOT));
        page.heading(1, "capcheck replay " + source);
        switch (outcome.status()) {
            case MATCHED:
                page.verdict("matched: every result and invariant as expected", "ok");
                break;
            case DIFFERENT:
                page.verdict(outcome.differences().size() + " difference" + (outcome.differences().size() == 1 ? "" : "s"),
                        "finding");
                break;
            case INTERRUPTED:
                page.verdict("interrupted", "incomplete");
                break;
            default:
                page.verdict("invalid captrace", "other");
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("file", source);
        facts.put("kernel", outcome.kernelName() == null ? "the correct kernel" : "seeded bug " + outcome.kernelName());
        facts.put("lines", Integer.toString(outcome.lineCount()));
        facts.put("lines run", outcome.linesChecked() + " (" + outcome.invocations() + " invocations, " + outcome.checks()
                + " checks)");
        facts.put("full invariant check", "every " + outcome.checkEvery() + " line" + (outcome.checkEvery() == 1 ? "" : "s"));
        page.facts(facts);
        if (outcome.status() == ReplayOutcome.Status.INVALID) {
            page.preformatted(ReplayReport.invalidMessage(outcome, source));
            return page.render();
        }
        String differences = ReplayReport.differences(outcome, source);
        if (!differences.isBlank()) {
            page.heading(2, "Differences");
            page.preformatted(differences);
        }
        page.paragraph(ReplayReport.summary(outcome, source));
        page.heading(2, "Steps");
        Trace trace;
        try (InputStream in = input.open()) {
            byte[] bytes = in.readNBytes((int) MAX_DRAWN_BYTES + 1);
            if (bytes.length > MAX_DRAWN_BYTES) {
                page.note("The steps are not drawn: the file is larger than " + (MAX_DRAWN_BYTES >> 20) + " MiB.");
                return page.render();
            }
            trace = TraceParser.parse(bytes);
        } catch (IOException | InvalidTraceException | java.io.UncheckedIOException e) {
            page.note("The steps are not drawn: the file cannot be read again (" + e.getMessage() + ").");
            return page.render();
        }
        CaptraceSteps.render(page, trace, boot, outcome.differences());
        return page.render();
    }
}
