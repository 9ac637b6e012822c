package org.capcheck.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.capcheck.engine.Model;
import org.capcheck.model.local.LocalModel;
import org.capcheck.model.twophase.TwoPhaseCommit;

/**
 * The models {@code capcheck check --model NAME} knows: a name and a factory that builds the model from
 * the parsed {@link ModelOptions}. Adding a model is one {@link #register} line.
 */
public final class Models {

    /** Builds a model from the command's options; throws {@link IllegalArgumentException} for bad options. */
    @FunctionalInterface
    public interface Factory {
        Model<?, ?> create(ModelOptions options);
    }

    private static final Map<String, Factory> FACTORIES = new LinkedHashMap<>();

    static {
        register("local", options -> new LocalModel(options.localBounds(), options.query()));
        register("two-phase-commit", options -> new TwoPhaseCommit(options.rms()));
    }

    private Models() {
    }

    /** Makes {@code name} selectable with {@code --model}; a later registration replaces an earlier one. */
    public static synchronized void register(String name, Factory factory) {
        FACTORIES.put(name, factory);
    }

    /** The factory registered as {@code name}, or null. */
    public static synchronized Factory named(String name) {
        return FACTORIES.get(name);
    }

    public static synchronized Set<String> names() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(FACTORIES.keySet()));
    }
}
