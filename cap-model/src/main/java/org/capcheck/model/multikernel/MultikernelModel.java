package org.capcheck.model.multikernel;

import static org.capcheck.multikernel.LocalCaps.copies;
import static org.capcheck.multikernel.LocalCaps.owner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capcheck.engine.Artifact;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.Report;
import org.capcheck.engine.StateSink;
import org.capcheck.engine.Violation;
import org.capcheck.multikernel.Core;
import org.capcheck.multikernel.Host;
import org.capcheck.multikernel.LocalCaps;
import org.capcheck.multikernel.Message;
import org.capcheck.multikernel.Ops;
import org.capcheck.multikernel.Protocol;

/**
 * Several cores running a distributed capability protocol ({@link Protocol}): every interleaving of the
 * applications' invocations (each core's application issues up to {@code ops} operations, chosen
 * nondeterministically among those it can make) and of message deliveries (FIFO per ordered pair of cores).
 * At boot every core holds a copy of one RAM capability owned by core 0. The properties are those of
 * docs/MULTIKERNEL.md; the ghost word remembers what they need (retypes, cleanups, a revoke found incomplete).
 *
 * <p>The glue to the engine is {@link #initialStates}, {@link #actions}, {@link #next}, {@link #canonical} and
 * {@link #encode}; everything else is the cores' ({@link Core}).
 */
public final class MultikernelModel implements Model<MultikernelState, MultikernelAction> {
    public static final String REVOKE_COMPLETE = "revoke completeness";
    public static final String RETYPE_EXCLUSIVE = "retype exclusivity";
    public static final String LAST_DELETE_ONCE = "last delete exactly once";
    public static final String BITS_SOUND = "relation bits sound";
    public static final String ONE_OWNER = "one owner";
    public static final String TREES_WELL_FORMED = "derivation trees well formed";
    public static final String QUIESCENCE = "no deadlock, clean quiescence";
    public static final String NO_PANIC = "no kernel or monitor panic";

    // Ghost word.
    private static final int RETYPES_SHIFT = 0;
    private static final int RAM_CLEANUPS_SHIFT = 2;
    private static final int FRAMES_LIVE_SHIFT = 4;
    private static final int REVOKE_INCOMPLETE = 1 << 6;
    private static final int CLEANUP_WITH_COPIES = 1 << 7;
    private static final int DOUBLE_CLEANUP = 1 << 8;
    private static final int PANICKED = 1 << 9;

    private final int cores;
    private final Protocol protocol;
    private final int ops;
    private final boolean symmetry;
    private final int ghostIndex;
    private final int channels;
    private final List<MultikernelAction> invocations = new ArrayList<>();
    private final MultikernelAction[][] deliveries;
    private final int[][] permutations;
    private final String only;

    /**
     * The model for {@code cores} cores (2 to 4) running {@code protocol}, each application issuing at most
     * {@code ops} operations (1 to 15); with {@code symmetry}, states that differ only by a renaming of the
     * cores count as one.
     */
    public MultikernelModel(int cores, Protocol protocol, int ops, boolean symmetry) {
        this(cores, protocol, ops, symmetry, null);
    }

    private MultikernelModel(int cores, Protocol protocol, int ops, boolean symmetry, String only) {
        this.only = only;
        if (cores < 2 || cores > 4) {
            throw new IllegalArgumentException("--cores must be 2 to 4, not " + cores);
        }
        if (ops < 1 || ops > 15) {
            throw new IllegalArgumentException("--ops must be 1 to 15, not " + ops);
        }
        this.cores = cores;
        this.protocol = java.util.Objects.requireNonNull(protocol, "protocol");
        this.ops = ops;
        this.symmetry = symmetry;
        this.ghostIndex = cores * Core.WORDS;
        this.channels = cores * (cores - 1);
        for (int c = 0; c < cores; c++) {
            for (int kind = 0; kind < Ops.KINDS; kind++) {
                for (int dest = 0; dest < cores; dest++) {
                    if (dest != c) {
                        invocations.add(MultikernelAction.invoke(c, Ops.COPY, kind, dest));
                    }
                }
                invocations.add(MultikernelAction.invoke(c, Ops.DELETE, kind, 0));
            }
            invocations.add(MultikernelAction.invoke(c, Ops.REVOKE, Ops.RAM, 0));
            invocations.add(MultikernelAction.invoke(c, Ops.RETYPE, Ops.RAM, 0));
        }
        deliveries = new MultikernelAction[cores][cores];
        for (int from = 0; from < cores; from++) {
            for (int to = 0; to < cores; to++) {
                if (from != to) {
                    deliveries[from][to] = MultikernelAction.deliver(from, to);
                }
            }
        }
        permutations = symmetry ? permutationsOf(cores) : new int[][] {identity(cores)};
    }

