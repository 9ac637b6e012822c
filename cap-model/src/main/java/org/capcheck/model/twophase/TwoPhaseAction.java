package org.capcheck.model.twophase;

/**
 * An action of the two-phase commit specification, named as in Gray and Lamport's TLA+ module TwoPhase.
 * The transaction manager's two decisions take no resource manager; the others act on one.
 */
public final class TwoPhaseAction {

    /** The specification's actions. */
    public enum Kind {
        TM_RCV_PREPARED("TMRcvPrepared"),
        TM_COMMIT("TMCommit"),
        TM_ABORT("TMAbort"),
        RM_PREPARE("RMPrepare"),
        RM_CHOOSE_TO_ABORT("RMChooseToAbort"),
        RM_RCV_COMMIT_MSG("RMRcvCommitMsg"),
        RM_RCV_ABORT_MSG("RMRcvAbortMsg");

        private final String specName;

        Kind(String specName) {
            this.specName = specName;
        }

        /** The action's name in the TLA+ specification. */
        public String specName() {
            return specName;
        }
    }

    private final Kind kind;
    private final int rm;

    TwoPhaseAction(Kind kind, int rm) {
        this.kind = kind;
        this.rm = rm;
    }

    public Kind kind() {
        return kind;
    }

    /** The resource manager acted on (0-based), or -1 for TMCommit and TMAbort. */
    public int rm() {
        return rm;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwoPhaseAction && ((TwoPhaseAction) o).kind == kind && ((TwoPhaseAction) o).rm == rm;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + rm;
    }

    /** As in the specification, e.g. {@code RMPrepare(r2)}; resource managers are r1..rN. */
    @Override
    public String toString() {
        return rm < 0 ? kind.specName() : kind.specName() + "(r" + (rm + 1) + ")";
    }
}
