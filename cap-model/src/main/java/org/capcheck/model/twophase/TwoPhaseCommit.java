package org.capcheck.model.twophase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.SettingException;
import org.capcheck.engine.StateSink;

/**
 * The TwoPhase commit specification of Gray and Lamport (the TLA+ examples' TwoPhase.tla): a transaction
 * manager and N resource managers exchanging Prepared, Commit and Abort messages through a message set
 * that never loses or removes a message. Each action below is the TLA+ action of the same name: its guard
 * is in {@link #actions}, its effect in {@link #next}.
 *
 * <p>Invariants: TypeOK and TCConsistent (no resource manager has committed while another has aborted).
 * Reachability goals: every resource manager committed, every one aborted. Distinct states: 288 for 3
 * resource managers, 8,832 for 5, 61,515,776 for 10, as TLC and Stateright count them.
 */
public final class TwoPhaseCommit implements Model<TwoPhaseState, TwoPhaseAction> {
    /** The packed state needs 4N + 4 bits. */
    public static final int MAX_RMS = 15;

    private final int rms;
    private final long allRms;
    private final int tmPreparedShift;
    private final int preparedMsgShift;
    private final int tmStateShift;
    private final long commitMsg;
    private final long abortMsg;
    private final long usedBits;
    private final TwoPhaseAction tmCommit;
    private final TwoPhaseAction tmAbort;
    /** Per resource manager: TMRcvPrepared, RMPrepare, RMChooseToAbort, RMRcvCommitMsg, RMRcvAbortMsg. */
    private final TwoPhaseAction[][] rmActions;

    /** Two-phase commit with {@code rms} resource managers, 1 to {@value #MAX_RMS}. */
    public TwoPhaseCommit(int rms) {
        if (rms < 1 || rms > MAX_RMS) {
            throw new SettingException("rms", "(the number of resource managers) must be 1 to " + MAX_RMS
                    + ", not " + rms);
        }
        this.rms = rms;
        this.allRms = (1L << rms) - 1;
        this.tmPreparedShift = 2 * rms;
        this.preparedMsgShift = 3 * rms;
        this.tmStateShift = 4 * rms;
        this.commitMsg = 1L << (4 * rms + 2);
        this.abortMsg = 1L << (4 * rms + 3);
        this.usedBits = 4 * rms + 4 == 64 ? -1L : (1L << (4 * rms + 4)) - 1;
        this.tmCommit = new TwoPhaseAction(TwoPhaseAction.Kind.TM_COMMIT, -1);
        this.tmAbort = new TwoPhaseAction(TwoPhaseAction.Kind.TM_ABORT, -1);
        this.rmActions = new TwoPhaseAction[rms][];
        for (int rm = 0; rm < rms; rm++) {
            rmActions[rm] = new TwoPhaseAction[] {
                new TwoPhaseAction(TwoPhaseAction.Kind.TM_RCV_PREPARED, rm),
                new TwoPhaseAction(TwoPhaseAction.Kind.RM_PREPARE, rm),
                new TwoPhaseAction(TwoPhaseAction.Kind.RM_CHOOSE_TO_ABORT, rm),
                new TwoPhaseAction(TwoPhaseAction.Kind.RM_RCV_COMMIT_MSG, rm),
                new TwoPhaseAction(TwoPhaseAction.Kind.RM_RCV_ABORT_MSG, rm),
            };
        }
    }

    public int rms() {
        return rms;
    }

    /** TPInit: every resource manager working, the manager in init, nothing prepared, no messages. */
    @Override
    public List<TwoPhaseState> initialStates() {
        return List.of(new TwoPhaseState(0L));
    }

    @Override
    public void actions(TwoPhaseState state, List<TwoPhaseAction> actions) {
        long s = state.bits;
        boolean tmInit = tmState(s) == TwoPhaseState.TM_INIT;
        if (tmInit && tmPrepared(s) == allRms) {
            actions.add(tmCommit);
        }
        if (tmInit) {
            actions.add(tmAbort);
        }
        boolean commitSent = (s & commitMsg) != 0;
        boolean abortSent = (s & abortMsg) != 0;
        for (int rm = 0; rm < rms; rm++) {
            TwoPhaseAction[] a = rmActions[rm];
            if (tmInit && preparedSent(s, rm)) {
                actions.add(a[0]);
            }
            if (rmState(s, rm) == TwoPhaseState.WORKING) {
                actions.add(a[1]);
                actions.add(a[2]);
            }
            if (commitSent) {
                actions.add(a[3]);
            }
            if (abortSent) {
                actions.add(a[4]);
            }
        }
    }

