package org.capcheck.model.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;
import org.capcheck.engine.Artifact;
import org.capcheck.engine.Fingerprint;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.PropertyResult;
import org.capcheck.engine.Report;
import org.capcheck.engine.SettingException;
import org.capcheck.engine.StateSink;
import org.capcheck.engine.Violation;
import org.capcheck.spec.refine.Abstraction;
import org.capcheck.spec.refine.Invocation;
import org.capcheck.spec.refine.RefinementChecker;
import org.capcheck.spec.Outcome;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * cap-core itself as a model: every invocation in cap-core's Operation table is an action, over the
 * argument domains of {@link LocalBounds}. In every state cap-core's invariants must hold; on every
 * transition cap-core must refine the specification (same result, same abstract state). With several
 * processes the actions are each process's invocations in its own CSpace, and an authority
 * {@link AuthorityQuery} can be asked.
 */
public final class LocalModel implements Model<LocalState, LocalAction> {
    private static final long ROOT = 2;

    private final LocalBounds bounds;
    private final BootConfig config;
    private final RefinementChecker refinement;
    private final LocalState.Scratch scratch;
    private final LocalState initial;
    private final int[] threads;
    private final long[] processCNodes;
    private final Map<String, Long> objects;
    private final List<LocalAction> actions;
    /** Made in the initial state only: arguments that fail alike in every state ({@link LocalBounds#probes}). */
    private final List<LocalAction> probes;
    private final AuthorityQuery query;
    /** The initial thread's root CNode (in a multi-process model, the one that set the processes up). */
    private final long setupRoot;
    /** Interchangeable processes ({@link #permutations}), or null when there are none. */
    private final ProcessSymmetry symmetry;
    /** Interchangeable badges ({@link #permutations}), or null when there are none. */
    private final BadgeSymmetry badgeSymmetry;

    public LocalModel(LocalBounds bounds, AuthorityQuery query) {
        List<SettingException.Problem> problems = bounds.problems();
        if (!problems.isEmpty()) {
            throw new SettingException(problems);
        }
        this.bounds = bounds;
        this.query = query;
        Kernel k;
        Distribution d = null;
        if (bounds.processes() == 1) {
            if (query != null) {
                throw new SettingException("query", "needs 2 or more processes (an authority question is about "
                        + "who can get what from whom)");
            }
            config = BootConfig.defaults().withRootCNodeBits(LocalBounds.ROOT_CNODE_BITS).withCapacity(7, 16).withFanoutLimit(8)
                    .withUntyped(List.of(new UntypedRegion(0x100000, bounds.untypedBits(), false)));
            k = bounds.mutant().boot(config);
            threads = new int[] {k.currentThread()};
            processCNodes = new long[] {k.view().capAt(k.view().rootSlot(ROOT)).paddr()};
            objects = Map.of();
        } else {
            d = Distribution.parse(bounds.distribution(), bounds.processes());
            Distribution.Setup setup;
            try {
                setup = d.build(bounds.mutant());
            } catch (IllegalStateException e) {
                // Only a seeded bug can make the set-up fail: the system to ask about cannot be built.
                throw new SettingException("mutant", ": " + bounds.mutant() + " cannot set up the processes ("
                        + e.getMessage() + ")");
            }
            config = Distribution.bootConfig();
            k = setup.kernel();
            threads = setup.threads();
            processCNodes = setup.cnodeAddresses();
            objects = setup.objectAddresses();
            k.switchThread(threads[0]);
            if (query != null) {
                query.check(bounds.processes(), objects.keySet());
            }
        }
        setupRoot = k.view().capAt(k.view().rootSlot(ROOT)).paddr();
        refinement = new RefinementChecker(config);
        SpecState start;
        try {
            start = Abstraction.of(k);
        } catch (IllegalStateException e) {
            // Only a seeded bug can leave the set-up's derivation tree corrupt: there is no system to explore.
            throw new SettingException("mutant", ": " + bounds.mutant() + " corrupts the kernel while the processes "
                    + "are set up (" + e.getMessage() + ")");
        }
        if (d != null) {
            SetupCheck.verify(d, start, processCNodes, objects, bounds.mutant().name());
        }
        scratch = new LocalState.Scratch(k);
        initial = new LocalState(scratch, k.encode(), alive(k), start, LocalState.Effect.NONE, null);
        actions = LocalActions.of(bounds);
        probes = LocalActions.probes(bounds);
        symmetry = d == null ? null : ProcessSymmetry.of(d, query, processCNodes, initial.encoding(), scratch);
        badgeSymmetry = BadgeSymmetry.of(actions);
    }

