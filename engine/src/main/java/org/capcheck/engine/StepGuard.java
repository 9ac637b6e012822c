package org.capcheck.engine;

import java.util.List;
import java.util.Map;

/**
 * The model as the searches see it: a step that throws (an exception out of the system under check,
 * say a kernel bug that corrupts its own data structures) is a finding, the violation of the built-in
 * property {@value Checker#NO_STEP_THROWS}, not an internal error of the checker. Java PathFinder's
 * NoUncaughtExceptionsProperty plays the same part. The guard records the first throw with the state
 * it was taken from and stops the run; the step itself then counts as not applicable, so the searches
 * need no code of their own for it. Out of memory is not a finding: it passes through.
 */
final class StepGuard<S, A> implements Model<S, A> {
    private final Model<S, A> model;
    private final Exploration<S, A> run;

    /** {@code run} null: a throwing step is skipped silently (rebuilding traces, where it was reported already). */
    StepGuard(Model<S, A> model, Exploration<S, A> run) {
        this.model = model;
        this.run = run;
    }

    /** The model guarded. */
    Model<S, A> model() {
        return model;
    }

    @Override
    public List<S> initialStates() {
        return model.initialStates();
    }

    @Override
    public void actions(S state, List<A> actions) {
        try {
            model.actions(state, actions);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            actions.clear();
            if (run != null) {
                run.threw(state, null, e);
            }
        }
    }

    @Override
    public S next(S state, A action) {
        try {
            return model.next(state, action);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            if (run != null) {
                run.threw(state, action, e);
            }
            return null;
        }
    }

    @Override
    public List<Property<S>> properties() {
        return model.properties();
    }

    @Override
    public boolean checksDeadlock() {
        return model.checksDeadlock();
    }

    @Override
    public S canonical(S state) {
        return model.canonical(state);
    }

    @Override
    public void permutations(S state, List<S> images) {
        model.permutations(state, images);
    }

    @Override
    public boolean decodes() {
        return model.decodes();
    }

    @Override
    public S decode(long[] words, int from, int length) {
        return model.decode(words, from, length);
    }

    @Override
    public void encode(S state, StateSink sink) {
        model.encode(state, sink);
    }

    @Override
    public Map<String, String> describe(S state) {
        return model.describe(state);
    }

    @Override
    public String describeAction(A action) {
        return model.describeAction(action);
    }

    @Override
    public List<String> describeModel() {
        return model.describeModel();
    }

    @Override
    public List<String> explain(String property, S before, S after) {
        return model.explain(property, before, after);
    }

    @Override
    public List<String> describeOutcome(Report<S, A> report) {
        return model.describeOutcome(report);
    }

    @Override
    public List<Artifact> artifacts(Report<S, A> report) {
        return model.artifacts(report);
    }
}
