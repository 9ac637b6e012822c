package org.capcheck.model.captrace;

/**
 * A minimal JSON writer for replay reports (JDK only): objects and arrays with two-space
 * indentation, strings escaped per RFC 8259. Callers write names and values; commas are tracked here.
 */
final class JsonOut {
    private final StringBuilder out = new StringBuilder();
    private boolean[] hasElement = new boolean[16];
    private int depth;
    private boolean afterName;

    JsonOut beginObject() {
        open('{');
        return this;
    }

    JsonOut endObject() {
        close('}');
        return this;
    }

    JsonOut beginArray() {
        open('[');
        return this;
    }

    JsonOut endArray() {
        close(']');
        return this;
    }

    JsonOut name(String name) {
        separate();
        quote(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    JsonOut value(String v) {
        if (v == null) {
            return nullValue();
        }
        separate();
        quote(v);
        return this;
    }

    JsonOut value(long v) {
        separate();
        out.append(v);
        return this;
    }

    JsonOut value(boolean v) {
        separate();
        out.append(v);
        return this;
    }

    JsonOut nullValue() {
        separate();
        out.append("null");
        return this;
    }

    JsonOut field(String name, String v) {
        return name(name).value(v);
    }

    JsonOut field(String name, long v) {
        return name(name).value(v);
    }

    JsonOut field(String name, boolean v) {
        return name(name).value(v);
    }

    /** A field whose value is an integer or null. */
    JsonOut field(String name, Integer v) {
        name(name);
        return v == null ? nullValue() : value(v.longValue());
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void open(char c) {
        separate();
        out.append(c);
        if (++depth >= hasElement.length) {
            hasElement = java.util.Arrays.copyOf(hasElement, hasElement.length * 2);
        }
        hasElement[depth] = false;
    }

    private void close(char c) {
        boolean any = hasElement[depth];
        depth--;
        if (any) {
            newline();
        }
        out.append(c);
    }

    /** Before a value or a name: a comma if needed and the indentation; nothing right after a name. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (hasElement[depth]) {
                out.append(',');
            }
            hasElement[depth] = true;
            newline();
        }
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private void quote(String s) {
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
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
