package org.capcheck.engine;

import java.util.List;
import java.util.Map;

/**
 * A system to check, described as a state machine: its initial states, the actions enabled in a state,
 * the successor of a state under an action, and the properties it must have. Everything the engine
 * knows about a model comes through these methods; there is no model-specific engine code.
 *
 * <p>A state's identity is stated in one place, {@link #encode}: two states are the same state exactly
 * when they encode to the same words. The engine never calls a state's {@code equals} or {@code hashCode}
 * (the visited set, the exact set and the rebuilding of traces all go by the encoding), so a state type
 * need not define them. States must not change once made: the engine keeps them in queues and traces.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public interface Model<S, A> {

    /** The initial states; at least one. */
    List<S> initialStates();

    /**
     * Adds the actions enabled in {@code state} to {@code actions} (which the engine clears first), in a
     * fixed order, so that runs are reproducible. Traces keep the action objects themselves and name them
     * with {@link #describeAction}.
     */
    void actions(S state, List<A> actions);

    /**
     * The state reached from {@code state} by {@code action}, or {@code null} when the action turns out
     * not to be applicable after all (the engine then skips it). Returning {@code state} itself says the
     * step changed nothing (a failed invocation, say): the engine counts it as generated and skips it
     * without encoding it again.
     */
    S next(S state, A action);

    /**
     * Whether {@link #decode} rebuilds a state from the words {@link #encode} wrote. A model that says so
     * lets the breadth-first search keep its queue as encodings in large primitive blocks (spilled to a
     * temporary file when memory runs low) instead of one object per state, so a waiting state costs its
     * encoding and nothing else. Off by default.
     */
    default boolean decodes() {
        return false;
    }

    /**
     * The state that wrote {@code words[from .. from + length)} in {@link #encode}: it must encode to the
     * same words and step as the original would. It must not keep {@code words} (the engine reuses the
     * array) and, as every state, must not change once made. Called only when {@link #decodes()}.
     */
    default S decode(long[] words, int from, int length) {
        throw new UnsupportedOperationException(getClass().getName() + " does not decode states");
    }

    /** The properties checked in every reachable state: {@link Property#always} and {@link Property#sometimes}. */
    default List<Property<S>> properties() {
        return List.of();
    }

    /**
     * Whether a reachable state with no successor is an error (TLC's deadlock check). Off by default:
     * many models end in terminal states on purpose.
     */
    default boolean checksDeadlock() {
        return false;
    }

    /**
     * Symmetry reduction: a canonical representative of {@code state}'s symmetry class. States with the
     * same representative count as one. The default is no symmetry.
     */
    default S canonical(S state) {
        return state;
    }

    /**
     * Symmetry by declaration (TLC's SYMMETRY, Spin's symmetry reduction): adds to {@code images} the
     * state under each permutation of the model's interchangeable identities (processes with equal
     * roles, say), the identity permutation excepted. When a run asks for symmetry
     * ({@code Checker...symmetry(true)}) the engine keeps, of a state and its images, the one whose
     * encoding is least, before fingerprinting, so each class is explored once. Sound only when every
     * property and the initial states are the same under each permutation. None by default.
     */
    default void permutations(S state, List<S> images) {
    }

    /**
     * The state's identity: writes it compactly into {@code sink}. The engine hashes what is written into
     * the state's 64-bit fingerprint (and, in exact mode, stores it); states that write the same words are
     * one state. The default writes {@code toString()}, which is right for records of values but slow;
     * models meant for large runs should pack their state into a few longs.
     */
    default void encode(S state, StateSink sink) {
        sink.putString(String.valueOf(state));
    }

    /**
     * Whether the model takes its states' fingerprints itself ({@link #fingerprint}) instead of the engine
     * hashing the words {@link #encode} writes. Worth it when encoding costs more than hashing what the
     * encoding is made from (the local model packs a kernel's canonical bytes): the engine then encodes a
     * successor only once it knows the state is new, to queue it, and not the many that it has seen. No by default.
     */
    default boolean fingerprintsStates() {
        return false;
    }

    /**
     * The state's 64-bit fingerprint, when {@link #fingerprintsStates}: every fingerprint the engine takes of
     * this model's states is then this one. It must be a function of what {@link #encode} writes (states that
     * write the same words have the same fingerprint) and spread like a good hash, since the visited set
     * keeps fingerprints only. Not called otherwise.
     */
    default long fingerprint(S state) {
        throw new UnsupportedOperationException("the model does not fingerprint its states itself");
    }

    /**
     * The state as named fields, in a stable order, for counterexample traces: each step of a trace shows
     * the fields whose values changed. The default is a single field holding {@code toString()}.
     */
    default Map<String, String> describe(S state) {
        return Map.of("state", String.valueOf(state));
    }

    /** How an action is named in traces (text and JSON). The default is {@code toString()}. */
    default String describeAction(A action) {
        return String.valueOf(action);
    }

    /**
     * What this instance of the model is, as lines for the heading a front end prints before a run: its
     * bounds and the operations it explores (the engine adds the properties). None by default.
     */
    default List<String> describeModel() {
        return List.of();
    }

    /**
     * Why {@code after} violates the always property named {@code property}, in the model's own terms,
     * as lines for people (printed after the counterexample, and in JSON as "explanation"): which part
     * of the property broke and what the last step changed that it reads. {@code before} is the state
     * the last step was taken from, null when {@code after} is initial. None by default.
     */
    default List<String> explain(String property, S before, S after) {
        return List.of();
    }

    /**
     * What a run means in the model's own terms, as lines for people to read after the summary: for
     * instance the answer to the question the model asks. None by default.
     */
    default List<String> describeOutcome(Report<S, A> report) {
        return List.of();
    }

    /**
     * Files the model offers about a run, for instance a counterexample in the model's own trace format
     * that another tool replays. The front end decides where each goes. None by default.
     */
    default List<Artifact> artifacts(Report<S, A> report) {
        return List.of();
    }
}
