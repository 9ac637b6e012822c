package org.capcheck.engine;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A named predicate on states. An {@code always} property (an invariant) must hold in every reachable
 * state; a {@code sometimes} property should hold in at least one, and is reported reached or not reached
 * so that a vacuous model (one that never gets anywhere interesting) shows up.
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

    private final String name;
    private final Kind kind;
    private final Predicate<? super S> condition;

    private Property(String name, Kind kind, Predicate<? super S> condition) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    /** An invariant: {@code condition} holds in every reachable state. */
    public static <S> Property<S> always(String name, Predicate<? super S> condition) {
        return new Property<>(name, Kind.ALWAYS, condition);
    }

    /** A reachability goal: {@code condition} holds in some reachable state. */
    public static <S> Property<S> sometimes(String name, Predicate<? super S> condition) {
        return new Property<>(name, Kind.SOMETIMES, condition);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean test(S state) {
        return condition.test(state);
    }

    @Override
    public String toString() {
        return kind.label() + " " + name;
    }
}
