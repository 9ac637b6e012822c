package org.capcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random walks: each walk starts in a random initial state and takes random enabled actions until
 * the depth bound or a state with no successor. Every choice comes from one generator seeded with the
 * run's seed, so a run is reproduced exactly by its seed. Single-threaded. Never complete: a walk proves
 * nothing about the states it did not visit.
 */
final class RandomSimulation<S, A> {
    /** How long a walk is when no depth bound is given: long enough for most protocols' interesting cases. */
    static final int DEFAULT_WALK_DEPTH = 100;

    private final Exploration<S, A> run;

    RandomSimulation(Exploration<S, A> run) {
        this.run = run;
    }

    void search() {
        Model<S, A> model = run.model;
        SplittableRandom random = new SplittableRandom(run.settings.seed);
        StateEncoder<S> encoder = new StateEncoder<>(model);
        List<S> initials = model.initialStates();
        int walkDepth = run.settings.maxDepth == Integer.MAX_VALUE ? DEFAULT_WALK_DEPTH : run.settings.maxDepth;
        List<A> actions = new ArrayList<>();
        List<S> successors = new ArrayList<>();
        List<A> enabled = new ArrayList<>();
        for (long walk = 0; walk < run.settings.walks && !run.checkBounds(); walk++) {
            List<S> path = new ArrayList<>();
            List<A> taken = new ArrayList<>();
            run.generated.incrementAndGet();
            S state = model.canonical(initials.get(random.nextInt(initials.size())));
            path.add(state);
            if (!visit(encoder, state, path, taken)) {
                return;
            }
            for (int depth = 1; depth <= walkDepth && !run.stopped(); depth++) {
                actions.clear();
                successors.clear();
                enabled.clear();
                model.actions(state, actions);
                S from = state;
                for (A action : actions) {
                    S next = model.next(state, action);
                    if (next != null) {
                        successors.add(next);
                        enabled.add(action);
                        if (run.checks.watchesSteps()) {
                            run.checks.observeStep(from, action, next, taken.size(),
                                    () -> Trace.of(model, path, taken));
                        }
                    }
                }
                run.generated.addAndGet(successors.size());
                if (successors.isEmpty()) {
                    if (model.checksDeadlock()) {
                        run.found(Exploration.DEADLOCK_FREE, state, depth - 1, Trace.of(model, path, taken));
                        return;
                    }
                    break;
                }
                int choice = random.nextInt(successors.size());
                state = model.canonical(successors.get(choice));
                path.add(state);
                taken.add(enabled.get(choice));
                if (depth > run.depth) {
                    run.depth = depth;
                }
                if (!visit(encoder, state, path, taken)) {
                    return;
                }
            }
        }
        run.stop(Exploration.SIMULATION);
    }

    /** Checks a state the first time any walk visits it; false on a violation. */
    private boolean visit(StateEncoder<S> encoder, S state, List<S> path, List<A> taken) {
        if (!run.visited.add(encoder.encode(state))) {
            return true;
        }
        Property<S> bad = run.checks.violated(state);
        if (bad != null) {
            run.found(bad.name(), state, taken.size(), Trace.of(run.model, path, taken));
            return false;
        }
        run.checks.observe(state, taken.size(), () -> Trace.of(run.model, path, taken));
        return true;
    }
}
