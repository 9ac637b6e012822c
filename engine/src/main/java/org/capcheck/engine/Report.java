package org.capcheck.engine;

import org.capcheck.json.JsonWriter;
import java.util.List;
import java.util.Locale;

/** What a check found: the result, the counts, each property's outcome and any violation's trace. */
public final class Report<S, A> {

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
    private final long seed;
    private final double collisionProbability;
    private final long visitedBytes;
    private final List<PropertyResult> properties;
    private final List<Violation<S, A>> violations;

    Report(Result result, boolean complete, String stopReason, Strategy strategy, int workers, boolean exact,
            long distinctStates, long generatedStates, int maxDepth, double seconds, long seed,
            double collisionProbability, long visitedBytes, List<PropertyResult> properties,
            List<Violation<S, A>> violations) {
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

    public long seed() {
        return seed;
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

    /** The final summary for people: counts, timing, properties, and each violation's trace. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        switch (result) {
            case OK:
                out.append("No violation: every always property holds in all ").append(String.format(Locale.ROOT, "%,d", distinctStates))
                        .append(" reachable states").append(complete ? "" : " explored").append(".\n");
                break;
            case VIOLATION:
                out.append("Violation of ").append(violations.get(0).property()).append(".\n");
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
        out.append("Seed: ").append(seed).append('\n');
        for (PropertyResult p : properties) {
            boolean warn = p.outcome() == PropertyResult.Outcome.NOT_REACHED;
            out.append(warn ? "  warning: " : "  ").append(p).append('\n');
        }
        for (Violation<S, A> v : violations) {
            out.append("Counterexample to ").append(v.property()).append(" (").append(v.trace().length())
                    .append(" steps):\n").append(v.trace().toText());
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
        json.name("seed").value(seed);
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
            json.name("trace");
            v.trace().writeJson(json);
            json.endObject();
        }
        json.endArray();
        json.endObject();
        return json.toString() + "\n";
    }
}
