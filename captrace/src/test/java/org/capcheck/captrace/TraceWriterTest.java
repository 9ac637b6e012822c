package org.capcheck.captrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.capcheck.core.BootConfig;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;
import org.capcheck.json.Json;
import org.junit.jupiter.api.Test;

/** What {@link TraceWriter} writes, {@link TraceParser} reads back equal: write, parse, compare. */
class TraceWriterTest {
    static final List<String> HOSTILE = List.of("", "plain", "tab\there", "cr\rand lf\nand crlf\r\n",
            "\"quoted\" and \\backslash\\ and \\u0041 literally", "\u0000\u0001\u0007\u001b\u001f\u007f",
            "caf\u00e9 \u65e5\u672c \ud83d\ude00 \u2028\u2029", "lone \ud800 high and \udc00 low",
            "{\"comment\": \"nested\"}\n{\"op\": \"CNode_Copy\"}", "}\n{\"captrace\": 1}");

    static BootConfig boot() {
        return BootConfig.defaults().withRootCNodeBits(9).withMaxIrq(63).withFanoutLimit(1000)
                .withUntyped(List.of(new UntypedRegion(1L << 20, 20, false), new UntypedRegion(1L << 46, 45, true)));
    }

    @Test
    void headerRoundTrips() throws Exception {
        String line = TraceWriter.header(boot());
        Header h = TraceParser.parseHeader(line);
        assertEquals(9, h.rootCNodeBits());
        assertEquals(63, h.maxIrq());
        assertEquals(1000, h.fanoutLimit());
        assertEquals(boot().untyped(), h.untyped());
        assertTrue(line.contains("\"paddr\": 70368744177664"), line);
        assertEquals(line, TraceWriter.header(h));
    }

    @Test
    void everyOperationRoundTripsWithAnyArguments() throws Exception {
        Random r = new Random(7);
        for (int n = 0; n < 2000; n++) {
            Operation op = Operation.values()[n % Operation.values().length];
            long[] args = new long[op.arity()];
            for (int i = 0; i < args.length; i++) {
                switch (op.args().get(i).kind()) {
                    case DEPTH:
                        args[i] = r.nextInt(256);
                        break;
                    case RIGHTS:
                        args[i] = r.nextInt(16);
                        break;
                    case OBJECT_TYPE:
                        args[i] = ObjectType.values()[r.nextInt(ObjectType.values().length)].number();
                        break;
                    default:
                        args[i] = interesting(r);
                }
            }
            ExpectedResult x = expect(r);
            Long step = r.nextBoolean() ? null : interesting(r);
            String line = TraceWriter.invocation(step, op, args, x);
            assertOneLine(line);
            Invocation inv = (Invocation) TraceParser.parseLine(5, line);
            assertEquals(op, inv.op(), line);
            assertArrayEquals(args, inv.args(), line);
            assertEquals(x.error(), inv.expect().error(), line);
            assertArrayEquals(x.range(), inv.expect().range(), line);
            assertEquals(x.failure(), inv.expect().failure(), line);
            assertEquals(x.argument(), inv.expect().argument(), line);
            assertEquals(line, inv.text());
            assertEquals(line, TraceWriter.invocation(step, inv), "writing what was read gives the same line");
        }
    }

    @Test
    void checkLinesRoundTripWithEveryKey() throws Exception {
        Random r = new Random(11);
        for (int n = 0; n < 2000; n++) {
            CheckExpect x;
            if (n % 5 == 0) {
                x = new CheckExpect(false, r.nextBoolean() ? null : failure(r), null, null, null, null, null, null,
                        null, null, null, null, null, null, null, false, null, null);
            } else {
                boolean parentGiven = r.nextBoolean();
                x = new CheckExpect(r.nextBoolean() ? null : true, null, maybe(r, r.nextBoolean()),
                        maybe(r, CapTypes.NAMES.get(r.nextInt(CapTypes.NAMES.size()))), maybe(r, interesting(r)),
                        maybe(r, r.nextInt(16)), maybe(r, interesting(r)), maybe(r, interesting(r)),
                        maybe(r, interesting(r)), maybe(r, interesting(r)), maybe(r, interesting(r)),
                        maybe(r, interesting(r)), maybe(r, r.nextBoolean()), maybe(r, interesting(r)),
                        maybe(r, slot(r)), parentGiven, parentGiven ? maybe(r, slot(r)) : null,
                        maybe(r, interesting(r)));
            }
            SlotRef s = slot(r);
            String line = TraceWriter.check(null, s, x);
            assertOneLine(line);
            Check c = (Check) TraceParser.parseLine(9, line);
            assertEquals(s, c.slot(), line);
            assertEquals(x, c.expect(), line);
            assertEquals(line, TraceWriter.check(null, c.slot(), c.expect()));
        }
    }

