package org.capcheck.captrace;

/** A line of a captrace file that replay runs: an invocation or a check. */
public sealed interface TraceLine permits Invocation, Check {
    /** The 1-based line number in the file. */
    int line();

    /** The line's text as it appears in the file. */
    String text();
}
