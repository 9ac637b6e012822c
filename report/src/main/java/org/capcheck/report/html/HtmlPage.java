package org.capcheck.report.html;

import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page: its style inline, its figures inline SVG, no script, nothing fetched
 * (a Content-Security-Policy forbids it). Every text passed in is escaped here; the page takes figures
 * only as this package's diagram objects, never as markup, so no caller can put unescaped text on it.
 */
public final class HtmlPage {
    private static final String STYLE = String.join("\n",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1200px;"
                    + "padding:16px 24px;color:#1d232a;background:#fff}",
            "h1{font-size:22px;margin:4px 0 8px}h2{font-size:18px;margin:26px 0 8px;border-bottom:1px solid #d5dbe1}"
                    + "h3{font-size:15px;margin:12px 0 6px}",
            ".verdict{display:inline-block;padding:3px 12px;border-radius:12px;font-weight:600;color:#fff;"
                    + "background:#5f6b76}",
            ".verdict.ok{background:#1f7a3a}.verdict.finding{background:#b42318}.verdict.incomplete{background:#b26b00}",
            "table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #d5dbe1;padding:3px 8px;"
                    + "text-align:left;vertical-align:top}th{background:#f2f4f7}",
            "table.facts th{width:220px}td.num{text-align:right;font-variant-numeric:tabular-nums}",
            "pre{background:#f6f8fa;padding:8px;overflow:auto;white-space:pre-wrap}",
            "ol.steps{list-style:none;padding:0}li.step{border:1px solid #d5dbe1;border-radius:6px;margin:10px 0;"
                    + "padding:6px 12px}li.step.violating{border-color:#b42318;box-shadow:0 0 0 1px #b42318}",
            ".step h3 .n{color:#5f6b76;margin-right:8px}figure.figure{margin:6px 0;overflow-x:auto}",
            "svg text{font:12px ui-monospace,'DejaVu Sans Mono',monospace;fill:#1d232a}",
            "svg .node rect{fill:#eef3f8;stroke:#6b7b8c;stroke-width:1}svg .node text.detail{fill:#4a5561;font-size:11px}",
            "svg .node.added rect{fill:#dcf5e3;stroke:#1f7a3a;stroke-width:2.5}",
            "svg .node.changed rect{fill:#fff1c7;stroke:#b26b00;stroke-width:2.5}",
            "svg .node.deleted rect{fill:#fde7e7;stroke:#b42318;stroke-width:2;stroke-dasharray:5 3}",
            "svg .node.deleted text{fill:#8a1c14;text-decoration:line-through}",
            "svg .edge{stroke:#6b7b8c;stroke-width:1.2}svg .edge.deleted{stroke:#b42318;stroke-dasharray:5 3}",
            "svg .lane rect{fill:#e8eef5;stroke:#6b7b8c}svg .lifeline{stroke:#9aa6b2;stroke-dasharray:4 3}",
            "svg .message{stroke:#1d4ed8;stroke-width:1.5}svg marker path{fill:#1d4ed8}svg .label{fill:#1d4ed8}",
            "svg .note{fill:#f6f8fa;stroke:#9aa6b2}svg .event.changed .note{fill:#fde7e7;stroke:#b42318}",
            "svg .step{fill:#5f6b76}svg .bar rect{fill:#3b6ea5}svg .value{fill:#4a5561}",
            "svg .cell.miss{fill:#fff;stroke:#d5dbe1}svg .cell.hit{fill:#3b6ea5}",
            ".legend span{display:inline-block;padding:0 8px;margin-right:8px;border-radius:4px;border:2px solid}",
            ".legend .added{background:#dcf5e3;border-color:#1f7a3a}.legend .changed{background:#fff1c7;"
                    + "border-color:#b26b00}.legend .deleted{background:#fde7e7;border-color:#b42318;border-style:dashed}",
            ".muted{color:#5f6b76}");

    private final StringBuilder body = new StringBuilder();
    private final String title;
    private final java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>();

    public HtmlPage(String title) {
        this.title = title;
    }

    public HtmlPage heading(int level, String text) {
        int l = Math.max(1, Math.min(4, level));
        body.append("<h").append(l).append('>').append(Html.escape(text)).append("</h").append(l).append(">\n");
        return this;
    }

    public HtmlPage paragraph(String text) {
        body.append("<p>").append(Html.escape(text)).append("</p>\n");
        return this;
    }

