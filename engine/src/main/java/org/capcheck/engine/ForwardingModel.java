package org.capcheck.engine;

import java.util.List;
import java.util.Map;

/**
 * A model that answers every question by asking the model it wraps. The engine's wrappers
 * ({@link StepGuard}, {@link SymmetryReduction}) extend it and override only what they change, so a
 * method added to {@link Model} is forwarded in one place rather than silently taking its default.
 */
abstract class ForwardingModel<S, A> implements Model<S, A> {
    final Model<S, A> model;

    ForwardingModel(Model<S, A> model) {
        this.model = model;
    }

    @Override
    public List<S> initialStates() {
        return model.initialStates();
    }

    @Override
    public void actions(S state, List<A> actions) {
        model.actions(state, actions);
    }

    @Override
    public S next(S state, A action) {
        return model.next(state, action);
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
    public void encode(S state, StateSink sink) {
        model.encode(state, sink);
    }

    @Override
    public boolean fingerprintsStates() {
        return model.fingerprintsStates();
    }

    @Override
    public long fingerprint(S state) {
        return model.fingerprint(state);
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
