package org.capcheck.proofs;

/** What became of an obligation. */
public enum Outcome {
    /** Proved for every number of slots (quantified over an uninterpreted sort). */
    PROVED("proved"),
    /** Z3 did not decide the unbounded question; proved for every state of at most the stated number of slots. */
    PROVED_UP_TO("proved up to N"),
    /** Z3 found a state and invocation that break it (see the counterexample). */
    COUNTEREXAMPLE("counterexample"),
    /** Z3 answered unknown at every bound tried. */
    UNKNOWN("unknown"),
    /** The time allowed ran out. */
    TIMEOUT("timeout");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean proved() {
        return this == PROVED || this == PROVED_UP_TO;
    }
}
