package org.capcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capcheck.engine.Trace;
import org.capcheck.report.html.HtmlPage;

/** The parts of a step every report shares: the table of what a step changed. */
final class Steps {
    /** A step's absent side of a change, as the engine's text traces spell it. */
    static final String NONE = "(none)";

    private Steps() {
    }

    static void changes(HtmlPage page, Map<String, Trace.Change> changes) {
        if (changes.isEmpty()) {
            page.note("This step changed nothing.");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Trace.Change> e : changes.entrySet()) {
            rows.add(List.of(e.getKey(), orNone(e.getValue().before()), orNone(e.getValue().after())));
        }
        page.table("changes", List.of("field", "before", "after"), rows);
    }

    static void fields(HtmlPage page, Map<String, String> fields) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            rows.add(List.of(e.getKey(), orNone(e.getValue())));
        }
        page.table("fields", List.of("field", "value"), rows);
    }

    static String orNone(String s) {
        return s == null ? NONE : s;
    }
}
