package org.capcheck.fuzz.jazzer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.driver.FuzzedDataProviderImpl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capcheck.core.Operation;
import org.capcheck.fuzz.Step;
import com.code_intelligence.jazzer.agent.AgentInstaller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jazzer targets decode the corpus as intended, and catch seeded bugs: the committed input
 * {@code copy_untyped_then_retype} passes on a correct kernel and fails on the mutant whose untyped
 * copies leave their source not full; {@code request_copy_to_missing_core} passes on the multikernel
 * handlers and fails on a handler that forwards a copy to a core that does not exist.
 */
class FuzzInputTest {
    private static final Path CORPUS = Path.of("src/test/resources/org/capcheck/fuzz/jazzer/JazzerTargetsTestInputs");

    /**
     * Jazzer's data provider needs Jazzer's bootstrap classes, which its agent puts on the boot class
     * path; a @FuzzTest installs it, a plain test must do so itself (without instrumentation).
     */
    @BeforeAll
    static void installJazzersBootstrapClasses() {
        AgentInstaller.install(false);
    }

    @AfterEach
    void clearMutant() {
        System.clearProperty("capcheck.fuzz.mutant");
    }

    private static byte[] input(String target, String name) throws Exception {
        return Files.readAllBytes(CORPUS.resolve(target).resolve(name));
    }

    @Test
    void theCorpusDecodesToTheInvocationsItWasWrittenFor() throws Exception {
        List<Step> steps = FuzzInput.steps(FuzzedDataProviderImpl.withJavaData(input("invocationSequences",
                "copy_untyped_then_retype")));
        assertEquals(List.of(new Step(Operation.CNode_Copy, new long[] {2, 40, 64, 2, 16, 64, 15}),
                new Step(Operation.Untyped_Retype, new long[] {40, 2, 0, 2, 0, 0, 30, 1})), steps);
    }

    @Test
    void theSequenceTargetCatchesASeededBug() throws Exception {
        byte[] bytes = input("invocationSequences", "copy_untyped_then_retype");
        assertDoesNotThrow(() -> SequenceTarget.fuzzerTestOneInput(FuzzedDataProviderImpl.withJavaData(bytes)));
        System.setProperty("capcheck.fuzz.mutant", "UNTYPED_COPY_NOT_FULL");
        AssertionError e = assertThrows(AssertionError.class,
                () -> SequenceTarget.fuzzerTestOneInput(FuzzedDataProviderImpl.withJavaData(bytes)));
        assertTrue(e.getMessage().contains("REFINEMENT"), e.getMessage());
    }

    /**
     * The committed input {@code request_copy_to_missing_core} asks the owner for a copy to a core that does not
     * exist: the handlers reject it, and the handler with the defect they had (forwarding it) is caught on it.
     */
    @Test
    void theMessageTargetCatchesForwardingToAMissingCoreOnTheCorpus() throws Exception {
        byte[] bytes = input("multikernelMessages", "request_copy_to_missing_core");
        assertDoesNotThrow(() -> MessageTarget.fuzzerTestOneInput(FuzzedDataProviderImpl.withJavaData(bytes)));
        AssertionError e = assertThrows(AssertionError.class, () -> MessageTarget.run(
                MessageTarget.choices(FuzzedDataProviderImpl.withJavaData(bytes)),
                MessageTargetTest.FORWARDS_TO_MISSING_CORES));
        assertTrue(e.getMessage().contains("naming a missing core"), e.getMessage());
    }

    @Test
    void theDecoderTargetMakesRealCalls() throws Exception {
        var calls = FuzzInput.rawCalls(FuzzedDataProviderImpl.withJavaData(input("rawDecoder", "copy_delete_retype_irq")));
        assertEquals(4, calls.size());
        assertEquals(19, calls.get(0).label());
        assertEquals(5, calls.get(0).length());
    }

    @Test
    void theLauncherRunsJazzersDriverOnTheTargetClass() {
        List<String> cmd = JazzerLauncher.command("decoder", 10, 3, org.capcheck.core.Mutant.NONE, Path.of("o"),
                Path.of("o/c"));
        assertTrue(cmd.contains("com.code_intelligence.jazzer.Jazzer"));
        assertTrue(cmd.contains("--target_class=" + DecoderTarget.class.getName()));
        assertTrue(cmd.contains("-max_total_time=10"));
    }
}
