package org.capcheck.captrace;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a captrace byte stream into lines with bounded memory: at most {@link #MAX_LINE_BYTES} of
 * one line plus a fixed buffer are held, whatever the input (a multi-gigabyte file, {@code /dev/zero},
 * {@code /dev/urandom}). Lines end at LF; a CR before the LF is dropped; a final LF ends the last line
 * rather than starting an empty one; a UTF-8 byte order mark at the very start is ignored. A line
 * longer than the limit, or one that is not valid UTF-8, is an {@link InvalidTraceException} naming
 * the line, reported as soon as it is seen (the rest of the stream is not read).
 */
public final class LineReader implements Closeable {
    /**
     * The longest line accepted, in bytes without its line end: 1 MiB. The longest valid captrace v1
     * line with ordinary values is well under 2 KiB; only a comment can be longer.
     */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private byte[] line = new byte[256];
    private int lineNumber;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public LineReader(InputStream in) {
        this(in, MAX_LINE_BYTES);
    }

    public LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The number of the line last returned by {@link #next()} (1-based; 0 before the first). */
    public int lineNumber() {
        return lineNumber;
    }

    /** The next line's text, or null at the end of the stream. */
    public String next() throws IOException, InvalidTraceException {
        int len = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            int nl = -1;
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? limit : nl;
            int n = end - start;
            if ((long) len + n > maxLineBytes + 1L) {
                // One byte of slack: a CR that ends the line is not part of it.
                throw tooLong(lineNumber + 1);
            }
            if (len + n > line.length) {
                line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, len + n), maxLineBytes + 1));
            }
            System.arraycopy(buf, start, line, len, n);
            len += n;
            pos = nl < 0 ? limit : nl + 1;
            if (nl >= 0) {
                break;
            }
        }
        if (lineNumber == Integer.MAX_VALUE) {
            throw new InvalidTraceException(lineNumber, "the file has more than " + Integer.MAX_VALUE
                    + " lines, the most capcheck reads");
        }
        lineNumber++;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        if (len > maxLineBytes) {
            throw tooLong(lineNumber);
        }
        int from = 0;
        if (lineNumber == 1 && len >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb
                && (line[2] & 0xff) == 0xbf) {
            from = 3;
        }
        return decode(from, len);
    }

    private InvalidTraceException tooLong(int number) {
        return new InvalidTraceException(number, "the line is longer than " + maxLineBytes
                + " bytes, the most a captrace line may hold (is this a captrace file?)");
    }

    private String decode(int from, int to) throws InvalidTraceException {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (line[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            decoder.reset();
            return decoder.decode(ByteBuffer.wrap(line, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidTraceException(lineNumber, "the line is not valid UTF-8");
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            // read() returns 0 only for a zero-length request; treat anything but data as the end.
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
