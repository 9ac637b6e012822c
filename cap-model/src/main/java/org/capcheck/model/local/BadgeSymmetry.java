package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.capcheck.core.CapType;
import org.capcheck.core.Operation;

/**
 * Symmetry among badges (the engine's {@code Model#permutations}, TLC's SYMMETRY): the non-zero words
 * CNode_Mint may write as the badge of an Endpoint or Notification cap are identities that seL4 tells
 * apart only by equality and by comparison with 0, so renaming them consistently in every cap is an
 * automorphism of cap-core, provided the model's actions offer each renamed word wherever they offer
 * the word.
 *
 * <p><b>Why a renaming commutes with every step.</b> seL4 reads a badge in these places only, each an
 * equality or a test against 0: {@code updateCapData} badges an Endpoint or Notification cap only when
 * its badge is 0 (and never when preserving: Mutate and Rotate of such a cap give the null cap whatever
 * the word); {@code isCapRevocable} makes a Mint original when the new badge differs from the source's;
 * {@code isMDBParentOf} makes a badged original the parent of caps of the same badge that are not
 * first-badged; {@code valid_badges} compares neighbours' badges; CancelBadgedSends acts on the badge's
 * senders, which cap-core does not keep (it has no IPC queues, so no blocked-send badge is in a state),
 * and the local model's effect "a badge is minted and revoked" asks only for a badge not 0. Addresses,
 * rights, guards, depths and the derivation links are untouched by a renaming. So if π renames badges
 * and s steps to t by a Mint of word w from an unbadged Endpoint or Notification cap, π(s) steps to
 * π(t) by the same Mint with word π(w); by every other action, π(s) steps to π(t) by the same action
 * (the word, if any, is a CNode guard, is ignored, or the invocation fails before reading it, alike in
 * s and π(s)).
 *
 * <p><b>When the actions allow it.</b> The renamed Mint must be an action too. So two non-zero words
 * are interchangeable exactly when the model offers them with the same other arguments: for each Mint
 * action (source, destination, rights) the set of words offered there is the same. Mints that can never
 * badge are left out of that comparison: a Mint whose destination is its source (the destination must
 * be empty and the source not), and a Mint from the root CNode's own cap (slot 2, which no action
 * writes, so it is a CNode cap in every state). The argument probes of the initial state are left out
 * too: they are offered only in the initial state, which holds no badged cap (so every renaming fixes
 * it), and every one of them fails. The group is the product of the symmetric groups of these classes.
 * A word used as a CNode guard is not renamed in a CNode cap: a Mint from a CNode cap is the same
 * action in s and π(s).
 *
 * <p>Under {@code LocalBounds.defaults()} (badges 0 and 1, guard word 65, every rights mask) no two
 * words are interchangeable: word 1 is also the badge of the 15 rights-masked Mints, and 65 is not; so
 * the default declares no badge symmetry. {@code LocalBounds.quick()} has one badge. The default with
 * {@code --rights none} (1 and 65), or {@code --quick --badges 1,2} (1 and 2), offer their words
 * everywhere alike, and those are interchangeable (see docs/model-checker.md). {@code BadgeSymmetryTest} checks, on every reachable state of small settings,
 * that the image of each successor is the successor of the image under the renamed action.
 */
final class BadgeSymmetry {
    /** The root CNode's slot holding its own cap (and the CPtr through which the model's actions name the root). */
    private static final long ROOT = 2;
    private static final long DEPTH = 64;
    /** Offset, in a cap's bytes of the canonical encoding, of its word (an Endpoint's or Notification's badge). */
    static final int WORD = 1 + 8 + 1;

    /** Each class of interchangeable words (two or more), in increasing order. */
    private final long[][] classes;

    private BadgeSymmetry(long[][] classes) {
        this.classes = classes;
    }

    /**
     * The badge symmetry the actions allow (probes excluded), or null when no two words are
     * interchangeable.
     */
    static BadgeSymmetry of(List<LocalAction> actions) {
        List<List<Long>> classes = interchangeable(actions);
        if (classes.isEmpty()) {
            return null;
        }
        long[][] c = new long[classes.size()][];
        for (int i = 0; i < c.length; i++) {
            c[i] = classes.get(i).stream().mapToLong(Long::longValue).toArray();
        }
        return new BadgeSymmetry(c);
    }

