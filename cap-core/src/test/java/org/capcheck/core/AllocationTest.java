package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Invocations allocate nothing, on success and on error paths: the bytes this thread allocates
 * across many invocations, after a warm-up, are counted by the JVM (com.sun.management). A count,
 * not a timing, so it does not depend on the machine's speed. The JMH benchmarks in bench/ measure
 * the same with the gc profiler, with and without escape analysis.
 */
class AllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** Returns how many of the invocations succeeded. */
    private static int workload(Kernel k, long[] words, long[] extra) {
        int ok = 0;
        for (int i = 0; i < 200; i++) {
            // Success paths: retype, copy, mint, move, rotate, revoke, delete.
            ok += k.untypedRetype(16, ObjectType.Endpoint.number(), 0, 2, 0, 0, 30, 4) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeCopy(2, 40, 64, 2, 30, 64, Rights.ALL) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeMint(2, 41, 64, 2, 30, 64, Rights.ALL, i + 1) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeMove(2, 42, 64, 2, 41, 64) == SeL4Error.NoError ? 1 : 0;
            ok += k.untypedRetype(16, ObjectType.CNode.number(), 2, 2, 0, 0, 50, 1) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeCopy(50, 1, 2, 2, 40, 64, Rights.READ) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeRevoke(2, 30, 64) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeDelete(2, 50, 64) == SeL4Error.NoError ? 1 : 0;
            ok += k.irqControlGet(4, 5, 2, 60, 64) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeDelete(2, 60, 64) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeRevoke(2, 16, 64) == SeL4Error.NoError ? 1 : 0;
            // Error paths: lookups, ranges, truncation, wrong types.
            ok += k.cnodeCopy(2, 40, 65, 2, 30, 64, Rights.ALL) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeCopy(2, 16, 64, 2, 99, 64, Rights.ALL) == SeL4Error.NoError ? 1 : 0;
            ok += k.cnodeDelete(0xdead_0000_0000_0000L, 1, 64) == SeL4Error.NoError ? 1 : 0;
            ok += k.untypedRetype(16, 77, 0, 2, 0, 0, 30, 1) == SeL4Error.NoError ? 1 : 0;
            ok += k.invoke(2, InvocationLabel.CNODE_ROTATE, words, 3, extra, 1) == SeL4Error.NoError ? 1 : 0;
            ok += k.irqControlGet(4, 1000, 2, 60, 64) == SeL4Error.NoError ? 1 : 0;
        }
        return ok;
    }

    @Test
    void invocationsAllocateNothing() {
        Kernel k = Kernel.boot(BootConfig.defaults().withCapacity(12, 64)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
        long[] words = new long[8];
        long[] extra = new long[2];
        workload(k, words, extra); // warm-up: class loading and initialisation allocate
        allocatedBytes();
        // The JIT may allocate now and then on this thread (deoptimising a compiled frame, say), so
        // several rounds are measured: code that allocates per invocation would allocate in every
        // round, at least one object per invocation; the quietest round must show nothing at all.
        long quietest = Long.MAX_VALUE;
        long noisiest = 0;
        for (int round = 0; round < 5; round++) {
            long before = allocatedBytes();
            int succeeded = workload(k, words, extra);
            long bytes = allocatedBytes() - before;
            assertEquals(11 * 200, succeeded, "the success paths really succeeded");
            quietest = Math.min(quietest, bytes);
            noisiest = Math.max(noisiest, bytes);
        }
        assertEquals(0, quietest, "bytes allocated by 3,400 invocations in the quietest round");
        assertTrue(noisiest < 3400 * 16, "no round allocates an object per invocation: " + noisiest + " bytes");
        assertEquals(List.of(), k.checkInvariants());
    }

    @Test
    void incrementalInvariantChecksAllocateNothingWhileTheyHold() {
        Kernel k = Kernel.boot(BootConfig.defaults().withCapacity(12, 64)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
        long[] words = new long[8];
        long[] extra = new long[2];
        k.checkInvariantsIncrementally(); // the first call makes the change log and the checker
        for (int i = 0; i < 3; i++) { // warm-up
            checkedWorkload(k, words, extra);
        }
        long quietest = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = allocatedBytes();
            int succeeded = checkedWorkload(k, words, extra);
            quietest = Math.min(quietest, allocatedBytes() - before);
            assertEquals(11 * 20, succeeded);
        }
        assertEquals(0, quietest, "bytes allocated by 340 invocations, each followed by an incremental check");
    }

    /** The workload, 20 rounds, with an incremental check after every invocation; fails on a violation. */
    private static int checkedWorkload(Kernel k, long[] words, long[] extra) {
        int ok = 0;
        for (int i = 0; i < 20; i++) {
            ok += checked(k, k.untypedRetype(16, ObjectType.Endpoint.number(), 0, 2, 0, 0, 30, 4));
            ok += checked(k, k.cnodeCopy(2, 40, 64, 2, 30, 64, Rights.ALL));
            ok += checked(k, k.cnodeMint(2, 41, 64, 2, 30, 64, Rights.ALL, i + 1));
            ok += checked(k, k.cnodeMove(2, 42, 64, 2, 41, 64));
            ok += checked(k, k.untypedRetype(16, ObjectType.CNode.number(), 2, 2, 0, 0, 50, 1));
            ok += checked(k, k.cnodeCopy(50, 1, 2, 2, 40, 64, Rights.READ));
            ok += checked(k, k.cnodeRevoke(2, 30, 64));
            ok += checked(k, k.cnodeDelete(2, 50, 64));
            ok += checked(k, k.irqControlGet(4, 5, 2, 60, 64));
            ok += checked(k, k.cnodeDelete(2, 60, 64));
            ok += checked(k, k.cnodeRevoke(2, 16, 64));
            ok += checked(k, k.cnodeCopy(2, 40, 65, 2, 30, 64, Rights.ALL));
            ok += checked(k, k.cnodeCopy(2, 16, 64, 2, 99, 64, Rights.ALL));
            ok += checked(k, k.cnodeDelete(0xdead_0000_0000_0000L, 1, 64));
            ok += checked(k, k.untypedRetype(16, 77, 0, 2, 0, 0, 30, 1));
            ok += checked(k, k.invoke(2, InvocationLabel.CNODE_ROTATE, words, 3, extra, 1));
            ok += checked(k, k.irqControlGet(4, 1000, 2, 60, 64));
        }
        return ok;
    }

    private static int checked(Kernel k, SeL4Error e) {
        if (!k.checkInvariantsIncrementally().isEmpty()) {
            throw new AssertionError("an invariant broke: " + k.checkInvariants());
        }
        return e == SeL4Error.NoError ? 1 : 0;
    }
}
