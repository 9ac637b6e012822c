package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capcheck.captrace.ReplayOutcome;
import org.capcheck.captrace.Replayer;
import org.capcheck.captrace.TraceParser;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.Mutant;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.SyscallError;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.PropertyResult;
import org.capcheck.engine.Report;
import org.capcheck.engine.StateSink;
import org.capcheck.engine.Trace;
import org.capcheck.spec.Slot;
import org.capcheck.spec.refine.Invocation;
import org.junit.jupiter.api.Test;

/**
 * Each widened argument domain of the local model reaches the cases it is there for, and the
 * (operation, error) properties are reached. Each run widens one domain of two slots, with the probes off
 * where they would reach the case on their own.
 */
class LocalDomainsTest {

    private static final LocalBounds TWO_SLOTS = LocalBounds.quick().withSlots(List.of(20, 21)).withProbes(false);

    /** The local model with extra properties, for cases the model itself does not name. */
    private static final class WithProperties implements Model<LocalState, LocalAction> {
        final LocalModel model;
        final List<Property<LocalState>> extra = new ArrayList<>();
        final OperationErrors.ResultOf result;
        final long root;

        WithProperties(LocalBounds bounds) {
            model = new LocalModel(bounds, null);
            result = new OperationErrors.ResultOf(model);
            root = model.initialStates().get(0).abstraction().caps().entrySet().stream()
                    .filter(e -> e.getKey().index() == 2).findFirst().orElseThrow().getValue().paddr();
        }

        /** The cap in root-CNode slot {@code index} in {@code s} (null cap if empty). */
        Cap capAt(LocalState s, long index) {
            Cap c = s.abstraction().caps().get(new Slot(root, index));
            return c == null ? Cap.NULL : c;
        }

        WithProperties step(String name, StepTest test) {
            extra.add(Property.sometimesStep(name, (LocalState s, LocalAction a, LocalState n) -> !a.stepOnly()
                    && test.holds(s, a.invocation(), result.of(s, a))));
            return this;
        }

        WithProperties state(String name, java.util.function.Predicate<LocalState> test) {
            extra.add(Property.sometimes(name, test));
            return this;
        }

        Report<LocalState, LocalAction> check() {
            return Checker.of(this).workers(2).bfs().run();
        }

        @Override
        public List<LocalState> initialStates() {
            return model.initialStates();
        }

        @Override
        public void actions(LocalState state, List<LocalAction> actions) {
            model.actions(state, actions);
        }

        @Override
        public LocalState next(LocalState state, LocalAction action) {
            return model.next(state, action);
        }

        @Override
        public List<Property<LocalState>> properties() {
            List<Property<LocalState>> p = new ArrayList<>(model.properties());
            p.addAll(extra);
            return p;
        }

        @Override
        public void encode(LocalState state, StateSink sink) {
            model.encode(state, sink);
        }

        @Override
        public boolean decodes() {
            return true;
        }

        @Override
        public LocalState decode(long[] words, int from, int length) {
            return model.decode(words, from, length);
        }

        @Override
        public Map<String, String> describe(LocalState state) {
            return model.describe(state);
        }

        @Override
        public String describeAction(LocalAction action) {
            return model.describeAction(action);
        }
    }

    @FunctionalInterface
    private interface StepTest {
        boolean holds(LocalState s, Invocation inv, SyscallError result);
    }

    private static void assertOk(Report<LocalState, LocalAction> r) {
        assertEquals(Report.Result.OK, r.result(), r.summary());
    }

    private static final List<String> ROTATIONS = List.of("rotate with three distinct slots",
            "rotate with dest = src swaps", "rotate with pivot = src is refused", "rotate with pivot = dest is refused",
            "rotate with all three the same is refused");

