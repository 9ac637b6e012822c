package org.capcheck.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a shortest trace to a state that breadth-first search found. The search itself keeps only
 * fingerprints (so that large runs fit in memory); after a violation this repeats a breadth-first search
 * up to the violation's depth with a parent link per state. That costs at most the same exploration again,
 * paid only when there is something to report.
 */
final class TraceFinder {
    private TraceFinder() {
    }

    private static final class Link<S, A> {
        final S parent;
        final A action;

        Link(S parent, A action) {
            this.parent = parent;
            this.action = action;
        }
    }

    /** A shortest trace from an initial state to {@code target}, at most {@code depth} steps; null if none. */
    static <S, A> Trace<S, A> shortest(Model<S, A> model, S target, int depth) {
        Map<S, Link<S, A>> links = new HashMap<>();
        List<S> level = new ArrayList<>();
        for (S initial : model.initialStates()) {
            S state = model.canonical(initial);
            if (links.putIfAbsent(state, new Link<>(null, null)) == null) {
                if (state.equals(target)) {
                    return build(model, links, state);
                }
                level.add(state);
            }
        }
        List<A> actions = new ArrayList<>();
        for (int d = 0; d < depth && !level.isEmpty(); d++) {
            List<S> nextLevel = new ArrayList<>();
            for (S state : level) {
                actions.clear();
                model.actions(state, actions);
                for (A action : actions) {
                    S next = model.next(state, action);
                    if (next == null) {
                        continue;
                    }
                    next = model.canonical(next);
                    if (links.putIfAbsent(next, new Link<>(state, action)) == null) {
                        if (next.equals(target)) {
                            return build(model, links, next);
                        }
                        nextLevel.add(next);
                    }
                }
            }
            level = nextLevel;
        }
        return null;
    }

    private static <S, A> Trace<S, A> build(Model<S, A> model, Map<S, Link<S, A>> links, S end) {
        List<S> states = new ArrayList<>();
        List<A> actions = new ArrayList<>();
        for (S s = end; s != null; ) {
            Link<S, A> link = links.get(s);
            states.add(s);
            if (link.parent != null) {
                actions.add(link.action);
            }
            s = link.parent;
        }
        Collections.reverse(states);
        Collections.reverse(actions);
        return Trace.of(model, states, actions);
    }
}
