package org.capcheck.fuzz;

import java.io.IOException;
import java.util.function.Consumer;
import org.capcheck.core.Mutant;
import org.capcheck.engine.Model;
import org.capcheck.json.JsonWriter;

/**
 * A fuzz campaign: a target run with the given options until the budget is spent, the user stops it
 * or a violation is found (then shrunk, and its reproducer written).
 */
public final class Campaign {
    /**
     * How a campaign ended.
     *
     * @param options     what it ran with
     * @param stats       what it did
     * @param finding     the shrunk failure, or null
     * @param interrupted whether the user stopped it early
     */
    public record Result(CampaignOptions options, Statistics stats, Finding finding, boolean interrupted) {

        /** The report as JSON ({@code capcheck fuzz --json}). */
        public String json() {
            JsonWriter w = new JsonWriter().beginObject();
            w.field("format", "capcheck-fuzz").field("version", 1);
            w.field("outcome", finding != null ? "failure" : interrupted ? "interrupted" : "no-failure");
            w.field("engine", "random");
            w.field("seed", options.seed());
            w.field("mutant", options.mutant() == Mutant.NONE ? null : options.mutant().name());
            w.field("check_every", options.checkEvery());
            w.field("refine_every", options.refineEvery());
            w.field("run_length", options.runLength());
            w.field("weights", options.weights().toString());
            stats.json(w);
            w.name("finding");
            if (finding == null) {
                w.nullValue();
            } else {
                w.beginObject();
                w.field("kind", finding.violation().kind().name());
                w.field("message", finding.violation().message());
                w.field("found_after_invocations", finding.foundAfter());
                w.field("original_steps", finding.originalSteps());
                w.field("shrunk_steps", finding.steps().size());
                w.name("steps").beginArray();
                for (String s : finding.steps()) {
                    w.value(s);
                }
                w.endArray();
                w.field("reproducer", finding.reproducer() == null ? null : finding.reproducer().toString());
                w.field("replay_command", finding.replayCommand());
                w.endObject();
            }
            return w.endObject().toString();
        }
    }

    private Campaign() {
    }

    /**
     * A campaign over a user's own state machine, written as a capcheck-engine {@link Model}: random walks
     * with every always property checked after every step, and a shrunk reproducer on failure, e.g.
     * {@code Campaign.over(machine).seed(1).steps(10_000).assertNoFailure()}.
     */
    public static <S, A> ModelCampaign<S, A> over(Model<S, A> model) {
        return new ModelCampaign<>(model);
    }

    /**
     * Runs a campaign.
     *
     * @param progress receives progress lines (about one a second)
     * @throws IOException if the reproducer cannot be written
     */
    public static Result run(Target target, CampaignOptions options, Stop stop, Consumer<String> progress)
            throws IOException {
        Statistics stats = new Statistics(target.name(), target.operationNames());
        stats.start();
        Finding f;
        try {
            f = target.run(options, stats, stop, progress);
        } finally {
            stats.finish();
        }
        return new Result(options, stats, f, f == null && stop.interrupted());
    }
}
