package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help says how to use each command: examples and docs at the top, check's options grouped by model. */
class HelpTest {

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertEquals(ExitStatus.OK, cli.execute(args));
        return out.toString();
    }

    @Test
    void topLevelHelpShowsEachSubcommandWithAnExampleAndTheDocs() {
        String h = help("--help");
        assertTrue(h.contains("capcheck check --quick") && h.contains("capcheck replay examples/"), h);
        assertTrue(h.contains("docs/model-checker.md") && h.contains("docs/captrace.md"), h);
        assertTrue(h.contains("Exit status: 0 success, 1 finding"), h);
    }

    @Test
    void checkHelpGroupsItsOptionsByWhatTheyApplyTo() {
        String h = help("check", "--help");
        int search = h.indexOf("Search options");
        int local = h.indexOf("Local model options");
        int harness = h.indexOf("Harness options");
        assertTrue(search >= 0 && local > search && harness > local, h);
        int workers = h.indexOf("      --workers=N");
        int slots = h.indexOf("      --slots=LIST");
        assertTrue(workers > search && workers < local, "--workers is a search option: " + h);
        assertTrue(slots > local && slots < harness, "--slots is the local model's: " + h);
        assertTrue(h.indexOf("      --jpf-home=DIR") > harness, h);
        assertTrue(h.contains("two-phase-commit --help"), h);
    }
}
