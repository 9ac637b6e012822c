package org.capcheck.json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static Json.JsonException fails(String text) {
        return assertThrows(Json.JsonException.class, () -> Json.parse(text));
    }

    @Test
    void readsEveryKindOfValue() throws Exception {
        Object v = Json.parse(" {\"a\": [1, -2, true, false, null, \"s\"], \"b\": {}, \"c\": []} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(BigInteger.ONE, a.get(0));
        assertEquals(BigInteger.valueOf(-2), a.get(1));
        assertEquals(Boolean.TRUE, a.get(2));
        assertEquals(Boolean.FALSE, a.get(3));
        assertSame(Json.NULL, a.get(4));
        assertEquals("s", a.get(5));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
    }

    @Test
    void integersOfAnySizeAreExact() throws Exception {
        assertEquals(new BigInteger("18446744073709551616"), Json.parse("18446744073709551616"));
        assertEquals(new BigInteger("123456789012345678901234567890"), Json.parse("123456789012345678901234567890"));
        assertEquals(BigInteger.ZERO, Json.parse("-0"));
    }

    @Test
    void fractionsAndExponentsAreNotIntegers() throws Exception {
        assertEquals(new Json.Decimal("1.5"), Json.parse("1.5"));
        assertEquals(new Json.Decimal("1e3"), Json.parse("1e3"));
        assertEquals(new Json.Decimal("2E-1"), Json.parse("2E-1"));
        assertEquals(new Json.Decimal("1.0"), Json.parse("1.0"));
    }

    @Test
    void stringEscapes() throws Exception {
        assertEquals("a\"b\\c/d\b\f\n\r\t", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""));
        assertEquals("\u00e9\ud83d\ude00", Json.parse("\"\\u00e9\\uD83D\\uDE00\""));
        assertEquals("é", Json.parse("\"é\""));
    }

    @Test
    void duplicateKeyIsAnErrorAtTheSecondKey() {
        Json.JsonException e = fails("{\"a\": 1, \"a\": 2}");
        assertTrue(e.getMessage().contains("duplicate key \"a\""), e.getMessage());
        assertEquals(10, e.column());
    }

    @Test
    void duplicateKeyInANestedObject() {
        Json.JsonException e = fails("{\"x\": {\"k\": 1, \"k\": 1}}");
        assertTrue(e.getMessage().contains("duplicate key \"k\""));
        assertEquals(16, e.column());
    }

    @Test
    void syntaxErrorsCarryTheirColumn() {
        assertEquals(9, fails("{\"a\": 1,}").column()); // trailing comma: a key was expected
        assertEquals(8, fails("{\"a\": 01}").column()); // leading zero
        assertEquals(2, fails("{'a': 1}").column()); // single quotes
        assertEquals(9, fails("{\"a\": 1 x").column());
        assertEquals(4, fails("[1 2]").column());
        assertEquals(5, fails("[1, ]").column());
        assertEquals(4, fails("{} {}").column());
    }

    @Test
    void rejectsWhatJsonDoesNotAllow() {
        fails("");
        fails("   ");
        fails("-");
        fails("1.");
        fails(".5");
        fails("1e");
        fails("+1");
        fails("True");
        fails("nul");
        fails("NaN");
        fails("\"unterminated");
        fails("\"bad escape \\x\"");
        fails("\"short \\u12\"");
        fails("\"bad hex \\u12G4\"");
        fails("\"tab\tinside\"");
        fails("{\"a\" 1}");
        fails("{1: 2}");
        fails("// comment");
        fails("[1,]");
    }

    @Test
    void unterminatedStringPointsAtItsStart() {
        assertEquals(7, fails("{\"a\": \"abc").column());
    }

    @Test
    void deepNestingIsRejectedNotOverflowed() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertTrue(fails(deep).getMessage().contains("nesting"));
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertDoesNotThrow(() -> Json.parse(ok));
    }

    @Test
    void compactWriterPutsEverythingOnOneLineAndEveryStringSurvivesARoundTrip() throws Exception {
        String hostile = "tab\there\rcr\nlf \"quoted\" back\\slash \u0000\u0001\u001f\u007f "
                + "caf\u00e9 \u2028\u2029 \ud83d\ude00 lone \ud800 and \udc00 end";
        JsonWriter w = JsonWriter.compact().beginObject().field("s", hostile).name("a").beginArray().value(1)
                .value(true).nullValue().endArray().name("o").beginObject().endObject().endObject();
        String text = w.toString();
        assertEquals(-1, text.indexOf('\n'), text);
        assertEquals(-1, text.indexOf('\r'), text);
        assertTrue(text.startsWith("{\"s\": \"tab\\there"), text);
        assertTrue(text.endsWith(", \"a\": [1, true, null], \"o\": {}}"), text);
        Map<?, ?> m = (Map<?, ?>) Json.parse(text);
        assertEquals(hostile, m.get("s"));
        // The text is valid UTF-8 both ways (no unpaired surrogate reaches the encoder).
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(text, new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
    }
}
