package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.capcheck.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VectorsCommandTest {
    @RegisterExtension
    final StandardStreams io = new StandardStreams();

    @TempDir
    Path dir;

    private static List<Path> files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    @Test
    void vectorsAreWrittenOneTracePerFileWithCoverageAndEachReplays() throws Exception {
        Path vec = dir.resolve("vec");
        Path json = dir.resolve("v.json");
        int status = Main.run("vectors", "--count", "3", "--seed", "1", "--out", vec.toString(), "--json",
                json.toString());
        assertEquals(ExitStatus.OK, status, io.out() + io.err());
        assertTrue(io.out().contains("coverage: 62 of 62 (operation, error) pairs"), io.out());
        assertTrue(io.out().contains("CNode_Revoke") && io.out().contains("no difference"), io.out());
        assertTrue(io.err().contains("capcheck vectors: 3 traces of up to 64 invocations, seed 1"), io.err());
        List<Path> fs = files(vec);
        assertEquals(List.of("vector-0001.jsonl", "vector-0002.jsonl", "vector-0003.jsonl"),
                fs.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("complete", report.get("outcome"));
        assertEquals(62L, ((Number) report.get("covered_pairs")).longValue());
        assertEquals(List.of(), report.get("missing"));
        assertEquals(62, ((List<?>) report.get("pairs")).size());
        assertEquals(3, ((List<?>) report.get("files")).size());
        for (Path f : fs) {
            io.reset();
            assertEquals(ExitStatus.OK, Main.run("replay", "-q", f.toString()), f + ": " + io.out() + io.err());
        }
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(ExitStatus.OK, Main.run("vectors", "-q", "--count", "2", "--seed", "9", "--ops-per-trace", "20",
                "--out", a.toString()));
        assertEquals(ExitStatus.OK, Main.run("vectors", "-q", "--count", "2", "--seed", "9", "--ops-per-trace", "20",
                "--out", b.toString()));
        List<Path> fa = files(a);
        List<Path> fb = files(b);
        assertEquals(2, fa.size());
        for (int i = 0; i < fa.size(); i++) {
            assertArrayEquals(Files.readAllBytes(fa.get(i)), Files.readAllBytes(fb.get(i)), fa.get(i).toString());
        }
    }

    @Test
    void oneTraceMayGoToOneJsonlFileAndEarlierVectorFilesAreReplaced() throws Exception {
        Path one = dir.resolve("one.jsonl");
        assertEquals(ExitStatus.OK, Main.run("vectors", "-q", "--count", "1", "--ops-per-trace", "10", "--out",
                one.toString()), io.err());
        assertTrue(Files.readString(one).startsWith("{\"captrace\": 1, "));
        assertEquals(ExitStatus.OK, Main.run("replay", "-q", one.toString()), io.out() + io.err());

        Path vec = Files.createDirectory(dir.resolve("again"));
        Files.writeString(vec.resolve("vector-0009.jsonl"), "stale");
        assertEquals(ExitStatus.OK, Main.run("vectors", "-q", "--count", "2", "--ops-per-trace", "5", "--out",
                vec.toString()), io.err());
        assertEquals(List.of(vec.resolve("vector-0001.jsonl"), vec.resolve("vector-0002.jsonl")), files(vec));
    }

    @Test
    void badUsageExitsTwoWithAMessageBeforeWritingAnything() throws Exception {
        Path vec = dir.resolve("v");
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        String[][] cases = {
            {"--count 0", "--count must be 1..1000000, not 0", "--count", "0", "--out", vec.toString()},
            {"--count -3", "--count must be", "--count", "-3", "--out", vec.toString()},
            {"--ops-per-trace 0", "--ops-per-trace must be 1..100000, not 0", "--ops-per-trace", "0", "--out",
                vec.toString()},
            {"no --out", "Missing required option: '--out=DIR'", "--count", "1"},
            {"a .jsonl for several traces", "one trace per file", "--count", "2", "--out",
                dir.resolve("x.jsonl").toString()},
            {"a file as directory", "is a file, not a directory", "--out", plain.toString()},
            {"a directory with other files", "which is not a vector file", "--out", foreign.toString()},
            {"under a file", "--out: cannot write in", "--out", plain.resolve("sub").toString()},
            {"--json a directory", "--json: '" + dir + "' is a directory", "--out", vec.toString(), "--json",
                dir.toString()},
            {"--count not a number", "Invalid value for option '--count'", "--count", "many", "--out", vec.toString()},
        };
        for (String[] c : cases) {
            io.reset();
            String[] args = new String[c.length - 1];
            args[0] = "vectors";
            System.arraycopy(c, 2, args, 1, c.length - 2);
            assertEquals(ExitStatus.USAGE, Main.run(args), c[0] + ": " + io.err());
            assertTrue(io.err().contains(c[1]), c[0] + ": " + io.err());
        }
        assertFalse(Files.exists(vec), "nothing was written");
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    }

    @Test
    void jsonToStandardOutputMovesTheTextToStandardError() throws Exception {
        assertEquals(ExitStatus.OK, Main.run("vectors", "-q", "--count", "1", "--ops-per-trace", "5", "--out",
                dir.resolve("s").toString(), "--json", "-"));
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) Json.parse(io.out());
        assertEquals(5L, ((Number) report.get("invocations")).longValue());
        assertTrue(io.err().contains("coverage: "), io.err());
    }
}
