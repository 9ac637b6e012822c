package org.capcheck.proofs;

/**
 * The outcome of one obligation.
 *
 * @param obligation     what was to be proved
 * @param outcome        proved, proved up to N, counterexample, unknown, timeout
 * @param bound          N for {@link Outcome#PROVED_UP_TO} (and the bound tried otherwise), 0 if unbounded
 * @param millis         time taken
 * @param detail         why the unbounded attempt failed, or what the counterexample is
 * @param counterexample the decoded counterexample, or null
 */
public record Result(Obligation obligation, Outcome outcome, int bound, long millis, String detail,
                     Counterexample counterexample) {

    /** The outcome as the table prints it: "proved up to 4" rather than "proved up to N". */
    public String outcomeText() {
        return outcome == Outcome.PROVED_UP_TO ? "proved up to " + bound + " slots" : outcome.label();
    }
}
