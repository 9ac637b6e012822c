package org.capcheck.fuzz.vectors;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.json.JsonWriter;

/**
 * How often each (operation, error) pair occurs among the vectors' expected results, against the
 * table of pairs captrace can reach ({@link ReachablePairs}).
 */
public final class Coverage {
    private final long[][] counts = new long[Operation.values().length][SeL4Error.values().length];

    void add(Operation op, SeL4Error e) {
        counts[op.ordinal()][e.ordinal()]++;
    }

    public long count(Operation op, SeL4Error e) {
        return counts[op.ordinal()][e.ordinal()];
    }

    public boolean covers(Operation op, SeL4Error e) {
        return count(op, e) > 0;
    }

    /** The reachable pairs no vector has yet. */
    public List<ReachablePairs.Pair> missing() {
        List<ReachablePairs.Pair> m = new ArrayList<>();
        for (ReachablePairs.Pair p : ReachablePairs.all()) {
            if (!covers(p.op(), p.error())) {
                m.add(p);
            }
        }
        return m;
    }

    /** The reachable pairs the vectors have. */
    public int coveredCount() {
        return ReachablePairs.all().size() - missing().size();
    }

    /** Pairs that occurred but are not in the table (none while the table is right). */
    public List<ReachablePairs.Pair> outsideTable() {
        List<ReachablePairs.Pair> out = new ArrayList<>();
        for (Operation op : Operation.values()) {
            for (SeL4Error e : SeL4Error.values()) {
                if (covers(op, e) && !ReachablePairs.contains(op, e)) {
                    out.add(new ReachablePairs.Pair(op, e));
                }
            }
        }
        return out;
    }

    /** One line per operation: {@code CNode_Copy  NoError 31, DeleteFirst 4, ... (missing: RevokeFirst)}. */
    public String text() {
        StringBuilder b = new StringBuilder();
        int width = 0;
        for (Operation op : Operation.values()) {
            width = Math.max(width, op.name().length());
        }
        for (Operation op : Operation.values()) {
            b.append("  ").append(op.name()).append(" ".repeat(width - op.name().length() + 2));
            StringBuilder missing = new StringBuilder();
            boolean first = true;
            for (SeL4Error e : SeL4Error.values()) {
                long n = count(op, e);
                if (n > 0) {
                    b.append(first ? "" : ", ").append(e.name()).append(' ').append(n);
                    first = false;
                } else if (ReachablePairs.contains(op, e)) {
                    missing.append(missing.length() == 0 ? "" : ", ").append(e.name());
                }
            }
            if (missing.length() > 0) {
                b.append(first ? "" : " ").append("(missing: ").append(missing).append(')');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The pairs as a JSON array: every reachable pair (count 0 if missing), then any outside the table. */
    void json(JsonWriter j) {
        j.beginArray();
        for (ReachablePairs.Pair p : ReachablePairs.all()) {
            j.beginObject().field("op", p.op().name()).field("error", p.error().name())
                    .field("count", count(p.op(), p.error())).field("reachable", true).endObject();
        }
        for (ReachablePairs.Pair p : outsideTable()) {
            j.beginObject().field("op", p.op().name()).field("error", p.error().name())
                    .field("count", count(p.op(), p.error())).field("reachable", false).endObject();
        }
        j.endArray();
    }
}
