package org.capcheck.engine;

import org.capcheck.json.JsonWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a check found: the result, the counts, each property's outcome, any violation's trace and an
 * example trace for each sometimes property reached. The {@code assert...} methods throw a plain
 * {@link AssertionError} (so JUnit, TestNG or a {@code main} method report it alike) whose message holds
 * the trace:
 *
 * <pre>{@code
 * Checker.of(model).bfs().run().assertAlwaysHolds();
 * Trace<S, A> example = report.assertReached("AllCommitted");
 * Trace<S, A> counterexample = buggyReport.assertViolated("TCConsistent");
 * }</pre>
 */
public final class Report<S, A> implements Verdict<Trace<S, A>> {

    /** The overall result; {@link #label()} is the report's spelling. */
    public enum Result {
        /** Every always property holds over the whole (bounded) state space. */
        OK,
        /** An always property (or deadlock freedom) failed; see {@link #violations()}. */
        VIOLATION,
        /** A bound stopped the run, it was interrupted, ran short of memory, or was a simulation. */
        INCOMPLETE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Result result;
    private final boolean complete;
    private final String stopReason;
    private final Strategy strategy;
    private final int workers;
    private final boolean exact;
    private final long distinctStates;
    private final long generatedStates;
    private final int maxDepth;
    private final double seconds;
    private final Long seed;
    private final double collisionProbability;
    private final long visitedBytes;
    private final List<PropertyResult> properties;
    private final List<Violation<S, A>> violations;
    private final Map<String, Trace<S, A>> examples;
    /** Examples shown as their last state alone: the path was past the rebuilding budget. */
    private final java.util.Set<String> statesOnly;

    Report(Result result, boolean complete, String stopReason, Strategy strategy, int workers, boolean exact,
            long distinctStates, long generatedStates, int maxDepth, double seconds, Long seed,
            double collisionProbability, long visitedBytes, List<PropertyResult> properties,
            List<Violation<S, A>> violations, Map<String, Trace<S, A>> examples, java.util.Set<String> statesOnly) {
        this.result = result;
        this.complete = complete;
        this.stopReason = stopReason;
        this.strategy = strategy;
        this.workers = workers;
        this.exact = exact;
        this.distinctStates = distinctStates;
        this.generatedStates = generatedStates;
        this.maxDepth = maxDepth;
        this.seconds = seconds;
        this.seed = seed;
        this.collisionProbability = collisionProbability;
        this.visitedBytes = visitedBytes;
        this.properties = List.copyOf(properties);
        this.violations = List.copyOf(violations);
        this.examples = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(examples));
        this.statesOnly = java.util.Set.copyOf(statesOnly);
    }

    public Result result() {
        return result;
    }

    /** Whether the whole state space within the bounds was explored. */
    public boolean complete() {
        return complete;
    }

    /**
     * Why the run stopped early: "violation", "max-depth", "max-states", "timeout", "interrupted",
     * "out-of-memory" or "simulation"; null for a complete run.
     */
    public String stopReason() {
        return stopReason;
    }

    public Strategy strategy() {
        return strategy;
    }

    public int workers() {
        return workers;
    }

    public boolean exact() {
        return exact;
    }

    public long distinctStates() {
        return distinctStates;
    }

    /** Initial states plus every successor computed, duplicates included (TLC's "states generated"). */
    public long generatedStates() {
        return generatedStates;
    }

    /** The largest number of actions from an initial state to a reached state. */
    public int maxDepth() {
        return maxDepth;
    }

    public double seconds() {
        return seconds;
    }

    /** Distinct states per second of the whole run. */
    public double statesPerSecond() {
        return seconds > 0 ? distinctStates / seconds : 0;
    }

    /** The seed of a simulation; empty for bfs and dfs, which make no random choice. */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** TLC's optimistic estimate (see {@link FingerprintSet#collisionProbability}); 0 in exact mode. */
    public double collisionProbability() {
        return collisionProbability;
    }

    /** Bytes held by the visited set. */
    public long visitedBytes() {
        return visitedBytes;
    }

    public double visitedBytesPerState() {
        return distinctStates == 0 ? 0 : (double) visitedBytes / distinctStates;
    }

    public List<PropertyResult> properties() {
        return properties;
    }

    /** The outcome of the property named {@code name}, or null if there is no such property. */
    public PropertyResult.Outcome outcome(String name) {
        for (PropertyResult p : properties) {
            if (p.name().equals(name)) {
                return p.outcome();
            }
        }
        return null;
    }

    public List<Violation<S, A>> violations() {
        return violations;
    }

