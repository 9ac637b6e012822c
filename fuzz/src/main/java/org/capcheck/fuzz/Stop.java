package org.capcheck.fuzz;

/**
 * When a campaign ends: after a number of invocations, at a deadline, or when asked to (Ctrl-C).
 * Targets poll it between invocations; the clock is read only every 1024 polls.
 */
public final class Stop {
    private final long maxOps;
    private final long deadlineNanos;
    private volatile boolean interrupted;
    private boolean timedOut;
    private int polls;

    /**
     * @param maxOps  the most invocations, or a negative number for no limit
     * @param seconds the most seconds, or a negative number for no limit
     */
    public Stop(long maxOps, double seconds) {
        this.maxOps = maxOps;
        this.deadlineNanos = seconds < 0 ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
    }

    /** Asks the campaign to stop at the next step (from another thread: a shutdown hook). */
    public void interrupt() {
        interrupted = true;
    }

    public boolean interrupted() {
        return interrupted;
    }

    /** Whether to stop, given the invocations made so far. */
    public boolean reached(long ops) {
        if (interrupted || (maxOps >= 0 && ops >= maxOps) || timedOut) {
            return true;
        }
        if ((++polls & 1023) == 0 && deadlineNanos != Long.MAX_VALUE && System.nanoTime() >= deadlineNanos) {
            timedOut = true;
        }
        return timedOut;
    }
}
