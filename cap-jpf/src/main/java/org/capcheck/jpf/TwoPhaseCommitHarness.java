package org.capcheck.jpf;

/**
 * Two-phase commit as a harness: the TwoPhase specification of Gray and Lamport (the TLA+ examples'
 * TwoPhase.tla), the same one cap-model's built-in {@code two-phase-commit} model implements, written as
 * an ordinary program whose only nondeterminism is which enabled action happens next. A transaction
 * manager (TM) and N resource managers (RMs) exchange Prepared, Commit and Abort messages through a
 * message set that never loses or removes a message. The actions, and the order in which they are
 * offered (which the native explorer and JPF both take in ascending order):
 * <ol>
 *   <li>TMCommit: the TM is in init and every RM's Prepared message was received;</li>
 *   <li>TMAbort: the TM is in init;</li>
 *   <li>then for each RM r in turn: TMRcvPrepared(r) (TM in init, Prepared(r) sent), RMPrepare(r) and
 *       RMChooseToAbort(r) (r working), RMRcvCommitMsg(r) (Commit sent), RMRcvAbortMsg(r) (Abort
 *       sent).</li>
 * </ol>
 * After every action it asserts TypeOK and TCConsistent (no RM committed while another aborted). The
 * runs never end by themselves (a message is never consumed, so some action is always enabled): every
 * path ends at a state explored before, which the state offered to {@link Choices#matchState} at each
 * step (or, under JPF, JPF's own matching of the program state) detects. The distinct states offered are
 * the specification's: 288 for 3 RMs, 8,832 for 5, 296,448 for 7.
 *
 * <p>With {@code earlyCommit} the TM commits as soon as any one RM prepared: a seeded bug, which
 * violates TCConsistent (one RM commits, another that chose to abort has aborted).
 */
public final class TwoPhaseCommitHarness implements Harness {
    /** The most resource managers (the native state encoding uses a byte per RM). */
    public static final int MAX_RMS = 15;
    static final int WORKING = 0;
    static final int PREPARED = 1;
    static final int COMMITTED = 2;
    static final int ABORTED = 3;
    private static final String[] RM_STATES = {"working", "prepared", "committed", "aborted"};
    static final int TM_INIT = 0;
    static final int TM_COMMITTED = 1;
    static final int TM_ABORTED = 2;

    private static final int TM_COMMIT = 0;
    private static final int TM_ABORT = 1;
    private static final int TM_RCV_PREPARED = 2;
    private static final int RM_PREPARE = 3;
    private static final int RM_CHOOSE_TO_ABORT = 4;
    private static final int RM_RCV_COMMIT_MSG = 5;
    private static final int RM_RCV_ABORT_MSG = 6;
    private static final String[] ACTION_NAMES = {"TMCommit", "TMAbort", "TMRcvPrepared", "RMPrepare",
        "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg"};

    private final String name;
    private final int rms;
    private final boolean earlyCommit;

    /** The protocol's variables, as in the specification. */
    private static final class Protocol {
        final int[] rmState;
        int tmState;
        final boolean[] tmPrepared;
        /** msgs: Prepared(r) for each r, Commit, Abort. */
        final boolean[] preparedMsg;
        boolean commitMsg;
        boolean abortMsg;

        Protocol(int rms) {
            rmState = new int[rms];
            tmPrepared = new boolean[rms];
            preparedMsg = new boolean[rms];
        }
    }

    /**
     * @param rms         resource managers, 2 to {@value #MAX_RMS} (with one, a path could run on
     *                    without any choice, which JPF would never cut)
     * @param earlyCommit the seeded bug: TMCommit once any RM's Prepared was received
     */
    public TwoPhaseCommitHarness(String name, int rms, boolean earlyCommit) {
        if (rms < 2 || rms > MAX_RMS) {
            throw new IllegalArgumentException("the number of resource managers must be 2 to " + MAX_RMS
                    + ", not " + rms);
        }
        this.name = name;
        this.rms = rms;
        this.earlyCommit = earlyCommit;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "two-phase commit (TwoPhase) with " + rms + " resource managers"
                + (earlyCommit ? " and the seeded bug: the TM commits once any RM prepared" : "")
                + "; asserts TypeOK and TCConsistent";
    }

    public int rms() {
        return rms;
    }

    @Override
    public void run(Choices c) {
        Protocol p = new Protocol(rms);
        while (true) {
            step(c, p);
        }
    }

    /**
     * One action. A method of its own so that, at the choice, the stack holds nothing from earlier
     * steps: JPF's state then is the protocol's variables alone, as the specification's is.
     */
    private void step(Choices c, Protocol p) {
        if (c.matchesStates()) {
            c.matchState(encode(p));
        }
        int action = enabled(p, c.chooseInt(0, enabled(p, -1) - 1));
        int kind = action / (MAX_RMS + 1);
        int rm = action % (MAX_RMS + 1);
        apply(p, kind, rm);
        if (c.tracing()) {
            c.trace(ACTION_NAMES[kind] + (kind <= TM_ABORT ? "" : "(r" + (rm + 1) + ")") + ": " + describe(p));
        }
        check(p);
    }

