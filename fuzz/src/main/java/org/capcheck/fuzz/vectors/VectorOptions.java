package org.capcheck.fuzz.vectors;

/**
 * What {@code capcheck vectors} generates.
 *
 * @param count       how many traces (one captrace v1 file each)
 * @param seed        the seed every random choice derives from; the same options give the same bytes
 * @param opsPerTrace invocation lines per trace (a trace ends earlier only if no invocation keeps the
 *                    initial thread able to invoke, which the generator avoids)
 */
public record VectorOptions(int count, long seed, int opsPerTrace) {
    public static final int DEFAULT_COUNT = 10;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_OPS_PER_TRACE = 64;
    public static final int MAX_COUNT = 1_000_000;
    public static final int MAX_OPS_PER_TRACE = 100_000;

    public static VectorOptions defaults() {
        return new VectorOptions(DEFAULT_COUNT, DEFAULT_SEED, DEFAULT_OPS_PER_TRACE);
    }

    /** Why these options cannot run, naming the option; null if they can. */
    public String problem() {
        if (count < 1 || count > MAX_COUNT) {
            return "--count must be 1.." + MAX_COUNT + ", not " + count;
        }
        if (opsPerTrace < 1 || opsPerTrace > MAX_OPS_PER_TRACE) {
            return "--ops-per-trace must be 1.." + MAX_OPS_PER_TRACE + ", not " + opsPerTrace;
        }
        return null;
    }
}
