package org.capcheck.report.html;

import java.util.List;
import java.util.Locale;

/**
 * A grid of counts as SVG (rows by columns, e.g. operations by seL4 error codes): a cell's shade grows
 * with the logarithm of its count, and a cell never hit stays blank, so the gaps in coverage stand out.
 */
public final class HeatGrid {
    private static final int ROW_LABEL_W = 190;
    private static final int CELL = 22;
    private static final int HEAD_H = 120;
    private static final int PAD = 8;

    private final List<String> rows;
    private final List<String> columns;
    private final long[][] counts;

    /** {@code counts[r][c]}: the count of row r and column c. */
    public HeatGrid(List<String> rows, List<String> columns, long[][] counts) {
        this.rows = List.copyOf(rows);
        this.columns = List.copyOf(columns);
        this.counts = counts;
    }

    public String svg(String caption) {
        long max = 1;
        for (long[] row : counts) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        int width = ROW_LABEL_W + columns.size() * CELL + 2 * PAD;
        int height = HEAD_H + rows.size() * CELL + 2 * PAD;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"grid\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", width, height, width, height));
        s.append("<title>").append(Html.escape(caption)).append("</title>");
        for (int c = 0; c < columns.size(); c++) {
            int x = ROW_LABEL_W + c * CELL + CELL / 2 + 4;
            s.append(String.format(Locale.ROOT, "<text class=\"column\" transform=\"translate(%d,%d) rotate(-60)\">", x,
                    HEAD_H - 4)).append(Html.escape(Html.shorten(columns.get(c), 18))).append("</text>");
        }
        for (int r = 0; r < rows.size(); r++) {
            int y = HEAD_H + r * CELL;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", ROW_LABEL_W - 6, y + 15))
                    .append(Html.escape(Html.shorten(rows.get(r), 28))).append("</text>");
            for (int c = 0; c < columns.size(); c++) {
                long n = counts[r][c];
                double shade = n == 0 ? 0 : 0.15 + 0.85 * Math.log1p(n) / Math.log1p(max);
                s.append(String.format(Locale.ROOT, "<rect class=\"cell %s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"%s>",
                        n == 0 ? "miss" : "hit", ROW_LABEL_W + c * CELL, y, CELL - 2, CELL - 2,
                        n == 0 ? "" : String.format(Locale.ROOT, " fill-opacity=\"%.2f\"", shade)));
                s.append("<title>").append(Html.escape(rows.get(r) + " \u2192 " + columns.get(c) + ": "
                        + (n == 0 ? "never" : String.format(Locale.ROOT, "%,d", n)))).append("</title></rect>");
            }
        }
        return s.append("</svg>").toString();
    }
}