    /**
     * With {@code k < 0}, the number of enabled actions; else the k-th enabled action (from 0, in the
     * order of the class comment) as {@code kind * (MAX_RMS + 1) + rm}.
     */
    private int enabled(Protocol p, int k) {
        int n = 0;
        boolean tmInit = p.tmState == TM_INIT;
        if (tmInit && canCommit(p)) {
            if (n++ == k) {
                return TM_COMMIT * (MAX_RMS + 1);
            }
        }
        if (tmInit) {
            if (n++ == k) {
                return TM_ABORT * (MAX_RMS + 1);
            }
        }
        for (int rm = 0; rm < rms; rm++) {
            boolean working = p.rmState[rm] == WORKING;
            for (int kind = TM_RCV_PREPARED; kind <= RM_RCV_ABORT_MSG; kind++) {
                boolean on;
                switch (kind) {
                    case TM_RCV_PREPARED:
                        on = tmInit && p.preparedMsg[rm];
                        break;
                    case RM_PREPARE:
                    case RM_CHOOSE_TO_ABORT:
                        on = working;
                        break;
                    case RM_RCV_COMMIT_MSG:
                        on = p.commitMsg;
                        break;
                    default:
                        on = p.abortMsg;
                        break;
                }
                if (on && n++ == k) {
                    return kind * (MAX_RMS + 1) + rm;
                }
            }
        }
        if (k >= 0) {
            throw new IllegalStateException("no enabled action " + k + " of " + n);
        }
        return n;
    }

    /** TMCommit's guard: tmPrepared = RM (with the seeded bug: tmPrepared is not empty). */
    private boolean canCommit(Protocol p) {
        int prepared = 0;
        for (boolean b : p.tmPrepared) {
            prepared += b ? 1 : 0;
        }
        return earlyCommit ? prepared > 0 : prepared == rms;
    }

    private static void apply(Protocol p, int kind, int rm) {
        switch (kind) {
            case TM_COMMIT:
                p.tmState = TM_COMMITTED;
                p.commitMsg = true;
                break;
            case TM_ABORT:
                p.tmState = TM_ABORTED;
                p.abortMsg = true;
                break;
            case TM_RCV_PREPARED:
                p.tmPrepared[rm] = true;
                break;
            case RM_PREPARE:
                p.rmState[rm] = PREPARED;
                p.preparedMsg[rm] = true;
                break;
            case RM_CHOOSE_TO_ABORT:
            case RM_RCV_ABORT_MSG:
                p.rmState[rm] = ABORTED;
                break;
            default: // RM_RCV_COMMIT_MSG
                p.rmState[rm] = COMMITTED;
                break;
        }
    }

    /** TypeOK and TCConsistent. */
    private void check(Protocol p) {
        if (p.tmState < TM_INIT || p.tmState > TM_ABORTED) {
            throw new AssertionError("TypeOK: tmState is " + p.tmState);
        }
        boolean committed = false;
        boolean aborted = false;
        for (int rm = 0; rm < rms; rm++) {
            int r = p.rmState[rm];
            if (r < WORKING || r > ABORTED) {
                throw new AssertionError("TypeOK: rmState[r" + (rm + 1) + "] is " + r);
            }
            committed |= r == COMMITTED;
            aborted |= r == ABORTED;
        }
        if (committed && aborted) {
            throw new AssertionError("TCConsistent: a resource manager committed while another aborted: "
                    + describe(p));
        }
    }

    /** One byte per RM (state, tmPrepared, Prepared sent), then the TM's state and the decision messages. */
    private byte[] encode(Protocol p) {
        byte[] out = new byte[rms + 1];
        for (int rm = 0; rm < rms; rm++) {
            out[rm] = (byte) (p.rmState[rm] | (p.tmPrepared[rm] ? 4 : 0) | (p.preparedMsg[rm] ? 8 : 0));
        }
        out[rms] = (byte) (p.tmState | (p.commitMsg ? 4 : 0) | (p.abortMsg ? 8 : 0));
        return out;
    }

    private String describe(Protocol p) {
        StringBuilder out = new StringBuilder("rmState = [");
        for (int rm = 0; rm < rms; rm++) {
            out.append(rm == 0 ? "" : ", ").append(RM_STATES[p.rmState[rm]]);
        }
        out.append("], tmState = ").append(p.tmState == TM_INIT ? "init"
                : p.tmState == TM_COMMITTED ? "committed" : "aborted");
        out.append(", tmPrepared = {");
        boolean first = true;
        for (int rm = 0; rm < rms; rm++) {
            if (p.tmPrepared[rm]) {
                out.append(first ? "" : ", ").append("r").append(rm + 1);
                first = false;
            }
        }
        out.append("}, msgs = {");
        first = true;
        for (int rm = 0; rm < rms; rm++) {
            if (p.preparedMsg[rm]) {
                out.append(first ? "" : ", ").append("Prepared(r").append(rm + 1).append(')');
                first = false;
            }
        }
        if (p.commitMsg) {
            out.append(first ? "" : ", ").append("Commit");
            first = false;
        }
        if (p.abortMsg) {
            out.append(first ? "" : ", ").append("Abort");
        }
        return out.append('}').toString();
    }
}
