package org.capcheck.captrace;

import java.util.List;
import java.util.stream.Collectors;
import org.capcheck.json.JsonWriter;

/**
 * Renders a {@link ReplayOutcome}: as text for people ({@link #differences}, {@link #summary},
 * {@link #invalidMessage}) and as JSON ({@link #json}; the schema is in docs/captrace.md).
 */
public final class ReplayReport {
    /** The value of the JSON report's {@code format} key. */
    public static final String JSON_FORMAT = "capcheck-replay";
    /** The JSON report's schema version. */
    public static final int JSON_VERSION = 1;

    private ReplayReport() {
    }

    /** Every difference, as text; empty if there is none. */
    public static String differences(ReplayOutcome o, String source) {
        StringBuilder s = new StringBuilder();
        for (Difference d : o.differences()) {
            s.append(difference(d, source));
        }
        return s.toString();
    }

    /** One difference: where, the line, expected, actual, and the model's view of the slots. */
    public static String difference(Difference d, String source) {
        StringBuilder s = new StringBuilder();
        s.append(source).append(':').append(d.line()).append(": ")
                .append(d.kind().equals("check") ? "check differs" : d.kind().equals("header")
                        ? "invariant violated at boot" : "result differs").append('\n');
        s.append("  line:     ").append(d.text().strip()).append('\n');
        s.append("  expected: ").append(d.expected()).append('\n');
        s.append("  actual:   ").append(d.actual()).append('\n');
        if (!d.slots().isEmpty()) {
            s.append("  model's view of the slots the line names (after the line):\n");
            for (SlotView v : d.slots()) {
                s.append("    ").append(v.describe()).append('\n');
            }
        }
        return s.toString();
    }

    /** The one-line summary printed last (for every outcome but INVALID). */
    public static String summary(ReplayOutcome o, String source) {
        String counts = o.linesChecked() + (o.linesChecked() == 1 ? " line" : " lines") + " checked ("
                + o.invocations() + (o.invocations() == 1 ? " invocation, " : " invocations, ")
                + o.checks() + (o.checks() == 1 ? " check)" : " checks)");
        String kernel = o.kernelName() == null ? "" : " on the kernel with the seeded bug " + o.kernelName();
        String checking = o.checkEvery() == 1 ? "" : "; invariants checked after every line, incrementally, and "
                + "from scratch every " + o.checkEvery() + " lines";
        switch (o.status()) {
            case MATCHED: {
                String s = source + ": OK" + kernel + ": " + counts + "; every expectation matched and every "
                        + "invariant held" + checking;
                if (o.kernelName() == null && o.fileMutant() != null) {
                    s += ". This replay matches the correct kernel: the seeded bug " + o.fileMutant() + " this "
                            + "counterexample was found with is not present in this replay (reproduce the finding "
                            + "with: capcheck replay --mutant " + o.fileMutant() + " " + source + ")";
                } else if (o.kernelName() != null) {
                    s += "; the seeded bug did not show in this trace";
                }
                return s;
            }
            case DIFFERENT: {
                int n = o.differences().size();
                if (o.keepGoing()) {
                    return source + ": " + n + (n == 1 ? " difference" : " differences") + kernel + " (line"
                            + (n == 1 ? " " : "s ") + lineList(o) + "); " + counts + checking;
                }
                return source + ": difference at line " + lineList(o) + kernel + "; stopped after " + counts
                        + checking + " (--keep-going reports every difference)";
            }
            case INTERRUPTED: {
                int n = o.differences().size();
                return source + ": interrupted while " + o.interruptedWhile() + kernel + ", after " + counts
                        + "; " + (n == 0 ? "no difference so far" : n + (n == 1 ? " difference" : " differences")
                        + " so far (line" + (n == 1 ? " " : "s ") + lineList(o) + ")") + "; the rest of the file "
                        + "was not " + (o.interruptedWhile().equals("validating") ? "validated or run" : "run");
            }
            case OUT_OF_MEMORY: {
                int n = o.differences().size();
                return source + ": incomplete (out-of-memory): the heap ran out while " + o.interruptedWhile()
                        + kernel + ", after " + counts + "; " + (n == 0 ? "no difference so far"
                        : n + (n == 1 ? " difference" : " differences") + " so far (line" + (n == 1 ? " " : "s ")
                        + lineList(o) + ")") + "; the rest of the file was not run (give the JVM more heap, "
                        + "e.g. CAPCHECK_JAVA_OPTS=-Xmx4g)";
            }
            default:
                return invalidMessage(o, source);
        }
    }

