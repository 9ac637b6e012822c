package org.capcheck.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) for one captrace line; JDK only. Values are read as:
 * object → {@code Map<String, Object>} (insertion-ordered), array → {@code List<Object>}, string →
 * {@link String}, integer → {@link BigInteger} (any size), a number with a fraction or exponent →
 * {@link Decimal}, {@code true}/{@code false} → {@link Boolean}, {@code null} → {@link #NULL}.
 *
 * <p>Strict: a duplicate key in one object, trailing commas, comments, single quotes, leading zeros,
 * unescaped control characters in strings, invalid escapes and anything after the value are errors.
 * Every error is a {@link JsonException} carrying the 1-based column where the reader stopped.
 */
public final class Json {
    /** JSON's {@code null} (distinct from a missing key, which a map lookup reports as Java null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Deeper nesting than this is rejected rather than risking the stack. */
    static final int MAX_DEPTH = 256;

    /** A JSON number with a fraction or an exponent, kept as its text. */
    public record Decimal(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A syntax error, with the 1-based column of the character where it was found. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int column;

        JsonException(int column, String message) {
            super(message);
            this.column = column;
        }

        public int column() {
            return column;
        }
    }

    private final String s;
    private int pos;
    private int depth;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one complete JSON value; only whitespace may surround it. */
    public static Object parse(String text) throws JsonException {
        Json p = new Json(text);
        p.skipWhitespace();
        if (p.pos >= text.length()) {
            throw p.error("expected a JSON value, found the end of the line");
        }
        Object v = p.value();
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the JSON value");
        }
        return v;
    }

    /** A short name of a value's JSON kind, for messages. */
    public static String kindOf(Object v) {
        if (v == NULL) {
            return "null";
        } else if (v instanceof Map) {
            return "an object";
        } else if (v instanceof List) {
            return "an array";
        } else if (v instanceof String) {
            return "a string";
        } else if (v instanceof BigInteger || v instanceof Decimal) {
            return "a number";
        } else if (v instanceof Boolean) {
            return "a boolean";
        }
        return "nothing";
    }

    private JsonException error(String message) {
        return new JsonException(pos + 1, message);
    }

    private String describeHere() {
        if (pos >= s.length()) {
            return "end of the line";
        }
        char c = s.charAt(pos);
        if (c < 0x20 || c == 0x7f) {
            return String.format("control character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else {
                break;
            }
        }
    }

    private Object value() throws JsonException {
        if (pos >= s.length()) {
            throw error("expected a JSON value, found the end of the line");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a JSON value, found " + describeHere());
        }
    }

    private void literal(String word) throws JsonException {
        if (!s.startsWith(word, pos)) {
            throw error("expected a JSON value, found " + describeHere()
                    + " (JSON literals are true, false and null, in lower case)");
        }
        pos += word.length();
    }

    private void enter() throws JsonException {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private Map<String, Object> object() throws JsonException {
        enter();
        pos++; // '{'
        Map<String, Object> m = new LinkedHashMap<>();
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == '}') {
            pos++;
            depth--;
            return m;
        }
        while (true) {
            skipWhitespace();
            if (pos >= s.length() || s.charAt(pos) != '"') {
                throw error("expected a key (a string in double quotes), found " + describeHere());
            }
            int keyColumn = pos;
            String key = string();
            if (m.containsKey(key)) {
                throw new JsonException(keyColumn + 1, "duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            if (pos >= s.length() || s.charAt(pos) != ':') {
                throw error("expected ':' after key \"" + key + "\", found " + describeHere());
            }
            pos++;
            skipWhitespace();
            m.put(key, value());
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                continue;
            }
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                depth--;
                return m;
            }
            throw error("expected ',' or '}' in an object, found " + describeHere());
        }
    }

    private List<Object> array() throws JsonException {
        enter();
        pos++; // '['
        List<Object> a = new ArrayList<>();
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == ']') {
            pos++;
            depth--;
            return a;
        }
        while (true) {
            skipWhitespace();
            a.add(value());
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                continue;
            }
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                depth--;
                return a;
            }
            throw error("expected ',' or ']' in an array, found " + describeHere());
        }
    }

    private String string() throws JsonException {
        int start = pos;
        pos++; // opening quote
        // Most strings (keys, names) have no escape: take them whole.
        for (int i = pos; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                String plain = s.substring(pos, i);
                pos = i + 1;
                return plain;
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
        }
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw new JsonException(start + 1, "unterminated string");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return b.toString();
            }
            if (c < 0x20) {
                throw error(String.format("control character U+%04X in a string (write it as an escape)", (int) c));
            }
            if (c != '\\') {
                b.append(c);
                pos++;
                continue;
            }
            pos++;
            if (pos >= s.length()) {
                throw new JsonException(start + 1, "unterminated string");
            }
            char e = s.charAt(pos);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (pos + 4 >= s.length()) {
                        throw error("\\u must be followed by four hex digits");
                    }
                    int code = 0;
                    for (int i = 1; i <= 4; i++) {
                        int d = Character.digit(s.charAt(pos + i), 16);
                        if (d < 0) {
                            pos += i;
                            throw error("\\u must be followed by four hex digits, found " + describeHere());
                        }
                        code = code * 16 + d;
                    }
                    b.append((char) code);
                    pos += 4;
                    break;
                default:
                    throw error("invalid escape \\" + e + " in a string");
            }
            pos++;
        }
    }

    private Object number() throws JsonException {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= s.length() || !isDigit(s.charAt(pos))) {
            throw error("expected a digit after '-', found " + describeHere());
        }
        if (s.charAt(pos) == '0') {
            pos++;
            if (pos < s.length() && isDigit(s.charAt(pos))) {
                throw error("a number must not have a leading zero");
            }
        } else {
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }
        boolean integer = true;
        if (pos < s.length() && s.charAt(pos) == '.') {
            integer = false;
            pos++;
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("expected a digit after the decimal point, found " + describeHere());
            }
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            integer = false;
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("expected a digit in the exponent, found " + describeHere());
            }
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }
        if (integer && pos - start <= 18) {
            // At most 18 characters always fit in a long: skip BigInteger's string parser.
            return BigInteger.valueOf(Long.parseLong(s, start, pos, 10));
        }
        String text = s.substring(start, pos);
        return integer ? new BigInteger(text) : new Decimal(text);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
