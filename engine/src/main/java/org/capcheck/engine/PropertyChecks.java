package org.capcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A model's properties split by kind, with the first state found for each sometimes property (its
 * example, whose trace the report shows), or for a sometimesStep property the first transition found.
 * Thread-safe.
 */
final class PropertyChecks<S, A> {
    final List<Property<S>> always = new ArrayList<>();
    final List<Property<S>> sometimes = new ArrayList<>();
    /** Where each of {@link #always} and {@link #sometimes} stands in the model's list, for {@link PackedModel#holds}. */
    private final int[] alwaysIndex;
    private final int[] sometimesIndex;
    private final AtomicReferenceArray<Exploration.Found<S, A>> examples;
    /** Lets every state skip the sometimes checks once all are reached. */
    private final AtomicInteger unreached;
    /** Which of {@link #sometimes} are step properties. */
    private final int[] steps;
    /** Lets every transition skip the step checks once all are reached (and models without any, always). */
    private final AtomicInteger unreachedSteps;

    PropertyChecks(List<Property<S>> properties) {
        alwaysIndex = new int[properties.size()];
        sometimesIndex = new int[properties.size()];
        for (int i = 0; i < properties.size(); i++) {
            Property<S> p = properties.get(i);
            if (p.kind() == Property.Kind.ALWAYS) {
                alwaysIndex[always.size()] = i;
                always.add(p);
            } else {
                sometimesIndex[sometimes.size()] = i;
                sometimes.add(p);
            }
        }
        examples = new AtomicReferenceArray<>(sometimes.size());
        int stepCount = (int) sometimes.stream().filter(Property::isStep).count();
        steps = new int[stepCount];
        for (int i = 0, j = 0; i < sometimes.size(); i++) {
            if (sometimes.get(i).isStep()) {
                steps[j++] = i;
            }
        }
        unreached = new AtomicInteger(sometimes.size() - stepCount);
        unreachedSteps = new AtomicInteger(stepCount);
    }

    /**
     * The first always property {@code state} violates, or null. A property whose evaluation throws
     * (an invariant check that crashes on a corrupt state, say) is violated: the state is not known
     * to satisfy it, and the crash is the system under check's, not the checker's.
     */
    Property<S> violated(S state) {
        for (int i = 0, n = always.size(); i < n; i++) {
            Property<S> p = always.get(i);
            if (!holds(p, state)) {
                return p;
            }
        }
        return null;
    }

    private static <S> boolean holds(Property<S> p, S state) {
        try {
            return p.test(state);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return false;
        }
    }

    /**
     * As {@link #violated(Object)}, for the state {@code packed} encodes at {@code words[from ..]}: the
     * first always property it violates, or null.
     */
    Property<S> violated(PackedModel<S, ?> packed, long[] words, int from) {
        for (int i = 0, n = always.size(); i < n; i++) {
            if (!holds(packed, alwaysIndex[i], words, from)) {
                return always.get(i);
            }
        }
        return null;
    }

    private static boolean holds(PackedModel<?, ?> packed, int property, long[] words, int from) {
        try {
            return packed.holds(property, words, from);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return false;
        }
    }

    /**
     * As {@link #observe(Object, int, TraceSource)}, for the state {@code packed} encodes at
     * {@code words[from ..]}: decoded only if it is the first to satisfy a sometimes property.
     */
    void observe(PackedModel<S, ?> packed, Model<S, ?> decoder, long[] words, int from, int depth) {
        if (unreached.get() == 0) {
            return;
        }
        S state = null;
        for (int i = 0, n = sometimes.size(); i < n; i++) {
            if (examples.get(i) == null && !sometimes.get(i).isStep() && holds(packed, sometimesIndex[i], words, from)) {
                if (state == null) {
                    state = decoder.decode(words, from, packed.packedWords());
                }
                if (examples.compareAndSet(i, null, new Exploration.Found<>(sometimes.get(i).name(), state, depth, null))) {
                    unreached.decrementAndGet();
                }
            }
        }
    }

    /** Whether the model has a {@link Property#sometimesStep} property, which needs every transition's objects. */
    boolean hasStepProperties() {
        return steps.length > 0;
    }

    /**
     * Records {@code state} as the example of each sometimes property it is the first to satisfy, with
     * {@code trace} when the search has it at hand (else the report rebuilds it). Returns whether it was
     * the first for any.
     */
    boolean observe(S state, int depth, TraceSource<S, A> trace) {
        if (unreached.get() == 0) {
            return false;
        }
        boolean first = false;
        Trace<S, A> built = null;
        for (int i = 0, n = sometimes.size(); i < n; i++) {
            if (examples.get(i) == null && !sometimes.get(i).isStep() && holds(sometimes.get(i), state)) {
                if (built == null && trace != null) {
                    built = trace.trace();
                }
                if (examples.compareAndSet(i, null,
                        new Exploration.Found<>(sometimes.get(i).name(), state, depth, built))) {
                    unreached.decrementAndGet();
                    first = true;
                }
            }
        }
        return first;
    }

    /** Whether some step property is still unreached: the searches then show it every transition. */
    boolean watchesSteps() {
        return unreachedSteps.get() > 0;
    }

    /**
     * Records the transition from {@code state} (at {@code depth}) by {@code action} to {@code next} as the
     * example of each step property it is the first to satisfy, with {@code trace} to {@code state} when
     * the search has it at hand. A condition that throws does not hold.
     */
    void observeStep(S state, A action, S next, int depth, TraceSource<S, A> trace) {
        Trace<S, A> built = null;
        for (int i : steps) {
            if (examples.get(i) != null) {
                continue;
            }
            boolean holds;
            try {
                holds = sometimes.get(i).testStep(state, action, next);
            } catch (RuntimeException | StackOverflowError | AssertionError e) {
                holds = false;
            }
            if (holds) {
                if (built == null && trace != null) {
                    built = trace.trace();
                }
                if (examples.compareAndSet(i, null,
                        Exploration.Found.step(sometimes.get(i).name(), state, depth, built, action, next))) {
                    unreachedSteps.decrementAndGet();
                }
            }
        }
    }

    /** The first state found for the {@code i}th sometimes property, or null if none was. */
    Exploration.Found<S, A> example(int i) {
        return examples.get(i);
    }

    /** The trace to a state, built only when needed (depth-first search and simulation have the path). */
    interface TraceSource<S, A> {
        Trace<S, A> trace();
    }
}