    public LocalBounds bounds() {
        return bounds;
    }

    /** The boot configuration of the kernel the model starts from (for captrace headers). */
    public BootConfig bootConfig() {
        return config;
    }

    /** Whether counterexamples can be written as captrace (one process, no preempted steps). */
    public boolean captraceExportable() {
        return bounds.processes() == 1;
    }

    @Override
    public List<LocalState> initialStates() {
        return List.of(initial);
    }

    @Override
    public void actions(LocalState state, List<LocalAction> out) {
        if (state.refinementFailure != null) {
            return; // the violation is reported; nothing after it is meaningful
        }
        for (LocalAction a : actions) {
            if ((state.alive & 1 << a.process()) != 0) {
                out.add(a);
            }
        }        if (!probes.isEmpty() && state.alive != 0 && java.util.Arrays.equals(state.encoding(), initial.encoding())) {
            out.addAll(probes);
        }
    }

    /** Which processes can make an invocation in {@code k}'s state: bit p for process p. */
    private int alive(Kernel k) {
        int mask = 0;
        for (int p = 0; p < threads.length; p++) {
            if (bounds.processes() == 1 ? k.canInvoke() : k.isRunnable(threads[p])) {
                mask |= 1 << p;
            }
        }
        return mask;
    }

    @Override
    public LocalState next(LocalState state, LocalAction action) {
        // The state is its encoding: step this thread's scratch kernel, loaded from it, allocation-free.
        LocalState.Scratch.Kernels mine = scratch.mine();
        Kernel k = mine.work(state.encoding());
        if (bounds.processes() > 1 && k.switchThread(threads[action.process()]) != SeL4Error.NoError) {
            return null;
        }
        SpecState before = bounds.processes() == 1 ? state.abstraction() : null;
        byte[] encodingBefore = state.encoding();
        if (bounds.processes() > 1) {
            Object[] view = state.asProcess(action.process(), threads.length, threads[action.process()]);
            encodingBefore = (byte[]) view[0];
            before = (SpecState) view[1];
        }
        String failure = null;
        SpecState after;
        byte[] encodingAfter = null;
        if (action.stepOnly()) {
            k.setWorkBudget(1);
            action.invocation().applyOnce(k);
            boolean preempted = k.wasPreempted();
            k.setWorkBudget(Kernel.UNLIMITED);
            if (!preempted) {
                return null; // not long-running here: the plain action covers it
            }
            after = Abstraction.of(k);
        } else {
            Invocation inv = action.invocation();
            Outcome expected = inv.applyTo(refinement.spec(), before);
            long writes = k.modifications();
            inv.applyTo(k);
            // A kernel that wrote nothing is in the state it was loaded with (the usual failed
            // invocation); one that wrote may still encode as before (a write of what was there).
            if (k.modifications() != writes) {
                encodingAfter = mine.encodeIfChanged(k, encodingBefore);
            }
            after = encodingAfter == null ? before : RefinementChecker.kernelAfter(expected, k);
            failure = refinement.mismatch(inv, before, expected, k, after);
            if (after == before && failure == null) {
                // Nothing changed. With one process that is this very state; with several, only the
                // current thread differs, which the model ignores.
                if (bounds.processes() > 1) {
                    return null;
                }
                mine.workHolds(state.encoding()); // the next action from this state needs no load
                return state;
            }
        }
        // The effects feed the one-process sometimes-properties; with several processes none is kept, so
        // that renaming the processes (ProcessSymmetry) leaves a state's history as it was.
        LocalState.Effect effect = bounds.processes() > 1 ? LocalState.Effect.NONE : effectOf(action, before, after, k);
        if (bounds.processes() > 1) {
            // Which process ran last is not part of the system's state: every step picks its own.
            k.switchThread(threads[0]);
            after = Abstraction.of(k);
            encodingAfter = null;
        }
        LocalState next = new LocalState(scratch, encodingAfter != null ? encodingAfter : k.encode(), alive(k), after,
                effect, failure);
        if (k.stepBoundExceeded()) {
            // invocation_terminates speaks of the step, not of the state: the encoding cannot carry it,
            // so the invariants are taken from the kernel that took the step.
            next.presetInvariantFailures(k.checkInvariants());
        } else if (bounds.processes() == 1 && !action.stepOnly()) {
            mine.workHolds(next.encoding()); // a new state's invariants are checked where it was made
        }
        return next;
    }

