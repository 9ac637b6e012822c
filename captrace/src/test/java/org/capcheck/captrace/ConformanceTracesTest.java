package org.capcheck.captrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hand-written traces: every conformance trace replays with no difference and no invariant
 * violation; every trace in invalid/ is invalid at the line EXPECTED.tsv gives (and, where a
 * third column gives one, with a reason containing that fragment).
 */
class ConformanceTracesTest {
    static final Path CONFORMANCE = Path.of("src/test/resources/captrace/conformance");
    static final Path INVALID = Path.of("src/test/resources/captrace/invalid");

    static List<Path> traces(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().collect(Collectors.toList());
        }
    }

    @TestFactory
    List<DynamicTest> everyConformanceTraceReplaysWithoutDifference() throws IOException {
        List<Path> files = traces(CONFORMANCE);
        assertFalse(files.isEmpty(), "no conformance traces in " + CONFORMANCE.toAbsolutePath());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            tests.add(dynamicTest(f.getFileName().toString(), () -> {
                ReplayOutcome o = Replayer.replay(Files.readAllBytes(f), true);
                String name = f.getFileName().toString();
                assertEquals(ReplayOutcome.Status.MATCHED, o.status(), () -> o.invalid() != null
                        ? ReplayReport.invalidMessage(o, name) : ReplayReport.differences(o, name));
                assertTrue(o.linesChecked() > 0, "the trace checks nothing");
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyInvalidTraceIsInvalidAtItsLine() throws IOException {
        Path tsv = INVALID.resolve("EXPECTED.tsv");
        assertTrue(Files.isRegularFile(tsv), "missing " + tsv);
        Map<String, Integer> expected = new HashMap<>();
        Map<String, String> reasons = new HashMap<>();
        for (String row : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
            if (row.isBlank() || row.startsWith("#")) {
                continue;
            }
            String[] cols = row.split("\t");
            assertTrue(cols.length == 2 || cols.length == 3,
                    "EXPECTED.tsv row is not 'file<TAB>line[<TAB>reason fragment]': " + row);
            expected.put(cols[0], Integer.parseInt(cols[1].trim()));
            if (cols.length == 3) {
                reasons.put(cols[0], cols[2]);
            }
        }
        List<Path> files = traces(INVALID);
        assertFalse(files.isEmpty());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            tests.add(dynamicTest(name, () -> {
                Integer line = expected.get(name);
                assertTrue(line != null, name + " is not listed in EXPECTED.tsv");
                ReplayOutcome o = Replayer.replay(Files.readAllBytes(f), false);
                assertEquals(ReplayOutcome.Status.INVALID, o.status(), () -> ReplayReport.differences(o, name)
                        + ReplayReport.summary(o, name));
                assertEquals(2, o.exitStatus());
                assertEquals(line, o.invalid().line(), o.invalid().getMessage());
                assertFalse(o.invalid().reason().isBlank());
                String fragment = reasons.get(name);
                assertTrue(fragment == null || o.invalid().reason().contains(fragment),
                        "reason should contain '" + fragment + "': " + o.invalid().reason());
            }));
        }
        for (String listed : expected.keySet()) {
            tests.add(dynamicTest("listed file exists: " + listed,
                    () -> assertTrue(Files.isRegularFile(INVALID.resolve(listed)), listed + " is listed but missing")));
        }
        return tests;
    }
}