    /** The non-zero words the Mint actions that can badge offer, grouped by the actions they are offered in; only groups of two or more. */
    static List<List<Long>> interchangeable(List<LocalAction> actions) {
        Map<Long, Set<List<Long>>> where = new LinkedHashMap<>();
        for (LocalAction a : actions) {
            if (a.invocation().op() != Operation.CNode_Mint || a.stepOnly()) {
                continue;
            }
            long[] args = a.invocation().argArray();
            long word = args[7];
            if (word == 0 || !canBadge(args)) {
                continue;
            }
            List<Long> key = new ArrayList<>();
            key.add((long) a.process());
            for (int i = 0; i < 7; i++) {
                key.add(args[i]);
            }
            where.computeIfAbsent(word, w -> new java.util.HashSet<>()).add(key);
        }
        Map<Set<List<Long>>, TreeSet<Long>> byProfile = new LinkedHashMap<>();
        for (Map.Entry<Long, Set<List<Long>>> e : where.entrySet()) {
            byProfile.computeIfAbsent(e.getValue(), p -> new TreeSet<>(Long::compareUnsigned)).add(e.getKey());
        }
        List<List<Long>> out = new ArrayList<>();
        for (TreeSet<Long> words : byProfile.values()) {
            if (words.size() > 1) {
                out.add(List.copyOf(words));
            }
        }
        out.sort((x, y) -> Long.compareUnsigned(x.get(0), y.get(0)));
        return out;
    }

    /** The non-zero words of the Mints that can badge (for the heading: which words were compared). */
    static List<Long> mintWords(List<LocalAction> actions) {
        TreeSet<Long> words = new TreeSet<>(Long::compareUnsigned);
        for (LocalAction a : actions) {
            if (a.invocation().op() == Operation.CNode_Mint && !a.stepOnly()) {
                long[] args = a.invocation().argArray();
                if (args[7] != 0 && canBadge(args)) {
                    words.add(args[7]);
                }
            }
        }
        return List.copyOf(words);
    }

    /**
     * Whether a Mint with these arguments can ever set a badge: not when its destination is its source
     * (one slot cannot be both empty and full), nor from the root CNode's own cap (no action writes slot 2).
     */
    private static boolean canBadge(long[] args) {
        boolean selfMint = args[0] == args[3] && args[1] == args[4] && args[2] == args[5];
        boolean fromRootCap = args[3] == ROOT && args[4] == ROOT && args[5] == DEPTH;
        return !selfMint && !fromRootCap;
    }