    @Test
    void theQuickSettingIsTheOldDefaultAndReachesEveryOperationErrorPairItsDomainsAllow() {
        WithProperties m = new WithProperties(LocalBounds.quick());
        // Rotate with every overlap of its roles (arguments 1 dest, 4 pivot, 8 src).
        m.step(ROTATIONS.get(0), (s, inv, e) -> inv.op() == Operation.CNode_Rotate
                && inv.arg(1) != inv.arg(4) && inv.arg(4) != inv.arg(8) && inv.arg(1) != inv.arg(8)
                && e.error() == SeL4Error.NoError);
        m.step(ROTATIONS.get(1), (s, inv, e) -> inv.op() == Operation.CNode_Rotate
                && inv.arg(1) == inv.arg(8) && inv.arg(4) != inv.arg(8) && e.error() == SeL4Error.NoError);
        m.step(ROTATIONS.get(2), (s, inv, e) -> inv.op() == Operation.CNode_Rotate
                && inv.arg(4) == inv.arg(8) && inv.arg(1) != inv.arg(8) && e.error() == SeL4Error.IllegalOperation);
        m.step(ROTATIONS.get(3), (s, inv, e) -> inv.op() == Operation.CNode_Rotate
                && inv.arg(4) == inv.arg(1) && inv.arg(1) != inv.arg(8) && e.error() == SeL4Error.IllegalOperation);
        m.step(ROTATIONS.get(4), (s, inv, e) -> inv.op() == Operation.CNode_Rotate
                && inv.arg(4) == inv.arg(1) && inv.arg(1) == inv.arg(8) && e.error() == SeL4Error.IllegalOperation);
        Report<LocalState, LocalAction> r = m.check();
        assertOk(r);
        ROTATIONS.forEach(r::assertReached);
        assertEquals(30_310, r.distinctStates());
        for (Map.Entry<Operation, java.util.EnumSet<SeL4Error>> e : OperationErrors.possible().entrySet()) {
            for (SeL4Error error : e.getValue()) {
                r.assertReached(OperationErrors.propertyName(e.getKey(), error));
            }
        }
        // No guards in the quick setting: only the root CNode's guard of zeros can be missed.
        assertEquals(PropertyResult.Outcome.NOT_REACHED, r.outcome(OperationErrors.GUARD_MISMATCH));
    }

    @Test
    void everyPairIsReachedInASmallModelAndItsExampleReplaysAsCaptrace() throws Exception {
        LocalModel model = new LocalModel(TWO_SLOTS.withProbes(true), null);
        Report<LocalState, LocalAction> r = Checker.of(model).workers(2).bfs().run();
        assertOk(r);
        int pairs = 0;
        for (Map.Entry<Operation, java.util.EnumSet<SeL4Error>> e : OperationErrors.possible().entrySet()) {
            for (SeL4Error error : e.getValue()) {
                Trace<LocalState, LocalAction> example = r.assertReached(OperationErrors.propertyName(e.getKey(), error));
                LocalAction last = example.actions().get(example.length() - 1);
                assertEquals(e.getKey(), last.invocation().op(), example.toText());
                // As captrace, the example expects the error on its last line, and cap-core replays it.
                List<String> lines = CaptraceExport.lines(model, example.actions(), "example");
                assertTrue(lines.get(lines.size() - 1).contains("\"" + error.name() + "\""), String.join("\n", lines));
                ReplayOutcome replay = Replayer.replay(TraceParser.parseLines(lines), true);
                assertEquals(ReplayOutcome.Status.MATCHED, replay.status(), String.join("\n", lines));
                pairs++;
            }
        }
        assertEquals(62, pairs);
        // A failed invocation is a self-loop: its example ends in the state it started from.
        Trace<LocalState, LocalAction> deleteFirst = r.assertReached("CNode_Copy returns DeleteFirst");
        List<Trace.Step<LocalState, LocalAction>> steps = deleteFirst.steps();
        assertEquals(steps.get(steps.size() - 2).fields(), steps.get(steps.size() - 1).fields());
    }

    @Test
    void theImpossiblePairsAreTheRestOfTheTableEachWithAReason() {
        int possible = 0;
        for (Operation op : Operation.values()) {
            Map<SeL4Error, String> impossible = OperationErrors.impossible(op);
            for (SeL4Error e : SeL4Error.values()) {
                assertTrue(OperationErrors.possible().get(op).contains(e) != impossible.containsKey(e), op + " " + e);
            }
            impossible.values().forEach(reason -> assertTrue(reason.length() > 20, reason));
            possible += OperationErrors.possible().get(op).size();
        }
        assertEquals(62, possible);
    }

