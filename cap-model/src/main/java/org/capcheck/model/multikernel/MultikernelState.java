package org.capcheck.model.multikernel;

import java.util.Arrays;

/**
 * A state of the multikernel model: every core's words ({@link org.capcheck.multikernel.Core#WORDS} each),
 * one word of ghost state (what the properties need to remember), then every channel (ordered pair of
 * distinct cores, in a fixed order) as its length followed by its messages, oldest first. Immutable.
 */
public final class MultikernelState {
    final int[] words;
    private final int hash;

    MultikernelState(int[] words) {
        this.words = words;
        this.hash = Arrays.hashCode(words);
    }

    /** A copy of the packed words (see the class comment). */
    public int[] words() {
        return words.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultikernelState && Arrays.equals(((MultikernelState) o).words, words);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "MultikernelState" + Arrays.toString(words);
    }
}
