package org.capcheck.engine;

import java.util.Arrays;

/**
 * One worker's reusable {@link StateSink}: collects the words a model writes for a state and hashes them
 * into a 64-bit fingerprint. Not thread-safe; each worker owns one, so encoding allocates nothing.
 */
final class StateEncoder<S> implements StateSink {
    private static final long K0 = 0x9E3779B97F4A7C15L;
    private static final long K1 = 0xC2B2AE3D27D4EB4FL;
    private static final long K2 = 0x165667B19E3779F9L;

    private final Model<S, ?> model;
    private long[] words = new long[8];
    private int length;

    StateEncoder(Model<S, ?> model) {
        this.model = model;
    }

    /** Encodes {@code state}; the words stay available until the next call. */
    StateEncoder<S> encode(S state) {
        length = 0;
        model.encode(state, this);
        return this;
    }

    @Override
    public void putLong(long word) {
        if (length == words.length) {
            words = Arrays.copyOf(words, length * 2);
        }
        words[length++] = word;
    }

    /**
     * The fingerprint of the last encoded state. Each step (add, rotate, multiply by an odd constant) and
     * the final mixer are bijections, so states that encode to a single word never collide.
     */
    long fingerprint() {
        return fingerprint(words, 0, length);
    }

    /** The fingerprint of the encoding {@code words[from .. from + length)}, as {@link #fingerprint()}. */
    static long fingerprint(long[] words, int from, int length) {
        long h = length * K0;
        for (int i = from, end = from + length; i < end; i++) {
            h = Long.rotateLeft(h + words[i] * K1, 31) * K2;
        }
        return mix(h);
    }

    /** The words of the last encoded state (valid up to {@link #length()}, until the next call). */
    long[] words() {
        return words;
    }

    int length() {
        return length;
    }

    /** A copy of the encoded words, for the exact visited set. */
    long[] copyWords() {
        return Arrays.copyOf(words, length);
    }

    /** Whether the last encoded state wrote exactly {@code other}. */
    boolean sameWords(long[] other) {
        return Arrays.equals(words, 0, length, other, 0, other.length);
    }

    /** Murmur3's 64-bit finaliser: a bijection that spreads every input bit over the whole word. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
