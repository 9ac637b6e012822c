package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.model.local.LocalBounds;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code capcheck check local}'s bounds: the defaults, --quick, and bad values refused naming the flag. */
class LocalOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code capcheck check ARGS} with the exit-status mapping of {@link Main}. */
    private int check(String... args) {
        CommandLine cli = new CommandLine(new CheckCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExitCodeExceptionMapper(e -> ExitStatus.INTERNAL);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("capcheck: " + ex.getMessage());
            return ExitStatus.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> ExitStatus.INTERNAL);
        return cli.execute(args);
    }

    /** The bounds {@code capcheck check local ARGS} would explore. */
    private static LocalBounds bounds(String... args) {
        LocalCheck command = new LocalCheck();
        new CommandLine(command).parseArgs(args);
        return command.local.model().bounds();
    }

    @Test
    void theOptionsDefaultsAreTheModelsDefaults() {
        assertEquals(LocalBounds.defaults(), bounds());
    }

    @Test
    void quickChoosesTheQuickSettingAndFlagsGivenBesideItOverrideIt() {
        assertEquals(LocalBounds.quick(), bounds("--quick"));
        assertEquals(LocalBounds.quick().withSlots(List.of(20)), bounds("--quick", "--slots", "20"));
        assertEquals(LocalBounds.quick().withProbes(false), bounds("--quick", "--no-probes"));
        assertEquals(LocalBounds.defaults().withRights(List.of(Rights.READ, 0)), bounds("--rights", "R,-"));
    }

    @Test
    void listsParseIntoTheBounds() {
        LocalBounds b = bounds("--guards", "2:3,1:0", "--depths", "none", "--types", "TCB", "--retype-count", "3",
                "--irqs", "5", "--rights", "none");
        assertEquals(List.of(LocalBounds.guardWord(2, 3), LocalBounds.guardWord(1, 0)), b.guards());
        assertEquals(List.of(), b.depths());
        assertEquals(List.of(ObjectType.TCB), b.types());
        assertEquals(3, b.retypeCount());
        assertEquals(List.of(5L), b.irqs());
        assertEquals(List.of(), b.rights());
        assertEquals(LocalBounds.everyRightsSubset(), bounds("--rights", "all").rights());
    }

    @Test
    void badValuesExitTwoNamingTheFlag() {
        String[][] cases = {
                {"--rights", "RX"}, {"--rights", "RR"}, {"--guards", "0:0"}, {"--guards", "1:2"}, {"--guards", "x"},
                {"--depths", "300"}, {"--depths", "deep"}, {"--types", "CNode"}, {"--types", "Page"},
                {"--retype-count", "9"}, {"--retype-count", "0"}, {"--irqs", "300"}};
        for (String[] c : cases) {
            err.getBuffer().setLength(0);
            assertEquals(ExitStatus.USAGE, check("local", "--quiet", c[0], c[1]), String.join(" ", c) + ": " + err);
            assertTrue(err.toString().contains(c[0]), String.join(" ", c) + ": " + err);
        }
    }

    @Test
    void helpShowsTheQuickSettingAndTheDomains() {
        assertEquals(ExitStatus.OK, check("local", "--help"));
        for (String flag : List.of("--quick", "--rights", "--guards", "--depths", "--types", "--retype-count", "--irqs",
                "--[no-]probes")) {
            assertTrue(out.toString().contains(flag), flag + " missing from\n" + out);
        }
    }
}