    @Test
    void guardsSetByMintAndMutateMakeLookupsFailOnTheGuardAndSucceedAtTheExactDepth() {
        LocalBounds b = TWO_SLOTS.withGuards(List.of(LocalBounds.guardWord(1, 1)));
        WithProperties m = new WithProperties(b);
        m.step("a copy through a guarded CNode cap succeeds", (s, inv, e) -> inv.op() == Operation.CNode_Copy
                && inv.arg(0) != 2 && e.error() == SeL4Error.NoError && m.capAt(s, inv.arg(0)).guardSize() == 1
                && m.capAt(s, inv.arg(0)).guard() == 1);
        m.step("Mutate gives a CNode cap a guard", (s, inv, e) -> inv.op() == Operation.CNode_Mutate
                && e.error() == SeL4Error.NoError && m.capAt(s, inv.arg(4)).type() == CapType.CNode
                && inv.arg(6) != 0);
        Report<LocalState, LocalAction> r = m.check();
        assertOk(r);
        Trace<LocalState, LocalAction> mismatch = r.assertReached(OperationErrors.GUARD_MISMATCH);
        Invocation last = mismatch.actions().get(mismatch.length() - 1).invocation();
        assertTrue(last.arg(0) == 20 || last.arg(0) == 21, mismatch.toText()); // through a cap in a slot
        r.assertReached("a copy through a guarded CNode cap succeeds");
        r.assertReached("Mutate gives a CNode cap a guard");
    }

    @Test
    void depthsOfZeroAndAbove64AreRangeErrorsAndADepthPastTheLeafIsADepthMismatch() {
        WithProperties m = new WithProperties(TWO_SLOTS.withDepths(List.of(0L, 64L, 65L)));
        m.step("a lookup through a CNode in a slot at depth 64 stops short", (s, inv, e) -> inv.arg(0) != 2
                && inv.arg(2) == 64 && e.error() == SeL4Error.FailedLookup
                && e.lookupFailure() == LookupFailure.DepthMismatch);
        m.step("depth 0 through a CNode in a slot", (s, inv, e) -> inv.arg(0) != 2 && inv.arg(2) == 0
                && e.error() == SeL4Error.RangeError);
        m.step("depth 65 through a CNode in a slot", (s, inv, e) -> inv.arg(0) != 2 && inv.arg(2) == 65
                && e.error() == SeL4Error.RangeError);
        Report<LocalState, LocalAction> r = m.check();
        assertOk(r);
        r.assertReached("a lookup through a CNode in a slot at depth 64 stops short");
        r.assertReached("depth 0 through a CNode in a slot");
        r.assertReached("depth 65 through a CNode in a slot");
        // Without the probes, only these lookups can give Copy a RangeError.
        r.assertReached("CNode_Copy returns RangeError");
        Report<LocalState, LocalAction> without = Checker.of(new LocalModel(TWO_SLOTS, null)).workers(2).bfs().run();
        assertEquals(PropertyResult.Outcome.NOT_REACHED, without.outcome("CNode_Copy returns RangeError"));
    }

    @Test
    void everyRightsSubsetReachesAnEndpointCap() {
        WithProperties m = new WithProperties(TWO_SLOTS.withRights(LocalBounds.everyRightsSubset()));
        for (int mask = 0; mask <= Rights.ALL; mask++) {
            int rights = mask;
            m.state("an endpoint cap with rights " + mask, s -> s.abstraction().caps().values().stream()
                    .anyMatch(c -> c.type() == CapType.Endpoint && c.rights() == rights));
        }
        Report<LocalState, LocalAction> r = m.check();
        assertOk(r);
        for (int mask = 0; mask <= Rights.ALL; mask++) {
            r.assertReached("an endpoint cap with rights " + mask);
        }
    }

