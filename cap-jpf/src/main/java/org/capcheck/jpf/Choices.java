package org.capcheck.jpf;

import java.util.List;

/**
 * The nondeterminism of a {@link Harness}: every decision the program leaves open goes through here, so
 * that a checker can try every alternative. Under capcheck's own {@link Explorer} each call is a choice
 * point of a stateless depth-first search by re-execution; under Java PathFinder the same calls become
 * JPF choice generators ({@code gov.nasa.jpf.vm.Verify}).
 */
public interface Choices {

    /**
     * A value in {@code min..max} (both inclusive); every value is explored, in ascending order. When
     * {@code min == max} there is nothing to choose: the call is no choice point and is not recorded
     * in counterexamples.
     */
    int chooseInt(int min, int max);

    /** false or true; both are explored, false first. */
    boolean chooseBoolean();

    /** Abandons the current path (neither a violation nor a success) when {@code condition} holds. */
    void ignoreIf(boolean condition);

    /**
     * Offers the program's state at this point for state matching: if an equal state was already offered
     * at this point or an earlier one (counting the {@code matchState} calls of a run), everything that
     * can follow was explored already, and the explorer abandons the path. The bytes must capture all the
     * state the rest of the run depends on, apart from how many {@code matchState} calls came before.
     * Under JPF this does nothing: JPF matches the whole program state itself.
     */
    void matchState(byte[] state);

    /**
     * Records what the program just did, in words, for counterexamples: the explorer shows these lines
     * when it replays a violating path. Costs nothing during the search.
     */
    void trace(String step);

    /**
     * Whether {@link #matchState} uses the states offered: false under JPF, which matches the program's
     * whole state itself. A harness can skip encoding its state otherwise.
     */
    default boolean matchesStates() {
        return true;
    }

    /**
     * Whether {@link #trace} lines are kept: only when a path is replayed for its counterexample. A
     * harness can skip building them otherwise (under JPF that saves interpreting the string building
     * on every path).
     */
    default boolean tracing() {
        return true;
    }

    /**
     * A point where a checker that matches the program's whole state (JPF) may store it and end the path
     * if it was there before: JPF breaks its transition here ({@code Verify.breakTransition}), so the
     * state is matched here as well as at the choices. The native explorer matches only what
     * {@link #matchState} offers, and ignores this. Use it before costly work that depends only on the
     * program's state (such as checking invariants), once the heap holds nothing history-dependent:
     * then JPF does that work once per state rather than once per path into it.
     */
    default void checkpoint() {
    }

    /** One of {@code options}, each explored. */
    default <T> T choose(List<T> options) {
        if (options.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        return options.get(chooseInt(0, options.size() - 1));
    }
}
