package org.capcheck.fuzz.jazzer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The multikernel message target outside Jazzer: random inputs pass on capcheck's protocol; Barrelfish's fails. */
class MessageTargetTest {

    /** Choices from a seeded random source, as many as Jazzer's bytes would give. */
    static MessageTarget.Choices random(SplittableRandom r) {
        int[] left = {64 + r.nextInt(400)};
        return new MessageTarget.Choices() {
            @Override
            public int consumeInt(int min, int max) {
                left[0] = Math.max(0, left[0] - 4);
                return min + r.nextInt(max - min + 1);
            }

            @Override
            public boolean consumeBoolean() {
                left[0] = Math.max(0, left[0] - 1);
                return r.nextBoolean();
            }

            @Override
            public int remainingBytes() {
                return left[0];
            }
        };
    }

    @Test
    void malformedDuplicatedAndUnexpectedMessagesAreRejectedWithoutCorruptingCapchecksCores() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 3_000; i++) {
            MessageTarget.Choices input = random(r);
            assertDoesNotThrow(() -> MessageTarget.run(input), "input " + i);
        }
    }

    /**
     * The checks catch a real defect: a known message naming a core that does not exist (an open finding,
     * off by default) is forwarded to it, which the destination check refuses. MISSING_CORES is read once
     * per JVM, so this runs in a JVM of its own.
     */
    @Test
    void aMessageNamingAMissingCoreIsCaught() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Dcapcheck.fuzz.missingCores=true", "-cp",
                System.getProperty("java.class.path"), MessageTargetTest.class.getName() + "$Main")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), output);
        assertTrue(output.contains("naming a missing core"), output);
        assertTrue(output.matches("(?s).*sent \\S+\\(.*\\) from c\\d to c[23] \\([23] cores\\).*"), output);
    }

    /** Random inputs with messages naming missing cores: exit 1 and the finding, or exit 0. */
    static final class Main {
        public static void main(String[] args) {
            SplittableRandom r = new SplittableRandom(11);
            for (int i = 0; i < 3_000; i++) {
                try {
                    MessageTarget.run(random(r));
                } catch (AssertionError e) {
                    System.out.println(e.getMessage());
                    System.exit(1);
                }
            }
            System.exit(0);
        }
    }
}
