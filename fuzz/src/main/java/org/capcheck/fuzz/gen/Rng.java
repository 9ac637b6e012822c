package org.capcheck.fuzz.gen;

/**
 * SplitMix64: a small, fast, seedable generator whose whole state is one long, so that a campaign is
 * determined by its seed alone and drawing a number allocates nothing.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, n); n must be positive. */
    public int nextInt(int n) {
        return (int) (((nextLong() >>> 33) * n) >>> 31);
    }

    /** True with probability {@code percent}/100. */
    public boolean chance(int percent) {
        return nextInt(100) < percent;
    }

    public long pick(long[] xs) {
        return xs[nextInt(xs.length)];
    }
}
