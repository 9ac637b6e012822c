package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of bad command lines for {@code capcheck replay} (src/test/resources/replay/
 * bad-command-lines.tsv): each ends at once with its exit status and a message naming what is wrong,
 * never a stack trace, never a report file written by a run that did not happen.
 */
@Timeout(60)
class ReplayBadCommandLineTest {
    static final Path CORPUS = Path.of("src/test/resources/replay/bad-command-lines.tsv");

    @RegisterExtension
    final StandardStreams io = new StandardStreams();

    @TempDir
    static Path dir;
    static Path good;
    static Path sparse;

    @BeforeAll
    static void files() throws Exception {
        good = dir.resolve("good.jsonl");
        Files.writeString(good, ReplayCommandTest.GOOD, StandardCharsets.UTF_8);
        StringBuilder longLine = new StringBuilder(ReplayCommandTest.H).append("\n{\"comment\": \"");
        longLine.append("x".repeat(1 << 20)).append("\"}\n");
        Files.writeString(dir.resolve("long.jsonl"), longLine, StandardCharsets.UTF_8);
        sparse = dir.resolve("sparse.jsonl");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        byte[] random = new byte[1 << 16];
        new Random(1).nextBytes(random);
        Files.write(dir.resolve("random.bin"), random);
    }

    @AfterAll
    static void removeSparse() throws Exception {
        Files.deleteIfExists(sparse);
    }

    static Stream<Arguments> corpus() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (String row : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] cols = row.split("\t");
            assertEquals(3, cols.length, "a row is ARGS<TAB>STATUS<TAB>FRAGMENT: " + row);
            cases.add(Arguments.of(cols[0], Integer.parseInt(cols[1]), cols[2]));
        }
        return cases.stream();
    }

    static String fill(String s) {
        return s.replace("{GOOD}", good.toString()).replace("{DIR}", dir.toString())
                .replace("{LONG}", dir.resolve("long.jsonl").toString()).replace("{SPARSE}", sparse.toString())
                .replace("{BINARY}", dir.resolve("random.bin").toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void endsAtOnceWithItsStatusAndMessage(String args, int status, String fragment) throws Exception {
        List<String> argv = new ArrayList<>();
        for (String a : args.split(" ")) {
            argv.add(a.equals("{EMPTY}") ? "" : fill(a));
        }
        long start = System.nanoTime();
        int got = Main.run(argv.toArray(new String[0]));
        String e = io.err();
        assertEquals(status, got, args + "\n" + e);
        assertTrue(e.contains(fill(fragment)), "expected '" + fill(fragment) + "' in:\n" + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), e);
        assertEquals("", io.out(), "nothing ran, so nothing is printed on stdout");
        assertFalse(Files.exists(dir.resolve("no")), "no report directory was created");
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "took more than 20 s: " + args);
    }
}
