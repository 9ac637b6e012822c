package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalModel#pack}, which measures runs of 0x00 and 0xff bytes eight at a time, writes exactly what
 * the plain definition writes (each such byte followed by its run's length, 1..255), so that a state's
 * words, and so its fingerprint, do not depend on how the runs were measured: runs that end at every
 * offset of a word, runs at the start and end of the encoding, runs longer than 255.
 */
class PackingTest {

    /** The definition, a byte at a time. */
    private static byte[] packedByTheDefinition(byte[] e) {
        byte[] out = new byte[2 * e.length];
        int n = 0;
        for (int i = 0; i < e.length; ) {
            byte b = e[i];
            out[n++] = b;
            if (b == 0 || b == -1) {
                int run = 1;
                while (run < 255 && i + run < e.length && e[i + run] == b) {
                    run++;
                }
                out[n++] = (byte) run;
                i += run;
            } else {
                i++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static byte[] packed(byte[] e) {
        byte[] out = new byte[2 * e.length];
        return Arrays.copyOf(out, LocalModel.pack(e, out));
    }

    @Test
    void everyRunLengthAtEveryOffsetPacksAsDefined() {
        for (byte fill : new byte[] {0, -1}) {
            for (int before = 0; before < 10; before++) {
                for (int run : new int[] {1, 2, 7, 8, 9, 15, 16, 17, 254, 255, 256, 263, 510, 511, 600}) {
                    for (int after = 0; after < 10; after++) {
                        byte[] e = new byte[before + run + after];
                        Arrays.fill(e, (byte) 0x5a);
                        Arrays.fill(e, before, before + run, fill);
                        String where = "fill " + fill + ", " + before + " + " + run + " + " + after;
                        assertArrayEquals(packedByTheDefinition(e), packed(e), where);
                    }
                }
            }
        }
    }

    @Test
    void randomRunsOfBothBytesPackAsDefined() {
        Random r = new Random(8);
        for (int trial = 0; trial < 3_000; trial++) {
            byte[] e = new byte[r.nextInt(700)];
            for (int i = 0; i < e.length; ) {
                int len = 1 + r.nextInt(r.nextBoolean() ? 4 : 300);
                int kind = r.nextInt(3);
                byte b = kind == 0 ? 0 : kind == 1 ? (byte) -1 : (byte) (1 + r.nextInt(254));
                for (int j = 0; j < len && i < e.length; j++) {
                    e[i++] = kind == 2 && r.nextInt(4) == 0 ? (byte) r.nextInt(256) : b;
                }
            }
            assertArrayEquals(packedByTheDefinition(e), packed(e), "trial " + trial);
        }
    }

    @Test
    void anEmptyEncodingPacksToNothing() {
        assertEquals(0, LocalModel.pack(new byte[0], new byte[0]));
    }
}
