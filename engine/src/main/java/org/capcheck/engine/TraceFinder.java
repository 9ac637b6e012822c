package org.capcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds shortest traces to states that a search found without keeping the path (breadth-first
 * search keeps only fingerprints, so that large runs fit in memory). It repeats a breadth-first search up
 * to the deepest target, keeping per state only its fingerprint, its parent's and the action, and the
 * states of one level. A target is recognised by its encoding ({@link Model#encode}, the model's one
 * statement of state identity; states need no {@code equals}), and its trace is rebuilt by replaying the
 * actions from the initial state. That costs at most the same exploration again, paid only when there is
 * something to report.
 */
final class TraceFinder {
    private TraceFinder() {
    }

    /** How a state was first reached: from the state with fingerprint {@code parent} by {@code action}. */
    private static final class Link<A> {
        final long parent;
        final A action;
        /** For an initial state: its index in {@link Model#initialStates()}; -1 otherwise. */
        final int initial;

        Link(long parent, A action, int initial) {
            this.parent = parent;
            this.action = action;
            this.initial = initial;
        }
    }

    /**
     * How many states the rebuilding may visit for examples of sometimes properties alone: enough for any
     * model a test or a quick run explores, and a bounded cost (about 100 bytes a state) after a run of
     * tens of millions of states, whose examples would otherwise cost a second exhaustive search.
     */
    static final int EXAMPLE_BUDGET = 2_000_000;

    /**
     * A trace for each of {@code targets}, in order: the one the search already had, else a shortest one
     * rebuilt here, else null (a target not found again, which only a fingerprint collision can cause, or
     * an example past the budget). The first {@code required} targets (a violation) are rebuilt whatever
     * it costs; once only the others are left, the search stops after {@code budget} states.
     * {@code statesAbove} gives the states the search counted at depths below a depth (-1 if unknown): an
     * example deeper than the budget reaches, and than every required target, is not searched for at all
     * (after tens of millions of states, the doomed rebuild would cost seconds).
     */
    static <S, A> List<Trace<S, A>> traces(Model<S, A> model, List<Exploration.Found<S, A>> targets, int required,
            long budget) {
        return traces(model, targets, required, budget, depth -> -1);
    }

    static <S, A> List<Trace<S, A>> traces(Model<S, A> model, List<Exploration.Found<S, A>> targets, int required,
            long budget, java.util.function.IntToLongFunction statesAbove) {
        return traces(model, null, targets, required, budget, statesAbove);
    }

    /**
     * As above; with {@code packed} (the model's {@link PackedModel} capability, used by the search) the
     * rebuilding steps words too ({@link PackedRebuild}): the same states in the same order, so the same
     * traces, without an object or a boxed key per state.
     */
    static <S, A> List<Trace<S, A>> traces(Model<S, A> model, PackedModel<S, A> packed,
            List<Exploration.Found<S, A>> targets, int required, long budget,
            java.util.function.IntToLongFunction statesAbove) {
        int requiredDepth = -1;
        for (int i = 0; i < required; i++) {
            requiredDepth = Math.max(requiredDepth, targets.get(i).depth);
        }
        List<Trace<S, A>> traces = new ArrayList<>();
        Map<Long, List<Integer>> wanted = new HashMap<>();
        List<long[]> words = new ArrayList<>();
        StateEncoder<S> encoder = new StateEncoder<>(model);
        int depth = 0;
        int requiredLeft = 0;
        for (int i = 0; i < targets.size(); i++) {
            Exploration.Found<S, A> t = targets.get(i);
            traces.add(t.trace);
            words.add(encoder.encode(t.state).copyWords());
            boolean pastBudget = i >= required && t.depth > requiredDepth
                    && statesAbove.applyAsLong(t.depth) > budget;
            if (t.trace == null && !pastBudget) {
                wanted.computeIfAbsent(encoder.fingerprint(), k -> new ArrayList<>()).add(i);
                depth = Math.max(depth, t.depth);
                if (i < required) {
                    requiredLeft++;
                }
            }
        }
        if (wanted.isEmpty()) {
            return traces;
        }
        if (packed != null) {
            new PackedRebuild<>(model, packed, wanted, words, traces).search(depth, requiredLeft, budget);
            return traces;
        }
        Map<Long, Link<A>> links = new HashMap<>();
        List<S> level = new ArrayList<>();
        List<Long> levelPrints = new ArrayList<>();
        List<S> initials = model.initialStates();
        for (int i = 0; i < initials.size(); i++) {
            S state = model.canonical(initials.get(i));
            long fp = encoder.fingerprintOf(state);
            if (links.putIfAbsent(fp, new Link<>(0, null, i)) == null) {
                level.add(state);
                levelPrints.add(fp);
                if (matched(model, encoder, fp, links, wanted, words, traces)) {
                    return traces;
                }
            }
        }
        List<A> actions = new ArrayList<>();
        for (int d = 0; d < depth && !level.isEmpty(); d++) {
            List<S> nextLevel = new ArrayList<>();
            List<Long> nextPrints = new ArrayList<>();
            for (int k = 0; k < level.size(); k++) {
                S state = level.get(k);
                long parent = levelPrints.get(k);
                actions.clear();
                model.actions(state, actions);
                for (A action : actions) {
                    S next = model.next(state, action);
                    if (next == null) {
                        continue;
                    }
                    next = model.canonical(next);
                    long fp = encoder.fingerprintOf(next);
                    if (links.putIfAbsent(fp, new Link<>(parent, action, -1)) == null) {
                        nextLevel.add(next);
                        nextPrints.add(fp);
                        if (matched(model, encoder, fp, links, wanted, words, traces)) {
                            return traces;
                        }
                        if (requiredLeft > 0 && traces.get(0) != null) {
                            requiredLeft = 0; // the violation is explained; the rest are examples
                        }
                        if (requiredLeft == 0 && links.size() > budget) {
                            return traces;
                        }
                    }
                }
            }
            level = nextLevel;
            levelPrints = nextPrints;
        }
        return traces;
    }

    /** If {@code fp} is a target's, rebuilds its trace; true when no target is left. */
    private static <S, A> boolean matched(Model<S, A> model, StateEncoder<S> encoder, long fp,
            Map<Long, Link<A>> links, Map<Long, List<Integer>> wanted, List<long[]> words, List<Trace<S, A>> traces) {
        List<Integer> targets = wanted.remove(fp);
        if (targets != null) {
            for (int i : targets) {
                traces.set(i, replay(model, encoder, links, fp, words.get(i)));
            }
        }
        return wanted.isEmpty();
    }

    /** Follows the links back from {@code end} and replays the actions forward; null if the end differs. */
    private static <S, A> Trace<S, A> replay(Model<S, A> model, StateEncoder<S> encoder, Map<Long, Link<A>> links,
            long end, long[] endWords) {
        List<A> actions = new ArrayList<>();
        Link<A> link = links.get(end);
        while (link.initial < 0) {
            actions.add(link.action);
            link = links.get(link.parent);
        }
        java.util.Collections.reverse(actions);
        List<S> states = new ArrayList<>();
        S state = model.canonical(model.initialStates().get(link.initial));
        states.add(state);
        for (A action : actions) {
            S next = model.next(state, action);
            if (next == null) {
                return null; // the model stepped differently this time
            }
            state = model.canonical(next);
            states.add(state);
        }
        if (!Arrays.equals(encoder.encode(state).copyWords(), endWords)) {
            return null; // two states shared a fingerprint on the way: do not show a wrong trace
        }
        return Trace.of(model, states, actions);
    }
}
