package org.capcheck.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Shrinks a failing sequence to a small one that still fails: first Zeller's delta debugging
 * (ddmin) over the steps, then argument simplification (each argument replaced, in turn, by simpler
 * candidates while the failure persists). A sequence "still fails" when re-running it from a fresh
 * boot, with every step checked, shows a violation of the same kind; the sequence is then cut just
 * after that violation's step.
 *
 * @param <T> a step
 */
public final class Shrinker<T> {
    /** Re-runs a sequence: the first violation, or null if it passes (or cannot be run). */
    public interface Oracle<T> {
        Violation firstViolation(List<T> steps);
    }

    private final Oracle<T> oracle;
    private final Function<T, List<T>> simpler;
    private final Predicate<Violation> same;
    private final int maxTests;
    private int tests;

    /**
     * @param oracle  re-runs a sequence
     * @param simpler the simpler variants of a step to try, simplest first
     * @param kind    the kind of violation to keep
     * @param maxTests the most re-runs (a bound on the time spent)
     */
    public Shrinker(Oracle<T> oracle, Function<T, List<T>> simpler, Violation.Kind kind, int maxTests) {
        this(oracle, simpler, v -> v.kind() == kind, maxTests);
    }

    /**
     * @param same which violations count as the same failure (a model campaign keeps the same property)
     */
    public Shrinker(Oracle<T> oracle, Function<T, List<T>> simpler, Predicate<Violation> same, int maxTests) {
        this.oracle = oracle;
        this.simpler = simpler;
        this.same = same;
        this.maxTests = maxTests;
    }

    public int tests() {
        return tests;
    }

    /** The cut sequence if it fails as wanted, else null. */
    private List<T> fails(List<T> steps) {
        if (steps.isEmpty() || tests >= maxTests) {
            return null;
        }
        tests++;
        Violation v = oracle.firstViolation(steps);
        if (v == null || !same.test(v)) {
            return null;
        }
        return new ArrayList<>(steps.subList(0, v.step() + 1));
    }

    /** A minimal failing sequence (1-minimal for removal of steps, within the test bound). */
    public List<T> shrink(List<T> failing) {
        List<T> current = fails(failing);
        if (current == null) {
            return failing; // not reproducible on re-run: hand back what we have
        }
        current = ddmin(current);
        current = simplifyArguments(current);
        return ddmin(current);
    }

    private List<T> ddmin(List<T> seq) {
        int n = 2;
        while (seq.size() >= 2 && tests < maxTests) {
            int chunk = (seq.size() + n - 1) / n;
            boolean reduced = false;
            for (int start = 0; start < seq.size() && !reduced; start += chunk) {
                int end = Math.min(seq.size(), start + chunk);
                // the complement of [start, end)
                List<T> complement = new ArrayList<>(seq.subList(0, start));
                complement.addAll(seq.subList(end, seq.size()));
                List<T> cut = fails(complement);
                if (cut != null) {
                    seq = cut;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                }
            }
            if (!reduced) {
                if (n >= seq.size()) {
                    break;
                }
                n = Math.min(seq.size(), 2 * n);
            }
        }
        return seq;
    }

    private List<T> simplifyArguments(List<T> seq) {
        boolean changed = true;
        for (int pass = 0; changed && pass < 3 && tests < maxTests; pass++) {
            changed = false;
            for (int i = 0; i < seq.size() && tests < maxTests; i++) {
                for (T candidate : simpler.apply(seq.get(i))) {
                    List<T> trial = new ArrayList<>(seq);
                    trial.set(i, candidate);
                    List<T> cut = fails(trial);
                    if (cut != null && cut.size() >= i + 1) {
                        seq = cut;
                        changed = true;
                        break;
                    }
                }
            }
        }
        return seq;
    }
}
