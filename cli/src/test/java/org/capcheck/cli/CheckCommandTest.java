package org.capcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {

    /** A counter that reaches 3, where its invariant fails. */
    static final class Overflowing implements Model<Integer, String> {
        @Override
        public List<Integer> initialStates() {
            return List.of(0);
        }

        @Override
        public void actions(Integer state, List<String> actions) {
            actions.add("inc");
        }

        @Override
        public Integer next(Integer state, String action) {
            return state + 1;
        }

        @Override
        public List<Property<Integer>> properties() {
            return List.of(Property.always("below three", n -> n < 3));
        }
    }

    /** The test model as a subcommand of check, as every model is. */
    @CommandLine.Command(name = "test-overflowing")
    static final class OverflowingCheck extends ModelCheck {
        @Override
        protected Model<?, ?> model() {
            return new Overflowing();
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code capcheck check ARGS} with the exit-status mapping of {@link Main}. */
    private int check(String... args) {
        CommandLine cli = new CommandLine(new CheckCommand());
        cli.addSubcommand("test-overflowing", new OverflowingCheck());
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

    @Test
    void aModelWhosePropertiesHoldExitsZeroAndWritesTheJsonReport(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("report.json");
        assertEquals(ExitStatus.OK, check("--model", "two-phase-commit", "--rms", "3", "--workers", "2", "--quiet",
                "--json", json.toString()), err.toString());
        String report = Files.readString(json);
        for (String key : List.of("result", "complete", "distinct_states", "generated_states", "max_depth", "seconds",
                "states_per_second", "collision_probability", "seed", "properties", "violations")) {
            assertTrue(report.contains("\"" + key + "\": "), "missing " + key + " in " + report);
        }
        assertTrue(report.contains("\"result\": \"ok\""), report);
        assertTrue(report.contains("\"distinct_states\": 288,"), report);
        assertTrue(report.contains("\"name\": \"TCConsistent\",\n      \"kind\": \"always\",\n      \"outcome\": \"holds\""),
                report);
        assertTrue(out.toString().startsWith("No violation"), out.toString());
        assertEquals("", err.toString(), "--quiet prints no progress");
    }

    @Test
    void localTakesSymmetryOverProcessesWithEqualDistributions() {
        assertEquals(ExitStatus.OK, check("local", "--processes", "2", "--distribution", "p0: ep R; p1: ep R",
                "--symmetry", "--quiet"));
        assertTrue(out.toString().contains("241 reachable states"), "256 states in 241 classes: " + out);
    }

    @Test
    void localWithOneProcessTakesSymmetryOverBadges() {
        // Badges 1 and 2 are offered alike: the heading names them, and the run counts fewer states.
        assertEquals(ExitStatus.OK, check("local", "--quick", "--slots", "20,21", "--badges", "1,2", "--no-probes",
                "--symmetry", "--progress", "60"));
        assertTrue(out.toString().contains("interchangeable with --symmetry: badges 1, 2"), out.toString());
        assertTrue(out.toString().contains("\n  symmetry: on "), out.toString());
        String reduced = out.toString();
        out.getBuffer().setLength(0);
        assertEquals(ExitStatus.OK, check("local", "--quick", "--slots", "20,21", "--badges", "1,2", "--no-probes",
                "--progress", "60"));
        assertTrue(distinctStates(reduced) < distinctStates(out.toString()), reduced + "\n" + out);
    }

    private static long distinctStates(String output) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9,]+) distinct states").matcher(output);
        assertTrue(m.find(), output);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void twoPhaseCommitTakesSymmetryOverTheResourceManagers() {
        assertEquals(ExitStatus.OK, check("two-phase-commit", "--rms", "5", "--symmetry", "--progress", "60"));
        assertTrue(out.toString().contains("\n  symmetry: on "), out.toString());
        assertTrue(out.toString().contains(" 314 distinct states"), "8,832 states in 314 classes: " + out);
        out.getBuffer().setLength(0);
        assertEquals(ExitStatus.OK, check("two-phase-commit", "--rms", "5", "--no-symmetry", "--progress", "60"));
        assertTrue(!out.toString().contains("symmetry: on"), out.toString());
        assertTrue(out.toString().contains(" 8,832 distinct states"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(ExitStatus.OK, check("two-phase-commit", "--rms", "5", "--quiet"));
        assertTrue(out.toString().contains("8,832 reachable states"), "off by default: " + out);
    }

    @Test
    void withoutOptionsItChecksTheDefaultModel() {
        assertEquals(ExitStatus.OK, check("--progress", "60", "--quick", "--slots", "20,21"));
        String expected = CheckCommand.DEFAULT_MODEL;
        assertTrue(out.toString().startsWith("Checking " + expected + " with bfs"), out.toString());
        assertTrue(!out.toString().contains("Seed: "), "bfs makes no random choice: " + out);
        assertTrue(out.toString().contains("Example of 'a badge is minted and revoked' ("), out.toString());
    }

    @Test
    void eachModelIsASubcommandAndModelNamesIt() {
        assertEquals(ExitStatus.OK, check("two-phase-commit", "--rms", "2", "--quiet"));
        assertTrue(out.toString().startsWith("No violation: every always property holds in all "), out.toString());
        // The search's options may stand before or after the model's name; --model NAME names it.
        assertEquals(ExitStatus.OK, check("--quiet", "--model", "two-phase-commit", "--rms", "3", "--workers", "1"));
        assertEquals(ExitStatus.OK, check("--model", "local", "--quick", "--slots", "20,21", "--quiet"));
        assertEquals(ExitStatus.OK, check("local", "--quick", "--slots", "20,21", "--quiet"));
    }

    @Test
    void theHeadingCountsTheThreadsEachStrategyUses() {
        assertEquals(ExitStatus.OK, check("two-phase-commit", "--strategy", "dfs", "--progress", "60"));
        assertTrue(out.toString().startsWith("Checking two-phase-commit with dfs (1 worker)\n"), out.toString());
        assertEquals(ExitStatus.OK, check("two-phase-commit", "--workers", "3", "--progress", "60"));
        assertTrue(out.toString().contains("Checking two-phase-commit with bfs (3 workers)\n"), out.toString());
        assertEquals(ExitStatus.INCOMPLETE, check("two-phase-commit", "--strategy", "simulate", "--seed", "5",
                "--walks", "2", "--progress", "60"));
        assertTrue(out.toString().contains("Checking two-phase-commit with simulate (1 worker), seed 5\n"), out.toString());
        assertTrue(out.toString().contains("Seed: 5"), out.toString());
    }

    @Test
    void optionsAStrategyCannotUseAreRefused() {
        assertEquals(ExitStatus.USAGE, check("two-phase-commit", "--strategy", "dfs", "--workers", "2"));
        assertTrue(err.toString().contains("--workers applies to --strategy bfs only (dfs runs on one thread)"),
                err.toString());
        assertEquals(ExitStatus.USAGE, check("two-phase-commit", "--seed", "3"));
        assertTrue(err.toString().contains("--seed applies to --strategy simulate only"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--walks", "3", "--strategy", "dfs"));
        assertTrue(err.toString().contains("--walks applies to --strategy simulate only"), err.toString());
    }

    @Test
    void aMutantIsInForceWithSeveralProcessesToo() {
        // Before, --mutant was silently ignored with --processes 2: the distribution booted a correct kernel.
        int status = check("--processes", "2", "--distribution", "p0: ep RWGP; p1: ep R",
                "--mutant", "COPY_OF_NON_ORIGINAL_IS_CHILD", "--quiet");
        assertEquals(ExitStatus.FINDING, status, "status " + status + ": " + out + err);
        assertEquals(ExitStatus.OK, check("--processes", "2", "--distribution", "p0: ep RWGP; p1: ep R", "--quiet"));
    }

    @Test
    void aViolationExitsOneWithItsTrace(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("violation.json");
        assertEquals(ExitStatus.FINDING, check("--model", "test-overflowing", "--quiet", "--json", json.toString()));
        assertTrue(out.toString().contains("Counterexample to 'below three'"), out.toString());
        assertTrue(out.toString().contains("State 3 after inc"), out.toString());
        String report = Files.readString(json);
        assertTrue(report.contains("\"result\": \"violation\""), report);
        assertTrue(report.contains("\"property\": \"below three\""), report);
    }

    @Test
    void badUsageExitsTwoWithAMessage() {
        assertEquals(ExitStatus.USAGE, check("--model", "two-phase-commit", "--rms", "0"));
        assertTrue(err.toString().contains("two-phase-commit: --rms (the number of resource managers) must be 1 to 15, not 0"),
                err.toString());
        assertEquals(ExitStatus.USAGE, check("--workers", "0"));
        assertTrue(err.toString().contains("--workers must be from 1 to 256, not 0"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--untyped-bits", "3"));
        assertTrue(err.toString().contains("local: --untyped-bits must be 4..20, not 3"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--timeout", "9223372037"));
        assertTrue(err.toString().contains("'9223372037' is out of range: from 1 second to 365 days"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--model", "no-such-model"));
        assertTrue(err.toString().contains("unknown model 'no-such-model'; known models: local, two-phase-commit"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--strategy", "sideways"));
        assertEquals(ExitStatus.USAGE, check("--timeout", "0"));
        assertEquals(ExitStatus.USAGE, check("--max-depth", "-1"));
        assertEquals(ExitStatus.USAGE, check("--model", "two-phase-commit", "--rms", "three"));
        assertEquals(ExitStatus.USAGE, check("--json", "/no/such/directory/report.json"));
    }

    @Test
    void boundsAndSimulationExitThree(@TempDir Path dir) throws IOException {
        assertEquals(ExitStatus.INCOMPLETE, check("--model", "two-phase-commit", "--rms", "5", "--max-states", "100", "--quiet"));
        assertTrue(out.toString().startsWith("Incomplete (max-states)"), out.toString());
        assertEquals(ExitStatus.INCOMPLETE, check("--model", "two-phase-commit", "--rms", "5", "--max-depth", "3", "--quiet", "--strategy", "dfs"));

        Path json = dir.resolve("simulation.json");
        assertEquals(ExitStatus.INCOMPLETE, check("--model", "two-phase-commit", "--rms", "4", "--strategy", "simulate", "--seed", "1234",
                "--walks", "20", "--quiet", "--json", json.toString()));
        String report = Files.readString(json);
        assertTrue(report.contains("\"seed\": 1234,"), report);
        assertTrue(report.contains("\"result\": \"incomplete\""), report);
        assertTrue(report.contains("\"complete\": false"), report);
    }

    @Test
    void theLocalModelUnderSmallBoundsExhausts() {
        assertEquals(ExitStatus.OK, check("--model", "local", "--quick", "--slots", "20,21", "--quiet"), err.toString());
        assertTrue(out.toString().startsWith("No violation"), out.toString());
    }

    @Test
    void optionsOfAnotherModelAreRefused() {
        assertEquals(ExitStatus.USAGE, check("--rms", "3"));
        assertTrue(err.toString().contains("Unknown options: '--rms', '3'"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--model", "two-phase-commit", "--slots", "20"));
        assertTrue(err.toString().contains("Unknown options: '--slots', '20'"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--slots", "20", "two-phase-commit"));
        assertTrue(err.toString().contains("--slots applies to the local model, not to two-phase-commit"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--slots", "2,3"));
        assertTrue(err.toString().contains("--slots: 2 is not a free root-CNode slot"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--processes", "2", "--query", "p1 has everything"));
        assertTrue(err.toString().contains("pN can hold RIGHTS to OBJECT"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--distribution", "p0: ep"));
        assertTrue(err.toString().contains("--distribution needs --processes 2 or more"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--harness", "atomic-counter", "--rms", "5"));
        assertTrue(err.toString().contains("Unknown options: '--rms', '5'"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--harness", "atomic-counter", "--slots", "20"));
        assertTrue(err.toString().contains("--slots applies to a model, not to --harness"), err.toString());
        assertEquals(ExitStatus.USAGE, check("--harness", "atomic-counter", "--strategy", "dfs"));
        assertEquals(ExitStatus.USAGE, check("--model", "two-phase-commit", "--captrace", "x.jsonl"));
        assertEquals(ExitStatus.USAGE, check("--engine", "native"));
        assertTrue(err.toString().contains("--engine needs --harness NAME"), err.toString());
    }

    @Test
    void noSubcommandIsBadUsage() {
        assertEquals(ExitStatus.USAGE, Main.run());
    }

    @Test
    void anAuthorityQueryIsAnsweredWithAWitness() {
        assertEquals(ExitStatus.FINDING, check("--processes", "2", "--query", "p1 can hold W to ep", "--quiet"));
        assertTrue(out.toString().contains("authority: not (p1 can hold W to ep)"), out.toString());
        assertTrue(out.toString().contains("after p0: CNode_Copy"), out.toString());
        assertTrue(out.toString().contains("Answer: p1 can hold W to ep: reachable"), out.toString());
        assertEquals(ExitStatus.OK, check("--processes", "2", "--distribution", "p0: ep RWGP; p1: ep R",
                "--query", "p1 can hold W to ep", "--quiet"));
        assertTrue(out.toString().contains("Answer: p1 can hold W to ep: unreachable within these bounds."),
                out.toString());
    }

    @Test
    void aCounterexampleOfTheLocalModelIsWrittenAsCaptrace(@TempDir Path dir) throws IOException {
        Path trace = dir.resolve("cex.captrace.jsonl");
        assertEquals(ExitStatus.FINDING, check("--quick", "--slots", "20,21", "--mutant", "RESET_WITH_CHILDREN",
                "--quiet", "--captrace", trace.toString()));
        assertTrue(out.toString().contains("Counterexample as captrace"), out.toString());
        String text = Files.readString(trace);
        assertTrue(text.startsWith("{\"captrace\": 1"), text);
        assertTrue(text.contains("\"op\": \"Untyped_Retype\""), text);
        // The correct cap-core does what the specification says on it, so replay finds no difference.
        assertEquals(ExitStatus.OK, Main.run("replay", "--quiet", trace.toString()));
    }
}
