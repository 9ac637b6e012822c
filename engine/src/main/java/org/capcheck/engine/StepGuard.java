package org.capcheck.engine;

import java.util.List;

/**
 * The model as the searches see it: a step that throws (an exception out of the system under check,
 * say a kernel bug that corrupts its own data structures) is a finding, the violation of the built-in
 * property {@value Checker#NO_STEP_THROWS}, not an internal error of the checker. Java PathFinder's
 * NoUncaughtExceptionsProperty plays the same part. The guard records the first throw with the state
 * it was taken from and stops the run; the step itself then counts as not applicable, so the searches
 * need no code of their own for it. Out of memory is not a finding: it passes through.
 */
final class StepGuard<S, A> extends ForwardingModel<S, A> {
    private final Exploration<S, A> run;

    /** {@code run} null: a throwing step is skipped silently (rebuilding traces, where it was reported already). */
    StepGuard(Model<S, A> model, Exploration<S, A> run) {
        super(model);
        this.run = run;
    }

    /** The model guarded. */
    Model<S, A> model() {
        return model;
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
}