    /** The factory the CLI calls: {@code protocol} is "barrelfish" or "capcheck". */
    public static MultikernelModel of(int cores, String protocol, int ops, boolean symmetry) {
        Protocol p = Protocol.named(protocol);
        if (p == null) {
            throw new IllegalArgumentException("--protocol must be barrelfish or capcheck, not " + protocol);
        }
        return new MultikernelModel(cores, p, ops, symmetry);
    }

    /**
     * The same model checking only the property named {@code property} (one of the constants above), so that
     * a run finds the shortest trace to that property's violation even when another fails sooner.
     */
    public MultikernelModel only(String property) {
        return new MultikernelModel(cores, protocol, ops, symmetry, property);
    }

    /** A violation's message sequence, one lane per core, as the summary's last lines. */
    @Override
    public List<String> describeOutcome(Report<MultikernelState, MultikernelAction> report) {
        if (report.violations().isEmpty()) {
            return List.of();
        }
        Violation<MultikernelState, MultikernelAction> v = report.violations().get(0);
        List<String> out = new ArrayList<>();
        out.add("Message sequence to the violation of '" + v.property() + "' (one lane per core):");
        out.addAll(List.of(MessageSequence.of(this, v.trace()).lanes().split("\n")));
        return out;
    }

    /** A violation's message sequence as JSON and as a captrace v2 file (docs/captrace-v2.md). */
    @Override
    public List<Artifact> artifacts(Report<MultikernelState, MultikernelAction> report) {
        if (report.violations().isEmpty()) {
            return List.of();
        }
        Violation<MultikernelState, MultikernelAction> v = report.violations().get(0);
        MessageSequence seq = MessageSequence.of(this, v.trace());
        return List.of(
                new Artifact("captrace", "counterexample.captrace2.jsonl", List.of(seq.captrace().split("\n")),
                        "Counterexample as captrace v2 (docs/captrace-v2.md): %1$s"),
                new Artifact("sequence", "counterexample.sequence.json", List.of(seq.json(v.property())),
                        "Message sequence as JSON: %1$s"));
    }

    public int ops() {
        return ops;
    }

    public boolean symmetry() {
        return symmetry;
    }

    public int cores() {
        return cores;
    }

    public Protocol protocol() {
        return protocol;
    }

    // ---------------------------------------------------------------- the state machine

    @Override
    public List<MultikernelState> initialStates() {
        int[] words = new int[ghostIndex + 1 + channels];
        for (int c = 0; c < cores; c++) {
            Core.boot(words, c * Core.WORDS, c, cores);
        }
        return List.of(new MultikernelState(words));
    }

    @Override
    public void actions(MultikernelState state, List<MultikernelAction> actions) {
        int[] w = state.words;
        for (MultikernelAction a : invocations) {
            int base = a.core() * Core.WORDS;
            int app = w[base + 2];
            if ((app & 1 << 4) == 0 && (app & 15) < ops && copies(w[base + a.capKind()]) > 0) {
                actions.add(a);
            }
        }
        int pos = ghostIndex + 1;
        for (int from = 0; from < cores; from++) {
            for (int to = 0; to < cores; to++) {
                if (from != to) {
                    if (w[pos] > 0) {
                        actions.add(deliveries[from][to]);
                    }
                    pos += 1 + w[pos];
                }
            }
        }
    }

    @Override
    public MultikernelState next(MultikernelState state, MultikernelAction action) {
        return run(state, action, null);
    }

    /** One step; {@code log}, when given, records what the step sent, completed and raised. */
    MultikernelState run(MultikernelState state, MultikernelAction action, StepLog log) {
        Step step = new Step(state.words, log);
        Core core = new Core(action.core(), cores, protocol);
        core.load(step.coreWords, action.core() * Core.WORDS);
        if (action.kind() == MultikernelAction.Kind.INVOKE) {
            core.invoke(action.op(), action.capKind(), action.arg(), step);
        } else {
            int message = step.poll(action.from(), action.core());
            if (log != null) {
                log.received = message;
            }
            core.receive(action.from(), message, step);
        }
        core.store(step.coreWords, action.core() * Core.WORDS);
        step.updateGhost();
        return new MultikernelState(step.encode());
    }

