package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernel#sameStateAs}'s contract where its fast path (comparing the internal tables of two kernels
 * of one layout) could answer for the encoding: the answer is always whether {@link Kernel#encode()} gives
 * equal bytes, so two kernels whose cap tables agree slot by slot but whose current thread, objects or IRQ
 * states differ are different states; and for two kernels of one layout it allocates nothing.
 */
class SameStateFastPathTest {

    private static BootConfig config(int maxIrq) {
        return BootConfig.defaults().withRootCNodeBits(6).withCapacity(8, 16).withMaxIrq(maxIrq)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false)));
    }

    /** A kernel with a second thread (a TCB in root slot 30) and an endpoint in slot 31. */
    private static Kernel withSecondThread(int maxIrq) {
        Sys s = Sys.with(config(maxIrq));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.TCB, 0, 30, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 31, 1));
        return s.k;
    }

    private static Kernel loaded(int maxIrq, byte[] encoding) {
        Kernel k = Kernel.boot(config(maxIrq));
        assertTrue(k.load(encoding), "the encoding loads");
        return k;
    }

    /** The byte positions where two encodings of one length differ. */
    private static List<Integer> differences(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                out.add(i);
            }
        }
        return out;
    }

    private static void differ(Kernel a, Kernel b) {
        assertFalse(java.util.Arrays.equals(a.encode(), b.encode()), "the encodings differ");
        assertFalse(a.sameStateAs(b));
        assertFalse(b.sameStateAs(a));
    }

    /** The precondition of the fast path: the two kernels' cap tables agree slot by slot. */
    private static void sameCapTables(Kernel a, Kernel b) {
        assertEquals(a.scratchBase, b.scratchBase);
        assertTrue(a.caps.sameAs(b.caps, a.scratchBase), "the cap tables agree slot by slot");
    }

    @Test
    void anotherCurrentThreadIsAnotherState() {
        Kernel a = withSecondThread(31);
        int tcb = a.caps.object(a.view().rootSlot(30));
        Kernel b = a.copy();
        assertEquals(SeL4Error.NoError, b.switchThread(tcb));
        sameCapTables(a, b);
        assertTrue(a.objects.sameAs(b.objects));
        differ(a, b);
    }

    /**
     * A suspended thread (seL4's ThreadState Inactive) is another state than a runnable one, with every cap
     * the same: made by loading an encoding whose one object differs in its suspended flag.
     */
    @Test
    void aSuspendedThreadIsAnotherState() {
        Kernel a = withSecondThread(31);
        int tcb = a.caps.object(a.view().rootSlot(30));
        Kernel switched = a.copy();
        switched.switchThread(tcb);
        byte[] e = a.encode();
        // The two current-thread flags differ: the boot thread's (1 in a) and the new thread's (1 in switched).
        List<Integer> flags = differences(e, switched.encode());
        assertEquals(2, flags.size());
        int current = e[flags.get(0)] == 0 ? flags.get(0) : flags.get(1);
        byte[] suspended = e.clone();
        suspended[current - 1] = 1; // an object's header: kind, address, radix, suspended, current
        Kernel runnable = loaded(31, e);
        Kernel stopped = loaded(31, suspended);
        int loadedTcb = stopped.caps.object(stopped.view().rootSlot(30));
        assertTrue(runnable.isRunnable(loadedTcb));
        assertFalse(stopped.isRunnable(loadedTcb), "the flag loaded as a suspension");
        sameCapTables(runnable, stopped);
        differ(runnable, stopped);
    }

    /**
     * An IRQ that is active (seL4's IRQSignal) is another state than an inactive one, with every cap the
     * same: loaded from an encoding whose last IRQ byte differs, with one IRQ (maxIrq 0, where the IRQ
     * compared is the only one) and with 32.
     */
    @Test
    void anActiveIrqIsAnotherState() {
        for (int maxIrq : new int[] {0, 31}) {
            byte[] e = withSecondThread(maxIrq).encode();
            byte[] active = e.clone();
            active[active.length - 1] = 1; // the IRQ bytes close the encoding, IRQ maxIrq last
            Kernel inactive = loaded(maxIrq, e);
            Kernel on = loaded(maxIrq, active);
            sameCapTables(inactive, on);
            assertTrue(inactive.objects.sameAs(on.objects));
            differ(inactive, on);
            assertTrue(inactive.sameStateAs(loaded(maxIrq, e)), "maxIrq " + maxIrq);
        }
    }

    /** Kernels that differ only in how many IRQs they have encode differently (one IRQ byte per IRQ). */
    @Test
    void kernelsWithMoreIrqsAreInAnotherState() {
        Kernel few = withSecondThread(31);
        Kernel many = withSecondThread(63);
        sameCapTables(few, many);
        differ(few, many);
    }

    /** "Allocates only when the layouts differ": a copy and its original are compared on their tables. */
    @Test
    void aCopyIsComparedWithoutAllocating() {
        Kernel a = withSecondThread(31);
        Kernel b = a.copy();
        assertTrue(a.sameStateAs(b));
        long least = ThreadAllocation.quietest(3, () -> {
            for (int i = 0; i < 2_000; i++) {
                if (!a.sameStateAs(b)) {
                    throw new AssertionError("a copy is in the same state");
                }
            }
        });
        assertTrue(least < 1024, "allocated " + least + " bytes in 2,000 comparisons");
    }
}
