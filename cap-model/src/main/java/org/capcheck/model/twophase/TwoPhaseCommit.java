package org.capcheck.model.twophase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.capcheck.engine.PackedModel;
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
 *
 * <p>The state is one word, and the model also steps and tests the word itself ({@link PackedModel}):
 * {@link #successors} is {@link #actions} and {@link #next} in one pass, and each property has one
 * definition on the word that its object form calls, so the two ways agree by construction where they
 * can and by {@code TwoPhaseCommitTest} where they cannot.
 */
public final class TwoPhaseCommit implements PackedModel<TwoPhaseState, TwoPhaseAction> {
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
    /** The low bit of every resource manager's two-bit state: 0101...01 over bits 0 .. 2N-1. */
    private final long rmLowBits;

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
        this.rmLowBits = 0x5555_5555_5555_5555L & ((1L << 2 * rms) - 1);
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
            case TM_RCV_PREPARED:
                return new TwoPhaseState(tmRcvPrepared(s, rm));
            case TM_COMMIT:
                return new TwoPhaseState(tmCommit(s));
            case TM_ABORT:
                return new TwoPhaseState(tmAbort(s));
            case RM_PREPARE:
                return new TwoPhaseState(rmPrepare(s, rm));
            case RM_CHOOSE_TO_ABORT:
            case RM_RCV_ABORT_MSG:
                return new TwoPhaseState(withRmState(s, rm, TwoPhaseState.ABORTED));
            case RM_RCV_COMMIT_MSG:
                return new TwoPhaseState(withRmState(s, rm, TwoPhaseState.COMMITTED));
            default:
                throw new AssertionError(action);
        }
    }

    /** TMRcvPrepared(rm): tmPrepared' = tmPrepared \cup {rm}. */
    private long tmRcvPrepared(long s, int rm) {
        return s | 1L << (tmPreparedShift + rm);
    }

    /** TMCommit: tmState' = "committed", msgs' = msgs \cup {[type |-> "Commit"]}. */
    private long tmCommit(long s) {
        return withTmState(s, TwoPhaseState.TM_COMMITTED) | commitMsg;
    }

    /** TMAbort: tmState' = "aborted", msgs' = msgs \cup {[type |-> "Abort"]}. */
    private long tmAbort(long s) {
        return withTmState(s, TwoPhaseState.TM_ABORTED) | abortMsg;
    }

    /** RMPrepare(rm): rmState[rm]' = "prepared", msgs' = msgs \cup {[type |-> "Prepared", rm |-> rm]}. */
    private long rmPrepare(long s, int rm) {
        return withRmState(s, rm, TwoPhaseState.PREPARED) | 1L << (preparedMsgShift + rm);
    }

    /** One word per state. */
    @Override
    public int packedWords() {
        return 1;
    }

    /** TMCommit, TMAbort and five actions per resource manager. */
    @Override
    public int maxSuccessors() {
        return 2 + 5 * rms;
    }

    /**
     * {@link #actions} and {@link #next} in one pass over the word: the same guards in the same order
     * (TMCommit, TMAbort, then per resource manager TMRcvPrepared, RMPrepare, RMChooseToAbort,
     * RMRcvCommitMsg, RMRcvAbortMsg), each writing its successor.
     */
    @Override
    public int successors(long[] state, int from, long[] out, int to) {
        long s = state[from];
        int n = to;
        boolean tmInit = tmState(s) == TwoPhaseState.TM_INIT;
        if (tmInit && tmPrepared(s) == allRms) {
            out[n++] = tmCommit(s);
        }
        if (tmInit) {
            out[n++] = tmAbort(s);
        }
        boolean commitSent = (s & commitMsg) != 0;
        boolean abortSent = (s & abortMsg) != 0;
        for (int rm = 0; rm < rms; rm++) {
            if (tmInit && preparedSent(s, rm)) {
                out[n++] = tmRcvPrepared(s, rm);
            }
            if (rmState(s, rm) == TwoPhaseState.WORKING) {
                out[n++] = rmPrepare(s, rm);
                out[n++] = withRmState(s, rm, TwoPhaseState.ABORTED); // RMChooseToAbort
            }
            if (commitSent) {
                out[n++] = withRmState(s, rm, TwoPhaseState.COMMITTED); // RMRcvCommitMsg
            }
            if (abortSent) {
                out[n++] = withRmState(s, rm, TwoPhaseState.ABORTED); // RMRcvAbortMsg
            }
        }
        return n - to;
    }

    /** The properties of {@link #properties}, in its order, on the word. */
    @Override
    public boolean holds(int property, long[] state, int from) {
        long s = state[from];
        switch (property) {
            case 0:
                return typeOk(s);
            case 1:
                return consistent(s);
            case 2:
                return allCommitted(s);
            case 3:
                return allAborted(s);
            default:
                throw new IndexOutOfBoundsException("no property " + property);
        }
    }

    /** The bound, for the heading of a run. */
    @Override
    public List<String> describeModel() {
        return List.of("bounds: " + rms + " resource manager" + (rms == 1 ? "" : "s")
                + "; operations: the TM's and each RM's steps of Gray and Lamport's TwoPhase");
    }

    /** In this order, which {@link #holds} numbers them by. */
    @Override
    public List<Property<TwoPhaseState>> properties() {
        return List.of(
                Property.always("TypeOK", this::typeOk),
                Property.always("TCConsistent", this::consistent),
                Property.sometimes("AllCommitted", s -> allCommitted(s.bits)),
                Property.sometimes("AllAborted", s -> allAborted(s.bits)));
    }

    boolean typeOk(TwoPhaseState state) {
        return typeOk(state.bits);
    }

    boolean consistent(TwoPhaseState state) {
        return consistent(state.bits);
    }

    /** TypeOK: tmState is one of its three values and no bit outside the layout is set. */
    private boolean typeOk(long s) {
        return tmState(s) != 3 && (s & ~usedBits) == 0;
    }

    /**
     * TCConsistent: no resource manager committed while another aborted. A manager's two bits are 10 when
     * committed and 11 when aborted: high bit set and low bit clear, or both set.
     */
    private boolean consistent(long s) {
        long low = s & rmLowBits;
        long high = s >>> 1 & rmLowBits;
        boolean committed = (high & ~low) != 0;
        boolean aborted = (high & low) != 0;
        return !(committed && aborted);
    }

    /** AllCommitted: every resource manager's two bits are 10. */
    private boolean allCommitted(long s) {
        return (s >>> 1 & rmLowBits) == rmLowBits && (s & rmLowBits) == 0;
    }

    /** AllAborted: every resource manager's two bits are 11. */
    private boolean allAborted(long s) {
        return (s >>> 1 & rmLowBits) == rmLowBits && (s & rmLowBits) == rmLowBits;
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

}