    private LocalState.Effect effectOf(LocalAction action, SpecState before, SpecState after, Kernel k) {
        if (k.lastError().error() != SeL4Error.NoError || action.stepOnly()) {
            return LocalState.Effect.NONE;
        }
        Invocation inv = action.invocation();
        switch (inv.op()) {
            case CNode_Revoke: {
                Slot target = targetSlot(before, inv.arg(1));
                if (target == null) {
                    return LocalState.Effect.NONE;
                }
                Cap cap = before.cap(target);
                if (cap.type().isBadged() && cap.badge() != 0 && !before.descendants(target).isEmpty()) {
                    return LocalState.Effect.BADGE_REVOKED;
                }
                return depthBelow(before, target) >= 3 ? LocalState.Effect.CHAIN_REVOKED : LocalState.Effect.NONE;
            }
            case Untyped_Retype: {
                Slot ut = targetSlot(before, inv.arg(0));
                return ut != null && before.cap(ut).freeIndex() > 0 && before.descendants(ut).isEmpty()
                        ? LocalState.Effect.UNTYPED_RESET : LocalState.Effect.NONE;
            }
            case CNode_Delete: {
                Slot target = targetSlot(before, inv.arg(1));
                if (target == null || before.cap(target).type() != CapType.CNode) {
                    return LocalState.Effect.NONE;
                }
                long cnode = before.cap(target).paddr();
                boolean heldCaps = before.caps().keySet().stream().anyMatch(s -> s.object() == cnode);
                boolean gone = after.caps().values().stream().noneMatch(c -> c.type() == CapType.CNode && c.paddr() == cnode);
                return heldCaps && gone ? LocalState.Effect.CNODE_WITH_CAPS_DELETED : LocalState.Effect.NONE;
            }
            default:
                return LocalState.Effect.NONE;
        }
    }

    /** The root-CNode slot a single-process action names by index. */
    private Slot targetSlot(SpecState s, long index) {
        Slot slot = new Slot(processCNodes[0], index);
        return s.isNull(slot) ? null : slot;
    }

    private static int depthBelow(SpecState s, Slot top) {
        int deepest = 0;
        for (Slot d : s.descendants(top)) {
            int depth = 0;
            for (Slot p = d; p != null && !p.equals(top); p = s.parent(p)) {
                depth++;
            }
            deepest = Math.max(deepest, depth);
        }
        return deepest;
    }

    /**
     * Processes the distribution treats alike, other than the query's, are interchangeable: the images
     * of a state with their CSpaces exchanged ({@link ProcessSymmetry}); and badges the actions offer
     * alike: the images with them renamed ({@link BadgeSymmetry}). Used when a run asks for symmetry.
     * With several processes the actions make no Mint, so no cap is ever badged and only the first
     * applies; with one process only the second.
     */
    @Override
    public void permutations(LocalState state, List<LocalState> images) {
        if (symmetry != null) {
            symmetry.images(state, images);
        }
        if (badgeSymmetry != null) {
            badgeSymmetry.images(state, images);
        }
    }

