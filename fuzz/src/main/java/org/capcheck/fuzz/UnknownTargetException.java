package org.capcheck.fuzz;

/** A target name that is not (or not yet) available; the message says why and what is. */
public final class UnknownTargetException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnknownTargetException(String message) {
        super(message);
    }
}
