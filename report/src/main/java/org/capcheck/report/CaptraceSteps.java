package org.capcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.capcheck.captrace.Check;
import org.capcheck.captrace.Difference;
import org.capcheck.captrace.Invocation;
import org.capcheck.captrace.Mismatch;
import org.capcheck.captrace.Trace;
import org.capcheck.captrace.TraceLine;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.SeL4Error;
import org.capcheck.report.html.HtmlPage;

/**
 * A captrace file's lines as a list of steps, each invocation with the derivation tree after it. The
 * lines are run again on a kernel booted as the replay booted its own, only to draw the trees: the
 * verdict and the differences are the replay's ({@code Replayer}), shown at the line where replay found
 * them. Steps after the first difference are not run (replay stopped there unless told to keep going).
 */
final class CaptraceSteps {
    /** At most this many lines are drawn: those that lead up to the first difference (or the first ones). */
    static final int MAX_DRAWN_LINES = 60;

    private CaptraceSteps() {
    }

    static void render(HtmlPage page, Trace trace, Function<BootConfig, Kernel> boot, List<Difference> differences) {
        int stopLine = differences.isEmpty() ? Integer.MAX_VALUE : differences.get(0).line();
        List<TraceLine> lines = new ArrayList<>();
        for (TraceLine l : trace.lines()) {
            if (l.line() <= stopLine) {
                lines.add(l);
            }
        }
        int firstDrawn = stopLine == Integer.MAX_VALUE ? 0 : Math.max(0, lines.size() - MAX_DRAWN_LINES);
        int lastDrawn = Math.min(lines.size(), firstDrawn + MAX_DRAWN_LINES);
        Kernel kernel;
        try {
            kernel = boot.apply(trace.header().bootConfig());
        } catch (RuntimeException | StackOverflowError e) {
            page.note("No trees: the kernel does not boot from the header (" + e + ").");
            return;
        }
        Map<String, KernelTrees.Entry> before = KernelTrees.snapshot(kernel.view());
        page.treeLegend();
        if (firstDrawn > 0) {
            page.note("The " + firstDrawn + " lines before are run but not shown; the last " + (lastDrawn - firstDrawn)
                    + " lines up to the first difference are.");
        }
        page.steps();
        if (firstDrawn == 0) {
            page.step(0, "boot (" + trace.headerText() + ")", false)
                    .tree(KernelTrees.diagram(before, null), "The derivation tree after boot.").end();
        }
        for (int i = 0; i < lastDrawn; i++) {
            TraceLine line = lines.get(i);
            boolean shown = i >= firstDrawn;
            Difference d = line.line() == stopLine ? differences.get(0) : null;
            if (line instanceof Check) {
                if (shown) {
                    page.step(i + 1, "line " + line.line() + ": check", d != null).preformatted(line.text());
                    mismatches(page, d);
                    page.end();
                }
                continue;
            }
            Invocation inv = (Invocation) line;
            if (!kernel.canInvoke()) {
                if (shown) {
                    page.step(i + 1, "line " + line.line() + ": " + inv.op().name(), d != null)
                            .note("Not run: the initial thread's TCB is gone.");
                    mismatches(page, d);
                    page.end();
                }
                break;
            }
            SeL4Error result;
            try {
                result = inv.op().invoke(kernel, inv.args());
            } catch (RuntimeException | StackOverflowError e) {
                if (shown) {
                    page.step(i + 1, "line " + line.line() + ": " + inv.op().name(), true)
                            .paragraph("The invocation threw " + e + "; nothing more runs.");
                    mismatches(page, d);
                    page.end();
                }
                break;
            }
            Map<String, KernelTrees.Entry> now = KernelTrees.snapshot(kernel.view());
            if (shown) {
                page.step(i + 1, "line " + line.line() + ": " + describe(inv), d != null);
                page.table("result", List.of("expected", "result"), List.of(List.of(inv.expect().toString(),
                        result == SeL4Error.NoError ? "NoError" : kernel.lastError().toString())));
                mismatches(page, d);
                page.tree(KernelTrees.diagram(now, before), "The derivation tree after line " + line.line()
                        + (KernelTrees.changed(now, before) ? "." : " (unchanged)."));
                page.end();
            }
            before = now;
        }
        page.end();
        if (lines.size() < trace.lines().size()) {
            page.note((trace.lines().size() - lines.size()) + " lines after the first difference are not shown.");
        }
    }

    private static void mismatches(HtmlPage page, Difference d) {
        if (d == null) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Mismatch m : d.mismatches()) {
            rows.add(List.of(m.key(), m.expected(), m.actual()));
        }
        page.paragraph("Replay found a difference here (" + d.kind() + "):");
        page.table("difference", List.of("key", "expected", "actual"), rows);
    }

    /** An invocation as people write it: the operation and its named arguments. */
    static String describe(Invocation inv) {
        StringBuilder s = new StringBuilder(inv.op().name()).append('(');
        List<String> names = inv.op().argNames();
        long[] args = inv.args();
        for (int i = 0; i < args.length && i < names.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(names.get(i)).append('=').append(args[i]);
        }
        return s.append(')').toString();
    }
}
