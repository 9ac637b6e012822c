package org.capcheck.engine;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A named predicate on states. An {@code always} property (an invariant) must hold in every reachable
 * state; a {@code sometimes} property should hold in at least one, and is reported reached or not reached
 * so that a vacuous model (one that never gets anywhere interesting) shows up. A {@code sometimesStep}
 * property asks the same of a transition (a state, an action, the state it leads to), for what a step
 * does rather than where it ends, such as a failed invocation that leaves the state as it was: no history
 * variable then splits the states to remember it.
 */
public final class Property<S> {

    /** Which quantifier over reachable states the property carries. */
    public enum Kind {
        ALWAYS, SOMETIMES;

        /** The name used in reports: "always" or "sometimes". */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A condition on one transition: from {@code state} by {@code action} to {@code next} (which is
     * {@code state} itself when the model says the step changed nothing).
     */
    @FunctionalInterface
    public interface StepCondition<S, A> {
        boolean test(S state, A action, S next);
    }

    private final String name;
    private final Kind kind;
    private final Predicate<? super S> condition;
    /** For a sometimesStep property: its condition (on the model's action type); null otherwise. */
    private final StepCondition<? super S, ?> step;

    private Property(String name, Kind kind, Predicate<? super S> condition, StepCondition<? super S, ?> step) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.condition = condition;
        this.step = step;
    }

    /** An invariant: {@code condition} holds in every reachable state. */
    public static <S> Property<S> always(String name, Predicate<? super S> condition) {
        return new Property<>(name, Kind.ALWAYS, Objects.requireNonNull(condition, "condition"), null);
    }

    /** A reachability goal: {@code condition} holds in some reachable state. */
    public static <S> Property<S> sometimes(String name, Predicate<? super S> condition) {
        return new Property<>(name, Kind.SOMETIMES, Objects.requireNonNull(condition, "condition"), null);
    }

    /**
     * A reachability goal on transitions: {@code condition} holds for some step from a reachable state,
     * self-loops included. Reported as a sometimes property; its example is a trace to the state the step
     * was taken from, followed by that step. {@code A} is the model's action type (write the lambda's
     * parameter types, since nothing else names it).
     */
    public static <S, A> Property<S> sometimesStep(String name, StepCondition<? super S, A> condition) {
        return new Property<>(name, Kind.SOMETIMES, null, Objects.requireNonNull(condition, "condition"));
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this is a property of transitions ({@link #sometimesStep}), tested by {@link #testStep}. */
    public boolean isStep() {
        return step != null;
    }

    /** For a state property: whether it holds in {@code state}; a step property holds in no state alone. */
    public boolean test(S state) {
        return condition != null && condition.test(state);
    }

    /**
     * For a step property: whether it holds for the transition; a state property holds for no
     * transition. {@code A} must be the model's action type, the one the property was made with.
     */
    @SuppressWarnings("unchecked")
    public <A> boolean testStep(S state, A action, S next) {
        return step != null && ((StepCondition<? super S, A>) step).test(state, action, next);
    }

    @Override
    public String toString() {
        return kind.label() + " " + name;
    }
}