    @Test
    void hostileCommentsStayOneValidLineAndReadBackEqual() throws Exception {
        List<String> file = new ArrayList<>();
        file.add(TraceWriter.header(boot()));
        for (String h : HOSTILE) {
            String line = TraceWriter.comment(h);
            assertOneLine(line);
            assertNull(TraceParser.parseLine(2, line), "a comment line is valid and runs nothing: " + line);
            assertEquals(h, ((Map<?, ?>) Json.parse(line)).get("comment"));
            file.add(line);
        }
        file.add(TraceWriter.invocation(1L, Operation.CNode_Delete, new long[] {2, 40, 64},
                new ExpectedResult(SeL4Error.NoError, null, null, null)));
        // Through bytes as a file is read: the comments never break the file into other lines.
        byte[] bytes = (String.join("\n", file) + "\n").getBytes(StandardCharsets.UTF_8);
        Trace t = TraceParser.parse(bytes);
        assertEquals(file.size(), t.lineCount());
        assertEquals(1, t.lines().size());
        assertEquals(file.size(), t.lines().get(0).line());
    }

    @Test
    void anObjectTypeCaptraceCannotNameIsRefusedNotGuessed() {
        long[] args = {16, 99, 0, 2, 0, 0, 20, 1};
        assertThrows(IllegalArgumentException.class, () -> TraceWriter.invocation(null, Operation.Untyped_Retype, args,
                new ExpectedResult(SeL4Error.NoError, null, null, null)));
    }

    @Test
    void largeWordsAreHexAndSmallOnesNumbers() throws Exception {
        String line = TraceWriter.invocation(null, Operation.CNode_Mint,
                new long[] {2, 40, 64, 2, 16, 64, 15, -1L}, new ExpectedResult(SeL4Error.NoError, null, null, null));
        assertTrue(line.contains("\"badge\": \"0xffffffffffffffff\""), line);
        assertTrue(line.contains("\"rights\": \"RWGP\""), line);
        line = TraceWriter.invocation(null, Operation.CNode_Mint,
                new long[] {2, 40, 64, 2, 16, 64, 0, (1L << 53) - 1}, new ExpectedResult(SeL4Error.NoError, null,
                        null, null));
        assertTrue(line.contains("\"badge\": 9007199254740991"), line);
        assertTrue(line.contains("\"rights\": \"\""), line);
    }

    private static void assertOneLine(String line) {
        assertTrue(line.indexOf('\n') < 0 && line.indexOf('\r') < 0, line);
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
    }

    private static <T> T maybe(Random r, T v) {
        return r.nextInt(3) == 0 ? null : v;
    }

    private static SlotRef slot(Random r) {
        return new SlotRef(interesting(r), interesting(r), interesting(r));
    }

    private static LookupFailure failure(Random r) {
        LookupFailure[] f = {LookupFailure.InvalidRoot, LookupFailure.MissingCapability, LookupFailure.DepthMismatch,
                LookupFailure.GuardMismatch};
        return f[r.nextInt(f.length)];
    }

    private static ExpectedResult expect(Random r) {
        SeL4Error e = SeL4Error.values()[r.nextInt(SeL4Error.values().length)];
        long[] range = e == SeL4Error.RangeError && r.nextBoolean() ? new long[] {interesting(r), interesting(r)}
                : null;
        LookupFailure f = e == SeL4Error.FailedLookup && r.nextBoolean() ? failure(r) : null;
        Long arg = e == SeL4Error.InvalidArgument && r.nextBoolean() ? interesting(r) : null;
        return new ExpectedResult(e, range, f, arg);
    }

    /** Small values, values around 2^53, and full 64-bit patterns (read unsigned). */
    private static long interesting(Random r) {
        switch (r.nextInt(4)) {
            case 0:
                return r.nextInt(300);
            case 1:
                return (1L << 53) + r.nextInt(5) - 2;
            case 2:
                return -1L - r.nextInt(3);
            default:
                return r.nextLong();
        }
    }
}