    /** The mutable view of a state during one step, and the host the acting core writes to. */
    private final class Step implements Host {
        final int[] coreWords;
        int ghost;
        final int[][] queues = new int[channels][];
        final int[] lengths = new int[channels];
        final StepLog log;
        int revokeCompletedAt = -1;
        int createdFrames;
        int ramCleanups;
        int frameCleanups;
        boolean panicked;

        Step(int[] w, StepLog log) {
            this.log = log;
            coreWords = Arrays.copyOf(w, ghostIndex);
            ghost = w[ghostIndex];
            int pos = ghostIndex + 1;
            for (int ch = 0; ch < channels; ch++) {
                int n = w[pos];
                queues[ch] = Arrays.copyOfRange(w, pos + 1, pos + 1 + n + 4);
                lengths[ch] = n;
                pos += 1 + n;
            }
        }

        int poll(int from, int to) {
            int ch = channel(from, to);
            int message = queues[ch][0];
            System.arraycopy(queues[ch], 1, queues[ch], 0, lengths[ch] - 1);
            lengths[ch]--;
            return message;
        }

        @Override
        public void send(int from, int to, int message) {
            int ch = channel(from, to);
            if (lengths[ch] == queues[ch].length) {
                queues[ch] = Arrays.copyOf(queues[ch], lengths[ch] * 2 + 4);
            }
            queues[ch][lengths[ch]++] = message;
            if (log != null) {
                log.sends.add(new int[] {to, message});
            }
        }

        @Override
        public void complete(int core, int op, int kind, int result) {
            if (op == Ops.REVOKE && result == Ops.OK) {
                revokeCompletedAt = core;
            }
            if (log != null) {
                log.completions.add(new int[] {op, kind, result});
            }
        }

        @Override
        public void event(int core, int event, int kind) {
            if (event == Ops.EVENT_PANIC) {
                panicked = true;
            } else if (event == Ops.EVENT_CREATED) {
                createdFrames++;
            } else if (kind == Ops.RAM) {
                ramCleanups++;
            } else {
                frameCleanups++;
            }
            if (log != null) {
                log.events.add(new int[] {event, kind});
            }
        }

        int copiesAnywhere(int kind) {
            int n = 0;
            for (int c = 0; c < cores; c++) {
                n += copies(coreWords[c * Core.WORDS + kind]);
            }
            for (int ch = 0; ch < channels; ch++) {
                for (int i = 0; i < lengths[ch]; i++) {
                    int m = queues[ch][i];
                    if (Message.carriesCopy(m) && Message.kind(m) == kind) {
                        n++;
                    }
                }
            }
            return n;
        }

        void updateGhost() {
            int g = ghost;
            int retypes = Math.min(3, (g >>> RETYPES_SHIFT & 3) + createdFrames);
            int framesLive = (g >>> FRAMES_LIVE_SHIFT & 3) + createdFrames;
            if (frameCleanups > framesLive) {
                g |= DOUBLE_CLEANUP;
            }
            framesLive = Math.max(0, Math.min(3, framesLive - frameCleanups));
            int ram = Math.min(3, (g >>> RAM_CLEANUPS_SHIFT & 3) + ramCleanups);
            int ramAnywhere = copiesAnywhere(Ops.RAM);
            int framesAnywhere = copiesAnywhere(Ops.FRAME);
            if ((ramCleanups > 0 && ramAnywhere > 0) || (frameCleanups > 0 && framesAnywhere > 0 && retypes <= 1)) {
                g |= CLEANUP_WITH_COPIES;
            }
            if (revokeCompletedAt >= 0) {
                int m = revokeCompletedAt;
                int target = copies(coreWords[m * Core.WORDS + Ops.RAM]);
                if (ramAnywhere != target || target > 1 || framesAnywhere > 0) {
                    g |= REVOKE_INCOMPLETE;
                }
            }
            if (panicked) {
                g |= PANICKED;
            }
            if (framesAnywhere == 0) {
                retypes = 0;
            }
            g = g & ~(3 << RETYPES_SHIFT | 3 << RAM_CLEANUPS_SHIFT | 3 << FRAMES_LIVE_SHIFT)
                    | retypes << RETYPES_SHIFT | ram << RAM_CLEANUPS_SHIFT | framesLive << FRAMES_LIVE_SHIFT;
            ghost = g;
        }