    /** The badge symmetry {@link #permutations} uses, or null (for tests). */
    BadgeSymmetry badgeSymmetry() {
        return badgeSymmetry;
    }

    /** The process symmetry {@link #permutations} uses, or null (for tests). */
    ProcessSymmetry processSymmetry() {
        return symmetry;
    }

    @Override
    public List<Property<LocalState>> properties() {
        List<Property<LocalState>> p = new ArrayList<>();
        p.add(Property.always(INVARIANTS, s -> s.invariantFailures().isEmpty()));
        p.add(Property.always("cap-core refines the specification", s -> s.refinementFailure == null));
        if (bounds.processes() == 1) {
            p.add(Property.sometimes("a revoke deletes a three-level derivation chain",
                    s -> s.effect == LocalState.Effect.CHAIN_REVOKED));
            p.add(Property.sometimes("an untyped is reset", s -> s.effect == LocalState.Effect.UNTYPED_RESET));
            p.add(Property.sometimes("a CNode is deleted while holding caps",
                    s -> s.effect == LocalState.Effect.CNODE_WITH_CAPS_DELETED));
            p.add(Property.sometimes("a badge is minted and revoked", s -> s.effect == LocalState.Effect.BADGE_REVOKED));
            if (bounds.preempt()) {
                p.add(Property.sometimes("a delete is preempted with a Zombie left",
                        s -> s.abstraction().caps().values().stream().anyMatch(c -> c.type() == CapType.Zombie)));
            }
            p.addAll(OperationErrors.properties(this));
        }
        if (query != null) {
            p.add(Property.always(query.propertyName(), s -> !query.holds(s.abstraction(), processCNodes, objects)));
        }
        return p;
    }

