package org.capcheck.proofs;

import java.util.List;
import org.capcheck.json.JsonWriter;
import org.capcheck.proofs.encoding.Invariant;

/** The results of a run of obligations, as the table {@code capcheck prove} prints and as JSON. */
public record ProofReport(List<Result> results, long millis, int bound) {

    public boolean allProved() {
        for (Result r : results) {
            if (!r.outcome().proved()) {
                return false;
            }
        }
        return true;
    }

    public long count(Outcome o) {
        return results.stream().filter(r -> r.outcome() == o).count();
    }

    /** One row per obligation: name, outcome, time; then the details of anything not proved, then a summary. */
    public String table() {
        int w = "obligation".length();
        for (Result r : results) {
            w = Math.max(w, r.obligation().name().length());
        }
        int ow = "proved up to 99 slots".length();
        StringBuilder b = new StringBuilder();
        b.append(pad("obligation", w)).append("  ").append(pad("outcome", ow)).append("  time (ms)\n");
        for (Result r : results) {
            b.append(pad(r.obligation().name(), w)).append("  ").append(pad(r.outcomeText(), ow)).append("  ")
                    .append(String.format("%9d", r.millis())).append('\n');
        }
        for (Result r : results) {
            if (!r.outcome().proved()) {
                b.append('\n').append(r.obligation().name()).append(": ").append(r.outcomeText()).append('\n')
                        .append(r.detail().strip()).append('\n');
            }
        }
        b.append('\n').append(results.size()).append(" obligations: ").append(count(Outcome.PROVED))
                .append(" proved for every number of slots, ").append(count(Outcome.PROVED_UP_TO))
                .append(" proved up to ").append(bound).append(" slots, ").append(count(Outcome.COUNTEREXAMPLE))
                .append(" counterexamples, ").append(count(Outcome.UNKNOWN)).append(" unknown, ")
                .append(count(Outcome.TIMEOUT)).append(" timeouts; ").append(millis).append(" ms\n");
        b.append("Not stated over the abstract state:");
        for (String[] n : Invariant.NOT_STATED) {
            b.append(' ').append(n[0]);
        }
        b.append(" (docs/proofs.md)\n");
        return b.toString();
    }

    private static String pad(String s, int w) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < w) {
            b.append(' ');
        }
        return b.toString();
    }

    public String toJson() {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("all_proved", allProved()).field("millis", millis).field("bound", bound);
        j.name("obligations").beginArray();
        for (Result r : results) {
            j.beginObject().field("name", r.obligation().name()).field("kind", r.obligation().kind().name().toLowerCase())
                    .field("outcome", r.outcome().label()).field("bound", r.bound()).field("millis", r.millis())
                    .field("detail", r.detail());
            if (r.counterexample() != null) {
                j.field("classification", r.counterexample().kind().name().toLowerCase());
            }
            j.endObject();
        }
        j.endArray();
        j.name("not_stated").beginArray();
        for (String[] n : Invariant.NOT_STATED) {
            j.beginObject().field("invariant", n[0]).field("why", n[1]).endObject();
        }
        j.endArray();
        return j.endObject().toString();
    }
}
