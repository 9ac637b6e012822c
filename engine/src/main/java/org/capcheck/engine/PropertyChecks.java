package org.capcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A model's properties split by kind, with the first state found for each sometimes property (its
 * example, whose trace the report shows). Thread-safe.
 */
final class PropertyChecks<S, A> {
    final List<Property<S>> always = new ArrayList<>();
    final List<Property<S>> sometimes = new ArrayList<>();
    private final AtomicReferenceArray<Exploration.Found<S, A>> examples;
    /** Lets every state skip the sometimes checks once all are reached. */
    private final AtomicInteger unreached;

    PropertyChecks(List<Property<S>> properties) {
        for (Property<S> p : properties) {
            (p.kind() == Property.Kind.ALWAYS ? always : sometimes).add(p);
        }
        examples = new AtomicReferenceArray<>(sometimes.size());
        unreached = new AtomicInteger(sometimes.size());
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
            if (examples.get(i) == null && holds(sometimes.get(i), state)) {
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

    /** The first state found for the {@code i}th sometimes property, or null if none was. */
    Exploration.Found<S, A> example(int i) {
        return examples.get(i);
    }

    /** The trace to a state, built only when needed (depth-first search and simulation have the path). */
    interface TraceSource<S, A> {
        Trace<S, A> trace();
    }
}
