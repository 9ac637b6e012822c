package org.capcheck.captrace;

/**
 * The file is not valid captrace v1 (exit status 2): the 1-based line number and the reason, which
 * names the offending key (for example {@code args.dest_depth: 300 is above 255}).
 */
public final class InvalidTraceException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String reason;

    public InvalidTraceException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based number of the first invalid line. */
    public int line() {
        return line;
    }

    /** Why the line is invalid, naming the key. */
    public String reason() {
        return reason;
    }
}
