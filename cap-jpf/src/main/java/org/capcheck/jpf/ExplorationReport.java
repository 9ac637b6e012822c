package org.capcheck.jpf;

import java.util.List;
import java.util.Locale;
import org.capcheck.json.JsonWriter;
import org.capcheck.engine.Report;
import org.capcheck.engine.Verdict;

/**
 * What an {@link Explorer} search found: the result, the counts, and the counterexample if a run
 * violated an assertion. It is a {@link Verdict}, as the engine's {@link Report} is: the same result,
 * stop reasons ({@link Verdict.StopReason}) and assertions, whose {@link AssertionError} message holds
 * the counterexample; the wording of {@link #summary()} and the keys of {@link #toJson()} follow the
 * engine's.
 *
 * <pre>{@code
 * Explorer.of(Harnesses.named("cap-revoke")).statelessDfs().run().assertAlwaysHolds();
 * ExplorationReport.Counterexample lost = Explorer.of(racy).statelessDfs().run()
 *         .assertViolated(ExplorationReport.PROPERTY);
 * }</pre>
 */
public final class ExplorationReport implements Verdict<ExplorationReport.Counterexample> {

    /**
     * A violating path.
     *
     * @param failure the exception's class and message
     * @param choices the choices that lead to it, in order: {@link Explorer#replay} reproduces it
     * @param trace   the harness's {@link Choices#trace} lines along it
     */
    public record Counterexample(String failure, int[] choices, List<String> trace) {
        public Counterexample {
            choices = choices.clone();
            trace = List.copyOf(trace);
        }

        @Override
        public int[] choices() {
            return choices.clone();
        }

