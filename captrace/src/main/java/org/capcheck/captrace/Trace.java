package org.capcheck.captrace;

import java.util.List;

/**
 * A validated captrace v1 file.
 *
 * @param header     line 1
 * @param lines      the invocation and check lines, in file order (comments and empty lines dropped)
 * @param lineCount  the number of lines in the file
 * @param headerText line 1's text
 */
public record Trace(Header header, List<TraceLine> lines, int lineCount, String headerText) {
    public Trace {
        lines = List.copyOf(lines);
    }
}
