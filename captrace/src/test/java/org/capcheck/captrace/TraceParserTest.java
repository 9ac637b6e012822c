package org.capcheck.captrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Operation;
import java.util.stream.Collectors;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.junit.jupiter.api.Test;

/** Every validation rule of captrace v1: the first invalid line's number, and a reason naming the key. */
class TraceParserTest {
    static final String H = "{\"captrace\": 1, \"boot\": {\"untyped\": [{\"paddr\": 1048576, \"size_bits\": 20, "
            + "\"device\": false}]}}";
    static final String COPY = "{\"op\": \"CNode_Copy\", \"args\": {\"service\": 2, \"dest_index\": 40, "
            + "\"dest_depth\": 64, \"src_root\": 2, \"src_index\": 16, \"src_depth\": 64, \"rights\": \"RWGP\"}, "
            + "\"expect\": {\"error\": \"NoError\"}}";
    static final String CHECK = "{\"check\": \"slot\", \"root\": 2, \"index\": 16, \"depth\": 64, \"expect\": {}}";

    static Trace parse(String... lines) throws InvalidTraceException {
        return TraceParser.parseLines(List.of(lines));
    }

    /** Asserts the file is invalid at {@code line}, with a reason that starts with {@code key:}. */
    static InvalidTraceException assertInvalid(int line, String key, String... lines) {
        InvalidTraceException e = assertThrows(InvalidTraceException.class, () -> parse(lines));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.reason().startsWith(key + ":"), "reason should name " + key + ": " + e.reason());
        return e;
    }

    static String header(String boot) {
        return "{\"captrace\": 1, \"boot\": " + boot + "}";
    }

    static String copyWith(String from, String to) {
        String s = COPY.replace(from, to);
        assertTrue(!s.equals(COPY), "test bug: " + from + " not in COPY");
        return s;
    }

    static String checkExpect(String expect) {
        return CHECK.replace("\"expect\": {}", "\"expect\": " + expect);
    }

    // ---------------------------------------------------------------- a valid file

    @Test
    void validFileIsReadWithDefaults() throws Exception {
        Trace t = parse(H, "", "{\"comment\": \"hi\"}", COPY, "   ", CHECK);
        assertEquals(6, t.lineCount());
        assertEquals(8, t.header().rootCNodeBits());
        assertEquals(31, t.header().maxIrq());
        assertEquals(256, t.header().fanoutLimit());
        assertEquals(1, t.header().untyped().size());
        assertEquals(0x100000L, t.header().untyped().get(0).paddr());
        assertEquals(2, t.lines().size());
        Invocation inv = (Invocation) t.lines().get(0);
        assertEquals(4, inv.line());
        assertEquals(Operation.CNode_Copy, inv.op());
        assertEquals(40, inv.arg("dest_index"));
        assertEquals(Rights.ALL, inv.arg("rights"));
        assertEquals(SeL4Error.NoError, inv.expect().error());
        Check c = (Check) t.lines().get(1);
        assertEquals(6, c.line());
        assertEquals(new SlotRef(2, 16, 64), c.slot());
        assertTrue(c.expect().mustResolve());
    }

    @Test
    void headerKeysAreRead() throws Exception {
        Trace t = parse(header("{\"root_cnode_bits\": 12, \"untyped\": [], \"max_irq\": 7, \"fanout_limit\": 3, "
                + "\"cores\": 1}"));
        assertEquals(12, t.header().rootCNodeBits());
        assertEquals(7, t.header().maxIrq());
        assertEquals(3, t.header().fanoutLimit());
        assertEquals(0, t.header().untyped().size());
    }

    @Test
    void bytesAreSplitIntoLinesWithCrLfBomAndNoFinalNewline() throws Exception {
        String text = "\ufeff" + H + "\r\n" + COPY + "\r\n\r\n" + CHECK;
        Trace t = TraceParser.parse(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, t.lineCount());
        assertEquals(4, t.lines().get(1).line());
        Trace u = TraceParser.parse((H + "\n" + COPY + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(2, u.lineCount());
    }

    @Test
    void integersAsHexStringsUpTo2To64Minus1() throws Exception {
        Trace t = parse(H, copyWith("\"dest_index\": 40", "\"dest_index\": \"0xFFFFFFFFFFFFFFFF\""),
                copyWith("\"dest_index\": 40", "\"dest_index\": 18446744073709551615"),
                copyWith("\"dest_index\": 40", "\"dest_index\": \"0x28\""));
        assertEquals(-1L, ((Invocation) t.lines().get(0)).arg("dest_index"));
        assertEquals(-1L, ((Invocation) t.lines().get(1)).arg("dest_index"));
        assertEquals(40L, ((Invocation) t.lines().get(2)).arg("dest_index"));
    }

    @Test
    void optionalStepAndCoreZero() throws Exception {
        Trace t = parse(H, COPY.replace("{\"op\"", "{\"step\": 7, \"core\": 0, \"op\""),
                CHECK.replace("{\"check\"", "{\"step\": \"0x10\", \"core\": 0, \"check\""));
        assertEquals(2, t.lines().size());
    }

    @Test
    void everyOpWithEveryArgumentParses() throws Exception {
        for (Operation op : Operation.values()) {
            Trace t = parse(H, invocation(op, null, null));
            Invocation inv = (Invocation) t.lines().get(0);
            assertEquals(op, inv.op());
            if (op == Operation.Untyped_Retype) {
                assertEquals(ObjectType.Endpoint, inv.type());
            }
        }
    }

    /** An invocation of {@code op} with every argument, minus {@code drop}, plus {@code extra}. */
    static String invocation(Operation op, String drop, String extra) {
        List<String> args = new ArrayList<>();
        for (Operation.Arg arg : op.args()) {
            String a = arg.name();
            if (a.equals(drop)) {
                continue;
            }
            String v;
            switch (arg.kind()) {
                case DEPTH: v = "64"; break;
                case RIGHTS: v = "\"RW\""; break;
                case OBJECT_TYPE: v = "\"Endpoint\""; break;
                default: v = "1";
            }
            args.add("\"" + a + "\": " + v);
        }
        if (extra != null) {
            args.add("\"" + extra + "\": 1");
        }
        return "{\"op\": \"" + op + "\", \"args\": {" + String.join(", ", args) + "}, \"expect\": {\"error\": "
                + "\"NoError\"}}";
    }

    // ---------------------------------------------------------------- the header

    @Test
    void emptyFile() {
        assertEquals(1, assertThrows(InvalidTraceException.class, () -> TraceParser.parse(new byte[0])).line());
    }

    @Test
    void firstLineEmpty() {
        InvalidTraceException e = assertThrows(InvalidTraceException.class, () -> parse("", H));
        assertEquals(1, e.line());
        assertTrue(e.reason().contains("header"));
    }

    @Test
    void firstLineNotAHeader() {
        assertInvalid(1, "captrace", COPY);
        assertInvalid(1, "captrace", "{\"comment\": \"x\"}", H);
    }

    @Test
    void headerVersionMustBe1() {
        assertInvalid(1, "captrace", H.replace("\"captrace\": 1", "\"captrace\": 2"));
        assertInvalid(1, "captrace", H.replace("\"captrace\": 1", "\"captrace\": \"1\""));
    }

    @Test
    void headerUnknownKey() {
        assertInvalid(1, "version", H.replace("{\"captrace\": 1", "{\"captrace\": 1, \"version\": 1"));
    }

    @Test
    void headerBootMissingOrNotAnObject() {
        assertInvalid(1, "boot", "{\"captrace\": 1}");
        assertInvalid(1, "boot", "{\"captrace\": 1, \"boot\": []}");
    }

    @Test
    void headerUnknownBootKey() {
        assertInvalid(1, "boot.root_bits", header("{\"root_bits\": 8, \"untyped\": []}"));
    }

    @Test
    void headerRootCNodeBits5To16() throws Exception {
        assertInvalid(1, "boot.root_cnode_bits", header("{\"root_cnode_bits\": 4, \"untyped\": []}"));
        assertInvalid(1, "boot.root_cnode_bits", header("{\"root_cnode_bits\": 17, \"untyped\": []}"));
        assertInvalid(1, "boot.root_cnode_bits", header("{\"root_cnode_bits\": 8.0, \"untyped\": []}"));
        parse(header("{\"root_cnode_bits\": 5, \"untyped\": []}"));
        parse(header("{\"root_cnode_bits\": 16, \"untyped\": []}"));
    }

    @Test
    void headerUntypedRequiredAndAnArray() {
        assertInvalid(1, "boot.untyped", header("{}"));
        assertInvalid(1, "boot.untyped", header("{\"untyped\": {}}"));
        assertInvalid(1, "boot.untyped[0]", header("{\"untyped\": [5]}"));
    }

    @Test
    void headerUntypedEntryKeys() {
        assertInvalid(1, "boot.untyped[0].paddr", header("{\"untyped\": [{\"size_bits\": 12, \"device\": false}]}"));
        assertInvalid(1, "boot.untyped[0].size_bits", header("{\"untyped\": [{\"paddr\": 0, \"device\": false}]}"));
        assertInvalid(1, "boot.untyped[0].device", header("{\"untyped\": [{\"paddr\": 0, \"size_bits\": 12}]}"));
        assertInvalid(1, "boot.untyped[0].device",
                header("{\"untyped\": [{\"paddr\": 0, \"size_bits\": 12, \"device\": 0}]}"));
        assertInvalid(1, "boot.untyped[0].base",
                header("{\"untyped\": [{\"paddr\": 0, \"size_bits\": 12, \"device\": false, \"base\": 0}]}"));
    }

    @Test
    void headerUntypedSizeBits4To47() throws Exception {
        assertInvalid(1, "boot.untyped[0].size_bits",
                header("{\"untyped\": [{\"paddr\": 0, \"size_bits\": 3, \"device\": false}]}"));
        assertInvalid(1, "boot.untyped[0].size_bits",
                header("{\"untyped\": [{\"paddr\": 0, \"size_bits\": 48, \"device\": false}]}"));
        parse(header("{\"untyped\": [{\"paddr\": \"0x800000000000\", \"size_bits\": 47, \"device\": true}]}"));
    }

    @Test
    void headerUntypedAlignment() {
        InvalidTraceException e = assertInvalid(1, "boot.untyped[1].paddr", header("{\"untyped\": ["
                + "{\"paddr\": 0, \"size_bits\": 12, \"device\": false}, "
                + "{\"paddr\": 69632, \"size_bits\": 16, \"device\": false}]}"));
        assertTrue(e.reason().contains("2^16"));
    }

    @Test
    void headerUntypedOverlap() {
        InvalidTraceException e = assertInvalid(1, "boot.untyped[1]", header("{\"untyped\": ["
                + "{\"paddr\": 1048576, \"size_bits\": 20, \"device\": false}, "
                + "{\"paddr\": 1572864, \"size_bits\": 12, \"device\": true}]}"));
        assertTrue(e.reason().contains("overlaps boot.untyped[0]"), e.reason());
    }

    @Test
    void headerUntypedMustFitInTheRootCNode() throws Exception {
        StringBuilder u = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            u.append(i == 0 ? "" : ", ").append("{\"paddr\": ").append(i * 4096).append(", \"size_bits\": 12, "
                    + "\"device\": false}");
        }
        assertInvalid(1, "boot.untyped", header("{\"root_cnode_bits\": 5, \"untyped\": [" + u + "]}"));
        parse(header("{\"root_cnode_bits\": 6, \"untyped\": [" + u + "]}"));
    }

    @Test
    void headerMaxIrqAndFanout() {
        assertInvalid(1, "boot.max_irq", header("{\"max_irq\": 1000000, \"untyped\": []}"));
        assertInvalid(1, "boot.max_irq", header("{\"max_irq\": -1, \"untyped\": []}"));
        assertInvalid(1, "boot.fanout_limit", header("{\"fanout_limit\": 0, \"untyped\": []}"));
    }

    @Test
    void headerCoresMustBe1() {
        assertInvalid(1, "boot.cores", header("{\"cores\": 2, \"untyped\": []}"));
    }

    // ---------------------------------------------------------------- lines

    @Test
    void invalidJsonNamesTheColumn() {
        InvalidTraceException e = assertThrows(InvalidTraceException.class, () -> parse(H, COPY, "{\"op\": }"));
        assertEquals(3, e.line());
        assertTrue(e.reason().contains("column 8"), e.reason());
    }

    @Test
    void duplicateKeyIsInvalid() {
        InvalidTraceException e = assertThrows(InvalidTraceException.class,
                () -> parse(H, COPY.replace("\"service\": 2", "\"service\": 2, \"service\": 3")));
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("duplicate key \"service\""), e.reason());
    }

    @Test
    void notUtf8() {
        byte[] h = (H + "\n" + COPY + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[h.length + 2];
        System.arraycopy(h, 0, bad, 0, h.length);
        bad[h.length] = (byte) 0xc3;
        bad[h.length + 1] = (byte) 0x28;
        InvalidTraceException e = assertThrows(InvalidTraceException.class, () -> TraceParser.parse(bad));
        assertEquals(3, e.line());
        assertTrue(e.reason().contains("UTF-8"));
    }

    @Test
    void lineMustBeAnObject() {
        InvalidTraceException e = assertThrows(InvalidTraceException.class, () -> parse(H, "[1]"));
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("JSON object"));
    }

    @Test
    void lineOfNoKnownKind() {
        InvalidTraceException e = assertThrows(InvalidTraceException.class, () -> parse(H, "{\"x\": 1}"));
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("\"op\"") && e.reason().contains("x"), e.reason());
    }

    @Test
    void opAndCheckTogether() {
        InvalidTraceException e = assertThrows(InvalidTraceException.class,
                () -> parse(H, COPY.replace("{\"op\"", "{\"check\": \"slot\", \"op\"")));
        assertEquals(2, e.line());
    }

    @Test
    void secondHeader() {
        assertInvalid(3, "captrace", H, COPY, H);
    }

    @Test
    void commentLineHoldsOnlyAString() {
        assertInvalid(2, "comment", H, "{\"comment\": 5}");
        assertInvalid(2, "step", H, "{\"comment\": \"x\", \"step\": 1}");
    }

    @Test
    void theFirstInvalidLineIsReported() {
        assertInvalid(3, "op", H, COPY, "{\"op\": \"Nope\"}", "{\"op\": \"Nope either\"}", "garbage");
    }

    @Test
    void unknownOp() {
        assertInvalid(2, "op", H, copyWith("CNode_Copy", "CNode_SaveCaller"));
        assertInvalid(2, "op", H, copyWith("\"CNode_Copy\"", "7"));
    }

    @Test
    void unknownTopLevelKey() {
        assertInvalid(2, "expected", H, copyWith("\"expect\"", "\"expected\""));
    }

    @Test
    void argsMissingOrNotAnObject() {
        assertInvalid(2, "args", H, "{\"op\": \"CNode_Delete\", \"expect\": {\"error\": \"NoError\"}}");
        assertInvalid(2, "args", H, "{\"op\": \"CNode_Delete\", \"args\": [], \"expect\": {\"error\": \"NoError\"}}");
    }

    @Test
    void everyArgumentOfEveryOpIsRequired() {
        for (Operation op : Operation.values()) {
            for (String arg : op.argNames()) {
                InvalidTraceException e = assertInvalid(2, "args." + arg, H, invocation(op, arg, null));
                assertTrue(e.reason().contains("missing"), e.reason());
            }
        }
    }

    @Test
    void unknownArgumentOfEveryOp() {
        for (Operation op : Operation.values()) {
            assertInvalid(2, "args.colour", H, invocation(op, null, "colour"));
        }
        // an argument of another op is unknown too
        assertInvalid(2, "args.badge", H, invocation(Operation.CNode_Copy, null, "badge"));
    }

    @Test
    void depthAbove255() throws Exception {
        assertInvalid(2, "args.dest_depth", H, copyWith("\"dest_depth\": 64", "\"dest_depth\": 256"));
        assertInvalid(2, "args.src_depth", H, copyWith("\"src_depth\": 64", "\"src_depth\": \"0x100\""));
        parse(H, copyWith("\"dest_depth\": 64", "\"dest_depth\": 255"));
        for (Operation op : Operation.values()) {
            for (Operation.Arg a : op.args()) {
                String arg = a.name();
                if (a.kind() == Operation.Kind.DEPTH) {
                    String line = invocation(op, null, null).replace("\"" + arg + "\": 64", "\"" + arg + "\": 300");
                    assertInvalid(2, "args." + arg, H, line);
                }
            }
        }
    }

    @Test
    void integersMustBe0To2To64Minus1() {
        assertInvalid(2, "args.dest_index", H, copyWith("\"dest_index\": 40", "\"dest_index\": -1"));
        assertInvalid(2, "args.dest_index", H, copyWith("\"dest_index\": 40",
                "\"dest_index\": 18446744073709551616"));
        assertInvalid(2, "args.dest_index", H, copyWith("\"dest_index\": 40",
                "\"dest_index\": \"0x10000000000000000\""));
    }

    @Test
    void integersMustBeIntegers() {
        assertInvalid(2, "args.service", H, copyWith("\"service\": 2", "\"service\": 2.5"));
        assertInvalid(2, "args.service", H, copyWith("\"service\": 2", "\"service\": 2e0"));
        assertInvalid(2, "args.service", H, copyWith("\"service\": 2", "\"service\": \"2\""));
        assertInvalid(2, "args.service", H, copyWith("\"service\": 2", "\"service\": \"0x\""));
        assertInvalid(2, "args.service", H, copyWith("\"service\": 2", "\"service\": \"0xG\""));
        assertInvalid(2, "args.service", H, copyWith("\"service\": 2", "\"service\": \"0X2\""));
        assertInvalid(2, "args.service", H, copyWith("\"service\": 2", "\"service\": true"));
        assertInvalid(2, "args.service", H, copyWith("\"service\": 2", "\"service\": null"));
    }

    @Test
    void rightsLetters() throws Exception {
        assertInvalid(2, "args.rights", H, copyWith("\"RWGP\"", "\"RR\""));
        assertInvalid(2, "args.rights", H, copyWith("\"RWGP\"", "\"rw\""));
        assertInvalid(2, "args.rights", H, copyWith("\"RWGP\"", "\"X\""));
        assertInvalid(2, "args.rights", H, copyWith("\"RWGP\"", "15"));
        Trace t = parse(H, copyWith("\"RWGP\"", "\"PGWR\""), copyWith("\"RWGP\"", "\"\""));
        assertEquals(Rights.ALL, ((Invocation) t.lines().get(0)).arg("rights"));
        assertEquals(0, ((Invocation) t.lines().get(1)).arg("rights"));
    }

    @Test
    void unknownObjectType() {
        String retype = invocation(Operation.Untyped_Retype, null, null);
        assertInvalid(2, "args.type", H, retype.replace("\"Endpoint\"", "\"PageTable\""));
        assertInvalid(2, "args.type", H, retype.replace("\"Endpoint\"", "4"));
        assertInvalid(2, "args.type", H, retype.replace("\"Endpoint\"", "\"endpoint\""));
    }

    @Test
    void expectAndErrorRequired() {
        assertInvalid(2, "expect", H, copyWith(", \"expect\": {\"error\": \"NoError\"}", ""));
        assertInvalid(2, "expect.error", H, copyWith("{\"error\": \"NoError\"}", "{}"));
        assertInvalid(2, "expect.error", H, copyWith("\"NoError\"", "\"Ok\""));
        assertInvalid(2, "expect.error", H, copyWith("\"NoError\"", "0"));
        assertInvalid(2, "expect.colour", H, copyWith("{\"error\": \"NoError\"}",
                "{\"error\": \"NoError\", \"colour\": 1}"));
    }

    @Test
    void expectDetailsOnlyWithTheirError() throws Exception {
        assertInvalid(2, "expect.range", H, copyWith("{\"error\": \"NoError\"}",
                "{\"error\": \"NoError\", \"range\": [1, 64]}"));
        assertInvalid(2, "expect.range", H, copyWith("{\"error\": \"NoError\"}",
                "{\"error\": \"RangeError\", \"range\": [1]}"));
        assertInvalid(2, "expect.range[1]", H, copyWith("{\"error\": \"NoError\"}",
                "{\"error\": \"RangeError\", \"range\": [1, -64]}"));
        assertInvalid(2, "expect.failure", H, copyWith("{\"error\": \"NoError\"}",
                "{\"error\": \"InvalidCapability\", \"failure\": \"InvalidRoot\"}"));
        assertInvalid(2, "expect.failure", H, copyWith("{\"error\": \"NoError\"}",
                "{\"error\": \"FailedLookup\", \"failure\": \"Nowhere\"}"));
        assertInvalid(2, "expect.failure", H, copyWith("{\"error\": \"NoError\"}",
                "{\"error\": \"FailedLookup\", \"failure\": \"None\"}"));
        assertInvalid(2, "expect.argument", H, copyWith("{\"error\": \"NoError\"}",
                "{\"error\": \"RangeError\", \"argument\": 1}"));
        Trace t = parse(H, copyWith("{\"error\": \"NoError\"}", "{\"error\": \"RangeError\", \"range\": [1, 64]}"),
                copyWith("{\"error\": \"NoError\"}", "{\"error\": \"FailedLookup\", \"failure\": \"GuardMismatch\"}"),
                copyWith("{\"error\": \"NoError\"}", "{\"error\": \"InvalidArgument\", \"argument\": \"0x3\"}"));
        assertEquals(64, ((Invocation) t.lines().get(0)).expect().range()[1]);
        assertEquals(LookupFailure.GuardMismatch, ((Invocation) t.lines().get(1)).expect().failure());
        assertEquals(3L, ((Invocation) t.lines().get(2)).expect().argument());
    }

    @Test
    void stepMustBeAnIntegerAndCoreZero() {
        assertInvalid(2, "step", H, COPY.replace("{\"op\"", "{\"step\": \"one\", \"op\""));
        assertInvalid(2, "core", H, COPY.replace("{\"op\"", "{\"core\": 1, \"op\""));
        assertInvalid(2, "core", H, CHECK.replace("{\"check\"", "{\"core\": 1, \"check\""));
        assertInvalid(1, "core", H.replace("{\"captrace\": 1", "{\"captrace\": 1, \"core\": 1"));
    }

    // ---------------------------------------------------------------- check lines

    @Test
    void checkKindMustBeSlot() {
        assertInvalid(2, "check", H, CHECK.replace("\"slot\"", "\"object\""));
        assertInvalid(2, "check", H, CHECK.replace("\"slot\"", "true"));
    }

    @Test
    void checkRequiredKeys() {
        assertInvalid(2, "root", H, CHECK.replace("\"root\": 2, ", ""));
        assertInvalid(2, "index", H, CHECK.replace("\"index\": 16, ", ""));
        assertInvalid(2, "depth", H, CHECK.replace("\"depth\": 64, ", ""));
        assertInvalid(2, "expect", H, CHECK.replace(", \"expect\": {}", ""));
        assertInvalid(2, "slot", H, CHECK.replace("\"root\"", "\"slot\": 1, \"root\""));
    }

    @Test
    void checkExpectKeys() throws Exception {
        assertInvalid(2, "expect.colour", H, checkExpect("{\"colour\": 1}"));
        assertInvalid(2, "expect.type", H, checkExpect("{\"type\": \"PageTable\"}"));
        assertInvalid(2, "expect.type", H, checkExpect("{\"type\": \"Thread\"}"));
        assertInvalid(2, "expect.empty", H, checkExpect("{\"empty\": 1}"));
        assertInvalid(2, "expect.device", H, checkExpect("{\"device\": \"yes\"}"));
        assertInvalid(2, "expect.rights", H, checkExpect("{\"rights\": \"RWX\"}"));
        assertInvalid(2, "expect.badge", H, checkExpect("{\"badge\": -7}"));
        assertInvalid(2, "expect.descendants", H, checkExpect("{\"descendants\": 1.5}"));
        for (String k : List.of("guard", "guard_size", "radix", "size_bits", "paddr", "free_index", "irq")) {
            assertInvalid(2, "expect." + k, H, checkExpect("{\"" + k + "\": \"x\"}"));
        }
        Trace t = parse(H, checkExpect("{\"resolves\": true, \"empty\": false, \"type\": \"TCB\", \"badge\": 0, "
                + "\"rights\": \"\", \"guard\": 0, \"guard_size\": 56, \"radix\": 8, \"size_bits\": 20, "
                + "\"paddr\": \"0x100000\", \"free_index\": 0, \"device\": false, \"irq\": 3, "
                + "\"same_object_as\": {\"root\": 2, \"index\": 1, \"depth\": 64}, \"parent\": null, "
                + "\"descendants\": 0}"));
        CheckExpect x = ((Check) t.lines().get(0)).expect();
        assertEquals("TCB", x.type());
        assertEquals(0x100000L, x.paddr());
        assertTrue(x.parentGiven());
        assertNull(x.parent());
        assertEquals(new SlotRef(2, 1, 64), x.sameObjectAs());
    }

    @Test
    void checkEveryCapTypeName() throws Exception {
        for (String name : CapTypes.NAMES) {
            parse(H, checkExpect("{\"type\": \"" + name + "\"}"));
        }
    }

    @Test
    void checkSlotReferences() {
        assertInvalid(2, "expect.parent.depth", H, checkExpect("{\"parent\": {\"root\": 2, \"index\": 1}}"));
        assertInvalid(2, "expect.parent", H, checkExpect("{\"parent\": 5}"));
        assertInvalid(2, "expect.parent.colour", H,
                checkExpect("{\"parent\": {\"root\": 2, \"index\": 1, \"depth\": 64, \"colour\": 1}}"));
        assertInvalid(2, "expect.same_object_as", H, checkExpect("{\"same_object_as\": null}"));
        assertInvalid(2, "expect.same_object_as.root", H,
                checkExpect("{\"same_object_as\": {\"index\": 1, \"depth\": 64}}"));
    }

    @Test
    void checkFailureNeedsResolvesFalse() throws Exception {
        assertInvalid(2, "expect.failure", H, checkExpect("{\"failure\": \"GuardMismatch\"}"));
        assertInvalid(2, "expect.failure", H, checkExpect("{\"resolves\": true, \"failure\": \"GuardMismatch\"}"));
        assertInvalid(2, "expect.failure", H, checkExpect("{\"resolves\": false, \"failure\": \"Lost\"}"));
        parse(H, checkExpect("{\"resolves\": false, \"failure\": \"GuardMismatch\"}"));
    }

    @Test
    void checkResolvesFalseAllowsNoOtherKey() {
        assertInvalid(2, "expect.empty", H, checkExpect("{\"resolves\": false, \"empty\": true}"));
        assertInvalid(2, "expect.type", H, checkExpect("{\"type\": \"CNode\", \"resolves\": false}"));
    }

    @Test
    void checkDepthIsNotLimitedTo255() throws Exception {
        // only invocation depths are libsel4's 8-bit arguments; a check line looks the slot up (RangeError)
        parse(H, CHECK.replace("\"depth\": 64", "\"depth\": 300"));
    }

    @Test
    void messagesListTheArgumentsInLibsel4Order() {
        InvalidTraceException e = assertInvalid(2, "args.colour", H, invocation(Operation.CNode_Delete, null, "colour"));
        assertTrue(e.reason().contains("service, index, depth"), e.reason());
    }

    @Test
    void opNamesMatchTheSpecTable() {
        assertEquals("CNode_Copy CNode_Mint CNode_Move CNode_Mutate CNode_Rotate CNode_Delete CNode_Revoke "
                + "CNode_CancelBadgedSends Untyped_Retype IRQControl_Get",
                List.of(Operation.values()).stream().map(Operation::name).collect(Collectors.joining(" ")));
        assertEquals(List.of("service", "dest_index", "dest_depth", "pivot_root", "pivot_index", "pivot_depth",
                "pivot_badge", "src_root", "src_index", "src_depth", "src_badge"), Operation.CNode_Rotate.argNames());
        assertEquals(List.of("service", "type", "size_bits", "root", "node_index", "node_depth", "node_offset",
                "num_objects"), Operation.Untyped_Retype.argNames());
    }
}
