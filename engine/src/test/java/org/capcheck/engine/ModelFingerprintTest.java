package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A model that fingerprints its states itself ({@link Model#fingerprintsStates}): the engine uses its
 * fingerprints everywhere (the same counts, verdicts and traces as with the engine's own), encodes a
 * state only once it is new, and really does rely on them (a fingerprint that ignores part of the state
 * merges states, and the counts show it).
 */
class ModelFingerprintTest {

    /** {@link FrontierTest.Counters} that fingerprints its states, counting encodings. */
    static class PrintingCounters extends FrontierTest.Counters {
        final AtomicLong encoded = new AtomicLong();
        /** Which counters the fingerprint reads (all three unless a test seeds a bug). */
        final int counted;

        PrintingCounters(int n, int counted) {
            super(n, true);
            this.counted = counted;
        }

        @Override
        public void encode(int[] state, StateSink sink) {
            encoded.incrementAndGet();
            super.encode(state, sink);
        }

        @Override
        public boolean fingerprintsStates() {
            return true;
        }

        @Override
        public long fingerprint(int[] state) {
            long h = Fingerprint.start(counted);
            for (int i = 0; i < counted; i++) {
                h = Fingerprint.add(h, state[i]);
            }
            return Fingerprint.finish(h);
        }
    }

    @Test
    void theModelsFingerprintsGiveTheEnginesCountsAndEncodeOnlyNewStates() {
        Report<int[], Integer> own = Checker.of(new FrontierTest.Counters(20, true)).bfs().run();
        for (int workers : new int[] {1, 2}) {
            PrintingCounters model = new PrintingCounters(20, 3);
            Report<int[], Integer> printed = Checker.of(model).workers(workers).bfs().run();
            assertEquals(Report.Result.OK, printed.result());
            assertEquals(8_000, printed.distinctStates());
            assertEquals(own.generatedStates(), printed.generatedStates());
            assertEquals(own.maxDepth(), printed.maxDepth());
            assertEquals(PropertyResult.Outcome.REACHED, printed.outcome("all at the top"));
            // each state is encoded to be queued, and nothing else but the initial state's and the report's
            // example trace's few (with the engine's fingerprints every successor generated is encoded)
            assertTrue(model.encoded.get() <= printed.distinctStates() + 10, "encoded " + model.encoded.get());
            assertTrue(own.generatedStates() > 5 * printed.distinctStates(), "most successors were seen before");
        }
    }

    @Test
    void aFingerprintThatIgnoresACounterMergesStates() {
        PrintingCounters seeded = new PrintingCounters(20, 2); // the third counter left out
        Report<int[], Integer> r = Checker.of(seeded).bfs().run();
        assertEquals(400, r.distinctStates());
    }

    @Test
    void aViolationFoundWithTheModelsFingerprintsHasTheSameShortestTrace() {
        class Bounded extends PrintingCounters {
            Bounded() {
                super(20, 3);
            }

            @Override
            public List<Property<int[]>> properties() {
                return List.of(Property.always("no counter reaches 5", s -> s[0] < 5 && s[1] < 5 && s[2] < 5));
            }
        }
        class BoundedOwn extends FrontierTest.Counters {
            BoundedOwn() {
                super(20, true);
            }

            @Override
            public List<Property<int[]>> properties() {
                return new Bounded().properties();
            }
        }
        Report<int[], Integer> printed = Checker.of(new Bounded()).bfs().run();
        Report<int[], Integer> own = Checker.of(new BoundedOwn()).bfs().run();
        assertEquals(Report.Result.VIOLATION, printed.result());
        assertEquals(own.violations().get(0).trace().actions(), printed.violations().get(0).trace().actions());
    }
}