    /** A muted paragraph: a note on what is shown or left out. */
    public HtmlPage note(String text) {
        body.append("<p class=\"muted\">").append(Html.escape(text)).append("</p>\n");
        return this;
    }

    /** The run's result as a badge; {@code kind} is ok, finding or incomplete (anything else: neutral). */
    public HtmlPage verdict(String label, String kind) {
        String k = kind.matches("ok|finding|incomplete") ? kind : "other";
        body.append("<p><span class=\"verdict ").append(k).append("\" id=\"verdict\">").append(Html.escape(label))
                .append("</span></p>\n");
        return this;
    }

    /** Key-value pairs as a two-column table. */
    public HtmlPage facts(Map<String, String> facts) {
        body.append("<table class=\"facts\">");
        for (Map.Entry<String, String> e : facts.entrySet()) {
            body.append("<tr><th>").append(Html.escape(e.getKey())).append("</th><td>").append(Html.escape(e.getValue()))
                    .append("</td></tr>");
        }
        body.append("</table>\n");
        return this;
    }

    /** A table: a header row and rows of cells; cells that are numbers are right-aligned. */
    public HtmlPage table(String cssClass, List<String> header, List<List<String>> rows) {
        body.append("<table class=\"").append(Html.escape(cssClass)).append("\"><tr>");
        for (String h : header) {
            body.append("<th>").append(Html.escape(h)).append("</th>");
        }
        body.append("</tr>");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) {
                boolean number = cell != null && cell.matches("[0-9][0-9,.]*");
                body.append(number ? "<td class=\"num\">" : "<td>").append(Html.escape(cell)).append("</td>");
            }
            body.append("</tr>");
        }
        body.append("</table>\n");
        return this;
    }

    public HtmlPage preformatted(String text) {
        body.append("<pre>").append(Html.escape(text)).append("</pre>\n");
        return this;
    }

    /** The key to a tree's marks. */
    public HtmlPage treeLegend() {
        body.append("<p class=\"legend\">Marks: <span class=\"added\">added by the step</span>"
                + "<span class=\"changed\">changed by the step</span><span class=\"deleted\">deleted by the step</span></p>\n");
        return this;
    }

    public HtmlPage tree(TreeDiagram tree, String caption) {
        return figure(tree.svg(caption), caption);
    }

    public HtmlPage chart(SequenceChart chart, String id, String caption) {
        return figure(chart.svg(id, caption), caption);
    }

    public HtmlPage bars(BarChart chart, String caption) {
        return figure(chart.svg(caption), caption);
    }

    public HtmlPage grid(HeatGrid grid, String caption) {
        return figure(grid.svg(caption), caption);
    }

    private HtmlPage figure(String svg, String caption) {
        body.append("<figure class=\"figure\">").append(svg).append("<figcaption class=\"muted\">")
                .append(Html.escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** Opens a section, closed by {@link #end()}. */
    public HtmlPage section(String id) {
        body.append("<section id=\"").append(Html.escape(id)).append("\">\n");
        open.push("</section>");
        return this;
    }

    /** Opens the list of a trace's steps, closed by {@link #end()}. */
    public HtmlPage steps() {
        body.append("<ol class=\"steps\">\n");
        open.push("</ol>");
        return this;
    }

    /** Opens one step (number {@code n}, {@code what} it did), closed by {@link #end()}; {@code violating} marks the last. */
    public HtmlPage step(int n, String what, boolean violating) {
        body.append("<li class=\"step").append(violating ? " violating" : "").append("\" id=\"step-").append(n)
                .append("\"><h3>").append(n == 0 ? "" : "<span class=\"n\">step " + n + "</span>")
                .append(Html.escape(what)).append("</h3>\n");
        open.push("</li>");
        return this;
    }

    /** Closes the innermost open section, list of steps or step. */
    public HtmlPage end() {
        if (open.isEmpty()) {
            throw new IllegalStateException("nothing is open");
        }
        body.append(open.pop()).append('\n');
        return this;
    }

    /** The whole document. */
    public String render() {
        StringBuilder out = new StringBuilder(body.length() + STYLE.length() + 512);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                        + "img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("\n</style></head>\n<body>\n")
                .append(body);
        for (String close : open) {
            out.append(close).append('\n');
        }
        return out.append("</body></html>\n").toString();
    }
}
