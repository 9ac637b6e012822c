package org.capcheck.engine;

import java.util.Locale;

/** What a run established about one property. */
public final class PropertyResult {

    /** The outcome of a property; {@link #label()} is the report's spelling. */
    public enum Outcome {
        /** An always property held in every state of a complete run. */
        HOLDS,
        /** An always property failed in a reachable state. */
        VIOLATED,
        /** A sometimes property held in some reached state. */
        REACHED,
        /** A sometimes property held in no state of a complete run: the model may be vacuous. */
        NOT_REACHED,
        /** The run was incomplete and found no evidence either way. */
        UNKNOWN;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final Property.Kind kind;
    private final Outcome outcome;

    PropertyResult(String name, Property.Kind kind, Outcome outcome) {
        this.name = name;
        this.kind = kind;
        this.outcome = outcome;
    }

    public String name() {
        return name;
    }

    public Property.Kind kind() {
        return kind;
    }

    public Outcome outcome() {
        return outcome;
    }

    @Override
    public String toString() {
        return kind.label() + " " + name + ": " + outcome.label().replace('_', ' ');
    }
}
