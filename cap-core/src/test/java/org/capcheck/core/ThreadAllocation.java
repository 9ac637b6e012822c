package org.capcheck.core;

import java.lang.management.ManagementFactory;

/**
 * The bytes this thread allocates while running some work, counted by the JVM (com.sun.management): a
 * count, not a timing. The JIT may allocate on the thread now and then (deoptimising a frame, say), so
 * tests take the quietest of a few rounds.
 */
final class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadAllocation() {
    }

    /** The fewest bytes this thread allocated in one of {@code rounds} runs of {@code round}. */
    static long quietest(int rounds, Runnable round) {
        long id = Thread.currentThread().getId();
        long quietest = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            long before = THREADS.getThreadAllocatedBytes(id);
            round.run();
            quietest = Math.min(quietest, THREADS.getThreadAllocatedBytes(id) - before);
        }
        return quietest;
    }
}
