package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.capcheck.core.Mutant;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.Report;
import org.capcheck.engine.StateSink;
import org.junit.jupiter.api.Test;

/**
 * The local model's states are their encodings: on every state the model reaches, decoding the words it
 * encodes to gives a state that encodes to the same words, loads into a kernel with the same canonical
 * encoding, has the same abstraction, invariant verdict and enabled actions, and steps to the same
 * successors.
 */
class LocalEncodingTest {

    private static long[] words(LocalModel m, LocalState s) {
        List<Long> out = new ArrayList<>();
        m.encode(s, out::add);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static boolean roundTrips(LocalModel m, LocalState s, boolean andSuccessors) {
        long[] w = words(m, s);
        long[] padded = new long[w.length + 3];
        System.arraycopy(w, 0, padded, 2, w.length);
        LocalState back = m.decode(padded, 2, w.length);
        assertArrayEquals(w, words(m, back));
        assertEquals(m.fingerprint(s), m.fingerprint(back), "the same words, the same fingerprint");
        assertArrayEquals(s.encoding(), back.kernel().encode());
        assertEquals(s.abstraction(), back.abstraction());
        assertEquals(s.invariantFailures(), back.invariantFailures());
        List<LocalAction> a = new ArrayList<>();
        List<LocalAction> b = new ArrayList<>();
        m.actions(s, a);
        m.actions(back, b);
        assertEquals(a, b);
        for (LocalAction action : andSuccessors ? a : List.<LocalAction>of()) {
            LocalState x = m.next(s, action);
            LocalState y = m.next(back, action);
            assertEquals(x == null, y == null, action.toString());
            if (x != null) {
                assertArrayEquals(x == s ? w : words(m, x), y == back ? words(m, back) : words(m, y), action.toString());
            }
        }
        return true;
    }

    /** The local model with other properties, its states kept as objects (it does not decode). */
    private static Model<LocalState, LocalAction> withProperties(LocalModel m, List<Property<LocalState>> properties) {
        return new Model<>() {
            @Override
            public List<LocalState> initialStates() {
                return m.initialStates();
            }

            @Override
            public void actions(LocalState state, List<LocalAction> actions) {
                m.actions(state, actions);
            }

            @Override
            public LocalState next(LocalState state, LocalAction action) {
                return m.next(state, action);
            }

            @Override
            public void encode(LocalState state, StateSink sink) {
                m.encode(state, sink);
            }

            @Override
            public List<Property<LocalState>> properties() {
                return properties;
            }
        };
    }

    /** The local model with a round-trip check as an extra always-property, its states kept as objects. */
    private static Model<LocalState, LocalAction> checkingRoundTrips(LocalModel m, AtomicLong checked) {
        List<Property<LocalState>> p = new ArrayList<>(m.properties());
        p.add(Property.always("decode(encode(s)) is s", s -> {
            // every state round-trips; every 8th also steps alike from both (stepping is the slow part)
            return roundTrips(m, s, checked.incrementAndGet() % 8 == 1);
        }));
        return withProperties(m, p);
    }

    @Test
    void everyReachableStateOfTheQuickBoundsRoundTrips() {
        LocalModel m = new LocalModel(LocalBounds.quick().withSlots(List.of(20, 21)), null);
        AtomicLong checked = new AtomicLong();
        Report<LocalState, LocalAction> r = Checker.of(checkingRoundTrips(m, checked)).bfs().run();
        r.assertAlwaysHolds();
        assertTrue(r.complete());
        assertEquals(r.distinctStates(), checked.get());
        // and the engine's own queue of encodings finds the same states
        assertEquals(r.distinctStates(), Checker.of(m).bfs().run().distinctStates());
    }

    /**
     * The model's fingerprints ({@link LocalModel#fingerprint}) tell apart every state of the quick bounds,
     * and a state from the same one with another history (its effect), though their canonical bytes agree.
     */
    @Test
    void fingerprintsTellEveryQuickStateApart() {
        LocalModel m = new LocalModel(LocalBounds.quick(), null);
        java.util.Set<Long> prints = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<List<Long>> distinctWords = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Report<LocalState, LocalAction> r = Checker.of(withProperties(m, List.of(Property.always("recorded", s -> {
            prints.add(m.fingerprint(s));
            distinctWords.add(Arrays.stream(words(m, s)).boxed().toList());
            return true;
        })))).bfs().run();
        assertEquals(30_310, r.distinctStates());
        assertEquals(r.distinctStates(), distinctWords.size());
        assertEquals(r.distinctStates(), prints.size(), "no two states share a fingerprint");
        int effects = 0;
        for (List<Long> w : distinctWords) {
            effects += (w.get(w.size() - 1) & 0xff) != 0 ? 1 : 0;
        }
        assertTrue(effects > 0, "some states differ from others in their history alone");
    }

    @Test
    void preemptedAndMultiProcessStatesRoundTrip() {
        for (LocalBounds b : List.of(LocalBounds.quick().withSlots(List.of(20)).withPreempt(true),
                LocalBounds.quick().withProcesses(2, Distribution.DEFAULT))) {
            LocalModel m = new LocalModel(b, null);
            AtomicLong checked = new AtomicLong();
            Report<LocalState, LocalAction> r = Checker.of(checkingRoundTrips(m, checked)).maxStates(3_000).bfs().run();
            assertTrue(checked.get() > 30, b + ": " + checked.get());
            assertEquals(r.distinctStates(), checked.get());
            assertTrue(r.violations().isEmpty(), b + ": " + r.violations());
        }
    }

    @Test
    void aSeededBugIsStillCaughtWithStatesAsEncodings() {
        LocalModel m = new LocalModel(LocalBounds.quick().withSlots(List.of(20, 21))
                .withMutant(Mutant.COPY_OF_NON_ORIGINAL_IS_CHILD), null);
        Report<LocalState, LocalAction> r = Checker.of(m).workers(2).bfs().run();
        assertEquals(Report.Result.VIOLATION, r.result());
        assertTrue(Arrays.asList("cap-core invariants hold", "cap-core refines the specification")
                .contains(r.violations().get(0).property()));
    }
}
