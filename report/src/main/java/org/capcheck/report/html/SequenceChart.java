package org.capcheck.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message sequence chart (ITU-T Z.120's picture, not its language) as SVG: one lane per participant
 * (a core of a multikernel), time downwards, a message an arrow between lanes and a local action a
 * note on its lane. Every step is numbered as in the trace.
 */
public final class SequenceChart {
    static final int LANE_W = 230;
    static final int HEAD_H = 34;
    static final int LINE_H = 15;
    static final int PAD = 10;
    private static final int NOTE_CHARS = 34;

    /** One step: at {@code lane}, optionally a message arriving from {@code from} (-1: none), with text lines. */
    public record Event(int step, int lane, int from, String message, List<String> lines, boolean marked) {
    }

    private final List<String> lanes;
    private final List<Event> events = new ArrayList<>();

    public SequenceChart(List<String> lanes) {
        this.lanes = List.copyOf(lanes);
    }

    public SequenceChart add(Event e) {
        events.add(e);
        return this;
    }

    /** The chart as an inline {@code <svg>}; {@code id} (unique in the page) names its arrowhead marker. */
    public String svg(String id, String caption) {
        String marker = "arrow-" + id.replaceAll("[^A-Za-z0-9_-]", "_");
        int height = HEAD_H + PAD * 2;
        for (Event e : events) {
            height += rowHeight(e);
        }
        int width = 40 + lanes.size() * LANE_W + PAD;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"msc\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, height, width, height));
        s.append("<title>").append(Html.escape(caption)).append("</title>");
        s.append("<defs><marker id=\"").append(marker).append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                + "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/>"
                + "</marker></defs>");
        for (int i = 0; i < lanes.size(); i++) {
            int x = laneX(i);
            s.append("<g class=\"lane\" data-lane=\"").append(i).append("\">");
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\"/>",
                    x - 50, PAD, 100, HEAD_H - 8));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x, PAD + 17))
                    .append(Html.escape(lanes.get(i))).append("</text>");
            s.append(String.format(Locale.ROOT, "<line class=\"lifeline\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                    x, PAD + HEAD_H - 8, x, height - PAD));
            s.append("</g>");
        }
        int y = PAD + HEAD_H;
        for (Event e : events) {
            int h = rowHeight(e);
            s.append("<g class=\"event").append(e.marked() ? " changed" : "").append("\" data-step=\"").append(e.step())
                    .append("\">");
            s.append(String.format(Locale.ROOT, "<text class=\"step\" x=\"%d\" y=\"%d\">%d</text>", PAD, y + 14, e.step()));
            int x = laneX(e.lane());
            int top = y;
            if (e.from() >= 0 && e.from() < lanes.size()) {
                int from = laneX(e.from());
                s.append(String.format(Locale.ROOT, "<line class=\"message\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                        + "marker-end=\"url(#%s)\"/>", from, y + 8, x + (from < x ? -4 : from > x ? 4 : 0), y + 8, marker));
                s.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
                        (from + x) / 2, y + 4)).append(Html.escape(Html.shorten(e.message(), NOTE_CHARS + 10))).append("</text>");
                top += 14;
            }
            if (!e.lines().isEmpty()) {
                int w = LANE_W - 24;
                s.append(String.format(Locale.ROOT, "<rect class=\"note\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\"/>",
                        x - w / 2, top, w, e.lines().size() * LINE_H + 6));
                int ty = top + 14;
                for (String line : e.lines()) {
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">", x - w / 2 + 6, ty))
                            .append(Html.escape(Html.shorten(line, NOTE_CHARS))).append("</text>");
                    ty += LINE_H;
                }
            }
            s.append("</g>");
            y += h;
        }
        return s.append("</svg>").toString();
    }

    private static int rowHeight(Event e) {
        return (e.from() >= 0 ? 14 : 0) + e.lines().size() * LINE_H + 16;
    }

    private static int laneX(int lane) {
        return 40 + lane * LANE_W + LANE_W / 2;
    }
}