    /** The classes of interchangeable words, for the heading of a run: "1, 2". */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        for (long[] c : classes) {
            List<String> words = new ArrayList<>();
            for (long w : c) {
                words.add(Long.toUnsignedString(w));
            }
            out.add(String.join(", ", words));
        }
        return out;
    }

    /** The classes of interchangeable words (for tests). */
    List<List<Long>> classes() {
        List<List<Long>> out = new ArrayList<>();
        for (long[] c : classes) {
            out.add(Arrays.stream(c).boxed().toList());
        }
        return out;
    }

    /**
     * Adds {@code state}'s images: one per renaming of the badges it holds that differs from the identity
     * on them (renamings that agree on the badges present give the same image, so each distinct image is
     * added once).
     */
    void images(LocalState state, List<LocalState> out) {
        byte[] e = state.encoding();
        EncodedSlots layout = EncodedSlots.read(e);
        if (layout == null) {
            return;
        }
        int[] badged = badgedSlots(e, layout);
        if (badged.length == 0) {
            return;
        }
        // Per class, the words present in the state; each is sent to a distinct word of its class.
        long[][] present = new long[classes.length][];
        boolean any = false;
        for (int c = 0; c < classes.length; c++) {
            TreeSet<Long> seen = new TreeSet<>();
            for (int n : badged) {
                long w = EncodedSlots.readLong(e, layout.slotOffset[n] + WORD);
                if (indexIn(classes[c], w) >= 0) {
                    seen.add(w);
                }
            }
            present[c] = seen.stream().mapToLong(Long::longValue).toArray();
            any |= present[c].length > 0;
        }
        if (!any) {
            return;
        }
        long[][] to = new long[classes.length][];
        for (int c = 0; c < classes.length; c++) {
            to[c] = new long[present[c].length];
        }
        assign(state, e, layout, badged, present, to, 0, 0, new boolean[classes.length][], out);
    }

    /** Chooses, class by class and word by word, where each present word goes; adds the image at the end. */
    private void assign(LocalState state, byte[] e, EncodedSlots layout, int[] badged, long[][] present, long[][] to,
                        int c, int i, boolean[][] used, List<LocalState> out) {
        if (c == classes.length) {
            boolean identity = true;
            for (int k = 0; k < classes.length && identity; k++) {
                identity = Arrays.equals(present[k], to[k]);
            }
            if (!identity) {
                out.add(state.renamed(renamed(e, layout, badged, present, to), state.alive));
            }
            return;
        }
        if (i == present[c].length) {
            assign(state, e, layout, badged, present, to, c + 1, 0, used, out);
            return;
        }
        if (used[c] == null) {
            used[c] = new boolean[classes[c].length];
        }
        for (int k = 0; k < classes[c].length; k++) {
            if (!used[c][k]) {
                used[c][k] = true;
                to[c][i] = classes[c][k];
                assign(state, e, layout, badged, present, to, c, i + 1, used, out);
                used[c][k] = false;
            }
        }
        if (i == 0) {
            used[c] = null;
        }
    }

    /**
     * {@code state} with its badges renamed by {@code perm} (word to word; words it does not name stay),
     * or the state itself when it holds none of them. For tests, which give permutations of their own.
     */
    LocalState image(LocalState state, Map<Long, Long> perm) {
        byte[] e = state.encoding();
        EncodedSlots layout = EncodedSlots.read(e);
        byte[] out = e.clone();
        for (int n : badgedSlots(e, layout)) {
            int at = layout.slotOffset[n] + WORD;
            Long to = perm.get(EncodedSlots.readLong(e, at));
            if (to != null) {
                writeLong(out, at, to);
            }
        }
        return state.renamed(out, state.alive);
    }

    private static byte[] renamed(byte[] e, EncodedSlots layout, int[] badged, long[][] present, long[][] to) {
        byte[] out = e.clone();
        for (int n : badged) {
            int at = layout.slotOffset[n] + WORD;
            long w = EncodedSlots.readLong(e, at);
            for (int c = 0; c < present.length; c++) {
                int k = indexIn(present[c], w);
                if (k >= 0) {
                    writeLong(out, at, to[c][k]);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The counterexample's actions as a kernel started from the initial state takes them: under
     * symmetry each step of the trace is taken in a representative, whose badges may be named otherwise
     * than in the state the previous steps lead to. Step by step, the action kept is the trace's own
     * when it leads into the representative's class, else the first action of the model that does (the
     * trace's Mint with the badge renamed back). A step that threw is matched by an action that throws.
     * Without symmetry in the run, every trace action is kept as it is.
     */
    List<LocalAction> concrete(LocalModel model, org.capcheck.engine.Violation<LocalState, LocalAction> v) {
        List<LocalState> states = new ArrayList<>();
        v.trace().steps().forEach(step -> states.add(step.state()));
        return concrete(model, states, v.actions());
    }

    /**
     * As {@link #concrete(LocalModel, org.capcheck.engine.Violation)}: {@code states} are the trace's
     * representatives from the initial state on, {@code given} the actions taken in them (one more when
     * the last step threw).
     */
    List<LocalAction> concrete(LocalModel model, List<LocalState> steps, List<LocalAction> given) {
        List<LocalAction> out = new ArrayList<>();
        LocalState c = steps.get(0);
        List<LocalAction> candidates = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            candidates.clear();
            candidates.add(given.get(i));
            model.actions(c, candidates);
            LocalAction chosen = null;
            LocalState reached = null;
            for (LocalAction b : candidates) {
                if (i + 1 < steps.size()) {
                    LocalState t = model.next(c, b);
                    if (t != null && inClassOf(model, t, steps.get(i + 1))) {
                        chosen = b;
                        reached = t;
                        break;
                    }
                } else {
                    try {
                        model.next(c, b);
                    } catch (RuntimeException thrown) {
                        chosen = b;
                        break;
                    }
                }
            }
            if (chosen == null) {
                return given; // not a trace of this model's representatives: leave it as it is
            }
            out.add(chosen);
            c = reached;
        }
        return out;
    }

    /** Whether {@code state} is {@code representative} or one of its images under this symmetry. */
    private boolean inClassOf(LocalModel model, LocalState state, LocalState representative) {
        List<Long> target = words(model, representative);
        if (words(model, state).equals(target)) {
            return true;
        }
        List<LocalState> images = new ArrayList<>();
        images(state, images);
        for (LocalState image : images) {
            if (words(model, image).equals(target)) {
                return true;
            }
        }
        return false;
    }

    private static List<Long> words(LocalModel model, LocalState s) {
        List<Long> w = new ArrayList<>();
        model.encode(s, w::add);
        return w;
    }

    /** The canonical numbers of the slots holding an Endpoint or Notification cap with a badge. */
    private static int[] badgedSlots(byte[] e, EncodedSlots layout) {
        int[] out = new int[layout.slots];
        int count = 0;
        for (int n = 0; n < layout.slots; n++) {
            int type = layout.type(e, n);
            if ((type == CapType.Endpoint.ordinal() || type == CapType.Notification.ordinal())
                    && EncodedSlots.readLong(e, layout.slotOffset[n] + WORD) != 0) {
                out[count++] = n;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static int indexIn(long[] words, long w) {
        for (int i = 0; i < words.length; i++) {
            if (words[i] == w) {
                return i;
            }
        }
        return -1;
    }

    private static void writeLong(byte[] e, int at, long v) {
        for (int i = 0; i < 8; i++) {
            e[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
