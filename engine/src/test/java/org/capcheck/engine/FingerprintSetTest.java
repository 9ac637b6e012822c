package org.capcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

    @Test
    void growsFromTinyAndAgreesWithAHashSet() {
        FingerprintSet set = new FingerprintSet(1);
        long initialBytes = set.bytes();
        Set<Long> reference = new HashSet<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // a small range so that many adds are repeats
            long fp = Fingerprint.finish(random.nextInt(150_000));
            assertEquals(reference.add(fp), set.add(fp), "add of " + fp);
        }
        assertEquals(reference.size(), set.size());
        for (long fp : reference) {
            assertTrue(set.contains(fp));
        }
        for (int i = 150_000; i < 160_000; i++) {
            assertFalse(set.contains(Fingerprint.finish(i)));
        }
        assertTrue(set.bytes() > initialBytes, "the set grew");
        double bytesPerEntry = (double) set.bytes() / set.size();
        assertTrue(bytesPerEntry >= 8 / 0.75 - 0.1 && bytesPerEntry <= 8 / 0.5 + 0.5,
                "load stays between 1/2 and 3/4, but bytes per entry is " + bytesPerEntry);
    }

    @Test
    void reservedValuesAreOrdinaryMembers() {
        FingerprintSet set = new FingerprintSet(16);
        assertFalse(set.contains(0));
        assertTrue(set.add(0));
        assertFalse(set.add(0));
        assertTrue(set.contains(0));
        assertTrue(set.add(Long.MIN_VALUE) || set.contains(Long.MIN_VALUE));
        assertTrue(set.contains(Long.MIN_VALUE));
        assertTrue(set.add(-1));
        assertTrue(set.contains(-1));
    }

    @Test
    void concurrentAddsInsertEachFingerprintExactlyOnceWhileGrowing() throws InterruptedException {
        int threads = 4;
        int perThread = 300_000;
        FingerprintSet set = new FingerprintSet(1);
        AtomicLong firstAdds = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int offset = t * perThread / 2; // each range overlaps half of the next thread's
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long mine = 0;
                for (int i = 0; i < perThread; i++) {
                    if (set.add(Fingerprint.finish(offset + i))) {
                        mine++;
                    }
                }
                firstAdds.addAndGet(mine);
            });
            workers[t].start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        long distinct = (threads - 1) * (long) perThread / 2 + perThread;
        assertEquals(distinct, firstAdds.get(), "each fingerprint was new to exactly one add");
        assertEquals(distinct, set.size());
        for (int i = 0; i < distinct; i++) {
            assertTrue(set.contains(Fingerprint.finish(i)), "missing " + i);
        }
    }

    @Test
    void collisionProbabilityIsTlcsOptimisticEstimate() {
        assertEquals(0.0, FingerprintSet.collisionProbability(100, 100));
        assertEquals(1e6 * 9e6 / Math.pow(2, 64), FingerprintSet.collisionProbability(1_000_000, 10_000_000), 1e-20);
    }
}