    /**
     * The example of the sometimes property named {@code name}: a trace to the first state found that
     * satisfies it (a shortest one under bfs). Empty when the property was not reached. After a bfs run of
     * millions of states, rebuilding the path can cost more than it is worth: past a budget of states the
     * example is that state alone, a trace of no step (see {@link #exampleIsStateOnly}).
     */
    public Optional<Trace<S, A>> example(String name) {
        return Optional.ofNullable(examples.get(name));
    }

    /** Whether the example of {@code name} is its state alone, its path having been past the rebuilding budget. */
    public boolean exampleIsStateOnly(String name) {
        return statesOnly.contains(name);
    }

    /** Every reached sometimes property's example, in the model's order of properties. */
    public Map<String, Trace<S, A>> examples() {
        return examples;
    }

    /**
     * Passes when every always property holds over the whole bounded state space (a complete run without
     * a violation). Fails with the counterexample's trace on a violation, and with the stop reason when the
     * run was incomplete (nothing is proven about the states it did not reach; for simulations, whose runs
     * are never complete, use {@link #assertNoViolationFound()}).
     */
    public Report<S, A> assertAlwaysHolds() {
        if (!violations.isEmpty()) {
            throw new AssertionError("expected every always property to hold, but " + describe(violations.get(0)));
        }
        if (!complete) {
            throw new AssertionError("expected every always property to hold, but the run was incomplete ("
                    + stopReason + ") after " + count(distinctStates) + " distinct states: the properties were "
                    + "not checked beyond them");
        }
        return this;
    }

    /** Passes when the run found no violation, complete or not (for simulations and bounded runs). */
    public Report<S, A> assertNoViolationFound() {
        if (!violations.isEmpty()) {
            throw new AssertionError("expected no violation, but " + describe(violations.get(0)));
        }
        return this;
    }

    /**
     * Passes when the always property (or {@code deadlock-free}) named {@code name} was violated, and
     * returns the counterexample. Fails saying what happened instead: it held, the run stopped first, or
     * another property was violated (with that trace).
     */
    public Trace<S, A> assertViolated(String name) {
        PropertyResult p = property(name);
        for (Violation<S, A> v : violations) {
            if (v.property().equals(name)) {
                return v.trace();
            }
        }
        if (p.kind() == Property.Kind.SOMETIMES) {
            throw new AssertionError("'" + name + "' is a sometimes property: it is reached or not, never "
                    + "violated (use assertReached)");
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("expected '" + name + "' to be violated, but the run stopped at another "
                    + "violation: " + describe(violations.get(0)));
        }
        throw new AssertionError("expected '" + name + "' to be violated, but it "
                + (complete ? "holds in all " + count(distinctStates) + " reachable states"
                        : "held in the " + count(distinctStates) + " states explored before the run stopped ("
                                + stopReason + ")"));
    }

    /**
     * Passes when the sometimes property named {@code name} was reached, and returns its example trace.
     * Fails saying whether it was not reached over the whole bounded space or the run stopped first.
     */
    public Trace<S, A> assertReached(String name) {
        PropertyResult p = property(name);
        if (p.kind() != Property.Kind.SOMETIMES) {
            throw new AssertionError("'" + name + "' is an always property: it holds or is violated, never "
                    + "reached (use assertAlwaysHolds or assertViolated)");
        }
        Trace<S, A> example = examples.get(name);
        if (example != null) {
            return example;
        }
        if (p.outcome() == PropertyResult.Outcome.NOT_REACHED) {
            throw new AssertionError("expected '" + name + "' to be reached, but no state of the "
                    + count(distinctStates) + " reachable ones satisfies it: the model or its bounds may be vacuous");
        }
        throw new AssertionError("expected '" + name + "' to be reached, but the run stopped (" + stopReason
                + ") after " + count(distinctStates) + " distinct states without reaching it"
                + (violations.isEmpty() ? "" : ", at " + describe(violations.get(0))));
    }

    private PropertyResult property(String name) {
        for (PropertyResult p : properties) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        List<String> names = new java.util.ArrayList<>();
        properties.forEach(p -> names.add("'" + p.name() + "'"));
        throw new AssertionError("the model has no property named '" + name + "'; its properties: "
                + String.join(", ", names));
    }

    private String describe(Violation<S, A> v) {
        return "'" + v.property() + "' is violated; counterexample (" + steps(v.steps()) + "):\n" + v.toText();
    }

