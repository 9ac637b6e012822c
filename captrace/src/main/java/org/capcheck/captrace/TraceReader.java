package org.capcheck.captrace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capcheck.json.Json;

/**
 * Reads a captrace v1 file as a stream, validating each line as it comes ({@link TraceParser}'s
 * rules) and holding only the current line: memory stays bounded whatever the file's length (see
 * {@link LineReader} for the bound on one line). The header is read and validated when the reader
 * is opened; {@link #next()} then returns the invocation and check lines, skipping comments and
 * empty lines.
 *
 * <p>It also notices the reproduction hint that capcheck writes in a counterexample's comments
 * ({@code capcheck replay --mutant NAME FILE}), so that replay can say, when such a file passes on
 * the correct kernel, that the seeded bug is absent rather than that the finding is gone.
 */
public final class TraceReader implements Closeable {
    private static final Pattern MUTANT_HINT = Pattern.compile("capcheck replay --mutant ([A-Za-z0-9_]+)");

    private final LineReader lines;
    private final Header header;
    private final String headerText;
    private String mutantHint;

    private TraceReader(LineReader lines, Header header, String headerText) {
        this.lines = lines;
        this.header = header;
        this.headerText = headerText;
    }

    /**
     * Opens a stream and reads its header. The stream is closed if this throws.
     *
     * @throws InvalidTraceException if the stream is empty or line 1 is not a valid header
     */
    public static TraceReader open(InputStream in) throws IOException, InvalidTraceException {
        LineReader lr = new LineReader(in);
        try {
            String first = lr.next();
            if (first == null) {
                throw new InvalidTraceException(1, "the file is empty: line 1 must be the captrace header "
                        + "({\"captrace\": 1, \"boot\": {...}})");
            }
            return new TraceReader(lr, TraceParser.parseHeader(first), first);
        } catch (IOException | InvalidTraceException | RuntimeException e) {
            lr.close();
            throw e;
        }
    }

    public Header header() {
        return header;
    }

    public String headerText() {
        return headerText;
    }

    /** The next invocation or check line, or null at the end of the file. */
    public TraceLine next() throws IOException, InvalidTraceException {
        while (true) {
            String text = lines.next();
            if (text == null) {
                return null;
            }
            TraceLine l = TraceParser.parseLine(lines.lineNumber(), text);
            if (l != null) {
                return l;
            }
            if (mutantHint == null && text.contains("--mutant")) {
                mutantHint = hintIn(text);
            }
        }
    }

    /** The number of lines read so far, the header, comments and empty lines included. */
    public int linesRead() {
        return lines.lineNumber();
    }

    /**
     * The seeded bug a comment read so far names in a reproduction command
     * ({@code capcheck replay --mutant NAME}), or null.
     */
    public String mutantHint() {
        return mutantHint;
    }

    /** The NAME of "capcheck replay --mutant NAME" in a comment line (already validated), or null. */
    static String hintIn(String commentLine) {
        try {
            Object c = ((Map<?, ?>) Json.parse(commentLine)).get("comment");
            Matcher m = MUTANT_HINT.matcher(c instanceof String ? (String) c : "");
            return m.find() ? m.group(1) : null;
        } catch (Json.JsonException | ClassCastException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