    @Test
    void badgesZeroAndNonZeroOnAnAlreadyBadgedCapAreRefused() {
        WithProperties m = new WithProperties(TWO_SLOTS.withBadges(List.of(0L, 1L)));
        for (long badge : new long[] {0, 1}) {
            m.step("Mint with badge " + badge + " of a badged endpoint is IllegalOperation", (s, inv, e) ->
                    inv.op() == Operation.CNode_Mint && inv.arg(7) == badge && m.capAt(s, inv.arg(4)).badge() != 0
                            && e.error() == SeL4Error.IllegalOperation);
        }
        m.step("Mint with badge 0 of an unbadged endpoint copies it", (s, inv, e) -> inv.op() == Operation.CNode_Mint
                && inv.arg(7) == 0 && m.capAt(s, inv.arg(4)).type() == CapType.Endpoint
                && m.capAt(s, inv.arg(4)).badge() == 0 && e.error() == SeL4Error.NoError);
        Report<LocalState, LocalAction> r = m.check();
        assertOk(r);
        r.assertReached("Mint with badge 0 of a badged endpoint is IllegalOperation");
        r.assertReached("Mint with badge 1 of a badged endpoint is IllegalOperation");
        r.assertReached("Mint with badge 0 of an unbadged endpoint copies it");
    }

    @Test
    void objectsOfDifferentSizesFromOneUntypedAreAlignedAboveItsFreeIndex() {
        WithProperties m = new WithProperties(TWO_SLOTS.withTypes(List.of(ObjectType.Endpoint,
                ObjectType.Notification), 2));
        long base = 0x100000;
        // An endpoint (2^4) at the base, then a notification (2^5) aligned up to base + 32, not base + 16.
        m.state("a notification aligned above an endpoint", s -> {
            var caps = s.abstraction().caps().values();
            return caps.stream().anyMatch(c -> c.type() == CapType.Endpoint && c.paddr() == base)
                    && caps.stream().anyMatch(c -> c.type() == CapType.Notification && c.paddr() == base + 32);
        });
        m.step("one Retype makes two objects", (s, inv, e) -> inv.op() == Operation.Untyped_Retype && inv.arg(7) == 2
                && e.error() == SeL4Error.NoError);
        m.step("a notification does not fit in the bytes left", (s, inv, e) -> inv.op() == Operation.Untyped_Retype
                && inv.arg(1) == ObjectType.Notification.number() && e.error() == SeL4Error.NotEnoughMemory
                && e.memoryLeft() > 0 && e.memoryLeft() < 32);
        Report<LocalState, LocalAction> r = m.check();
        assertOk(r);
        r.assertReached("a notification aligned above an endpoint");
        r.assertReached("one Retype makes two objects");
        r.assertReached("a notification does not fit in the bytes left");
    }

    @Test
    void irqsAtAndPastMaxIrq() {
        WithProperties m = new WithProperties(TWO_SLOTS.withIrqs(List.of(0L, 31L, 32L)));
        m.step("IRQ max_irq is issued", (s, inv, e) -> inv.op() == Operation.IRQControl_Get
                && inv.arg(1) == LocalBounds.MAX_IRQ && e.error() == SeL4Error.NoError);
        m.step("IRQ max_irq + 1 is out of range", (s, inv, e) -> inv.op() == Operation.IRQControl_Get
                && inv.arg(1) == LocalBounds.MAX_IRQ + 1 && e.error() == SeL4Error.RangeError
                && e.rangeMax() == LocalBounds.MAX_IRQ);
        Report<LocalState, LocalAction> r = m.check();
        assertOk(r);
        r.assertReached("IRQ max_irq is issued");
        r.assertReached("IRQ max_irq + 1 is out of range");
    }

    @Test
    void theDefaultBoundsStillCatchSeededBugs() {
        for (Mutant mutant : List.of(Mutant.UNTYPED_COPY_NOT_FULL, Mutant.COPY_OF_NON_ORIGINAL_IS_CHILD)) {
            Report<LocalState, LocalAction> r = Checker.of(new LocalModel(LocalBounds.defaults().withMutant(mutant),
                    null)).workers(2).bfs().run();
            assertEquals(Report.Result.VIOLATION, r.result(), mutant.name());
        }
    }
}
