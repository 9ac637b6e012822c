package org.capcheck.jpf;

/**
 * A program to check exhaustively, like a Java PathFinder test driver: it makes its nondeterministic
 * decisions through {@link Choices} and signals a violation by throwing (an {@link AssertionError},
 * usually; any exception that escapes {@link #run} counts as one). It must be deterministic apart from
 * its choices: the same choices must lead to the same behaviour, because the explorer re-executes it to
 * reach each alternative. It must not catch {@link Throwable} or {@link Error} around calls to
 * {@link Choices}, which end paths by throwing.
 */
public interface Harness {

    /** The name it is known by ({@code --harness NAME}). */
    String name();

    /** One line for people. */
    default String description() {
        return "";
    }

    /** Runs the program once, along the path the choices select. */
    void run(Choices choices);

    /** A harness from a name and a body, for tests and examples. */
    static Harness of(String name, String description, java.util.function.Consumer<Choices> body) {
        return new Harness() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void run(Choices choices) {
                body.accept(choices);
            }
        };
    }
}
