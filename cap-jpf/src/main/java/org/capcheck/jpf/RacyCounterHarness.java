package org.capcheck.jpf;

/**
 * The classic lost update, as a tiny example that has nothing to do with capabilities: two threads each
 * read a shared counter into a register, then write back the register plus one. The scheduler is a
 * choice: at every step either runnable thread may go next. The assertion that the counter ends at 2
 * fails when both threads read before either writes. (Threads are simulated with program counters, so
 * the example is deterministic apart from its choices, as every harness must be.)
 */
public final class RacyCounterHarness implements Harness {
    private final boolean atomic;

    /** @param atomic whether each thread's read and write happen as one step (then no update is lost) */
    public RacyCounterHarness(boolean atomic) {
        this.atomic = atomic;
    }

    @Override
    public String name() {
        return atomic ? "atomic-counter" : "racy-counter";
    }

    @Override
    public String description() {
        return atomic ? "two threads increment a shared counter atomically; asserts it ends at 2"
                : "two threads increment a shared counter with a read then a write; asserts it ends at 2 (fails)";
    }

    @Override
    public void run(Choices c) {
        int counter = 0;
        int[] pc = new int[2];
        int[] register = new int[2];
        int last = atomic ? 1 : 2;
        while (pc[0] < last || pc[1] < last) {
            c.matchState(new byte[] {(byte) counter, (byte) pc[0], (byte) pc[1], (byte) register[0], (byte) register[1]});
            int t = pc[0] == last ? 1 : pc[1] == last ? 0 : c.chooseInt(0, 1);
            if (atomic) {
                counter++;
                c.trace("thread " + t + " increments: counter = " + counter);
            } else if (pc[t] == 0) {
                register[t] = counter;
                c.trace("thread " + t + " reads " + register[t]);
            } else {
                counter = register[t] + 1;
                c.trace("thread " + t + " writes " + counter);
            }
            pc[t]++;
        }
        if (counter != 2) {
            throw new AssertionError("lost update: the counter is " + counter + ", not 2");
        }
    }
}