    private static String steps(int n) {
        return n + (n == 1 ? " step" : " steps");
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The final summary for people: counts, timing, properties, and each violation's trace. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        switch (result) {
            case OK:
                out.append("No violation: every always property holds in all ").append(String.format(Locale.ROOT, "%,d", distinctStates))
                        .append(" reachable states").append(complete ? "" : " explored").append(".\n");
                break;
            case VIOLATION:
                out.append("Violation of '").append(violations.get(0).property()).append("'");
                for (PropertyResult p : properties) {
                    if (p.outcome() == PropertyResult.Outcome.VIOLATED && !p.name().equals(violations.get(0).property())) {
                        out.append(" and '").append(p.name()).append("'");
                    }
                }
                out.append(" (depth ").append(violations.get(0).steps()).append(").\n");
                break;
            default:
                out.append("Incomplete (").append(stopReason).append("): no violation in the ")
                        .append(String.format(Locale.ROOT, "%,d", distinctStates)).append(" states explored.\n");
        }
        out.append(String.format(Locale.ROOT,
                "%,d states generated, %,d distinct states, depth %d, %.2f s (%,.0f states/s), %s with %d worker%s%s.%n",
                generatedStates, distinctStates, maxDepth, seconds, statesPerSecond(), strategy.label(), workers,
                workers == 1 ? "" : "s", exact ? ", exact" : ""));
        if (!exact) {
            out.append(String.format(Locale.ROOT,
                    "Fingerprint collision probability (optimistic): %.1E; visited set %.1f bytes/state.%n",
                    collisionProbability, visitedBytesPerState()));
        }
        if (seed != null) {
            out.append("Seed: ").append(seed).append('\n');
        }
        out.append("(Generated counts every successor computed, duplicates included; distinct states are the ones "
                + "checked; depth is the most steps from an initial state. See docs/model-checker.md.)\n");
        for (PropertyResult p : properties) {
            boolean warn = p.outcome() == PropertyResult.Outcome.NOT_REACHED;
            out.append(warn ? "  warning: " : "  ").append(p).append('\n');
        }
        for (Violation<S, A> v : violations) {
            out.append("Counterexample to '").append(v.property()).append("' (").append(steps(v.steps()))
                    .append("):\n").append(v.toText());
        }
        for (Map.Entry<String, Trace<S, A>> e : examples.entrySet()) {
            out.append("Example of '").append(e.getKey()).append("'").append(statesOnly.contains(e.getKey())
                    ? " (the state alone: its path was not rebuilt, past " + count(TraceFinder.EXAMPLE_BUDGET) + " states)"
                    : " (" + steps(e.getValue().length()) + ")").append(":\n").append(e.getValue().toText());
        }
        return out.toString();
    }

    /** The report as JSON; the keys are documented in docs/model-checker.md. */
    public String toJson() {
        JsonWriter json = new JsonWriter();
        json.beginObject();
        json.name("result").value(result.label());
        json.name("complete").value(complete);
        json.name("stop_reason").value(stopReason);
        json.name("strategy").value(strategy.label());
        json.name("workers").value(workers);
        json.name("exact").value(exact);
        json.name("distinct_states").value(distinctStates);
        json.name("generated_states").value(generatedStates);
        json.name("max_depth").value(maxDepth);
        json.name("seconds").value(seconds);
        json.name("states_per_second").value(statesPerSecond());
        json.name("collision_probability").value(collisionProbability);
        json.name("visited_bytes").value(visitedBytes);
        json.name("seed");
        if (seed == null) {
            json.nullValue();
        } else {
            json.value(seed.longValue());
        }
        json.name("properties").beginArray();
        for (PropertyResult p : properties) {
            json.beginObject();
            json.name("name").value(p.name());
            json.name("kind").value(p.kind().label());
            json.name("outcome").value(p.outcome().label());
            json.endObject();
        }
        json.endArray();
        json.name("violations").beginArray();
        for (Violation<S, A> v : violations) {
            json.beginObject();
            json.name("property").value(v.property());
            json.name("steps").value(v.steps());
            if (v.thrown() != null) {
                json.name("failed_action");
                if (v.failedAction() == null) {
                    json.nullValue();
                } else {
                    json.value(v.failedAction());
                }
                json.name("exception").value(v.thrown().getClass().getName());
                json.name("message");
                if (v.thrown().getMessage() == null) {
                    json.nullValue();
                } else {
                    json.value(v.thrown().getMessage());
                }
            }
            json.name("explanation").beginArray();
            for (String line : v.explanation()) {
                json.value(line);
            }
            json.endArray();
            json.name("trace");
            v.trace().writeJson(json);
            json.endObject();
        }
        json.endArray();
        json.name("examples").beginArray();
        for (Map.Entry<String, Trace<S, A>> e : examples.entrySet()) {
            json.beginObject();
            json.name("property").value(e.getKey());
            json.name("trace");
            e.getValue().writeJson(json);
            json.endObject();
        }
        json.endArray();
        json.endObject();
        return json.toString() + "\n";
    }
}
