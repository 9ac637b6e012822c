package org.capcheck.captrace;

import org.capcheck.json.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.capcheck.core.BootConfig;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;

/**
 * Reads and validates a whole captrace v1 file before anything runs. The first invalid line is
 * reported as an {@link InvalidTraceException} with its 1-based number and a reason naming the key.
 *
 * <p>Rules beyond JSON syntax: line 1 is the header; after it, each non-empty line is an invocation
 * ({@code op}), a check ({@code check}) or a comment (exactly {@code {"comment": "..."}}); unknown keys,
 * missing required keys, values of the wrong kind, unknown ops, object types, cap types, error and
 * failure names, integers that are negative, 2^64 or more, or not integers, depths above 255, and
 * bad rights strings are all invalid. A line holding only whitespace counts as empty.
 */
public final class TraceParser {
    private static final int MAX_DEPTH_ARG = 255;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private static final Set<String> HEADER_KEYS = Set.of("captrace", "boot", "step", "core");
    private static final Set<String> BOOT_KEYS = Set.of("root_cnode_bits", "untyped", "max_irq", "fanout_limit",
            "cores");
    private static final Set<String> UNTYPED_KEYS = Set.of("paddr", "size_bits", "device");
    private static final Set<String> INVOCATION_KEYS = Set.of("op", "args", "expect", "step", "core");
    private static final Set<String> RESULT_KEYS = Set.of("error", "range", "failure", "argument");
    private static final Set<String> CHECK_KEYS = Set.of("check", "root", "index", "depth", "expect", "step", "core");
    private static final Set<String> CHECK_EXPECT_KEYS = Set.of("resolves", "failure", "empty", "type", "badge",
            "rights", "guard", "guard_size", "radix", "size_bits", "paddr", "free_index", "device", "irq",
            "same_object_as", "parent", "descendants");
    private static final Set<String> SLOT_REF_KEYS = Set.of("root", "index", "depth");

    /** "args.NAME" for each operation's arguments, built once: a line's validation builds no strings. */
    private static final String[][] ARG_PATHS = new String[Operation.values().length][];

    static {
        for (Operation op : Operation.values()) {
            ARG_PATHS[op.ordinal()] = new String[op.arity()];
            for (int i = 0; i < op.arity(); i++) {
                ARG_PATHS[op.ordinal()][i] = "args." + op.args().get(i).name();
            }
        }
    }

    private TraceParser() {
    }

    /** Parses a file's bytes (UTF-8), split into lines as {@link LineReader} splits them. */
    public static Trace parse(byte[] bytes) throws InvalidTraceException {
        try (TraceReader r = TraceReader.open(new java.io.ByteArrayInputStream(bytes))) {
            List<TraceLine> out = new ArrayList<>();
            for (TraceLine l = r.next(); l != null; l = r.next()) {
                out.add(l);
            }
            return new Trace(r.header(), out, r.linesRead(), r.headerText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading from memory", e);
        }
    }

    /** Parses a file already split into lines (without line terminators). */
    public static Trace parseLines(List<String> lines) throws InvalidTraceException {
        if (lines.isEmpty()) {
            throw new InvalidTraceException(1, "the file is empty: line 1 must be the captrace header "
                    + "({\"captrace\": 1, \"boot\": {...}})");
        }
        Header header = parseHeader(lines.get(0));
        List<TraceLine> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            TraceLine l = parseLine(i + 1, lines.get(i));
            if (l != null) {
                out.add(l);
            }
        }
        return new Trace(header, out, lines.size(), lines.get(0));
    }

    // ------------------------------------------------------------------------------------------
    // Header

