package org.capcheck.engine;

/**
 * The engine's 64-bit fingerprint of a sequence of words, in steps: {@code finish(add(add(start(n), w0), w1))}
 * for n words. {@link StateEncoder} hashes the words a model encodes this way; a model that fingerprints
 * its states itself ({@link Model#fingerprint}) can use it on what its encoding is made from. Each step
 * (add, rotate, multiply by an odd constant) and the finisher are bijections of the running value, so
 * sequences of one word never collide.
 */
public final class Fingerprint {
    private static final long K0 = 0x9E3779B97F4A7C15L;
    private static final long K1 = 0xC2B2AE3D27D4EB4FL;
    private static final long K2 = 0x165667B19E3779F9L;

    private Fingerprint() {
    }

    /** The running value before the first of {@code length} words. */
    public static long start(int length) {
        return length * K0;
    }

    /** The running value after one more word. */
    public static long add(long h, long word) {
        return Long.rotateLeft(h + word * K1, 31) * K2;
    }

    /** The fingerprint: Murmur3's 64-bit finaliser, which spreads every bit of the running value over the whole word. */
    public static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
