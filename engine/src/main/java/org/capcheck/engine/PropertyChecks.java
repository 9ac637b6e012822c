package org.capcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/** A model's properties split by kind, with which sometimes properties have been reached. Thread-safe. */
final class PropertyChecks<S> {
    final List<Property<S>> always = new ArrayList<>();
    final List<Property<S>> sometimes = new ArrayList<>();
    private final AtomicIntegerArray reached;
    /** Lets every state skip the sometimes checks once all are reached. */
    private final AtomicInteger unreached;

    PropertyChecks(List<Property<S>> properties) {
        for (Property<S> p : properties) {
            (p.kind() == Property.Kind.ALWAYS ? always : sometimes).add(p);
        }
        reached = new AtomicIntegerArray(sometimes.size());
        unreached = new AtomicInteger(sometimes.size());
    }

    /** The first always property {@code state} violates, or null. */
    Property<S> violated(S state) {
        for (int i = 0, n = always.size(); i < n; i++) {
            Property<S> p = always.get(i);
            if (!p.test(state)) {
                return p;
            }
        }
        return null;
    }

    /** Records the sometimes properties {@code state} satisfies. */
    void observe(S state) {
        if (unreached.get() == 0) {
            return;
        }
        for (int i = 0, n = sometimes.size(); i < n; i++) {
            if (reached.get(i) == 0 && sometimes.get(i).test(state) && reached.compareAndSet(i, 0, 1)) {
                unreached.decrementAndGet();
            }
        }
    }

    boolean reached(int sometimesIndex) {
        return reached.get(sometimesIndex) != 0;
    }
}