    @Override
    public TwoPhaseState next(TwoPhaseState state, TwoPhaseAction action) {
        long s = state.bits;
        int rm = action.rm();
        switch (action.kind()) {
            case TM_RCV_PREPARED: // tmPrepared' = tmPrepared \cup {rm}
                return new TwoPhaseState(s | 1L << (tmPreparedShift + rm));
            case TM_COMMIT: // tmState' = "committed", msgs' = msgs \cup {[type |-> "Commit"]}
                return new TwoPhaseState(withTmState(s, TwoPhaseState.TM_COMMITTED) | commitMsg);
            case TM_ABORT: // tmState' = "aborted", msgs' = msgs \cup {[type |-> "Abort"]}
                return new TwoPhaseState(withTmState(s, TwoPhaseState.TM_ABORTED) | abortMsg);
            case RM_PREPARE: // rmState[rm]' = "prepared", msgs' = msgs \cup {[type |-> "Prepared", rm |-> rm]}
                return new TwoPhaseState(withRmState(s, rm, TwoPhaseState.PREPARED) | 1L << (preparedMsgShift + rm));
            case RM_CHOOSE_TO_ABORT:
            case RM_RCV_ABORT_MSG:
                return new TwoPhaseState(withRmState(s, rm, TwoPhaseState.ABORTED));
            case RM_RCV_COMMIT_MSG:
                return new TwoPhaseState(withRmState(s, rm, TwoPhaseState.COMMITTED));
            default:
                throw new AssertionError(action);
        }
    }

    /** The bound, for the heading of a run. */
    @Override
    public List<String> describeModel() {
        return List.of("bounds: " + rms + " resource manager" + (rms == 1 ? "" : "s")
                + "; operations: the TM's and each RM's steps of Gray and Lamport's TwoPhase");
    }

    @Override
    public List<Property<TwoPhaseState>> properties() {
        return List.of(
                Property.always("TypeOK", this::typeOk),
                Property.always("TCConsistent", this::consistent),
                Property.sometimes("AllCommitted", s -> allInState(s.bits, TwoPhaseState.COMMITTED)),
                Property.sometimes("AllAborted", s -> allInState(s.bits, TwoPhaseState.ABORTED)));
    }

    /** TypeOK: tmState is one of its three values and no bit outside the layout is set. */
    boolean typeOk(TwoPhaseState state) {
        return tmState(state.bits) != 3 && (state.bits & ~usedBits) == 0;
    }

    /** TCConsistent: no resource manager committed while another aborted. */
    boolean consistent(TwoPhaseState state) {
        boolean committed = false;
        boolean aborted = false;
        for (int rm = 0; rm < rms; rm++) {
            int r = rmState(state.bits, rm);
            committed |= r == TwoPhaseState.COMMITTED;
            aborted |= r == TwoPhaseState.ABORTED;
        }
        return !(committed && aborted);
    }

    @Override
    public void encode(TwoPhaseState state, StateSink sink) {
        sink.putLong(state.bits);
    }

    /**
     * The resource managers are interchangeable (TwoPhase.tla's RM is a symmetry set: TLC checks it with
     * SYMMETRY Permutations(RM)). Rather than all N! - 1 images, this adds the one the engine would pick
     * among them, the least encoding ({@link #leastImage}), computed by sorting, so symmetry costs
     * O(N log N) per state at any N.
     */
    @Override
    public void permutations(TwoPhaseState state, List<TwoPhaseState> images) {
        images.add(new TwoPhaseState(leastImage(state.bits)));
    }

    /**
     * Of the state under every permutation of the resource managers, the least word. The Prepared
     * messages are its top bits, then the manager's prepared set, then the managers' states (manager i's
     * at bits 2i, so the higher the index the more it weighs): the least word puts first the managers
     * with a Prepared message, then the ones the manager counts as prepared, and orders the rest by
     * state, highest first. {@code TwoPhaseCommitTest} checks it against all permutations.
     */
    long leastImage(long s) {
        int[] keys = new int[rms];
        for (int i = 0; i < rms; i++) {
            int msg = (int) (s >>> preparedMsgShift + i & 1);
            int prepared = (int) (s >>> tmPreparedShift + i & 1);
            int state = (int) (s >>> 2 * i & 3);
            keys[i] = -(msg << 3 | prepared << 2 | state); // ascending keys: descending (msg, prepared, state)
        }
        java.util.Arrays.sort(keys);
        long out = s & ~((1L << tmStateShift) - 1); // the manager's state and the Commit/Abort messages
        for (int j = 0; j < rms; j++) {
            int k = -keys[j];
            out |= (long) (k & 3) << 2 * j;
            out |= (long) (k >>> 2 & 1) << tmPreparedShift + j;
            out |= (long) (k >>> 3 & 1) << preparedMsgShift + j;
        }
        return out;
    }

