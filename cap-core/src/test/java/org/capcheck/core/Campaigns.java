package org.capcheck.core;

/**
 * How many seeds a random test campaign runs. Normally each campaign runs its full count. The
 * {@code mutation} profile (PIT) sets the system property {@value #PROPERTY} to run at most that many
 * seeds per campaign: PIT reruns every covering test for every mutant, and these campaigns cover most of
 * cap-core. A campaign cut this way runs the first seeds of the full campaign, so whatever it detects
 * the full campaign detects too: a mutation score measured with it is a lower bound for the full suite.
 */
final class Campaigns {
    static final String PROPERTY = "capcheck.test.seeds";

    private Campaigns() {
    }

    /** The number of seeds to run: {@code full}, or fewer under the mutation profile (at least 1). */
    static int seeds(int full) {
        int most = Integer.getInteger(PROPERTY, full);
        return Math.max(1, Math.min(full, most));
    }
}
