package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.capcheck.captrace.ReplayOptions;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.ReplayReport;
import org.capcheck.captrace.Replayer;
import org.capcheck.captrace.Trace;
import org.capcheck.captrace.TraceParser;
import org.capcheck.core.Mutant;
import org.capcheck.core.Operation;
import org.capcheck.engine.Artifact;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Model;
import org.capcheck.engine.Report;
import org.capcheck.engine.StateSink;
import org.capcheck.engine.Violation;
import org.capcheck.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A counterexample of each seeded bug, exported as captrace, says how to reproduce it, reproduces with
 * the seeded bug, and passes on the correct kernel (which the replay report then says, naming the bug).
 */
class CaptraceExportTest {
    /**
     * Small bounds in which the local model catches every seeded bug: three slots (a deletion bug
     * needs an original, a badged child and its copy) and one badge, no CNodes.
     */
    static final LocalBounds BOUNDS = new LocalBounds(6, List.of(20, 21, 22), List.of(1L), 0, 0, false, 1,
            Distribution.DEFAULT, Mutant.NONE);

    static List<String> counterexample(Mutant m, String file) {
        LocalModel model = new LocalModel(BOUNDS.withMutant(m), null);
        Report<LocalState, LocalAction> r = Checker.of(model).workers(2).bfs().run();
        assertEquals(Report.Result.VIOLATION, r.result(), m.name());
        Violation<LocalState, LocalAction> v = r.violations().get(0);
        return CaptraceExport.lines(model, v.trace().actions(), "violates '" + v.property() + "'", file);
    }

    @ParameterizedTest
    // ZOMBIE_NEVER_SHRINKS needs a CNode with caps in it deleted; these bounds retype no CNode, so the
    // local model cannot reach it (cap-core's TerminationTest and the fuzzer catch it).
    @EnumSource(value = Mutant.class, names = {"NONE", "ZOMBIE_NEVER_SHRINKS"}, mode = EnumSource.Mode.EXCLUDE)
    void aCounterexampleReproducesWithItsSeededBugAndPassesOnTheCorrectKernel(Mutant m) throws Exception {
        List<String> lines = counterexample(m, "cex.jsonl");
        String first = (String) ((Map<?, ?>) Json.parse(lines.get(1))).get("comment");
        assertTrue(first.startsWith("reproduce with: capcheck replay --mutant " + m.name() + " cex.jsonl"), first);

        Trace t = TraceParser.parseLines(lines);
        ReplayOutcome withBug = Replayer.replay(t, ReplayOptions.defaults().withKernel(m::boot, m.name()));
        assertEquals(ReplayOutcome.Status.DIFFERENT, withBug.status(), String.join("\n", lines));
        assertTrue(ReplayReport.summary(withBug, "cex.jsonl").contains("seeded bug " + m.name()));

        byte[] file = (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ReplayOutcome correct = Replayer.replay(file, false);
        assertEquals(ReplayOutcome.Status.MATCHED, correct.status(), ReplayReport.differences(correct, "cex"));
        assertEquals(m.name(), correct.fileMutant());
        String summary = ReplayReport.summary(correct, "cex.jsonl");
        assertTrue(summary.contains("matches the correct kernel: the seeded bug " + m.name()), summary);
        assertTrue(summary.contains("capcheck replay --mutant " + m.name() + " cex.jsonl"), summary);
    }

    /**
     * A step that throws is a finding ("no step throws"); its captrace ends with the throwing step, and
     * says so in its first comment, so a kernel developer can replay up to the crash.
     */
    @Test
    void aCounterexampleOfAThrowingStepEndsWithThatStepAndSaysItThrew() throws Exception {
        LocalModel local = new LocalModel(BOUNDS, null);
        // The system under check crashes on the first Revoke of the untyped (as a kernel whose derivation
        // tree is corrupt would when the revoke walks it).
        Model<LocalState, LocalAction> crashing = new Model<>() {
            @Override
            public List<LocalState> initialStates() {
                return local.initialStates();
            }

            @Override
            public void actions(LocalState state, List<LocalAction> out) {
                local.actions(state, out);
            }

            @Override
            public LocalState next(LocalState state, LocalAction action) {
                if (action.invocation().op() == Operation.CNode_Revoke && action.invocation().arg(1) == 16) {
                    throw new IllegalStateException("slot handle 40 belongs to no live object");
                }
                return local.next(state, action);
            }

            @Override
            public void encode(LocalState state, StateSink sink) {
                local.encode(state, sink);
            }
        };
        Report<LocalState, LocalAction> r = Checker.of(crashing).bfs().run();
        assertEquals(Report.Result.VIOLATION, r.result());
        Violation<LocalState, LocalAction> v = r.violations().get(0);
        assertEquals("no step throws", v.property());

        List<Artifact> artifacts = local.artifacts(r);
        assertEquals(1, artifacts.size());
        List<String> lines = artifacts.get(0).lines();
        String first = (String) ((Map<?, ?>) Json.parse(lines.get(1))).get("comment");
        assertTrue(first.startsWith("reproduce with: capcheck replay FILE"), first);
        String comment = (String) ((Map<?, ?>) Json.parse(lines.get(2))).get("comment");
        assertTrue(comment.contains("violates 'no step throws': the last step threw IllegalStateException: slot "
                + "handle 40 belongs to no live object"), comment);
        Map<?, ?> last = (Map<?, ?>) Json.parse(lines.get(lines.size() - 1));
        assertEquals("CNode_Revoke", last.get("op"), String.join("\n", lines));
        assertEquals(16L, ((Number) ((Map<?, ?>) last.get("args")).get("index")).longValue());
        // The correct kernel does not crash there: the file replays clean.
        byte[] file = (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ReplayOutcome o = Replayer.replay(file, false);
        assertEquals(ReplayOutcome.Status.MATCHED, o.status(), ReplayReport.differences(o, "cex"));
        assertEquals(v.steps(), o.invocations());
    }

    @Test
    void withoutASeededBugTheCommandIsAPlainReplayAndPathsAreQuoted() {
        LocalModel plain = new LocalModel(BOUNDS, null);
        assertEquals("capcheck replay FILE", CaptraceExport.reproduceCommand(plain, null));
        assertEquals("capcheck replay 'my dir/it'\\''s.jsonl'",
                CaptraceExport.reproduceCommand(plain, "my dir/it's.jsonl"));
        LocalModel bug = new LocalModel(BOUNDS.withMutant(Mutant.RESET_WITH_CHILDREN), null);
        assertEquals("capcheck replay --mutant RESET_WITH_CHILDREN out/c.jsonl",
                CaptraceExport.reproduceCommand(bug, "out/c.jsonl"));
    }

    @Test
    void aHostileReasonStaysInsideItsCommentLine() throws Exception {
        LocalModel model = new LocalModel(BOUNDS.withMutant(Mutant.UNTYPED_COPY_NOT_FULL), null);
        Report<LocalState, LocalAction> r = Checker.of(model).workers(2).bfs().run();
        String why = "tab\there\rcr\nlf \"q\" \\ \u0001 \ud800";
        List<String> lines = CaptraceExport.lines(model, r.violations().get(0).trace().actions(), why);
        for (String l : lines) {
            assertFalse(l.contains("\n") || l.contains("\r") || l.contains("\t"), l);
        }
        String c = (String) ((Map<?, ?>) Json.parse(lines.get(2))).get("comment");
        assertTrue(c.endsWith(why), c);
        TraceParser.parseLines(lines);
    }
}