    static Header parseHeader(String text) throws InvalidTraceException {
        final int line = 1;
        if (isBlank(text)) {
            throw new InvalidTraceException(line, "line 1 is empty: it must be the captrace header "
                    + "({\"captrace\": 1, \"boot\": {...}})");
        }
        Obj h = new Obj(json(line, text), "", line, "the header");
        if (!h.has("captrace")) {
            String what = h.has("op") ? "an invocation" : h.has("check") ? "a check"
                    : h.has("comment") ? "a comment" : "an object without a \"captrace\" key";
            throw new InvalidTraceException(line, "captrace: missing: line 1 must be the header "
                    + "({\"captrace\": 1, \"boot\": {...}}), not " + what);
        }
        h.allowOnly(HEADER_KEYS);
        long version = word(h.required("captrace"), "captrace", line);
        if (version != 1) {
            throw new InvalidTraceException(line, "captrace: version " + Long.toUnsignedString(version)
                    + " is not supported (this reader accepts captrace 1)");
        }
        stepAndCore(h);
        Obj boot = new Obj(h.required("boot"), "boot", line, "boot");
        boot.allowOnly(BOOT_KEYS);
        int rootBits = smallInt(boot, "root_cnode_bits", Header.DEFAULT_ROOT_CNODE_BITS, 5, 16, null);
        int maxIrq = smallInt(boot, "max_irq", Header.DEFAULT_MAX_IRQ, 0, BootConfig.MAX_IRQ_LIMIT,
                " (capcheck models at most " + (BootConfig.MAX_IRQ_LIMIT + 1) + " IRQs)");
        int fanout = smallInt(boot, "fanout_limit", Header.DEFAULT_FANOUT_LIMIT, 1, Integer.MAX_VALUE,
                " (capcheck supports limits up to " + Integer.MAX_VALUE + ")");
        if (boot.has("cores")) {
            long cores = word(boot.get("cores"), "boot.cores", line);
            if (cores != 1) {
                throw new InvalidTraceException(line, "boot.cores: " + Long.toUnsignedString(cores)
                        + " is not supported: captrace v1 readers accept only cores 1");
            }
        }
        Object ut = boot.required("untyped");
        if (!(ut instanceof List)) {
            throw new InvalidTraceException(line, "boot.untyped: must be an array, not " + Json.kindOf(ut));
        }
        List<?> entries = (List<?>) ut;
        List<UntypedRegion> regions = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "boot.untyped[" + i + "]";
            Obj u = new Obj(entries.get(i), path, line, path);
            u.allowOnly(UNTYPED_KEYS);
            long paddr = word(u.required("paddr"), path + ".paddr", line);
            long sizeBits = word(u.required("size_bits"), path + ".size_bits", line);
            boolean device = bool(u.required("device"), path + ".device", line);
            if (sizeBits < ObjectType.MIN_UNTYPED_BITS || sizeBits > ObjectType.MAX_UNTYPED_BITS) {
                throw new InvalidTraceException(line, path + ".size_bits: " + Long.toUnsignedString(sizeBits)
                        + " is outside " + ObjectType.MIN_UNTYPED_BITS + ".." + ObjectType.MAX_UNTYPED_BITS);
            }
            if ((paddr & ((1L << sizeBits) - 1)) != 0) {
                throw new InvalidTraceException(line, path + ".paddr: 0x" + Long.toHexString(paddr)
                        + " is not aligned to 2^" + sizeBits + " (its size_bits)");
            }
            UntypedRegion r = new UntypedRegion(paddr, (int) sizeBits, device);
            for (int j = 0; j < regions.size(); j++) {
                UntypedRegion o = regions.get(j);
                if (Long.compareUnsigned(r.paddr(), o.lastByte()) <= 0
                        && Long.compareUnsigned(o.paddr(), r.lastByte()) <= 0) {
                    throw new InvalidTraceException(line, path + ": region 0x" + Long.toHexString(r.paddr())
                            + "..0x" + Long.toHexString(r.lastByte()) + " overlaps boot.untyped[" + j + "] (0x"
                            + Long.toHexString(o.paddr()) + "..0x" + Long.toHexString(o.lastByte()) + ")");
                }
            }
            regions.add(r);
        }
        long slots = 1L << rootBits;
        if (BootConfig.FIRST_UNTYPED_SLOT + regions.size() > slots) {
            throw new InvalidTraceException(line, "boot.untyped: " + regions.size() + " untyped caps do not fit in "
                    + "a root CNode of " + slots + " slots (boot.root_cnode_bits " + rootBits + "; untyped caps "
                    + "start at slot " + BootConfig.FIRST_UNTYPED_SLOT + ", so at most "
                    + (slots - BootConfig.FIRST_UNTYPED_SLOT) + " fit)");
        }
        Header header = new Header(rootBits, regions, maxIrq, fanout, 1);
        List<String> problems = header.bootConfig().problems();
        if (!problems.isEmpty()) {
            // A backstop: the checks above name every key; cap-core's own checks must agree.
            throw new InvalidTraceException(line, "boot: " + String.join("; ", problems));
        }
        return header;
    }

    private static int smallInt(Obj o, String key, int dflt, int min, int max, String note)
            throws InvalidTraceException {
        if (!o.has(key)) {
            return dflt;
        }
        long v = word(o.get(key), o.qual(key), o.line);
        if (v < min || v > max) {
            throw new InvalidTraceException(o.line, o.qual(key) + ": " + Long.toUnsignedString(v) + " is outside "
                    + min + ".." + max + (note == null ? "" : note));
        }
        return (int) v;
    }

    // ------------------------------------------------------------------------------------------
    // Lines after the header

    /** One line after the header: an invocation or a check, or null for a comment or an empty line. */
    static TraceLine parseLine(int line, String text) throws InvalidTraceException {
        if (isBlank(text)) {
            return null;
        }
        Obj o = new Obj(json(line, text), "", line, "a line");
        if (o.has("captrace")) {
            throw new InvalidTraceException(line, "captrace: a second header (only line 1 is the header)");
        }
        boolean op = o.has("op");
        boolean check = o.has("check");
        if (op && check) {
            throw new InvalidTraceException(line, "a line is an invocation (\"op\") or a check (\"check\"), "
                    + "not both");
        }
        if (op) {
            return invocation(line, text, o);
        }
        if (check) {
            return check(line, text, o);
        }
        if (o.has("comment")) {
            for (String k : o.m.keySet()) {
                if (!k.equals("comment")) {
                    throw new InvalidTraceException(line, k + ": unknown key (a comment line holds only "
                            + "\"comment\")");
                }
            }
            Object c = o.get("comment");
            if (!(c instanceof String)) {
                throw new InvalidTraceException(line, "comment: must be a string, not " + Json.kindOf(c));
            }
            return null;
        }
        throw new InvalidTraceException(line, "not a captrace line: an invocation has \"op\", a check has "
                + "\"check\", a comment has \"comment\" (keys found: " + String.join(", ", o.m.keySet()) + ")");
    }

    private static Invocation invocation(int line, String text, Obj o) throws InvalidTraceException {
        o.allowOnly(INVOCATION_KEYS);
        Object opv = o.required("op");
        if (!(opv instanceof String)) {
            throw new InvalidTraceException(line, "op: must be a string, not " + Json.kindOf(opv));
        }
        Operation op = Operation.named((String) opv);
        if (op == null) {
            throw new InvalidTraceException(line, "op: unknown operation \"" + opv + "\" (captrace v1 ops: "
                    + names(Operation.values()) + ")");
        }
        Obj args = new Obj(o.required("args"), "args", line, "args");
        args.allowOnly(op.argNames());
        long[] values = new long[op.arity()];
        ObjectType type = null;
        for (int i = 0; i < values.length; i++) {
            String name = op.args().get(i).name();
            String where = ARG_PATHS[op.ordinal()][i];
            Object v = args.required(name);
            switch (op.args().get(i).kind()) {
                case DEPTH:
                    values[i] = word(v, where, line);
                    if (Long.compareUnsigned(values[i], MAX_DEPTH_ARG) > 0) {
                        throw new InvalidTraceException(line, where + ": " + Long.toUnsignedString(values[i])
                                + " is above " + MAX_DEPTH_ARG + " (depth arguments are 8-bit in libsel4)");
                    }
                    break;
                case RIGHTS:
                    values[i] = rights(v, where, line);
                    break;
                case OBJECT_TYPE:
                    type = objectType(v, where, line);
                    values[i] = type.number();
                    break;
                default:
                    values[i] = word(v, where, line);
            }
        }
        Obj e = new Obj(o.required("expect"), "expect", line, "expect");
        e.allowOnly(RESULT_KEYS);
        Object ev = e.required("error");
        if (!(ev instanceof String)) {
            throw new InvalidTraceException(line, "expect.error: must be a string, not " + Json.kindOf(ev));
        }
        SeL4Error error = SeL4Error.ofName((String) ev);
        if (error == null) {
            throw new InvalidTraceException(line, "expect.error: unknown error \"" + ev + "\" (seL4 errors: "
                    + names(SeL4Error.values()) + ")");
        }
        long[] range = null;
        if (e.has("range")) {
            if (error != SeL4Error.RangeError) {
                throw new InvalidTraceException(line, "expect.range: only allowed with error RangeError, not "
                        + error);
            }
            Object rv = e.get("range");
            if (!(rv instanceof List) || ((List<?>) rv).size() != 2) {
                throw new InvalidTraceException(line, "expect.range: must be an array [min, max] of two integers");
            }
            List<?> r = (List<?>) rv;
            range = new long[] {word(r.get(0), "expect.range[0]", line), word(r.get(1), "expect.range[1]", line)};
        }
        LookupFailure failure = null;
        if (e.has("failure")) {
            if (error != SeL4Error.FailedLookup) {
                throw new InvalidTraceException(line, "expect.failure: only allowed with error FailedLookup, not "
                        + error);
            }
            failure = lookupFailure(e.get("failure"), "expect.failure", line);
        }
        Long argument = null;
        if (e.has("argument")) {
            if (error != SeL4Error.InvalidArgument) {
                throw new InvalidTraceException(line, "expect.argument: only allowed with error InvalidArgument, "
                        + "not " + error);
            }
            argument = word(e.get("argument"), "expect.argument", line);
        }
        stepAndCore(o);
        return new Invocation(line, text, op, values, type, new ExpectedResult(error, range, failure, argument));
    }

    private static Check check(int line, String text, Obj o) throws InvalidTraceException {
        o.allowOnly(CHECK_KEYS);
        Object kind = o.required("check");
        if (!"slot".equals(kind)) {
            throw new InvalidTraceException(line, "check: must be \"slot\" (the only check in captrace v1), not "
                    + (kind instanceof String ? "\"" + kind + "\"" : Json.kindOf(kind)));
        }
        SlotRef slot = new SlotRef(word(o.required("root"), "root", line), word(o.required("index"), "index", line),
                word(o.required("depth"), "depth", line));
        Obj e = new Obj(o.required("expect"), "expect", line, "expect");
        e.allowOnly(CHECK_EXPECT_KEYS);
        Boolean resolves = e.has("resolves") ? bool(e.get("resolves"), "expect.resolves", line) : null;
        LookupFailure failure = null;
        if (e.has("failure")) {
            if (resolves == null || resolves) {
                throw new InvalidTraceException(line, "expect.failure: only allowed with \"resolves\": false "
                        + "(it names why the lookup must fail)");
            }
            failure = lookupFailure(e.get("failure"), "expect.failure", line);
        }
        if (resolves != null && !resolves) {
            for (String k : e.m.keySet()) {
                if (!k.equals("resolves") && !k.equals("failure")) {
                    throw new InvalidTraceException(line, "expect." + k + ": not allowed with \"resolves\": false "
                            + "(every key other than failure requires the lookup to reach a slot)");
                }
            }
        }
        Boolean empty = e.has("empty") ? bool(e.get("empty"), "expect.empty", line) : null;
        String type = null;
        if (e.has("type")) {
            Object t = e.get("type");
            if (!(t instanceof String) || !CapTypes.NAMES.contains(t)) {
                throw new InvalidTraceException(line, "expect.type: unknown capability type "
                        + (t instanceof String ? "\"" + t + "\"" : "(" + Json.kindOf(t) + ")") + " (types: "
                        + String.join(", ", CapTypes.NAMES) + ")");
            }
            type = (String) t;
        }
        Integer rights = e.has("rights") ? (int) rights(e.get("rights"), "expect.rights", line) : null;
        SlotRef same = e.has("same_object_as") ? slotRef(e.get("same_object_as"), "expect.same_object_as", line)
                : null;
        boolean parentGiven = e.has("parent");
        SlotRef parent = null;
        if (parentGiven && e.get("parent") != Json.NULL) {
            parent = slotRef(e.get("parent"), "expect.parent", line);
        }
        CheckExpect expect = new CheckExpect(resolves, failure, empty, type,
                optWord(e, "badge"), rights, optWord(e, "guard"), optWord(e, "guard_size"), optWord(e, "radix"),
                optWord(e, "size_bits"), optWord(e, "paddr"), optWord(e, "free_index"),
                e.has("device") ? bool(e.get("device"), "expect.device", line) : null,
                optWord(e, "irq"), same, parentGiven, parent, optWord(e, "descendants"));
        stepAndCore(o);
        return new Check(line, text, slot, expect);
    }

    private static Long optWord(Obj o, String key) throws InvalidTraceException {
        return o.has(key) ? word(o.get(key), o.qual(key), o.line) : null;
    }

    private static SlotRef slotRef(Object v, String where, int line) throws InvalidTraceException {
        if (!(v instanceof Map)) {
            throw new InvalidTraceException(line, where + ": must be an object {\"root\": ..., \"index\": ..., "
                    + "\"depth\": ...}" + (where.endsWith("parent") ? " or null" : "") + ", not " + Json.kindOf(v));
        }
        Obj o = new Obj(v, where, line, where);
        o.allowOnly(SLOT_REF_KEYS);
        return new SlotRef(word(o.required("root"), where + ".root", line),
                word(o.required("index"), where + ".index", line), word(o.required("depth"), where + ".depth", line));
    }

    private static void stepAndCore(Obj o) throws InvalidTraceException {
        if (o.has("step")) {
            word(o.get("step"), "step", o.line);
        }
        if (o.has("core")) {
            long core = word(o.get("core"), "core", o.line);
            if (core != 0) {
                throw new InvalidTraceException(o.line, "core: must be 0 in captrace v1 (a single core), not "
                        + Long.toUnsignedString(core));
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Values

    private static Object json(int line, String text) throws InvalidTraceException {
        try {
            return Json.parse(text);
        } catch (Json.JsonException e) {
            throw new InvalidTraceException(line, "invalid JSON at column " + e.column() + ": " + e.getMessage());
        }
    }

    /**
     * A captrace integer: a JSON number or a {@code "0x..."} hex string, 0..2^64-1, returned as the
     * 64-bit pattern (read it unsigned).
     */
    static long word(Object v, String where, int line) throws InvalidTraceException {
        BigInteger b;
        if (v instanceof BigInteger) {
            b = (BigInteger) v;
        } else if (v instanceof String) {
            String s = (String) v;
            if (!s.startsWith("0x")) {
                throw new InvalidTraceException(line, where + ": must be an integer (a JSON number or a \"0x...\" "
                        + "hex string), not the string \"" + s + "\"");
            }
            String digits = s.substring(2);
            if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                throw new InvalidTraceException(line, where + ": \"" + s + "\" is not a hex integer (\"0x\" then "
                        + "hex digits)");
            }
            b = new BigInteger(digits, 16);
        } else if (v instanceof Json.Decimal) {
            throw new InvalidTraceException(line, where + ": " + v + " is not an integer");
        } else {
            throw new InvalidTraceException(line, where + ": must be an integer (a JSON number or a \"0x...\" "
                    + "hex string), not " + Json.kindOf(v));
        }
        if (b.signum() < 0) {
            throw new InvalidTraceException(line, where + ": " + b + " is negative (captrace integers are 0..2^64-1)");
        }
        if (b.compareTo(TWO_64) >= 0) {
            throw new InvalidTraceException(line, where + ": " + b + " is 2^64 or more (captrace integers are "
                    + "0..2^64-1)");
        }
        return b.longValue();
    }

    private static boolean bool(Object v, String where, int line) throws InvalidTraceException {
        if (!(v instanceof Boolean)) {
            throw new InvalidTraceException(line, where + ": must be true or false, not " + Json.kindOf(v));
        }
        return (Boolean) v;
    }

    private static long rights(Object v, String where, int line) throws InvalidTraceException {
        if (!(v instanceof String)) {
            throw new InvalidTraceException(line, where + ": must be a string of the letters R, W, G, P, not "
                    + Json.kindOf(v));
        }
        int r = Rights.parseLetters((String) v);
        if (r < 0) {
            throw new InvalidTraceException(line, where + ": \"" + v + "\" is not a rights string (the letters R, "
                    + "W, G, P in any order, each at most once; \"\" for none)");
        }
        return r;
    }

    private static ObjectType objectType(Object v, String where, int line) throws InvalidTraceException {
        ObjectType t = v instanceof String ? ObjectType.ofName((String) v) : null;
        if (t == null) {
            throw new InvalidTraceException(line, where + ": unknown object type "
                    + (v instanceof String ? "\"" + v + "\"" : "(" + Json.kindOf(v) + ")") + " (types: "
                    + names(ObjectType.values()) + ")");
        }
        return t;
    }

    private static LookupFailure lookupFailure(Object v, String where, int line) throws InvalidTraceException {
        LookupFailure f = v instanceof String ? LookupFailure.ofName((String) v) : null;
        if (f == null || f == LookupFailure.None) {
            throw new InvalidTraceException(line, where + ": unknown lookup failure "
                    + (v instanceof String ? "\"" + v + "\"" : "(" + Json.kindOf(v) + ")")
                    + " (failures: InvalidRoot, MissingCapability, DepthMismatch, GuardMismatch)");
        }
        return f;
    }

    private static String names(Enum<?>[] values) {
        StringBuilder s = new StringBuilder();
        for (Enum<?> v : values) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(v.name());
        }
        return s.toString();
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** A JSON object being validated, with its key path for messages. */
    private static final class Obj {
        final Map<String, Object> m;
        final String path;
        final int line;

        @SuppressWarnings("unchecked")
        Obj(Object v, String path, int line, String what) throws InvalidTraceException {
            if (!(v instanceof Map)) {
                throw new InvalidTraceException(line, (path.isEmpty() ? what + " must be" : path + ": must be")
                        + " a JSON object, not " + Json.kindOf(v));
            }
            this.m = (Map<String, Object>) v;
            this.path = path;
            this.line = line;
        }

        String qual(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return m.containsKey(key);
        }

        Object get(String key) {
            return m.get(key);
        }

        Object required(String key) throws InvalidTraceException {
            if (!m.containsKey(key)) {
                throw new InvalidTraceException(line, qual(key) + ": missing (required)");
            }
            return m.get(key);
        }

        /** Rejects any key not allowed; the message lists a set's keys sorted, a list's in its order. */
        void allowOnly(java.util.Collection<String> allowed) throws InvalidTraceException {
            for (String k : m.keySet()) {
                if (!allowed.contains(k)) {
                    List<String> sorted = new ArrayList<>(allowed);
                    if (allowed instanceof Set) {
                        java.util.Collections.sort(sorted);
                    }
                    throw new InvalidTraceException(line, qual(k) + ": unknown key (allowed here: "
                            + String.join(", ", sorted) + ")");
                }
            }
        }
    }
}
