package org.capcheck.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Depth-first search with an explicit stack (no recursion, so deep models cannot overflow the Java
 * stack). Besides the visited set it holds only the current path, which is also the trace when a property
 * fails. Single-threaded. With a depth bound, a state first met deep down is not expanded even if it is
 * reachable in fewer steps; the run then reports the bound as hit.
 */
final class DepthFirstSearch<S, A> {

    /** A state on the current path, the action that reached it, and how far its actions have been tried. */
    private static final class Frame<S, A> {
        final S state;
        final A via;
        final List<A> actions = new ArrayList<>();
        int nextAction;
        boolean hasSuccessor;

        Frame(S state, A via) {
            this.state = state;
            this.via = via;
        }
    }

    private final Exploration<S, A> run;
    private final List<Frame<S, A>> stack = new ArrayList<>();

    DepthFirstSearch(Exploration<S, A> run) {
        this.run = run;
    }

    void search() {
        Model<S, A> model = run.model;
        StateEncoder<S> encoder = new StateEncoder<>(model);
        long sinceCheck = 0;
        for (S initial : model.initialStates()) {
            run.generated.incrementAndGet();
            S start = model.canonical(initial);
            if (!run.visited.add(encoder.encode(start))) {
                continue;
            }
            if (!admit(start, null)) {
                return;
            }
            while (!stack.isEmpty()) {
                if (++sinceCheck == 1024) {
                    sinceCheck = 0;
                    run.queued.set(stack.size());
                    if (run.checkBounds()) {
                        return;
                    }
                }
                Frame<S, A> top = stack.get(stack.size() - 1);
                int depth = stack.size() - 1;
                if (top.nextAction < top.actions.size()) {
                    A action = top.actions.get(top.nextAction++);
                    S next = model.next(top.state, action);
                    if (next == null) {
                        continue;
                    }
                    top.hasSuccessor = true;
                    run.generated.incrementAndGet();
                    if (run.checks.watchesSteps()) {
                        run.checks.observeStep(top.state, action, next, depth, this::pathTrace);
                    }
                    next = model.canonical(next);
                    encoder.encode(next);
                    if (depth >= run.settings.maxDepth) {
                        if (!run.visited.contains(encoder)) {
                            run.stop(Exploration.MAX_DEPTH);
                            return;
                        }
                    } else if (run.visited.add(encoder) && !admit(next, action)) {
                        return;
                    }
                } else {
                    if (!top.hasSuccessor && model.checksDeadlock()) {
                        run.found(Exploration.DEADLOCK_FREE, top.state, depth, pathTrace());
                        return;
                    }
                    stack.remove(stack.size() - 1);
                }
            }
        }
        run.queued.set(0);
    }

    /** Checks a new state and pushes it; false when it violates a property (the run then has the trace). */
    private boolean admit(S state, A via) {
        Frame<S, A> frame = new Frame<>(state, via);
        stack.add(frame);
        int depth = stack.size() - 1;
        if (depth > run.depth) {
            run.depth = depth;
        }
        Property<S> bad = run.checks.violated(state);
        if (bad != null) {
            run.found(bad.name(), state, depth, pathTrace());
            return false;
        }
        run.checks.observe(state, depth, this::pathTrace);
        run.model.actions(state, frame.actions);
        return true;
    }

    private Trace<S, A> pathTrace() {
        List<S> states = new ArrayList<>();
        List<A> actions = new ArrayList<>();
        for (Frame<S, A> f : stack) {
            states.add(f.state);
            if (f.via != null) {
                actions.add(f.via);
            }
        }
        return Trace.of(run.model, states, actions);
    }
}
