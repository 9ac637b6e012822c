package org.capcheck.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DiagramsTest {
    private static final String HOSTILE = "<script>alert(1)</script>\"'&";

    /** The x and y of the box of node {@code id} in {@code svg}. */
    private static double[] box(String svg, String id) {
        Matcher m = Pattern.compile("data-id=\"" + Pattern.quote(id) + "\"><title>[^<]*</title><rect x=\"([0-9.]+)\" "
                + "y=\"([0-9.]+)\"").matcher(svg);
        assertTrue(m.find(), id + " in " + svg);
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    @Test
    void aChildIsDrawnBelowItsParentAndAParentCentredOverItsChildren() {
        TreeDiagram t = new TreeDiagram()
                .add(new TreeDiagram.Node("a", null, "a", "", null, Mark.UNCHANGED))
                .add(new TreeDiagram.Node("b", "a", "b", "", null, Mark.ADDED))
                .add(new TreeDiagram.Node("c", "a", "c", "", null, Mark.CHANGED))
                .add(new TreeDiagram.Node("d", null, "d", "", null, Mark.DELETED));
        String svg = t.svg("caption");
        double[] a = box(svg, "a");
        double[] b = box(svg, "b");
        double[] c = box(svg, "c");
        double[] d = box(svg, "d");
        assertTrue(b[1] > a[1] && c[1] == b[1], svg);
        assertEquals((b[0] + c[0]) / 2, a[0], 0.01);
        assertTrue(d[0] > c[0] && d[1] == a[1], "a second root stands beside the first tree");
        assertTrue(svg.contains("<g class=\"node added\" data-id=\"b\">"), svg);
        assertTrue(svg.contains("<g class=\"node changed\" data-id=\"c\">"), svg);
        assertTrue(svg.contains("<g class=\"node deleted\" data-id=\"d\">"), svg);
        assertTrue(svg.contains("<g class=\"node\" data-id=\"a\">"), svg);
        assertEquals(2, count(svg, "<line class=\"edge\""), "one edge per child");
    }

    @Test
    void aCycleOfParentsIsDrawnOnceWithoutLooping() {
        TreeDiagram t = new TreeDiagram()
                .add(new TreeDiagram.Node("x", "y", "x", "", null, Mark.UNCHANGED))
                .add(new TreeDiagram.Node("y", "x", "y", "", null, Mark.UNCHANGED))
                .add(new TreeDiagram.Node("z", "z", "z", "", null, Mark.UNCHANGED));
        String svg = t.svg("cycle");
        assertEquals(3, count(svg, "<g class=\"node"), svg);
    }

    @Test
    void hostileNamesAreEscapedInEveryFigure() {
        String tree = new TreeDiagram().add(new TreeDiagram.Node(HOSTILE, null, HOSTILE, HOSTILE, HOSTILE, Mark.ADDED))
                .svg(HOSTILE);
        SequenceChart chart = new SequenceChart(List.of(HOSTILE, "b"));
        chart.add(new SequenceChart.Event(1, 1, 0, HOSTILE, List.of(HOSTILE), true));
        String msc = chart.svg("x\"><script>", HOSTILE);
        String bars = new BarChart().add(HOSTILE, 3).svg(HOSTILE);
        String grid = new HeatGrid(List.of(HOSTILE), List.of(HOSTILE), new long[][] {{2}}).svg(HOSTILE);
        for (String svg : List.of(tree, msc, bars, grid)) {
            assertFalse(svg.contains("<script"), svg);
            assertFalse(svg.contains("\"'&<"), svg);
            assertTrue(svg.contains("&lt;script&gt;"), svg);
        }
    }

    @Test
    void aSequenceChartHasALanePerParticipantAndAnArrowPerMessage() {
        SequenceChart chart = new SequenceChart(List.of("core 0", "core 1", "core 2"));
        chart.add(new SequenceChart.Event(1, 0, -1, null, List.of("app: revoke"), false));
        chart.add(new SequenceChart.Event(2, 2, 0, "revoke_mark", List.of("-> c0 ready"), true));
        String svg = chart.svg("t", "caption");
        assertEquals(3, count(svg, "<g class=\"lane\""), svg);
        assertEquals(1, count(svg, "<line class=\"message\""), svg);
        assertEquals(1, count(svg, "<g class=\"event changed\""), svg);
        assertTrue(svg.contains("marker-end=\"url(#arrow-t)\""), svg);
    }

    @Test
    void aBarIsAsLongAsItsShareOfTheLongestAndAGridLeavesNeverHitCellsBlank() {
        String bars = new BarChart().add("a", 10).add("b", 5).add("c", 0).svg("mix");
        Matcher m = Pattern.compile("<rect x=\"[0-9]+\" y=\"[0-9]+\" width=\"([0-9.]+)\"").matcher(bars);
        double[] w = new double[3];
        for (int i = 0; i < 3; i++) {
            assertTrue(m.find(), bars);
            w[i] = Double.parseDouble(m.group(1));
        }
        assertEquals(w[0] / 2, w[1], 0.01);
        assertEquals(0, w[2], 0.0);
        String grid = new HeatGrid(List.of("op"), List.of("NoError", "RangeError", "FailedLookup"),
                new long[][] {{5, 0, 1}}).svg("pairs");
        assertEquals(2, count(grid, "class=\"cell hit\""), grid);
        assertEquals(1, count(grid, "class=\"cell miss\""), grid);
    }

    @Test
    void aPageIsSelfContainedEscapedAndClosesWhatItOpens() {
        HtmlPage page = new HtmlPage(HOSTILE).heading(1, HOSTILE).verdict(HOSTILE, "\"><script>").section(HOSTILE)
                .steps().step(1, HOSTILE, true).table(HOSTILE, List.of(HOSTILE), List.of(List.of(HOSTILE))).end();
        String html = page.render();
        assertFalse(html.contains("<script"), html);
        assertFalse(html.matches("(?s).*(src|href)=.*"), "nothing is fetched: " + html);
        assertTrue(html.contains("default-src 'none'"), "a policy forbids fetching");
        assertTrue(html.endsWith("</ol>\n</section>\n</body></html>\n"), html);
        assertThrows(IllegalStateException.class, () -> new HtmlPage("t").end());
        assertTrue(html.contains("class=\"verdict other\""), "an unknown kind is neutral, not markup: " + html);
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