    private static String lineList(ReplayOutcome o) {
        return o.differences().stream().map(d -> Integer.toString(d.line())).collect(Collectors.joining(", "));
    }

    /** For an INVALID outcome: where and why (exit status 2). */
    public static String invalidMessage(ReplayOutcome o, String source) {
        InvalidTraceException e = o.invalid();
        String ran = o.linesChecked() == 0 ? "nothing was run"
                : "found while running, after " + o.linesChecked() + " lines checked";
        return source + ":" + e.line() + ": not valid captrace v1: " + e.reason() + " (" + ran + ")";
    }

    /** The outcome as a JSON document (see docs/captrace.md for the keys). */
    public static String json(ReplayOutcome o, String source) {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("format", JSON_FORMAT).field("version", JSON_VERSION);
        j.field("file", source);
        j.field("status", statusName(o.status()));
        j.field("exit_status", o.exitStatus());
        j.field("keep_going", o.keepGoing());
        j.field("seeded_bug", o.kernelName());
        j.field("file_seeded_bug", o.fileMutant());
        j.field("check_every", o.checkEvery());
        j.field("interrupted_while", o.interruptedWhile());
        j.field("lines", o.lineCount());
        j.field("lines_checked", o.linesChecked());
        j.field("invocations", o.invocations());
        j.field("checks", o.checks());
        j.name("invalid");
        if (o.invalid() == null) {
            j.nullValue();
        } else {
            j.beginObject().field("line", o.invalid().line()).field("reason", o.invalid().reason()).endObject();
        }
        j.name("differences").beginArray();
        for (Difference d : o.differences()) {
            j.beginObject();
            j.field("line", d.line()).field("text", d.text()).field("kind", d.kind());
            j.field("expected", d.expected()).field("actual", d.actual());
            j.name("mismatches").beginArray();
            for (Mismatch m : d.mismatches()) {
                j.beginObject().field("key", m.key()).field("expected", m.expected()).field("actual", m.actual())
                        .endObject();
            }
            j.endArray();
            strings(j.name("invariants_violated"), d.invariantsViolated());
            j.name("slots").beginArray();
            for (SlotView v : d.slots()) {
                j.beginObject();
                j.field("role", v.role()).field("ref", v.ref()).field("resolves", v.resolves());
                j.field("lookup_error", v.lookupError()).field("slot", v.slot()).field("empty", v.empty());
                j.field("capability", v.capability());
                j.name("original");
                if (v.original() == null) {
                    j.nullValue();
                } else {
                    j.value(v.original());
                }
                j.field("parent", v.parent()).field("descendants", v.descendants());
                j.endObject();
            }
            j.endArray();
            j.endObject();
        }
        j.endArray();
        j.endObject();
        return j + "\n";
    }

    /** A JSON report for a file that could not be read at all (exit status 2). */
    public static String unreadableJson(String source, String message) {
        JsonWriter j = new JsonWriter().beginObject();
        j.field("format", JSON_FORMAT).field("version", JSON_VERSION);
        j.field("file", source).field("status", "unreadable").field("exit_status", 2).field("message", message);
        j.endObject();
        return j + "\n";
    }

    private static void strings(JsonWriter j, List<String> values) {
        j.beginArray();
        for (String v : values) {
            j.value(v);
        }
        j.endArray();
    }

    /** The JSON {@code status} value: {@code ok}, {@code difference}, {@code interrupted}, {@code out-of-memory} or
     * {@code invalid}. */
    public static String statusName(ReplayOutcome.Status s) {
        switch (s) {
            case MATCHED:
                return "ok";
            case DIFFERENT:
                return "difference";
            case INTERRUPTED:
                return "interrupted";
            case OUT_OF_MEMORY:
                return "out-of-memory";
            default:
                return "invalid";
        }
    }
}
