package org.capcheck.engine;

/**
 * An optional capability of a {@link Model} whose every state encodes to the same few words: it steps and
 * tests those words directly, so that breadth-first search expands a state with no state object, no
 * action list and no encoding pass. The queue already holds states as their words ({@link Model#decodes})
 * and the visited set their fingerprints; with this the whole expansion of a state reads its words from
 * the queue, writes its successors' words into one reusable array and tests the new ones there (the hand-
 * specialised loop of a one-model checker, reached through an interface).
 *
 * <p>It is the same model seen a second way, and must agree with the first exactly: the successors it
 * writes are, in order, the encodings of {@code canonical(next(s, a))} for each action {@code a} that
 * {@link #actions} lists for {@code s = decode(...)} and whose {@code next} is not null (self-loops
 * included: the engine counts them as generated and skips them, as it does for the object path), and
 * {@link #holds} is {@code properties().get(i).test(s)}. Then every count, verdict, example and trace is
 * what the object path gives; a model's tests should check the two against each other.
 *
 * <p>The engine uses it only where nothing needs a state object per transition: breadth-first search with
 * fingerprints (not exact mode), no symmetry run, and no {@link Property#sometimesStep} property; else, and
 * for depth-first search, simulation and the rebuilding of traces, the model is used as a plain
 * {@link Model}. States are decoded only when one is reported (a violation, a property's first example, a
 * deadlock). When {@link #successors} throws, the state is expanded again through {@link Model#next}, so
 * the step that throws is reported as the violation of {@value Checker#NO_STEP_THROWS} as usual.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public interface PackedModel<S, A> extends Model<S, A> {

    /** How many words {@link #encode} writes for every state; at least 1. */
    int packedWords();

    /** At least as many as {@link #actions} ever lists for one state: the engine sizes its buffer by it. */
    int maxSuccessors();

    /**
     * Writes the successors of the state encoded at {@code state[from .. from + packedWords())} into
     * {@code out}, the k-th at {@code out[to + k * packedWords() ..]}, in {@link #actions}' order, and
     * returns how many there are (at most {@link #maxSuccessors}). Must not keep either array nor write
     * outside its successors' words.
     */
    int successors(long[] state, int from, long[] out, int to);

    /**
     * Whether the state property {@code properties().get(property)} holds in the state encoded at
     * {@code state[from .. from + packedWords())}. Never asked of a step property. A property that
     * throws here is violated, as on the object path.
     */
    boolean holds(int property, long[] state, int from);

    /** A packed model's states are their words. */
    @Override
    default boolean decodes() {
        return true;
    }
}
