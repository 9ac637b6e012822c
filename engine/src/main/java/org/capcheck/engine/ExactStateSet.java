package org.capcheck.engine;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The visited set of exact mode: full encoded states in a concurrent hash set, so no two distinct states
 * are ever merged. Costs tens of bytes per state more than fingerprints; meant for small models and tests.
 */
final class ExactStateSet implements VisitedSet {
    private final Set<EncodedState> states = ConcurrentHashMap.newKeySet();

    @Override
    public boolean add(StateEncoder<?> encoder) {
        return states.add(new EncodedState(encoder.copyWords()));
    }

    @Override
    public boolean contains(StateEncoder<?> encoder) {
        return states.contains(new EncodedState(encoder.copyWords()));
    }

    @Override
    public long size() {
        return states.size();
    }

    /** Estimate: the words, the array and key headers, and a hash-map node per state. */
    @Override
    public long bytes() {
        long total = 0;
        for (EncodedState s : states) {
            total += 8L * s.words.length + 16 + 16 + 32;
        }
        return total;
    }

    @Override
    public boolean approximate() {
        return false;
    }

    private static final class EncodedState {
        final long[] words;
        final int hash;

        EncodedState(long[] words) {
            this.words = words;
            this.hash = Arrays.hashCode(words);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EncodedState && Arrays.equals(words, ((EncodedState) o).words);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
