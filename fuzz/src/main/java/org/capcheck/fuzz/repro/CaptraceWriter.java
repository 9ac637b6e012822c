package org.capcheck.fuzz.repro;

import java.util.LinkedHashMap;
import java.util.Map;
import org.capcheck.core.BootConfig;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;

/**
 * Writes captrace v1 (../shared/spec/captrace-v1.md): a header line, invocation lines with their
 * expected results, check lines and comments, one JSON object per line. The minimal writer the
 * fuzzer needs for its reproducers until captrace's own writer lands; it writes integers of 2^53
 * or more as hex strings, rights as letters and object types by name, as the format asks.
 */
public final class CaptraceWriter {
    /** A slot reference in a check line: a CNode CPtr, an index and a depth. */
    public record Ref(long root, long index, long depth) {
    }

    private final StringBuilder out = new StringBuilder();

    public CaptraceWriter(BootConfig config) {
        out.append("{\"captrace\": 1, \"boot\": {\"root_cnode_bits\": ").append(config.rootCNodeBits())
                .append(", \"untyped\": [");
        for (int i = 0; i < config.untyped().size(); i++) {
            UntypedRegion u = config.untyped().get(i);
            out.append(i == 0 ? "" : ", ").append("{\"paddr\": ").append(number(u.paddr())).append(", \"size_bits\": ")
                    .append(u.sizeBits()).append(", \"device\": ").append(u.device()).append('}');
        }
        out.append("], \"max_irq\": ").append(config.maxIrq()).append(", \"fanout_limit\": ")
                .append(config.fanoutLimit()).append("}}\n");
    }

    public CaptraceWriter comment(String text) {
        out.append("{\"comment\": ").append(string(text)).append("}\n");
        return this;
    }

    /**
     * An invocation line.
     *
     * @param range    RangeError's [min, max], or null
     * @param failure  FailedLookup's lookup failure, or null
     * @param argument InvalidArgument's index, or null
     */
    public CaptraceWriter invocation(int step, Operation op, long[] args, SeL4Error error, long[] range,
                                     LookupFailure failure, Integer argument) {
        out.append("{\"step\": ").append(step).append(", \"op\": \"").append(op.name()).append("\", \"args\": {");
        for (int i = 0; i < op.arity(); i++) {
            Operation.Arg a = op.args().get(i);
            out.append(i == 0 ? "" : ", ").append('"').append(a.name()).append("\": ");
            switch (a.kind()) {
                case RIGHTS:
                    out.append(string(Rights.toLetters(Rights.fromWord(args[i]))));
                    break;
                case OBJECT_TYPE:
                    ObjectType t = ObjectType.ofNumber(args[i]);
                    out.append(t == null ? number(args[i]) : string(t.name()));
                    break;
                default:
                    out.append(number(args[i]));
            }
        }
        out.append("}, \"expect\": {\"error\": \"").append(error.name()).append('"');
        if (range != null) {
            out.append(", \"range\": [").append(number(range[0])).append(", ").append(number(range[1])).append(']');
        }
        if (failure != null && failure != LookupFailure.None) {
            out.append(", \"failure\": \"").append(failure.name()).append('"');
        }
        if (argument != null) {
            out.append(", \"argument\": ").append(argument);
        }
        out.append("}}\n");
        return this;
    }

    /**
     * A check line. Expectation values are Strings, Longs, Integers, Booleans, {@link Ref}s, or null
     * (written as JSON null, as {@code "parent": null} means "no parent").
     */
    public CaptraceWriter check(Ref slot, Map<String, Object> expect) {
        out.append("{\"check\": \"slot\", ").append(refMembers(slot)).append(", \"expect\": {");
        boolean first = true;
        for (Map.Entry<String, Object> e : new LinkedHashMap<>(expect).entrySet()) {
            out.append(first ? "" : ", ").append(string(e.getKey())).append(": ");
            first = false;
            Object v = e.getValue();
            if (v == null) {
                out.append("null");
            } else if (v instanceof Ref r) {
                out.append('{').append(refMembers(r)).append('}');
            } else if (v instanceof String s) {
                out.append(string(s));
            } else if (v instanceof Long n) {
                out.append(number(n));
            } else {
                out.append(v);
            }
        }
        out.append("}}\n");
        return this;
    }

    private static String refMembers(Ref r) {
        return "\"root\": " + number(r.root()) + ", \"index\": " + number(r.index()) + ", \"depth\": " + number(r.depth());
    }

    /** A JSON number below 2^53, else a hex string (many JSON readers lose precision above it). */
    static String number(long v) {
        return v >= 0 && v < (1L << 53) ? Long.toString(v) : "\"0x" + Long.toHexString(v) + "\"";
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    public String text() {
        return out.toString();
    }
}
