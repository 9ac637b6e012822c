package org.capcheck.captrace;

import org.capcheck.core.BootConfig;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.core.UntypedRegion;
import org.capcheck.json.JsonWriter;

/**
 * Writes captrace v1 lines (the contract: shared/spec/captrace-v1.md), each one JSON object on one
 * line, through {@link JsonWriter#compact()} so that every string is escaped as JSON requires. What
 * this writes, {@link TraceParser} reads back to an equal line: the round-trip test holds the two to
 * each other.
 *
 * <p>Names come from one place each: operations and their argument names and kinds from cap-core's
 * {@link Operation} table, object type names from {@link ObjectType}, capability type names from
 * {@link CapTypes}, rights letters from {@link Rights}. Integers are JSON numbers below 2^53 and
 * {@code "0x..."} strings from there on, as the contract advises (many JSON readers lose precision
 * above 2^53).
 */
public final class TraceWriter {
    /** Integers from here on are written in hex: JSON readers that use doubles are exact below it. */
    static final long EXACT_LIMIT = 1L << 53;

    private TraceWriter() {
    }

    /** Line 1: the header for a boot configuration (every boot key written, defaults included). */
    public static String header(BootConfig c) {
        JsonWriter j = JsonWriter.compact().beginObject().field("captrace", 1);
        j.name("boot").beginObject().field("root_cnode_bits", c.rootCNodeBits());
        j.name("untyped").beginArray();
        for (UntypedRegion u : c.untyped()) {
            j.beginObject();
            word(j.name("paddr"), u.paddr());
            j.field("size_bits", u.sizeBits()).field("device", u.device()).endObject();
        }
        j.endArray();
        j.field("max_irq", c.maxIrq()).field("fanout_limit", c.fanoutLimit()).endObject();
        return j.endObject().toString();
    }

    /** Line 1 for a parsed header. */
    public static String header(Header h) {
        return header(h.bootConfig());
    }

    /**
     * An invocation line.
     *
     * @param step   the optional {@code step} key (for people), or null
     * @param op     the operation
     * @param args   the arguments in {@link Operation#args()} order: rights as {@link Rights} bits (a
     *               raw data word is read with seL4's rightsFromWord), the object type as its seL4 number
     * @param expect what the invocation must return
     * @throws IllegalArgumentException if {@code args} has the wrong length or names an object type
     *                                  that captrace v1 has no name for (the line could not say it)
     */
    public static String invocation(Long step, Operation op, long[] args, ExpectedResult expect) {
        if (args.length != op.arity()) {
            throw new IllegalArgumentException(op + " takes " + op.arity() + " arguments, not " + args.length);
        }
        JsonWriter j = JsonWriter.compact().beginObject();
        if (step != null) {
            word(j.name("step"), step);
        }
        j.field("op", op.name()).name("args").beginObject();
        for (int i = 0; i < args.length; i++) {
            Operation.Arg a = op.args().get(i);
            j.name(a.name());
            switch (a.kind()) {
                case RIGHTS:
                    j.value(Rights.toLetters(Rights.fromWord(args[i])));
                    break;
                case OBJECT_TYPE: {
                    ObjectType t = ObjectType.ofNumber(args[i]);
                    if (t == null) {
                        throw new IllegalArgumentException(op + " args.type: seL4 object type number "
                                + Long.toUnsignedString(args[i]) + " has no captrace v1 name");
                    }
                    j.value(t.name());
                    break;
                }
                default:
                    word(j, args[i]);
            }
        }
        j.endObject();
        j.name("expect").beginObject().field("error", expect.error().name());
        if (expect.range() != null) {
            j.name("range").beginArray();
            word(j, expect.range()[0]);
            word(j, expect.range()[1]);
            j.endArray();
        }
        if (expect.failure() != null) {
            j.field("failure", expect.failure().name());
        }
        if (expect.argument() != null) {
            word(j.name("argument"), expect.argument());
        }
        return j.endObject().endObject().toString();
    }

    /** An invocation line from a parsed one (its number and text are not written). */
    public static String invocation(Long step, Invocation inv) {
        return invocation(step, inv.op(), inv.args(), inv.expect());
    }

    /** A check line: the slot to look up and the keys to compare (null fields are left out). */
    public static String check(Long step, SlotRef slot, CheckExpect x) {
        JsonWriter j = JsonWriter.compact().beginObject();
        if (step != null) {
            word(j.name("step"), step);
        }
        j.field("check", "slot");
        slotFields(j, slot);
        j.name("expect").beginObject();
        if (x.resolves() != null) {
            j.field("resolves", x.resolves());
        }
        if (x.failure() != null) {
            j.field("failure", x.failure().name());
        }
        if (x.empty() != null) {
            j.field("empty", x.empty());
        }
        if (x.type() != null) {
            if (!CapTypes.NAMES.contains(x.type())) {
                throw new IllegalArgumentException("expect.type: \"" + x.type() + "\" is not a captrace type name "
                        + CapTypes.NAMES);
            }
            j.field("type", x.type());
        }
        optWord(j, "badge", x.badge());
        if (x.rights() != null) {
            j.field("rights", Rights.toLetters(x.rights()));
        }
        optWord(j, "guard", x.guard());
        optWord(j, "guard_size", x.guardSize());
        optWord(j, "radix", x.radix());
        optWord(j, "size_bits", x.sizeBits());
        optWord(j, "paddr", x.paddr());
        optWord(j, "free_index", x.freeIndex());
        if (x.device() != null) {
            j.field("device", x.device());
        }
        optWord(j, "irq", x.irq());
        if (x.sameObjectAs() != null) {
            slotFields(j.name("same_object_as").beginObject(), x.sameObjectAs());
            j.endObject();
        }
        if (x.parentGiven()) {
            j.name("parent");
            if (x.parent() == null) {
                j.nullValue();
            } else {
                slotFields(j.beginObject(), x.parent());
                j.endObject();
            }
        }
        optWord(j, "descendants", x.descendants());
        return j.endObject().endObject().toString();
    }

    /** A comment line; any text, escaped (a line break in it stays inside the one line). */
    public static String comment(String text) {
        return JsonWriter.compact().beginObject().field("comment", text).endObject().toString();
    }

    private static void slotFields(JsonWriter j, SlotRef s) {
        word(j.name("root"), s.root());
        word(j.name("index"), s.index());
        word(j.name("depth"), s.depth());
    }

    private static void optWord(JsonWriter j, String name, Long v) {
        if (v != null) {
            word(j.name(name), v);
        }
    }

    /** A captrace integer (an unsigned 64-bit value): a number below 2^53, else a hex string. */
    private static void word(JsonWriter j, long v) {
        if (v >= 0 && v < EXACT_LIMIT) {
            j.value(v);
        } else {
            j.value("0x" + Long.toHexString(v));
        }
    }
}
