package org.capcheck.fuzz;

import java.util.List;
import org.capcheck.core.SeL4Error;
import org.capcheck.json.JsonWriter;

/**
 * What a campaign did: invocations and their rate, the mix of operations, every (operation, error
 * code) pair with how often it was hit (0: never), the deepest derivation tree seen, and the number
 * of distinct states (by fingerprint of cap-core's canonical encoding) among the states checked.
 * Counting allocates nothing.
 */
public final class Statistics {
    private static final SeL4Error[] ERRORS = SeL4Error.values();

    private final String target;
    private final List<String> operations;
    private final long[][] hits;
    private final long[] opCount;
    private final FingerprintSet states = new FingerprintSet();
    private long ops;
    private long runs;
    private long checkedSteps;
    private int deepestTree;
    private long startNanos;
    private long elapsedNanos;
    private long startCpuNanos;
    private long cpuNanos;

    /** @param operations the names of the target's operations (rows of the pair table) */
    public Statistics(String target, List<String> operations) {
        this.target = target;
        this.operations = List.copyOf(operations);
        this.hits = new long[operations.size()][ERRORS.length];
        this.opCount = new long[operations.size()];
    }

    void start() {
        startNanos = System.nanoTime();
        startCpuNanos = threadCpuNanos();
    }

    void finish() {
        elapsedNanos = System.nanoTime() - startNanos;
        cpuNanos = Math.max(0, threadCpuNanos() - startCpuNanos);
    }

    /**
     * The CPU time of the campaign's thread (start and finish are called on it), or 0 where the JVM
     * cannot measure it: on a shared machine the wall-clock rate says more about the neighbours.
     */
    private static long threadCpuNanos() {
        java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
        return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : 0;
    }

    /** The target's name. */
    public String target() {
        return target;
    }

    /** The names of the target's operations, in the order of the pair table. */
    public List<String> operations() {
        return operations;
    }

    /** Invocations per second of the campaign thread's CPU time (0 if unmeasured). */
    public double opsPerCpuSecond() {
        return cpuNanos == 0 ? 0 : ops / (cpuNanos / 1e9);
    }

    /** Counts one invocation of operation number {@code op} with its result. */
    public void count(int op, SeL4Error result) {
        ops++;
        opCount[op]++;
        hits[op][result.ordinal()]++;
    }

    /**
     * Counts one step of operation number {@code op} whose result is not an seL4 error code (the
     * multikernel target: results arrive later, in messages).
     */
    public void countOnly(int op) {
        ops++;
        opCount[op]++;
    }

    void run() {
        runs++;
    }

    /** Counts a checked state: its fingerprint and the depth of its derivation tree. */
    void checked(long fingerprint, int treeDepth) {
        checkedSteps++;
        states.add(fingerprint);
        if (treeDepth > deepestTree) {
            deepestTree = treeDepth;
        }
    }

    public long ops() {
        return ops;
    }

    public long runs() {
        return runs;
    }

    public long checkedSteps() {
        return checkedSteps;
    }

    public int deepestTree() {
        return deepestTree;
    }

    public long distinctStates() {
        return states.size();
    }

    public long hits(String operation, SeL4Error error) {
        int i = operations.indexOf(operation);
        return i < 0 ? 0 : hits[i][error.ordinal()];
    }

    public long count(String operation) {
        int i = operations.indexOf(operation);
        return i < 0 ? 0 : opCount[i];
    }

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public double opsPerSecond() {
        return elapsedNanos == 0 ? 0 : ops / seconds();
    }

    /** How many (operation, error) pairs were hit, of all. */
    public int pairsHit() {
        int n = 0;
        for (long[] row : hits) {
            for (long h : row) {
                n += h > 0 ? 1 : 0;
            }
        }
        return n;
    }

    public int pairCount() {
        return operations.size() * ERRORS.length;
    }

    /** A one-line progress report. */
    public String progressLine() {
        double s = (System.nanoTime() - startNanos) / 1e9;
        return String.format("fuzz %s: %,d invocations in %.1f s (%,.0f/s), %d runs, %d distinct states, "
                + "deepest tree %d, %d/%d (operation, error) pairs", target, ops, s, s == 0 ? 0 : ops / s, runs,
                distinct(), deepestTree, pairsHit(), pairCount());
    }

    private long distinct() {
        return states.size();
    }

    /** The statistics as text. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("target %s: %,d invocations in %.2f s: %,.0f invocations/s (%,.0f per second of "
                + "the campaign thread's CPU time, %.2f s)%n", target, ops, seconds(), opsPerSecond(), opsPerCpuSecond(),
                cpuNanos / 1e9));
        b.append(String.format("runs %,d; states checked %,d; distinct states %,d%s; deepest derivation tree %d%n",
                runs, checkedSteps, states.size(), states.saturated() ? "+" : "", deepestTree));
        b.append("operation mix and (operation, error) pairs (count; '-' never hit):\n");
        b.append(String.format("  %-24s %12s", "operation", "total"));
        for (SeL4Error e : ERRORS) {
            b.append(' ').append(abbreviation(e));
        }
        b.append('\n');
        for (int i = 0; i < operations.size(); i++) {
            b.append(String.format("  %-24s %12d", operations.get(i), opCount[i]));
            for (int j = 0; j < ERRORS.length; j++) {
                String cell = hits[i][j] == 0 ? "-" : Long.toString(hits[i][j]);
                b.append(' ').append(String.format("%" + abbreviation(ERRORS[j]).length() + "s", cell));
            }
            b.append('\n');
        }
        b.append(String.format("pairs hit: %d of %d%n", pairsHit(), pairCount()));
        return b.toString();
    }

    private static String abbreviation(SeL4Error e) {
        return String.format("%10.10s", e.name());
    }

    /** Writes the statistics as the members of the current JSON object. */
    public void json(JsonWriter w) {
        w.field("target", target);
        w.field("invocations", ops);
        w.name("seconds").value(seconds());
        w.name("invocations_per_second").value(opsPerSecond());
        w.name("cpu_seconds").value(cpuNanos / 1e9);
        w.name("invocations_per_cpu_second").value(opsPerCpuSecond());
        w.field("runs", runs);
        w.field("states_checked", checkedSteps);
        w.field("distinct_states", states.size());
        w.field("distinct_states_saturated", states.saturated());
        w.field("deepest_derivation_tree", deepestTree);
        w.name("operation_mix").beginObject();
        for (int i = 0; i < operations.size(); i++) {
            w.field(operations.get(i), opCount[i]);
        }
        w.endObject();
        w.name("pairs").beginArray();
        for (int i = 0; i < operations.size(); i++) {
            for (int j = 0; j < ERRORS.length; j++) {
                w.beginObject().field("operation", operations.get(i)).field("error", ERRORS[j].name())
                        .field("hits", hits[i][j]).field("hit", hits[i][j] > 0).endObject();
            }
        }
        w.endArray();
        w.field("pairs_hit", pairsHit());
        w.field("pairs_total", pairCount());
    }
}