        int[] encode() {
            int size = ghostIndex + 1 + channels;
            for (int ch = 0; ch < channels; ch++) {
                size += lengths[ch];
            }
            int[] out = Arrays.copyOf(coreWords, size);
            out[ghostIndex] = ghost;
            int pos = ghostIndex + 1;
            for (int ch = 0; ch < channels; ch++) {
                out[pos] = lengths[ch];
                System.arraycopy(queues[ch], 0, out, pos + 1, lengths[ch]);
                pos += 1 + lengths[ch];
            }
            return out;
        }
    }

    int channel(int from, int to) {
        return from * (cores - 1) + (to < from ? to : to - 1);
    }

    // ---------------------------------------------------------------- properties

    @Override
    public List<Property<MultikernelState>> properties() {
        List<Property<MultikernelState>> all = allProperties();
        if (only == null) {
            return all;
        }
        List<Property<MultikernelState>> chosen = new ArrayList<>();
        for (Property<MultikernelState> p : all) {
            if (p.name().equals(only)) {
                chosen.add(p);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no property named " + only);
        }
        return chosen;
    }

    private List<Property<MultikernelState>> allProperties() {
        return List.of(
                Property.always(REVOKE_COMPLETE, s -> (s.words[ghostIndex] & REVOKE_INCOMPLETE) == 0),
                Property.always(RETYPE_EXCLUSIVE, s -> (s.words[ghostIndex] >>> RETYPES_SHIFT & 3) <= 1),
                Property.always(LAST_DELETE_ONCE, this::lastDeleteOnce),
                Property.always(BITS_SOUND, this::bitsSound),
                Property.always(ONE_OWNER, this::oneOwner),
                Property.always(TREES_WELL_FORMED, this::treesWellFormed),
                Property.always(QUIESCENCE, this::cleanQuiescence),
                Property.always(NO_PANIC, s -> (s.words[ghostIndex] & PANICKED) == 0),
                Property.sometimes("a revoke completed with remote copies", this::revokedSomething),
                Property.sometimes("a non-owner's retype succeeded", this::frameOnNonOwner));
    }

    private boolean lastDeleteOnce(MultikernelState s) {
        int g = s.words[ghostIndex];
        if ((g & (CLEANUP_WITH_COPIES | DOUBLE_CLEANUP)) != 0 || (g >>> RAM_CLEANUPS_SHIFT & 3) > 1) {
            return false;
        }
        if (!quiescent(s)) {
            return true;
        }
        // At quiescence an object without copies was cleaned up exactly once, one with copies not at all.
        boolean ramGone = copiesAnywhere(s, Ops.RAM) == 0;
        boolean ramCleaned = (g >>> RAM_CLEANUPS_SHIFT & 3) == 1;
        boolean framesGone = copiesAnywhere(s, Ops.FRAME) == 0;
        boolean framesLive = (g >>> FRAMES_LIVE_SHIFT & 3) != 0;
        return ramGone == ramCleaned && framesGone != framesLive;
    }

    /**
     * The owner's relation bits over-approximate: if another core holds (or is being sent) a copy, the
     * owner's remote_copies is set; if another core holds a Frame, the RAM owner's remote_descs is set;
     * capcheck's holders set contains every core holding a copy. Owners in a locked or in-delete window are
     * not judged (Barrelfish updates the bits under the lock).
     */
    private boolean bitsSound(MultikernelState s) {
        int[] w = s.words;
        for (int kind = 0; kind < Ops.KINDS; kind++) {
            for (int o = 0; o < cores; o++) {
                int r = w[o * Core.WORDS + kind];
                if (copies(r) == 0 || owner(r) != o || LocalCaps.busy(r)) {
                    continue;
                }
                int holders = holdersOtherThan(s, kind, o);
                if (holders != 0 && !LocalCaps.remoteCopies(r)) {
                    return false;
                }
                if (protocol.multicast() && (holders & ~LocalCaps.holders(r)) != 0) {
                    return false;
                }
                if (kind == Ops.RAM && holdersOtherThan(s, Ops.FRAME, o) != 0 && !LocalCaps.remoteDescs(r)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The cores other than {@code core} that hold a copy of {@code kind} or have one in flight to them. */
    private int holdersOtherThan(MultikernelState s, int kind, int core) {
        int[] w = s.words;
        int set = 0;
        for (int c = 0; c < cores; c++) {
            if (c != core && copies(w[c * Core.WORDS + kind]) > 0) {
                set |= 1 << c;
            }
        }
        int pos = ghostIndex + 1;
        for (int from = 0; from < cores; from++) {
            for (int to = 0; to < cores; to++) {
                if (from == to) {
                    continue;
                }
                int n = w[pos];
                for (int i = 0; i < n; i++) {
                    int m = w[pos + 1 + i];
                    if (to != core && Message.carriesCopy(m) && Message.kind(m) == kind) {
                        set |= 1 << to;
                    }
                }
                pos += 1 + n;
            }
        }
        return set;
    }

    /** When no core has the capability locked, every core holding it names the same owner, which holds it. */
    private boolean oneOwner(MultikernelState s) {
        int[] w = s.words;
        for (int kind = 0; kind < Ops.KINDS; kind++) {
            if ((s.words[ghostIndex] >>> RETYPES_SHIFT & 3) > 1 && kind == Ops.FRAME) {
                continue; // two Frame objects: retype exclusivity reports it
            }
            int owner = -1;
            boolean locked = false;
            for (int c = 0; c < cores; c++) {
                int r = w[c * Core.WORDS + kind];
                locked |= LocalCaps.locked(r);
            }
            if (locked) {
                continue;
            }
            for (int c = 0; c < cores; c++) {
                int r = w[c * Core.WORDS + kind];
                if (copies(r) == 0) {
                    continue;
                }
                if (owner < 0) {
                    owner = owner(r);
                } else if (owner != owner(r)) {
                    return false;
                }
            }
            if (owner >= 0 && copies(w[owner * Core.WORDS + kind]) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each core's records are well formed (an owner that exists, locks and marks only on held caps, marks only
     * on owned descendants), and the union of the cores' trees holds at most one Frame object over the RAM.
     */
    private boolean treesWellFormed(MultikernelState s) {
        int[] w = s.words;
        for (int c = 0; c < cores; c++) {
            for (int kind = 0; kind < Ops.KINDS; kind++) {
                int r = w[c * Core.WORDS + kind];
                if (copies(r) == 0 && r != 0) {
                    return false;
                }
                if (copies(r) > 0 && owner(r) >= cores) {
                    return false;
                }
                if (LocalCaps.inDelete(r) && (kind == Ops.RAM || owner(r) != c)) {
                    return false; // marks go on owned descendants only (caps_mark_revoke_generic)
                }
            }
        }
        return (w[ghostIndex] >>> RETYPES_SHIFT & 3) <= 1;
    }

    /** With no message in flight, no operation waits, no monitor is mid-protocol, nothing is locked or marked. */
    private boolean cleanQuiescence(MultikernelState s) {
        if (!quiescent(s)) {
            return true;
        }
        int[] w = s.words;
        for (int c = 0; c < cores; c++) {
            int base = c * Core.WORDS;
            for (int i = 2; i < Core.WORDS; i++) {
                if (i == 2 ? (w[base + i] & 1 << 4) != 0 : w[base + i] != 0) {
                    return false;
                }
            }
            if (LocalCaps.busy(w[base]) || LocalCaps.busy(w[base + 1])) {
                return false;
            }
        }
        return true;
    }

    private boolean revokedSomething(MultikernelState s) {
        return quiescent(s) && copiesAnywhere(s, Ops.RAM) == 1 && (s.words[ghostIndex] & REVOKE_INCOMPLETE) == 0
                && copies(s.words[Ops.RAM]) == 0;
    }

    private boolean frameOnNonOwner(MultikernelState s) {
        for (int c = 0; c < cores; c++) {
            int ram = s.words[c * Core.WORDS + Ops.RAM];
            int frame = s.words[c * Core.WORDS + Ops.FRAME];
            if (copies(frame) > 0 && copies(ram) > 0 && owner(ram) != c) {
                return true;
            }
        }
        return false;
    }

    /** No message in flight. */
    public boolean quiescent(MultikernelState s) {
        int pos = ghostIndex + 1;
        for (int ch = 0; ch < channels; ch++) {
            if (s.words[pos] != 0) {
                return false;
            }
            pos++;
        }
        return true;
    }

    private int copiesAnywhere(MultikernelState s, int kind) {
        int n = 0;
        for (int c = 0; c < cores; c++) {
            n += copies(s.words[c * Core.WORDS + kind]);
        }
        int pos = ghostIndex + 1;
        for (int ch = 0; ch < channels; ch++) {
            int len = s.words[pos];
            for (int i = 0; i < len; i++) {
                int m = s.words[pos + 1 + i];
                if (Message.carriesCopy(m) && Message.kind(m) == kind) {
                    n++;
                }
            }
            pos += 1 + len;
        }
        return n;
    }

    // ---------------------------------------------------------------- symmetry and encoding

    /**
     * The least (lexicographically) of the state's renamings over every permutation of the cores. Sound: no
     * core's code depends on its own id except through comparisons with ids it holds, the boot state's only
     * distinguished core (the owner) is named in the state, and every property treats cores alike.
     */
    @Override
    public MultikernelState canonical(MultikernelState state) {
        if (!symmetry) {
            return state;
        }
        int[] best = null;
        int[] candidate = new int[state.words.length];
        for (int[] perm : permutations) {
            permute(state.words, perm, candidate);
            if (best == null || Arrays.compare(candidate, best) < 0) {
                best = candidate.clone();
            }
        }
        return Arrays.equals(best, state.words) ? state : new MultikernelState(best);
    }

    private void permute(int[] w, int[] perm, int[] out) {
        for (int c = 0; c < cores; c++) {
            Core.permute(w, c * Core.WORDS, perm, out, perm[c] * Core.WORDS);
        }
        out[ghostIndex] = w[ghostIndex];
        int[] start = new int[channels];
        int pos = ghostIndex + 1;
        for (int ch = 0; ch < channels; ch++) {
            start[ch] = pos;
            pos += 1 + w[pos];
        }
        int outPos = ghostIndex + 1;
        // Channels in the fixed order of the renamed pairs: the renamed (a, b) is the old (inv[a], inv[b]).
        int[] inverse = new int[cores];
        for (int i = 0; i < cores; i++) {
            inverse[perm[i]] = i;
        }
        for (int a = 0; a < cores; a++) {
            for (int b = 0; b < cores; b++) {
                if (a == b) {
                    continue;
                }
                int src = start[channel(inverse[a], inverse[b])];
                int n = w[src];
                out[outPos] = n;
                for (int i = 0; i < n; i++) {
                    out[outPos + 1 + i] = permuteMessage(w[src + 1 + i], perm);
                }
                outPos += 1 + n;
            }
        }
    }

    private static int permuteMessage(int m, int[] perm) {
        switch (Message.type(m)) {
            case Message.REQUEST_COPY:
            case Message.RECV_COPY:
            case Message.RECV_COPY_RESULT:
                m = Message.withCore(m, perm[Message.core(m)]);
                break;
            default:
                break;
        }
        return Message.withCores(m, LocalCaps.permuteSet(Message.cores(m), perm));
    }

    @Override
    public void encode(MultikernelState state, StateSink sink) {
        int[] w = state.words;
        sink.putLong(w.length);
        for (int i = 0; i < w.length; i += 2) {
            long hi = w[i] & 0xFFFFFFFFL;
            long lo = i + 1 < w.length ? w[i + 1] & 0xFFFFFFFFL : 0;
            sink.putLong(hi << 32 | lo);
        }
    }

    @Override
    public Map<String, String> describe(MultikernelState state) {
        Map<String, String> fields = new LinkedHashMap<>();
        int[] w = state.words;
        for (int c = 0; c < cores; c++) {
            fields.put("c" + c, Core.describe(w, c * Core.WORDS));
        }
        int pos = ghostIndex + 1;
        for (int from = 0; from < cores; from++) {
            for (int to = 0; to < cores; to++) {
                if (from == to) {
                    continue;
                }
                int n = w[pos];
                List<String> msgs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    msgs.add(Message.describe(w[pos + 1 + i]));
                }
                fields.put("c" + from + "->c" + to, msgs.toString());
                pos += 1 + n;
            }
        }
        fields.put("ghost", Integer.toBinaryString(w[ghostIndex]));
        return fields;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private static int[][] permutationsOf(int n) {
        List<int[]> out = new ArrayList<>();
        permutations(identity(n), 0, out);
        return out.toArray(new int[0][]);
    }

    private static void permutations(int[] a, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k];
            a[k] = a[i];
            a[i] = t;
            permutations(a, k + 1, out);
            a[i] = a[k];
            a[k] = t;
        }
    }

    /** What one step sent, completed and raised; for message-sequence output. */
    static final class StepLog {
        int received;
        final List<int[]> sends = new ArrayList<>();
        final List<int[]> completions = new ArrayList<>();
        final List<int[]> events = new ArrayList<>();
    }
}
