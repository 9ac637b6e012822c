package org.capcheck.captrace;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A line whose result differs from its {@code expect}, or after which an invariant fails.
 *
 * @param line                1-based line number
 * @param text                the line's text
 * @param kind                {@code header}, {@code invocation} or {@code check}
 * @param mismatches          every key that differs (key {@code invariants} for failed invariants)
 * @param invariantsViolated  the names of the invariants violated after the line (may be empty)
 * @param slots               the model's view of the slots the line names, after the line
 */
public record Difference(int line, String text, String kind, List<Mismatch> mismatches,
                         List<String> invariantsViolated, List<SlotView> slots) {
    public Difference {
        mismatches = List.copyOf(mismatches);
        invariantsViolated = List.copyOf(invariantsViolated);
        slots = List.copyOf(slots);
    }

    /** What was expected, e.g. {@code error=NoError}; keys joined with "; ". */
    public String expected() {
        return mismatches.stream().map(m -> m.key() + "=" + m.expected()).collect(Collectors.joining("; "));
    }

    /** What the model produced, in the same key order as {@link #expected()}. */
    public String actual() {
        return mismatches.stream().map(m -> m.key() + "=" + m.actual()).collect(Collectors.joining("; "));
    }
}