    /**
     * The state as words: a header (the encoding's length, and the length of its packed form), the
     * packed encoding eight bytes to a word, first byte highest, the last word right-aligned, and one
     * word for the history (effect, refinement failed, which processes can invoke). Packed: each run
     * of zero bytes (empty slots, the high bytes of small addresses and counts, inactive IRQs) or of
     * 0xff bytes (absent derivation links, -1) is written as that byte and the run's length (1..255),
     * which takes a state's words in the frontier to about 40% of the encoding's. The packing is a bijection, so equal states still give equal words.
     */
    @Override
    public void encode(LocalState state, StateSink sink) {
        byte[] e = state.encoding();
        byte[] packed = packBuffer.get();
        if (packed.length < 2 * e.length) {
            packed = new byte[2 * e.length]; // a run's byte and length: at most twice the encoding
            packBuffer.set(packed);
        }
        int n = pack(e, packed);
        sink.putLong((long) e.length << 32 | n);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            sink.putLong((long) WORD.get(packed, i));
        }
        if (i < n) {
            long word = 0;
            for (int j = i; j < n; j++) {
                word = (word << 8) | (packed[j] & 0xff);
            }
            sink.putLong(word);
        }
        sink.putLong(history(state));
    }

    /** The word {@link #encode} ends with: the effect, whether refinement failed, which processes can invoke. */
    private static long history(LocalState state) {
        return state.effect.ordinal() | (state.refinementFailure != null ? 1L << 8 : 0) | (long) state.alive << 16;
    }

    /** The model fingerprints its states from their canonical bytes ({@link #fingerprint}). */
    @Override
    public boolean fingerprintsStates() {
        return true;
    }

    /**
     * A state's fingerprint: its canonical bytes eight at a time, then its history word. They are what
     * {@link #encode} packs, so states with the same words have the same fingerprint; and hashing them
     * costs less than packing them, which only the states the search keeps need. Four words are taken
     * at a time into four running values, which the processor can compute side by side (one chain of
     * multiplications through forty words would wait on each), then the four are hashed as one sequence.
     */
    @Override
    public long fingerprint(LocalState state) {
        byte[] e = state.encoding();
        long a = Fingerprint.start(e.length);
        long b = a + 1;
        long c = a + 2;
        long d = a + 3;
        int i = 0;
        for (; i + 32 <= e.length; i += 32) {
            a = Fingerprint.add(a, (long) WORD.get(e, i));
            b = Fingerprint.add(b, (long) WORD.get(e, i + 8));
            c = Fingerprint.add(c, (long) WORD.get(e, i + 16));
            d = Fingerprint.add(d, (long) WORD.get(e, i + 24));
        }
        long h = Fingerprint.add(Fingerprint.add(Fingerprint.add(Fingerprint.add(Fingerprint.start(4), a), b), c), d);
        for (; i + 8 <= e.length; i += 8) {
            h = Fingerprint.add(h, (long) WORD.get(e, i));
        }
        long tail = 0; // the last bytes, first highest; the length tells trailing zeros apart
        for (; i < e.length; i++) {
            tail = (tail << 8) | (e[i] & 0xff);
        }
        return Fingerprint.finish(Fingerprint.add(Fingerprint.add(h, tail), history(state)));
    }

    /** Eight bytes of a byte array as one word, first byte highest: how {@link #encode} lays bytes into words. */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Per worker thread: where {@link #encode} packs an encoding before writing it as words. */
    private final ThreadLocal<byte[]> packBuffer = ThreadLocal.withInitial(() -> new byte[1024]);

    /** Packs {@code e} into {@code out} as {@link #encode} describes; returns the packed length. */
    static int pack(byte[] e, byte[] out) {
        int n = 0;
        for (int i = 0; i < e.length; ) {
            byte b = e[i];
            out[n++] = b;
            if (b == 0 || b == -1) {
                int run = runLength(e, i, b);
                out[n++] = (byte) run;
                i += run;
            } else {
                i++;
            }
        }
        return n;
    }

    /**
     * How many bytes from {@code e[i]} (which is {@code b}, 0 or 0xff) on are {@code b}, at most 255:
     * eight at a time, a word of them reading as 0 once XORed with a word of {@code b}s.
     */
    private static int runLength(byte[] e, int i, byte b) {
        long fill = b == 0 ? 0 : -1L;
        int run = 1;
        while (run < 255) {
            int at = i + run;
            if (at + 8 <= e.length) {
                long differ = (long) WORD.get(e, at) ^ fill; // big-endian: the first byte is the highest
                if (differ != 0) {
                    run += Long.numberOfLeadingZeros(differ) >>> 3;
                    break;
                }
                run += 8;
            } else if (at < e.length && e[at] == b) {
                run++;
            } else {
                break;
            }
        }
        return Math.min(run, 255);
    }

    /** States are their encodings, so the search queues those and nothing else. */
    @Override
    public boolean decodes() {
        return true;
    }

    /** The inverse of {@link #encode}. */
    @Override
    public LocalState decode(long[] words, int from, int length) {
        int n = (int) (words[from] >>> 32);
        int packed = (int) words[from];
        int fullWords = packed >>> 3;
        byte[] bytes = unpackBuffer.get();
        if (bytes.length < 8 * fullWords + 8) {
            bytes = new byte[Math.max(8 * fullWords + 8, 2 * bytes.length)];
            unpackBuffer.set(bytes);
        }
        int w = from + 1;
        for (int i = 0; i < fullWords; i++) {
            WORD.set(bytes, 8 * i, words[w++]);
        }
        int rest = packed - 8 * fullWords;
        if (rest > 0) { // the last word holds the last bytes right-aligned: shift them to its top
            WORD.set(bytes, 8 * fullWords, words[w++] << (8 * (8 - rest)));
        }
        byte[] e = new byte[n];
        int at = 0;
        for (int i = 0; i < packed; ) {
            byte b = bytes[i++];
            if (b == 0) {
                at += bytes[i++] & 0xff; // a run of zeros needs no writing: the array is zero already
            } else if (b == -1) {
                int run = bytes[i++] & 0xff;
                java.util.Arrays.fill(e, at, at + run, b);
                at += run;
            } else {
                e[at++] = b;
            }
        }
        long history = words[w];
        LocalState.Effect effect = LocalState.Effect.ALL[(int) (history & 0xff)];
        String failure = (history >>> 8 & 1) != 0 ? LocalState.FAILED : null;
        return new LocalState(scratch, e, (int) (history >>> 16), null, effect, failure);
    }

    /** Per worker thread: where {@link #decode} lays out the packed bytes before unpacking them. */
    private final ThreadLocal<byte[]> unpackBuffer = ThreadLocal.withInitial(() -> new byte[1024]);

    @Override
    public Map<String, String> describe(LocalState state) {
        Map<String, String> fields = new LinkedHashMap<>();
        SpecState s = state.abstraction();
        for (Map.Entry<Slot, Cap> e : s.caps().entrySet()) {
            Slot slot = e.getKey();
            Slot parent = s.parent(slot);
            fields.put(name(slot), e.getValue() + (s.isOriginal(slot) ? " original" : "")
                    + (parent == null ? "" : " parent=" + name(parent)));
        }
        if (state.refinementFailure != null) {
            fields.put("refinement", SlotNotation.rename(state.refinementFailure, this::name));
        }
        return fields;
    }

    /** A slot as this model's traces name it ({@code root[3]}, {@code p1[2]}, an object's name and index). */
    public String slotName(Slot s) {
        return name(s);
    }

    private String name(Slot s) {
        for (int p = 0; p < processCNodes.length; p++) {
            if (s.object() == processCNodes[p]) {
                return (bounds.processes() == 1 ? "root" : "p" + p) + "[" + s.index() + "]";
            }
        }
        if (s.object() == setupRoot) {
            return "root[" + s.index() + "]";
        }
        for (Map.Entry<String, Long> o : objects.entrySet()) {
            if (o.getValue() == s.object()) {
                return o.getKey() + "[" + s.index() + "]";
            }
        }
        return s.toString();
    }

    /** The bounds and the operations explored, for the heading of a run. */
    @Override
    public List<String> describeModel() {
        java.util.Set<String> ops = new java.util.LinkedHashSet<>();
        for (LocalAction a : actions) {
            ops.add(a.invocation().op().name() + (a.stepOnly() ? " (preempted)" : ""));
        }
        List<String> lines = new ArrayList<>();
        if (bounds.processes() == 1) {
            lines.add("bounds: untyped region of 2^" + bounds.untypedBits() + " bytes, slots " + bounds.slots()
                    + ", badges " + bounds.badges() + ", CNode radix " + (bounds.cnodeRadix() == 0 ? "none"
                    : bounds.cnodeRadix()) + ", untyped child " + (bounds.untypedChild() == 0 ? "none"
                    : "2^" + bounds.untypedChild() + " bytes") + ", preemption " + (bounds.preempt() ? "on" : "off"));
            List<String> rights = new ArrayList<>();
            for (int r : bounds.rights()) {
                rights.add(r == 0 ? "-" : org.capcheck.core.Rights.toLetters(r));
            }
            List<String> guards = new ArrayList<>();
            for (long g : bounds.guards()) {
                guards.add(LocalBounds.guardSize(g) + ":" + LocalBounds.guard(g));
            }
            lines.add("domains: rights RWGP" + (rights.isEmpty() ? "" : " and " + String.join(",", rights))
                    + " on Copy and Mint, guards " + (guards.isEmpty() ? "none" : String.join(",", guards))
                    + ", depths " + bounds.depths() + " and each CNode's exact depth, types " + bounds.types()
                    + " up to " + bounds.retypeCount() + " per Retype, IRQs " + bounds.irqs() + ", "
                    + (probes.isEmpty() ? "no probes" : probes.size() + " probes in the initial state"));
            List<Long> words = BadgeSymmetry.mintWords(actions);
            if (badgeSymmetry != null) {
                lines.add("interchangeable with --symmetry: badges " + String.join("; ", badgeSymmetry.describe()));
            } else if (words.size() > 1) {
                lines.add("no badges interchangeable with --symmetry: Mint offers " + words
                        + " with different arguments (docs/model-checker.md)");
            }
        } else {
            lines.add("bounds: " + bounds.processes() + " processes, distribution '" + bounds.distribution() + "'"
                    + (symmetry == null ? "" : "; interchangeable with --symmetry: " + String.join("; ", symmetry.describe())));
        }
        if (bounds.mutant() != org.capcheck.core.Mutant.NONE) {
            lines.add("seeded bug: --mutant " + bounds.mutant());
        }
        lines.add("operations: " + String.join(", ", ops) + " (" + actions.size() + " action"
                + (actions.size() == 1 ? "" : "s") + " over these bounds)");
        return lines;
    }

    /** The name of the always property that cap-core's invariants hold. */
    public static final String INVARIANTS = "cap-core invariants hold";

    /** For a broken invariant: its name and the fields it reads, before and after the step. */
    @Override
    public List<String> explain(String property, LocalState before, LocalState after) {
        if (!property.equals(INVARIANTS)) {
            return List.of();
        }
        return InvariantExplanation.lines(before == null ? null : before.kernel(), after.kernel(),
                after.invariantFailures(), this::name);
    }

    @Override
    public String describeAction(LocalAction action) {
        return ActionNames.of(action, bounds.processes() > 1);
    }

    /** The authority question this model answers, or null. */
    public AuthorityQuery query() {
        return query;
    }

    /** With a query, its answer in words: a witness, unreachable within the bounds, or unknown. */
    @Override
    public List<String> describeOutcome(Report<LocalState, LocalAction> report) {
        if (query == null) {
            return List.of();
        }
        PropertyResult.Outcome outcome = report.outcome(query.propertyName());
        if (outcome == PropertyResult.Outcome.VIOLATED) {
            return List.of("Answer: " + query + ": reachable; the counterexample above is a witness.");
        }
        if (outcome == PropertyResult.Outcome.HOLDS) {
            return List.of("Answer: " + query + ": unreachable within these bounds.");
        }
        return List.of("Answer: " + query + ": unknown (the search stopped before it was complete).");
    }

    /**
     * With one process, the first counterexample as a captrace file that {@code capcheck replay}
     * reproduces on cap-core (each step expects the specification's result).
     */
    @Override
    public List<Artifact> artifacts(Report<LocalState, LocalAction> report) {
        if (report.violations().isEmpty() || !captraceExportable()) {
            return List.of();
        }
        Violation<LocalState, LocalAction> v = report.violations().get(0);
        // Under badge symmetry the trace is of representatives: replayed from the initial state its
        // actions need their badges named as the kernel that takes them has them.
        List<LocalAction> taken = badgeSymmetry == null ? v.actions() : badgeSymmetry.concrete(this, v);
        List<String> lines;
        try {
            lines = CaptraceExport.lines(this, taken, "violates '" + v.property() + "'"
                    + (v.thrown() == null ? "" : ": the last step threw " + v.thrownLine()));
        } catch (RuntimeException e) {
            // Writing the throwing step needs the specification's answer for it, which may throw alike:
            // the file then stops before that step, and says so.
            lines = CaptraceExport.lines(this, taken.subList(0, v.trace().length()), "violates '" + v.property() + "': the step "
                    + "after the last line (" + v.failedAction() + ") threw " + v.thrownLine());
        }
        String reproduce = bounds.mutant() == Mutant.NONE ? "capcheck replay '%1$s'"
                : "capcheck replay --mutant " + bounds.mutant().name() + " '%1$s'; a plain replay passes, "
                + "since the correct kernel lacks the seeded bug";
        return List.of(new Artifact("captrace", "counterexample.captrace.jsonl", lines,
                "Counterexample as captrace: '%1$s' (reproduce it with: " + reproduce + ")"));
    }
}
