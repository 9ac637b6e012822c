package org.capcheck.model.twophase;

/**
 * A state of two-phase commit packed into one long, so that encoding and fingerprinting cost a few
 * instructions. For N resource managers (0-based rm):
 *
 * <pre>
 * bits 2rm..2rm+1   rmState[rm]: 0 working, 1 prepared, 2 committed, 3 aborted
 * bit  2N+rm        rm in tmPrepared
 * bit  3N+rm        Prepared(rm) in msgs
 * bits 4N..4N+1     tmState: 0 init, 1 committed, 2 aborted
 * bit  4N+2         Commit in msgs
 * bit  4N+3         Abort in msgs
 * </pre>
 *
 * Hence at most 15 resource managers. The layout is decoded by {@link TwoPhaseCommit}, which knows N.
 */
public final class TwoPhaseState {
    static final int WORKING = 0;
    static final int PREPARED = 1;
    static final int COMMITTED = 2;
    static final int ABORTED = 3;
    static final int TM_INIT = 0;
    static final int TM_COMMITTED = 1;
    static final int TM_ABORTED = 2;

    final long bits;

    TwoPhaseState(long bits) {
        this.bits = bits;
    }

    /** The packed bits (see the class comment). */
    public long bits() {
        return bits;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwoPhaseState && ((TwoPhaseState) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits * 0x9E3779B97F4A7C15L);
    }

    @Override
    public String toString() {
        return "TwoPhaseState[" + Long.toBinaryString(bits) + "]";
    }
}