    /**
     * How many states the symmetry class of {@code s} holds: N! over the product, for each distinct
     * (Prepared message, tmPrepared, state) of a resource manager, of the factorial of how many managers
     * share it. Summed over the classes a symmetry-reduced run finds, it gives the unreduced count.
     */
    long classSize(long s) {
        int[] counts = new int[16];
        for (int i = 0; i < rms; i++) {
            int key = (int) (s >>> preparedMsgShift + i & 1) << 3 | (int) (s >>> tmPreparedShift + i & 1) << 2
                    | (int) (s >>> 2 * i & 3);
            counts[key]++;
        }
        long size = factorial(rms);
        for (int c : counts) {
            size /= factorial(c);
        }
        return size;
    }

    private static long factorial(int n) {
        long f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }

    /** Every permutation of {@code 0..n-1}, the identity first (for tests of {@link #leastImage}). */
    static List<int[]> allPermutations(int n) {
        List<int[]> all = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, all);
        return all;
    }

    private static void permute(int[] perm, boolean[] used, int at, List<int[]> out) {
        if (at == perm.length) {
            out.add(perm.clone());
            return;
        }
        for (int j = 0; j < perm.length; j++) {
            if (!used[j]) {
                used[j] = true;
                perm[at] = j;
                permute(perm, used, at + 1, out);
                used[j] = false;
            }
        }
    }

    /** The state with resource manager i's fields moved to manager perm[i]. */
    long permuted(long s, int[] perm) {
        long out = s & ~((1L << tmStateShift) - 1); // the manager's state and the Commit/Abort messages
        for (int i = 0; i < rms; i++) {
            int j = perm[i];
            out |= ((s >>> 2 * i) & 3) << 2 * j;
            out |= ((s >>> tmPreparedShift + i) & 1) << tmPreparedShift + j;
            out |= ((s >>> preparedMsgShift + i) & 1) << preparedMsgShift + j;
        }
        return out;
    }

    /** The state is its one word, so the search queues words, not objects. */
    @Override
    public boolean decodes() {
        return true;
    }

    @Override
    public TwoPhaseState decode(long[] words, int from, int length) {
        return new TwoPhaseState(words[from]);
    }

    @Override
    public Map<String, String> describe(TwoPhaseState state) {
        long s = state.bits;
        Map<String, String> fields = new LinkedHashMap<>();
        for (int rm = 0; rm < rms; rm++) {
            fields.put("rmState[r" + (rm + 1) + "]", RM_STATE_NAMES[rmState(s, rm)]);
        }
        fields.put("tmState", TM_STATE_NAMES[tmState(s)]);
        StringJoiner prepared = new StringJoiner(", ", "{", "}");
        List<String> msgs = new ArrayList<>();
        for (int rm = 0; rm < rms; rm++) {
            if ((tmPrepared(s) & 1L << rm) != 0) {
                prepared.add("r" + (rm + 1));
            }
            if (preparedSent(s, rm)) {
                msgs.add("Prepared(r" + (rm + 1) + ")");
            }
        }
        if ((s & commitMsg) != 0) {
            msgs.add("Commit");
        }
        if ((s & abortMsg) != 0) {
            msgs.add("Abort");
        }
        fields.put("tmPrepared", prepared.toString());
        fields.put("msgs", "{" + String.join(", ", msgs) + "}");
        return fields;
    }

    private static final String[] RM_STATE_NAMES = {"working", "prepared", "committed", "aborted"};
    private static final String[] TM_STATE_NAMES = {"init", "committed", "aborted", "invalid"};

    /** The state of resource manager {@code rm}: one of the constants in {@link TwoPhaseState}. */
    public int rmState(TwoPhaseState state, int rm) {
        return rmState(state.bits, rm);
    }

    /** The transaction manager's state: one of the constants in {@link TwoPhaseState}. */
    public int tmState(TwoPhaseState state) {
        return tmState(state.bits);
    }

    private static int rmState(long s, int rm) {
        return (int) (s >>> (2 * rm)) & 3;
    }

    private int tmState(long s) {
        return (int) (s >>> tmStateShift) & 3;
    }

    private long tmPrepared(long s) {
        return (s >>> tmPreparedShift) & allRms;
    }

    private boolean preparedSent(long s, int rm) {
        return (s >>> (preparedMsgShift + rm) & 1) != 0;
    }

    private static long withRmState(long s, int rm, int value) {
        return (s & ~(3L << (2 * rm))) | (long) value << (2 * rm);
    }

    private long withTmState(long s, int value) {
        return (s & ~(3L << tmStateShift)) | (long) value << tmStateShift;
    }

    private boolean allInState(long s, int value) {
        for (int rm = 0; rm < rms; rm++) {
            if (rmState(s, rm) != value) {
                return false;
            }
        }
        return true;
    }
}
