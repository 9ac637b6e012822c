package org.capcheck.fuzz.vectors;

import java.util.List;
import org.capcheck.json.JsonWriter;

/**
 * What a vector run produced.
 *
 * @param options      the options it ran with
 * @param traces       traces written (fewer than asked when interrupted or when a finding stopped it)
 * @param invocations  invocation lines written
 * @param checks       check lines written
 * @param coverage     the (operation, error) pairs of the expected results
 * @param finding      null, or where cap-core and the specification disagreed (the vectors then stop:
 *                     an expectation the two do not agree on is not one to hand to another kernel)
 * @param interrupted  stopped by the user before all traces were written
 */
public record VectorResult(VectorOptions options, int traces, long invocations, long checks, Coverage coverage,
                           String finding, boolean interrupted) {

    /** The summary for people: counts, coverage by operation, the cross-check's verdict. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(traces).append(traces == 1 ? " trace" : " traces").append(" (seed ").append(options.seed())
                .append(", up to ").append(options.opsPerTrace()).append(" invocations per trace): ")
                .append(invocations).append(invocations == 1 ? " invocation, " : " invocations, ")
                .append(checks).append(checks == 1 ? " check line" : " check lines").append('\n');
        List<ReachablePairs.Pair> missing = coverage.missing();
        b.append("coverage: ").append(coverage.coveredCount()).append(" of ").append(ReachablePairs.all().size())
                .append(" (operation, error) pairs reachable through captrace v1")
                .append(missing.isEmpty() ? " (all)" : "; missing " + missing.size() + ": " + missing).append('\n');
        b.append(coverage.text());
        if (!coverage.outsideTable().isEmpty()) {
            b.append("pairs outside the table of reachable pairs: ").append(coverage.outsideTable()).append('\n');
        }
        if (finding != null) {
            b.append("FINDING: cap-core and the specification disagree; vectors stopped there:\n")
                    .append(finding.stripTrailing()).append('\n');
        } else {
            b.append("expected results: cap-core's, cross-checked with the specification (cap-spec) on every "
                    + "invocation: no difference\n");
        }
        if (interrupted) {
            b.append("stopped by the user after ").append(traces).append(" of ").append(options.count())
                    .append(" traces\n");
        }
        return b.toString();
    }

    /** The same as JSON; {@code files} lists the files written, in order. */
    public String json(List<String> files) {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("outcome", finding != null ? "finding" : interrupted ? "interrupted" : "complete");
        j.field("seed", options.seed()).field("count", options.count()).field("ops_per_trace", options.opsPerTrace());
        j.field("traces", traces).field("invocations", invocations).field("checks", checks);
        j.field("reachable_pairs", ReachablePairs.all().size()).field("covered_pairs", coverage.coveredCount());
        j.name("missing").beginArray();
        for (ReachablePairs.Pair p : coverage.missing()) {
            j.value(p.toString());
        }
        j.endArray();
        j.name("pairs");
        coverage.json(j);
        if (finding != null) {
            j.field("finding", finding);
        }
        j.name("files").beginArray();
        for (String f : files) {
            j.value(f);
        }
        j.endArray();
        return j.endObject().toString();
    }
}