        /** The choices as {@code 0,3,1}. */
        public String choiceList() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < choices.length; i++) {
                out.append(i == 0 ? "" : ",").append(choices[i]);
            }
            return out.toString();
        }
    }

    /** The name of the one property an exploration checks: no assertion fails, nothing is thrown. */
    public static final String PROPERTY = "assertions";

    private final String harness;
    private final String stopReason;
    private final long runs;
    private final long choicePoints;
    private final long distinctStates;
    private final long revisits;
    private final long ignoredPaths;
    private final int maxDepth;
    private final double seconds;
    private final boolean exact;
    private final Counterexample counterexample;

    ExplorationReport(String harness, String stopReason, long runs, long choicePoints, long distinctStates,
                      long revisits, long ignoredPaths, int maxDepth, double seconds, boolean exact,
                      Counterexample counterexample) {
        this.harness = harness;
        this.stopReason = stopReason;
        this.runs = runs;
        this.choicePoints = choicePoints;
        this.distinctStates = distinctStates;
        this.revisits = revisits;
        this.ignoredPaths = ignoredPaths;
        this.maxDepth = maxDepth;
        this.seconds = seconds;
        this.exact = exact;
        this.counterexample = counterexample;
    }

    @Override
    public Report.Result result() {
        return counterexample != null ? Report.Result.VIOLATION
                : stopReason == null ? Report.Result.OK : Report.Result.INCOMPLETE;
    }

    /** Whether every path was explored (no bound cut the search short). */
    @Override
    public boolean complete() {
        return stopReason == null;
    }

    /**
     * As the engine spells it ({@link Verdict.StopReason}): "violation", "max-depth" (a run was cut at the
     * choice bound), "max-runs", "timeout", "interrupted" or "out-of-memory"; null for a complete search.
     */
    @Override
    public String stopReason() {
        return stopReason;
    }

    public String harness() {
        return harness;
    }

    /** Runs of the harness, each one path (or the start of one, up to a matched state). */
    public long runs() {
        return runs;
    }

    /** Choice points created: nodes of the choice tree. */
    public long choicePoints() {
        return choicePoints;
    }

    /** Distinct states offered through {@link Choices#matchState}. */
    public long distinctStates() {
        return distinctStates;
    }

    /** Runs ended because their state had been explored already. */
    public long revisits() {
        return revisits;
    }

    /** Runs ended by {@link Choices#ignoreIf}. */
    public long ignoredPaths() {
        return ignoredPaths;
    }

    /** The most choices one run made. */
    public int maxDepth() {
        return maxDepth;
    }

    public double seconds() {
        return seconds;
    }

    public double runsPerSecond() {
        return seconds > 0 ? runs / seconds : 0;
    }

    /** The violating path, or null. */
    public Counterexample counterexample() {
        return counterexample;
    }

    /**
     * Passes when no run violated an assertion and every path was explored (within the choice bound
     * nothing was cut). Fails with the counterexample on a violation, and with the stop reason when the
     * search was incomplete.
     */
    @Override
    public ExplorationReport assertAlwaysHolds() {
        if (counterexample != null) {
            throw new AssertionError("expected every assertion of " + harness + " to hold, but " + describe());
        }
        if (!complete()) {
            throw new AssertionError("expected every assertion of " + harness + " to hold, but the search was "
                    + "incomplete (" + stopReason + ") after " + fmt(runs) + " runs: the paths beyond were not explored");
        }
        return this;
    }

    /** Passes when no run violated an assertion, whether or not every path was explored. */
    @Override
    public ExplorationReport assertNoViolationFound() {
        if (counterexample != null) {
            throw new AssertionError("expected no violation in " + harness + ", but " + describe());
        }
        return this;
    }

    /**
     * Passes when {@value #PROPERTY}, the one property a harness has, was violated, and returns the
     * counterexample; fails saying whether every path held or the search stopped first.
     */
    @Override
    public Counterexample assertViolated(String name) {
        if (!PROPERTY.equals(name)) {
            throw new AssertionError("a harness has no property named '" + name + "'; its one property: '"
                    + PROPERTY + "'");
        }
        if (counterexample != null) {
            return counterexample;
        }
        throw new AssertionError("expected '" + PROPERTY + "' to be violated in " + harness + ", but it "
                + (complete() ? "holds on all " + fmt(runs) + " runs"
                        : "held on the " + fmt(runs) + " runs before the search stopped (" + stopReason + ")"));
    }

    private String describe() {
        return "'" + PROPERTY + "' is violated: " + counterexample.failure() + "\n" + counterexampleText();
    }

    /** The counterexample as the summary prints it: its choices, the harness's trace lines, the failure. */
    private String counterexampleText() {
        StringBuilder out = new StringBuilder();
        out.append("Counterexample (").append(counterexample.choices().length).append(" choices: ")
                .append(counterexample.choiceList()).append("):\n");
        int i = 1;
        for (String step : counterexample.trace()) {
            out.append("  ").append(i++).append(". ").append(step).append('\n');
        }
        out.append("  => ").append(counterexample.failure()).append('\n');
        return out.toString();
    }

    /** The final summary for people, worded as the engine's. */
    @Override
    public String summary() {
        StringBuilder out = new StringBuilder();
        switch (result()) {
            case OK:
                out.append("No violation: every assertion holds on all ").append(fmt(runs))
                        .append(" runs of ").append(harness).append(".\n");
                break;
            case VIOLATION:
                out.append("Violation of ").append(PROPERTY).append(" in ").append(harness).append(": ")
                        .append(counterexample.failure()).append('\n');
                break;
            default:
                out.append("Incomplete (").append(stopReason).append("): no violation in the ").append(fmt(runs))
                        .append(" runs of ").append(harness).append(" explored.\n");
        }
        out.append(String.format(Locale.ROOT,
                "%,d runs, %,d choice points, %,d distinct states, %,d revisits pruned, %,d paths ignored, depth %d, "
                        + "%.2f s (%,.0f runs/s), stateless dfs by re-execution%s.%n",
                runs, choicePoints, distinctStates, revisits, ignoredPaths, maxDepth, seconds, runsPerSecond(),
                exact ? ", exact" : ""));
        if (counterexample != null) {
            out.append(counterexampleText());
        }
        return out.toString();
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The report as JSON, with the engine's keys where they apply (see docs/jpf.md). */
    @Override
    public String toJson() {
        JsonWriter json = new JsonWriter();
        json.beginObject();
        json.name("result").value(result().label());
        json.name("complete").value(complete());
        json.name("stop_reason").value(stopReason);
        json.name("engine").value("native");
        json.name("strategy").value("stateless-dfs");
        json.name("harness").value(harness);
        json.name("runs").value(runs);
        json.name("choice_points").value(choicePoints);
        json.name("distinct_states").value(distinctStates);
        json.name("revisits").value(revisits);
        json.name("ignored_paths").value(ignoredPaths);
        json.name("max_depth").value(maxDepth);
        json.name("seconds").value(seconds);
        json.name("runs_per_second").value(runsPerSecond());
        json.name("exact").value(exact);
        json.name("properties").beginArray();
        json.beginObject();
        json.name("name").value(PROPERTY);
        json.name("kind").value("always");
        json.name("outcome").value(counterexample != null ? "violated" : complete() ? "holds" : "unknown");
        json.endObject();
        json.endArray();
        json.name("violations").beginArray();
        if (counterexample != null) {
            json.beginObject();
            json.name("property").value(PROPERTY);
            json.name("failure").value(counterexample.failure());
            json.name("choices").beginArray();
            for (int c : counterexample.choices()) {
                json.value(c);
            }
            json.endArray();
            json.name("trace").beginArray();
            for (String step : counterexample.trace()) {
                json.value(step);
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
        json.endObject();
        return json.toString() + "\n";
    }
}
