package org.capcheck.cli;

/** The exit statuses every capcheck command uses. */
public final class ExitStatus {
    /** The job ran to completion and found nothing. */
    public static final int OK = 0;
    /** A finding: a mismatch, an invariant or property violation. */
    public static final int FINDING = 1;
    /** Bad usage or invalid input; a message names what and where. */
    public static final int USAGE = 2;
    /** A bound or limit was reached before the job was complete. */
    public static final int INCOMPLETE = 3;
    /** An internal error: a short message, the stack trace only with --debug. */
    public static final int INTERNAL = 4;

    private ExitStatus() {
    }
}
