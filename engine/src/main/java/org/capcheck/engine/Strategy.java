package org.capcheck.engine;

import java.util.Locale;

/**
 * How the engine walks the state space: chosen by the terminal call of {@link Checker#of}'s builder
 * ({@code bfs()}, {@code dfs()}, {@code simulate(seed, walks)}) and reported in {@link Report#strategy()}.
 */
public enum Strategy {
    /** Breadth-first, level by level: shortest counterexamples; the only strategy that uses several workers. */
    BFS,
    /** Depth-first with an explicit stack: memory for the path only, besides the visited set. */
    DFS,
    /** Seeded random walks from the initial states: for spaces too large to exhaust; never complete. */
    SIMULATE;

    /** The strategy named {@code name} ("bfs", "dfs", "simulate"), ignoring case. */
    public static Strategy named(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
