package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Runs the corpus of command lines in {@code check-command-lines.txt}: each with its exit status and a
 * fragment of its message, through {@link Main}'s own exit-status mapping.
 */
class CheckCommandLineCorpusTest {

    /** A system under check with a bug that throws: the step up from 3 finds its data structure corrupt. */
    static final class Crashing implements Model<Integer, String> {
        @Override
        public List<Integer> initialStates() {
            return List.of(0);
        }

        @Override
        public void actions(Integer state, List<String> actions) {
            actions.add("up");
        }

        @Override
        public Integer next(Integer state, String action) {
            if (state == 3) {
                throw new IllegalStateException("slot handle 40 belongs to no live object");
            }
            return state + 1;
        }

        @Override
        public List<Property<Integer>> properties() {
            return List.of(Property.always("small", n -> n < 100));
        }
    }

    @CommandLine.Command(name = "test-crashing")
    static final class CrashingCheck extends ModelCheck {
        @Override
        protected Model<?, ?> model() {
            return new Crashing();
        }
    }

    /** One line of the corpus. */
    record Case(int line, int status, String fragment, String arguments) {
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = CheckCommandLineCorpusTest.class.getResourceAsStream("/check-command-lines.txt")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split(" \\| ", 3);
                cases.add(new Case(i + 1, Integer.parseInt(parts[0].trim()), parts[1], parts[2]));
            }
        }
        return cases;
    }

    /** Splits at spaces, with '...' quoting one argument. */
    static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                if (current == null) {
                    current = new StringBuilder();
                }
            } else if (c == ' ' && !quoted) {
                if (current != null) {
                    args.add(current.toString());
                    current = null;
                }
            } else {
                if (current == null) {
                    current = new StringBuilder();
                }
                current.append(c);
            }
        }
        if (current != null) {
            args.add(current.toString());
        }
        return args;
    }

    @TestFactory
    Stream<DynamicTest> everyCommandLineEndsAsTheCorpusSays() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 30, "the corpus has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest("line " + c.line() + ": " + c.arguments(), () -> run(c)));
    }

    private static void run(Case c) throws IOException {
        Path tmp = Files.createTempDirectory("capcheck-corpus");
        List<String> args = new ArrayList<>();
        for (String a : split(c.arguments())) {
            args.add(a.replace("{tmp}", tmp.toString()));
        }
        String fragment = c.fragment().replace("{tmp}", tmp.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.getSubcommands().get("check").addSubcommand("test-crashing", new CrashingCheck());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args.toArray(new String[0]));
        String shown = "line " + c.line() + ", status " + status + "\nout: " + out + "\nerr: " + err;
        assertEquals(c.status(), status, shown);
        if (c.status() == ExitStatus.USAGE) {
            assertTrue(err.toString().contains(fragment), "expected '" + fragment + "' in standard error; " + shown);
            assertEquals("", out.toString(), "refused before any work; " + shown);
            assertTrue(!err.toString().contains("internal error") && !err.toString().contains("Exception"), shown);
        } else {
            assertTrue((out.toString() + err).contains(fragment), "expected '" + fragment + "'; " + shown);
        }
        if (args.contains("--json") && c.status() == ExitStatus.FINDING) {
            Path json = Path.of(args.get(args.indexOf("--json") + 1));
            String report = Files.readString(json);
            assertTrue(report.contains("\"property\": \"no step throws\"") && report.contains("\"exception\": "
                    + "\"java.lang.IllegalStateException\""), report);
        }
    }
}
