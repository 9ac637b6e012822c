package org.capcheck.json;

/**
 * A small streaming JSON writer (JDK only): objects, arrays, strings escaped per RFC 8259, numbers,
 * booleans and null. The default layout is two-space indentation (reports); {@link #compact()} writes
 * one line with {@code ", "} and {@code ": "} separators (JSON Lines, such as captrace). Commas and
 * nesting are tracked here so callers only say what they write.
 *
 * <p>Strings: quote, backslash and every control character below U+0020 are escaped (the common ones
 * by their short escapes, the rest by a six-character unicode escape); an unpaired surrogate, which
 * UTF-8 cannot encode, and U+2028/U+2029, which some JavaScript readers take for line ends, are
 * unicode-escaped too; so any Java string survives a write and a {@link Json#parse} unchanged.
 */
public final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private final boolean oneLine;
    /** Per open container: whether it has an element yet. */
    private boolean[] hasElement = new boolean[16];
    private int depth;
    private boolean afterName;

    /** A writer with two-space indentation. */
    public JsonWriter() {
        this(false);
    }

    private JsonWriter(boolean oneLine) {
        this.oneLine = oneLine;
    }

    /** A writer that puts the whole value on one line (no line break can appear in its output). */
    public static JsonWriter compact() {
        return new JsonWriter(true);
    }

    public JsonWriter beginObject() {
        open('{');
        return this;
    }

    public JsonWriter endObject() {
        close('}');
        return this;
    }

    public JsonWriter beginArray() {
        open('[');
        return this;
    }

    public JsonWriter endArray() {
        close(']');
        return this;
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        separate();
        string(value);
        return this;
    }

    public JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** A finite double as a JSON number; NaN and infinities, which JSON lacks, become null. */
    public JsonWriter value(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return nullValue();
        }
        separate();
        out.append(value);
        return this;
    }

    public JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** A field whose value is an integer or null. */
    public JsonWriter field(String name, Integer value) {
        name(name);
        return value == null ? nullValue() : value(value.longValue());
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void open(char bracket) {
        separate();
        out.append(bracket);
        if (depth == hasElement.length) {
            hasElement = java.util.Arrays.copyOf(hasElement, depth * 2);
        }
        hasElement[depth++] = false;
    }

    private void close(char bracket) {
        boolean any = hasElement[--depth];
        if (any) {
            newline();
        }
        out.append(bracket);
    }

    /** Before a value or a name: a comma if the container has elements, and a new line. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasElement[depth - 1]) {
                out.append(oneLine ? ", " : ",");
            }
            hasElement[depth - 1] = true;
            newline();
        }
    }

    private void newline() {
        if (oneLine) {
            return;
        }
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || unpairedSurrogate(s, i)) {
                        unicodeEscape(c);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private void unicodeEscape(char c) {
        String hex = Integer.toHexString(c);
        out.append("\\u");
        for (int k = hex.length(); k < 4; k++) {
            out.append('0');
        }
        out.append(hex);
    }

    /** Whether the char at i is half of a surrogate pair whose other half is missing. */
    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
