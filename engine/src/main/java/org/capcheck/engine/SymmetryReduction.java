package org.capcheck.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A model seen through its declared symmetry ({@link Model#permutations}): each state is replaced by the
 * image with the lexicographically least encoding among the state (after the model's own
 * {@link Model#canonical}) and its images, so that the search, the visited set and the rebuilt traces all
 * see one representative per class. Traces then show representatives: each step is the action taken in
 * the previous representative, followed by the change to the next representative.
 */
final class SymmetryReduction<S, A> extends ForwardingModel<S, A> {
    private final ThreadLocal<Scratch<S>> scratch;

    private static final class Scratch<S> {
        final StateEncoder<S> best;
        final StateEncoder<S> other;
        final List<S> images = new ArrayList<>();

        Scratch(Model<S, ?> model) {
            best = new StateEncoder<>(model);
            other = new StateEncoder<>(model);
        }
    }

    SymmetryReduction(Model<S, A> model) {
        super(model);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch<>(model));
    }

    @Override
    public S canonical(S state) {
        S least = model.canonical(state);
        Scratch<S> s = scratch.get();
        s.images.clear();
        model.permutations(least, s.images);
        if (s.images.isEmpty()) {
            return least;
        }
        s.best.encode(least);
        for (int i = 0, n = s.images.size(); i < n; i++) {
            S image = s.images.get(i);
            s.other.encode(image);
            if (compare(s.other, s.best) < 0) {
                least = image;
                s.best.encode(image);
            }
        }
        s.images.clear();
        return least;
    }

    private static int compare(StateEncoder<?> a, StateEncoder<?> b) {
        return java.util.Arrays.compare(a.words(), 0, a.length(), b.words(), 0, b.length());
    }

    /** None: {@link #canonical} has already taken the least image, so the states it gives have no others. */
    @Override
    public void permutations(S state, List<S> images) {
    }
}
