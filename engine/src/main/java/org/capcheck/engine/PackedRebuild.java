package org.capcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@link TraceFinder}'s breadth-first rebuilding for a {@link PackedModel}: levels are words, and how
 * each state was first reached is kept in a primitive table (its fingerprint, its parent's, and which of
 * the parent's successors it was) instead of a map of boxed keys to objects. States are met in the order
 * the object rebuilding meets them (the levels in order, each state's successors in its actions' order),
 * and a trace is replayed through {@link Model#actions} and {@link Model#next} (the k-th successor is the
 * k-th action whose step is not null), so the traces are the ones the object rebuilding gives.
 */
final class PackedRebuild<S, A> {
    private final Model<S, A> model;
    private final PackedModel<S, A> packed;
    private final int width;
    private final Map<Long, List<Integer>> wanted;
    private final List<long[]> targetWords;
    private final List<Trace<S, A>> traces;
    private final StateEncoder<S> encoder;
    private final Links links = new Links();

    /**
     * @param model   the model, guarded so that a step that throws is skipped ({@link StepGuard})
     * @param wanted  the targets by fingerprint (indices into {@code traces}); emptied as they are found
     * @param targetWords each target's encoding, for the check at the end of a replay
     */
    PackedRebuild(Model<S, A> model, PackedModel<S, A> packed, Map<Long, List<Integer>> wanted, List<long[]> targetWords,
            List<Trace<S, A>> traces) {
        this.model = model;
        this.packed = packed;
        this.width = packed.packedWords();
        this.wanted = wanted;
        this.targetWords = targetWords;
        this.traces = traces;
        this.encoder = new StateEncoder<>(model);
    }

    /** As the object rebuilding: to {@code depth}; past {@code budget} states once no required target is left. */
    void search(int depth, int requiredLeft, long budget) {
        long[] level = new long[Math.max(16, width)];
        int levelStates = 0;
        List<S> initials = model.initialStates();
        for (int i = 0; i < initials.size(); i++) {
            encoder.encode(model.canonical(initials.get(i)));
            long fp = encoder.fingerprint();
            if (links.putIfAbsent(fp, 0, -1 - i)) {
                level = append(level, levelStates++, encoder.words(), 0);
                if (matched(fp)) {
                    return;
                }
            }
        }
        long[] out = new long[Math.max(1, packed.maxSuccessors()) * width];
        for (int d = 0; d < depth && levelStates > 0; d++) {
            long[] next = new long[Math.max(16, width * levelStates)];
            int nextStates = 0;
            for (int k = 0; k < levelStates; k++) {
                int from = k * width;
                long parent = StateEncoder.fingerprint(level, from, width);
                int n = successors(level, from, out);
                for (int j = 0; j < n; j++) {
                    long fp = StateEncoder.fingerprint(out, j * width, width);
                    if (links.putIfAbsent(fp, parent, j)) {
                        next = append(next, nextStates++, out, j * width);
                        if (matched(fp)) {
                            return;
                        }
                        if (requiredLeft > 0 && traces.get(0) != null) {
                            requiredLeft = 0; // the violation is explained; the rest are examples
                        }
                        if (requiredLeft == 0 && links.size > budget) {
                            return;
                        }
                    }
                }
            }
            level = next;
            levelStates = nextStates;
        }
    }

    private long[] append(long[] into, int index, long[] words, int from) {
        int at = index * width;
        if (at + width > into.length) {
            into = Arrays.copyOf(into, Math.max(2 * into.length, at + width));
        }
        System.arraycopy(words, from, into, at, width);
        return into;
    }

    /**
     * The successors of the state at {@code words[from ..]} into {@code out}; where the packed form throws,
     * the object form's (through the guard, which skips a step that throws), as the object rebuilding has.
     */
    private int successors(long[] words, int from, long[] out) {
        try {
            return packed.successors(words, from, out, 0);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            S state = model.decode(words, from, width);
            List<A> actions = new ArrayList<>();
            model.actions(state, actions);
            int n = 0;
            for (A action : actions) {
                S next = model.next(state, action);
                if (next != null) {
                    encoder.encode(model.canonical(next));
                    System.arraycopy(encoder.words(), 0, out, n++ * width, width);
                }
            }
            return n;
        }
    }

    /** If {@code fp} is a target's, rebuilds its trace; true when no target is left. */
    private boolean matched(long fp) {
        List<Integer> targets = wanted.remove(fp);
        if (targets != null) {
            for (int i : targets) {
                traces.set(i, replay(fp, targetWords.get(i)));
            }
        }
        return wanted.isEmpty();
    }

    /** Follows the links back from {@code end}, then replays the actions forward; null if the end differs. */
    private Trace<S, A> replay(long end, long[] endWords) {
        List<Integer> steps = new ArrayList<>();
        int slot = links.slotOf(end);
        while (links.steps[slot] >= 0) {
            steps.add(links.steps[slot]);
            slot = links.slotOf(links.parents[slot]);
        }
        Collections.reverse(steps);
        S state = model.canonical(model.initialStates().get(-1 - links.steps[slot]));
        List<S> states = new ArrayList<>();
        List<A> actions = new ArrayList<>();
        states.add(state);
        List<A> enabled = new ArrayList<>();
        for (int k : steps) {
            enabled.clear();
            model.actions(state, enabled);
            A taken = null;
            S next = null;
            for (int i = 0, seen = 0; i < enabled.size() && taken == null; i++) {
                S candidate = model.next(state, enabled.get(i));
                if (candidate != null && seen++ == k) {
                    taken = enabled.get(i);
                    next = candidate;
                }
            }
            if (taken == null) {
                return null; // the model stepped differently this time
            }
            state = model.canonical(next);
            states.add(state);
            actions.add(taken);
        }
        if (!Arrays.equals(encoder.encode(state).copyWords(), endWords)) {
            return null; // two states shared a fingerprint on the way: do not show a wrong trace
        }
        return Trace.of(model, states, actions);
    }

    /**
     * Fingerprint to (parent's fingerprint, step): open addressing with linear probing in parallel
     * arrays, at most half full. A step is the index of the successor among its parent's, or for an
     * initial state -1 - its index among the initial states.
     */
    static final class Links {
        long[] keys = new long[1 << 10];
        long[] parents = new long[1 << 10];
        int[] steps = new int[1 << 10];
        boolean[] used = new boolean[1 << 10];
        int size;

        /** Adds {@code fp} unless present; true when added. */
        boolean putIfAbsent(long fp, long parent, int step) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int i = home(fp, keys.length);
            while (used[i]) {
                if (keys[i] == fp) {
                    return false;
                }
                i = (i + 1) & (keys.length - 1);
            }
            used[i] = true;
            keys[i] = fp;
            parents[i] = parent;
            steps[i] = step;
            size++;
            return true;
        }

        /** The slot of {@code fp}, which must be present. */
        int slotOf(long fp) {
            int i = home(fp, keys.length);
            while (!used[i] || keys[i] != fp) {
                i = (i + 1) & (keys.length - 1);
            }
            return i;
        }

        private static int home(long fp, int capacity) {
            return (int) Fingerprint.finish(fp) & (capacity - 1);
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldParents = parents;
            int[] oldSteps = steps;
            boolean[] oldUsed = used;
            int capacity = 2 * oldKeys.length;
            keys = new long[capacity];
            parents = new long[capacity];
            steps = new int[capacity];
            used = new boolean[capacity];
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldUsed[j]) {
                    int i = home(oldKeys[j], capacity);
                    while (used[i]) {
                        i = (i + 1) & (capacity - 1);
                    }
                    used[i] = true;
                    keys[i] = oldKeys[j];
                    parents[i] = oldParents[j];
                    steps[i] = oldSteps[j];
                }
            }
        }
    }
}
