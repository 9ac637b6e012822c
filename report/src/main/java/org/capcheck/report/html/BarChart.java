package org.capcheck.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A horizontal bar chart as SVG: one labelled bar per item, its length proportional to its value. */
public final class BarChart {
    private static final int LABEL_W = 190;
    private static final int BAR_W = 360;
    private static final int ROW_H = 20;
    private static final int PAD = 8;

    private record Bar(String label, long value) {
    }

    private final List<Bar> bars = new ArrayList<>();

    public BarChart add(String label, long value) {
        bars.add(new Bar(label, Math.max(0, value)));
        return this;
    }

    public String svg(String caption) {
        long max = 1;
        long total = 0;
        for (Bar b : bars) {
            max = Math.max(max, b.value());
            total += b.value();
        }
        int width = LABEL_W + BAR_W + 150;
        int height = bars.size() * ROW_H + 2 * PAD;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, height, width, height));
        s.append("<title>").append(Html.escape(caption)).append("</title>");
        int y = PAD;
        for (Bar b : bars) {
            double w = b.value() == 0 ? 0 : Math.max(1, BAR_W * (double) b.value() / max);
            s.append("<g class=\"bar\"><title>").append(Html.escape(b.label() + ": " + b.value())).append("</title>");
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 6, y + 14))
                    .append(Html.escape(Html.shorten(b.label(), 28))).append("</text>");
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>", LABEL_W, y + 3,
                    w, ROW_H - 6));
            s.append(String.format(Locale.ROOT, "<text class=\"value\" x=\"%.1f\" y=\"%d\">%,d (%.1f%%)</text>",
                    LABEL_W + w + 6, y + 14, b.value(), total == 0 ? 0.0 : 100.0 * b.value() / total));
            s.append("</g>");
            y += ROW_H;
        }
        return s.append("</svg>").toString();
    }
}
