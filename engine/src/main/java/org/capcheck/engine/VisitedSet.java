package org.capcheck.engine;

/** The states seen so far, shared by all workers. */
interface VisitedSet {

    /** Adds the state just encoded by {@code encoder}; true when it was not there before. Thread-safe. */
    boolean add(StateEncoder<?> encoder);

    /** Whether the state just encoded by {@code encoder} is there. Thread-safe. */
    boolean contains(StateEncoder<?> encoder);

    long size();

    /** Bytes the set holds for its entries (an estimate for the exact set). */
    long bytes();

    /** Whether distinct states can be merged by a fingerprint collision. */
    boolean approximate();

    /** The fingerprint table, when the set is one ({@link #approximate()}); null for the exact set. */
    default FingerprintSet fingerprints() {
        return null;
    }

    static VisitedSet of(boolean exact, long expectedStates) {
        return exact ? new ExactStateSet() : new FingerprintVisitedSet(new FingerprintSet(expectedStates));
    }

    /** A visited set's final figures, once the search no longer needs its entries. */
    final class Released implements VisitedSet {
        private final long size;
        private final long bytes;
        private final boolean approximate;

        Released(long size, long bytes, boolean approximate) {
            this.size = size;
            this.bytes = bytes;
            this.approximate = approximate;
        }

        @Override
        public boolean add(StateEncoder<?> encoder) {
            throw new IllegalStateException("the search has ended");
        }

        @Override
        public boolean contains(StateEncoder<?> encoder) {
            throw new IllegalStateException("the search has ended");
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public long bytes() {
            return bytes;
        }

        @Override
        public boolean approximate() {
            return approximate;
        }
    }

    /** The fingerprint table behind the {@link VisitedSet} interface. */
    final class FingerprintVisitedSet implements VisitedSet {
        private final FingerprintSet fingerprints;

        FingerprintVisitedSet(FingerprintSet fingerprints) {
            this.fingerprints = fingerprints;
        }

        @Override
        public boolean add(StateEncoder<?> encoder) {
            return fingerprints.add(encoder.fingerprint());
        }

        @Override
        public boolean contains(StateEncoder<?> encoder) {
            return fingerprints.contains(encoder.fingerprint());
        }

        @Override
        public long size() {
            return fingerprints.size();
        }

        @Override
        public long bytes() {
            return fingerprints.bytes();
        }

        @Override
        public boolean approximate() {
            return true;
        }

        @Override
        public FingerprintSet fingerprints() {
            return fingerprints;
        }
    }
}
