package org.capcheck.report.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A forest drawn as SVG: each node a labelled box under its parent, leaves side by side, a parent
 * centred over its children (the layered drawing of Reingold and Tilford, without their compaction).
 * Built for seL4's derivation tree (each cap under the cap it was derived from), but it knows only
 * nodes, parents and marks.
 */
public final class TreeDiagram {
    static final int BOX_W = 196;
    static final int BOX_H = 40;
    static final int GAP_X = 14;
    static final int GAP_Y = 30;
    static final int PAD = 8;
    private static final int LABEL_CHARS = 25;
    private static final int DETAIL_CHARS = 27;

    /**
     * A node: {@code id} unique in the diagram, {@code parent} another node's id or null for a root; its box
     * shows {@code title} over {@code detail}, and its tooltip {@code tip} (the whole text a box may cut).
     */
    public record Node(String id, String parent, String title, String detail, String tip, Mark mark) {
        public Node {
            title = title == null ? "" : title;
            detail = detail == null ? "" : detail;
            tip = tip == null ? title + (detail.isEmpty() ? "" : ": " + detail) : tip;
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    /** Adds a node; children are drawn in the order they are added. A parent not in the diagram makes a root. */
    public TreeDiagram add(Node node) {
        nodes.put(node.id(), node);
        return this;
    }

    public int size() {
        return nodes.size();
    }

    /** The diagram as an inline {@code <svg>} element with a text alternative in its {@code <title>}. */
    public String svg(String caption) {
        Map<String, List<Node>> children = new LinkedHashMap<>();
        List<Node> roots = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (n.parent() != null && nodes.containsKey(n.parent()) && !n.parent().equals(n.id())) {
                children.computeIfAbsent(n.parent(), k -> new ArrayList<>()).add(n);
            } else {
                roots.add(n);
            }
        }
        Map<String, double[]> at = new LinkedHashMap<>();
        double[] nextLeaf = {0};
        int[] depth = {0};
        for (Node r : roots) {
            place(r, 0, children, at, nextLeaf, depth, new java.util.HashSet<>());
        }
        for (Node n : nodes.values()) {
            if (!at.containsKey(n.id())) { // on a cycle of parents, which no root reaches
                place(n, 0, children, at, nextLeaf, depth, new java.util.HashSet<>());
            }
        }
        double width = Math.max(1, nextLeaf[0]) * (BOX_W + GAP_X) - GAP_X + 2 * PAD;
        double height = (depth[0] + 1) * (BOX_H + GAP_Y) - GAP_Y + 2 * PAD;
        if (nodes.isEmpty()) {
            width = BOX_W + 2 * PAD;
            height = BOX_H + 2 * PAD;
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg class=\"tree\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
                + "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">", width, height, width, height));
        s.append("<title>").append(Html.escape(caption)).append("</title>");
        if (nodes.isEmpty()) {
            s.append(String.format(Locale.ROOT, "<text class=\"empty\" x=\"%d\" y=\"%d\">(no caps)</text>", PAD, PAD + 24));
        }
        for (Node n : nodes.values()) {
            double[] p = at.get(n.id());
            double[] q = n.parent() == null ? null : at.get(n.parent());
            if (p != null && q != null && roots.indexOf(n) < 0) {
                s.append(String.format(Locale.ROOT, "<line class=\"edge%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                        n.mark() == Mark.DELETED ? " deleted" : "", q[0] + BOX_W / 2.0, q[1] + BOX_H,
                        p[0] + BOX_W / 2.0, p[1]));
            }
        }
        for (Node n : nodes.values()) {
            double[] p = at.get(n.id());
            String mark = n.mark().cssClass();
            s.append("<g class=\"node").append(mark.isEmpty() ? "" : " " + mark).append("\" data-id=\"")
                    .append(Html.escape(n.id())).append("\">");
            s.append("<title>").append(Html.escape(n.tip()
                    + (n.mark() == Mark.UNCHANGED ? "" : " (" + n.mark().cssClass() + " by this step)"))).append("</title>");
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"5\"/>",
                    p[0], p[1], BOX_W, BOX_H));
            s.append(String.format(Locale.ROOT, "<text class=\"name\" x=\"%.1f\" y=\"%.1f\">", p[0] + 7, p[1] + 16))
                    .append(Html.escape(Html.shorten(n.title(), LABEL_CHARS))).append("</text>");
            s.append(String.format(Locale.ROOT, "<text class=\"detail\" x=\"%.1f\" y=\"%.1f\">", p[0] + 7, p[1] + 32))
                    .append(Html.escape(Html.shorten(n.detail(), DETAIL_CHARS))).append("</text>");
            s.append("</g>");
        }
        return s.append("</svg>").toString();
    }

    /** Places a subtree: leaves take the next column, a parent the middle of its children's columns. */
    private double place(Node n, int level, Map<String, List<Node>> children, Map<String, double[]> at,
            double[] nextLeaf, int[] depth, java.util.Set<String> onPath) {
        depth[0] = Math.max(depth[0], level);
        double y = PAD + level * (BOX_H + GAP_Y);
        List<Node> kids = children.getOrDefault(n.id(), List.of());
        double column;
        onPath.add(n.id());
        if (kids.isEmpty()) {
            column = nextLeaf[0]++;
        } else {
            double first = Double.NaN;
            double last = 0;
            for (Node k : kids) {
                if (onPath.contains(k.id()) || at.containsKey(k.id())) {
                    continue; // a cycle in the input: draw each node once
                }
                double c = place(k, level + 1, children, at, nextLeaf, depth, onPath);
                first = Double.isNaN(first) ? c : first;
                last = c;
            }
            column = Double.isNaN(first) ? nextLeaf[0]++ : (first + last) / 2;
        }
        onPath.remove(n.id());
        at.put(n.id(), new double[] {PAD + column * (BOX_W + GAP_X), y});
        return column;
    }
}
