package org.capcheck.engine;

import java.util.Arrays;

/**
 * One worker's reusable {@link StateSink}: collects the words a model writes for a state and hashes them
 * into a 64-bit fingerprint (or asks the model for it, when it fingerprints its states itself: then
 * every fingerprint taken here is the model's). Not thread-safe; each worker owns one, so encoding
 * allocates nothing.
 */
final class StateEncoder<S> implements StateSink {
    private final Model<S, ?> model;
    /** Whether the model takes its states' fingerprints itself ({@link Model#fingerprintsStates}). */
    private final boolean modelPrints;
    private long[] words = new long[8];
    private int length;
    /** The state last encoded, while the model fingerprints states itself. */
    private S encoded;

    StateEncoder(Model<S, ?> model) {
        this.model = model;
        this.modelPrints = model.fingerprintsStates();
    }

    /** Encodes {@code state}; the words stay available until the next call. */
    StateEncoder<S> encode(S state) {
        length = 0;
        model.encode(state, this);
        if (modelPrints) {
            encoded = state;
        }
        return this;
    }

    /** The fingerprint of {@code state}, encoding it only if the fingerprint is made from its words. */
    long fingerprintOf(S state) {
        return modelPrints ? model.fingerprint(state) : encode(state).fingerprint();
    }

    /**
     * The fingerprint of {@code state}, whose words are {@code words[from .. from + length)}: as
     * {@link #fingerprint()} would give after encoding it.
     */
    long fingerprintOf(S state, long[] words, int from, int length) {
        return modelPrints ? model.fingerprint(state) : fingerprint(words, from, length);
    }

    /** Whether {@link #fingerprintOf(Object)} leaves the state unencoded. */
    boolean modelPrints() {
        return modelPrints;
    }

    @Override
    public void putLong(long word) {
        if (length == words.length) {
            words = Arrays.copyOf(words, length * 2);
        }
        words[length++] = word;
    }

    /** The fingerprint of the last encoded state: of its words ({@link Fingerprint}), or the model's. */
    long fingerprint() {
        return modelPrints ? model.fingerprint(encoded) : fingerprint(words, 0, length);
    }

    /** The fingerprint of the encoding {@code words[from .. from + length)} ({@link Fingerprint}). */
    static long fingerprint(long[] words, int from, int length) {
        long h = Fingerprint.start(length);
        for (int i = from, end = from + length; i < end; i++) {
            h = Fingerprint.add(h, words[i]);
        }
        return Fingerprint.finish(h);
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

}
