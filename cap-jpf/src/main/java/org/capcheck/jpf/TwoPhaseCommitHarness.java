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
 * <p>Under Java PathFinder every instruction is interpreted and the whole program state is serialised
 * at every action, so the protocol's variables are a few primitive fields (a bit set of RMs per RM
 * state and per message kind) rather than arrays, the enabled actions are counted from those bit sets,
 * and the words for traces and failures live in a nested class that JPF loads only on a failure.
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

    private final String name;
    private final int rms;
    /** Every RM, as a bit set: bit r for RM r + 1. */
    private final int all;
    private final boolean earlyCommit;

    /**
     * The protocol's variables, as in the specification, with each set of RMs a bit set (bit r for
     * RM r + 1): rmState as the four sets of RMs in each state, tmState, tmPrepared, and msgs as the
     * Prepared messages' senders and the two decision messages.
     */
    private static final class Protocol {
        int working;
        int prepared;
        int committed;
        int aborted;
        int tmState;
        int tmPrepared;
        int preparedMsgs;
        boolean commitMsg;
        boolean abortMsg;

        Protocol(int all) {
            working = all;
        }

        int rmState(int rm) {
            int bit = 1 << rm;
            return (working & bit) != 0 ? WORKING : (prepared & bit) != 0 ? PREPARED
                    : (committed & bit) != 0 ? COMMITTED : ABORTED;
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
        this.all = (1 << rms) - 1;
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
        Protocol p = new Protocol(all);
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
        int action = enabled(p, c.chooseInt(0, enabledCount(p) - 1));
        int kind = action / (MAX_RMS + 1);
        int rm = action % (MAX_RMS + 1);
        apply(p, kind, rm);
        if (c.tracing()) {
            c.trace(Words.action(kind, rm) + ": " + Words.describe(p, rms));
        }
        check(p);
    }

    /** TMCommit's guard: tmPrepared = RM (with the seeded bug: tmPrepared is not empty). */
    private boolean canCommit(Protocol p) {
        return earlyCommit ? p.tmPrepared != 0 : p.tmPrepared == all;
    }

    /** How many actions are enabled (never 0: the protocol never stops). */
    private int enabledCount(Protocol p) {
        int n = 2 * Integer.bitCount(p.working);
        if (p.tmState == TM_INIT) {
            n += (canCommit(p) ? 2 : 1) + Integer.bitCount(p.preparedMsgs);
        }
        if (p.commitMsg) {
            n += rms;
        }
        if (p.abortMsg) {
            n += rms;
        }
        return n;
    }

    /**
     * The k-th enabled action (from 0, in the order of the class comment) as
     * {@code kind * (MAX_RMS + 1) + rm}.
     */
    private int enabled(Protocol p, int k) {
        boolean tmInit = p.tmState == TM_INIT;
        if (tmInit) {
            if (canCommit(p) && k-- == 0) {
                return TM_COMMIT * (MAX_RMS + 1);
            }
            if (k-- == 0) {
                return TM_ABORT * (MAX_RMS + 1);
            }
        }
        int decisions = (p.commitMsg ? 1 : 0) + (p.abortMsg ? 1 : 0);
        for (int rm = 0; rm < rms; rm++) {
            int bit = 1 << rm;
            boolean rcvPrepared = tmInit && (p.preparedMsgs & bit) != 0;
            boolean working = (p.working & bit) != 0;
            int here = (rcvPrepared ? 1 : 0) + (working ? 2 : 0) + decisions;
            if (k >= here) {
                k -= here;
                continue;
            }
            if (rcvPrepared && k-- == 0) {
                return TM_RCV_PREPARED * (MAX_RMS + 1) + rm;
            }
            if (working) {
                if (k < 2) {
                    return (k == 0 ? RM_PREPARE : RM_CHOOSE_TO_ABORT) * (MAX_RMS + 1) + rm;
                }
                k -= 2;
            }
            if (p.commitMsg && k-- == 0) {
                return RM_RCV_COMMIT_MSG * (MAX_RMS + 1) + rm;
            }
            return RM_RCV_ABORT_MSG * (MAX_RMS + 1) + rm;
        }
        throw new IllegalStateException("no enabled action " + k + " beyond the last");
    }

    private static void apply(Protocol p, int kind, int rm) {
        int bit = 1 << rm;
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
                p.tmPrepared |= bit;
                break;
            case RM_PREPARE:
                p.working &= ~bit;
                p.prepared |= bit;
                p.preparedMsgs |= bit;
                break;
            case RM_CHOOSE_TO_ABORT:
            case RM_RCV_ABORT_MSG:
                p.working &= ~bit;
                p.prepared &= ~bit;
                p.committed &= ~bit;
                p.aborted |= bit;
                break;
            default: // RM_RCV_COMMIT_MSG
                p.working &= ~bit;
                p.prepared &= ~bit;
                p.aborted &= ~bit;
                p.committed |= bit;
                break;
        }
    }

    /**
     * TypeOK (tmState is one of its three values; every RM is in exactly one of the four RM states;
     * tmPrepared and the Prepared messages name RMs) and TCConsistent.
     */
    private void check(Protocol p) {
        if (p.tmState < TM_INIT || p.tmState > TM_ABORTED) {
            throw new AssertionError("TypeOK: tmState is " + p.tmState);
        }
        int w = p.working;
        int pr = p.prepared;
        int cm = p.committed;
        int ab = p.aborted;
        if ((w | pr | cm | ab) != all || (w & pr | (w | pr) & cm | (w | pr | cm) & ab) != 0
                || ((p.tmPrepared | p.preparedMsgs) & ~all) != 0) {
            throw new AssertionError("TypeOK: rmState is not one state per resource manager: working "
                    + Integer.toBinaryString(w) + ", prepared " + Integer.toBinaryString(pr) + ", committed "
                    + Integer.toBinaryString(cm) + ", aborted " + Integer.toBinaryString(ab));
        }
        if (cm != 0 && ab != 0) {
            throw new AssertionError("TCConsistent: a resource manager committed while another aborted: "
                    + Words.describe(p, rms));
        }
    }

    /** One byte per RM (state, tmPrepared, Prepared sent), then the TM's state and the decision messages. */
    private byte[] encode(Protocol p) {
        byte[] out = new byte[rms + 1];
        for (int rm = 0; rm < rms; rm++) {
            int bit = 1 << rm;
            out[rm] = (byte) (p.rmState(rm) | ((p.tmPrepared & bit) != 0 ? 4 : 0)
                    | ((p.preparedMsgs & bit) != 0 ? 8 : 0));
        }
        out[rms] = (byte) (p.tmState | (p.commitMsg ? 4 : 0) | (p.abortMsg ? 8 : 0));
        return out;
    }

    /**
     * Actions and states in words, for traces and failures. A class of its own so that under JPF,
     * where nothing is traced, its tables are never loaded: the statics of every loaded class are part
     * of the state JPF serialises at each action.
     */
    private static final class Words {
        private static final String[] RM_STATES = {"working", "prepared", "committed", "aborted"};
        private static final String[] ACTION_NAMES = {"TMCommit", "TMAbort", "TMRcvPrepared", "RMPrepare",
            "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg"};

        static String action(int kind, int rm) {
            return ACTION_NAMES[kind] + (kind <= TM_ABORT ? "" : "(r" + (rm + 1) + ")");
        }

        static String describe(Protocol p, int rms) {
            StringBuilder out = new StringBuilder("rmState = [");
            for (int rm = 0; rm < rms; rm++) {
                out.append(rm == 0 ? "" : ", ").append(RM_STATES[p.rmState(rm)]);
            }
            out.append("], tmState = ").append(p.tmState == TM_INIT ? "init"
                    : p.tmState == TM_COMMITTED ? "committed" : "aborted");
            out.append(", tmPrepared = {");
            boolean first = true;
            for (int rm = 0; rm < rms; rm++) {
                if ((p.tmPrepared & 1 << rm) != 0) {
                    out.append(first ? "" : ", ").append("r").append(rm + 1);
                    first = false;
                }
            }
            out.append("}, msgs = {");
            first = true;
            for (int rm = 0; rm < rms; rm++) {
                if ((p.preparedMsgs & 1 << rm) != 0) {
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
}
