package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two promises of {@link Kernel}'s copying contract that depend on the cap table's bulk writes: a
 * {@link Kernel#copyState()} has empty scratch slots whatever the last invocation built there (so two
 * copies of equal tables are equal field by field, as a whole-heap checker such as Java PathFinder
 * needs), and a {@link Kernel#load} counts as a write ({@link Kernel#modifications()}), so that a kernel
 * copied into again with {@link Kernel#copyFrom} after its source was loaded gets the loaded state.
 */
class ScratchAndCopyTest {
    private static final BootConfig CONFIG = BootConfig.defaults()
            .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false)));

    @Test
    void aCopyOfTheStateHasEmptyScratchSlots() {
        Sys s = Sys.with(CONFIG);
        // seL4's IRQControl_Get builds the IRQHandler cap before cteInsert places it; cap-core builds it
        // in a scratch slot, which the invocation leaves holding a copy of the new cap.
        assertEquals(SeL4Error.NoError, s.irqGet(9, 30));
        Kernel k = s.k;
        boolean leftover = false;
        for (int i = k.scratchBase; i < k.caps.size(); i++) {
            leftover |= !k.caps.isNull(i);
        }
        assertTrue(leftover, "the invocation left its cap in scratch space (else this test shows nothing)");

        Kernel c = k.copyState();
        long[] w = c.caps.words();
        for (int i = c.scratchBase * CapTable.STRIDE; i < w.length; i++) {
            assertEquals(0L, w[i], "scratch word " + i);
        }
        assertTrue(c.sameStateAs(k));
        // Two copies of one state are equal word for word, scratch space included.
        assertArrayEquals(w, k.copyState().caps.words());
    }

    @Test
    void aKernelCopiedIntoAgainAfterItsSourceWasLoadedHasTheLoadedState() {
        Kernel source = Kernel.boot(CONFIG);
        Kernel into = Kernel.boot(CONFIG);
        assertTrue(into.copyFrom(source));
        assertArrayEquals(source.encode(), into.encode());

        // Load an encoding of no objects at all (the object count 0, then every IRQ inactive): every
        // slot the boot filled is emptied, and the count of writes must move (docs of modifications():
        // it grows with every write to the encoded state).
        long before = source.modifications();
        byte[] empty = new byte[4 + CONFIG.maxIrq() + 1];
        assertTrue(source.load(empty));
        assertArrayEquals(empty, source.encode());
        assertNotEquals(before, source.modifications(), "a load that emptied the kernel counts as a write");

        // copyFrom copies only what it wrote itself when the source looks unchanged; it has changed.
        assertTrue(into.copyFrom(source));
        assertArrayEquals(empty, into.encode());
        assertFalse(into.canInvoke());
    }

    @Test
    void aKernelCopiedIntoHasItsSourcesEvents() {
        // copyFrom makes the kernel what copy() would be: the last invocation's host events included.
        Sys source = Sys.with(CONFIG);
        source.retype(Sys.UT, ObjectType.TCB, 0, 30, 1);
        assertEquals(SeL4Error.NoError, source.delete(30)); // suspended, then destroyed
        Sys into = Sys.with(CONFIG);
        into.retype(Sys.UT, ObjectType.Endpoint, 0, 30, 2); // created, created
        assertTrue(into.k.copyFrom(source.k));
        HostEvents e = into.k.events();
        assertEquals(2, e.size());
        assertEquals(HostEvents.Kind.THREAD_SUSPENDED, e.kind(0));
        assertEquals(HostEvents.Kind.OBJECT_DESTROYED, e.kind(1));
        for (int i = 0; i < 2; i++) {
            assertEquals(source.k.events().describe(i), e.describe(i));
        }
    }

    @Test
    void copiesOfOneStateReachedThroughOtherEventsAreEqualFieldByField() {
        // Both kernels issue and delete handlers for IRQs 9 and 10, in opposite orders: the same state, but
        // their event queues keep the words of different last events (clear() leaves them in place).
        Sys a = Sys.with(CONFIG);
        Sys b = Sys.with(CONFIG);
        for (long irq : new long[] {9, 10}) {
            assertEquals(SeL4Error.NoError, a.irqGet(irq, 30));
            assertEquals(SeL4Error.NoError, a.delete(30));
        }
        for (long irq : new long[] {10, 9}) {
            assertEquals(SeL4Error.NoError, b.irqGet(irq, 30));
            assertEquals(SeL4Error.NoError, b.delete(30));
        }
        assertTrue(a.k.sameStateAs(b.k));
        assertEquals(a.k.events().describe(0), "released IRQ 10");
        assertEquals(b.k.events().describe(0), "released IRQ 9");
        Kernel ca = a.k.copyState();
        Kernel cb = b.k.copyState();
        assertEquals(0, ca.events().size());
        assertTrue(Fields.equal(ca, cb), Fields.difference(ca, cb));
    }

    @Test
    void copiesOfOneStateWhoseLastEventsDifferInKindAreEqualFieldByField() {
        // The same state reached through other kinds of last event: an endpoint's destruction (kind,
        // type, address and size words) in one kernel, an IRQ's release (kind and IRQ number only) in
        // the other. copyState() must forget every word of the events, not just the first.
        Sys a = Sys.with(CONFIG);
        Sys b = Sys.with(CONFIG);
        assertEquals(SeL4Error.NoError, a.irqGet(9, 30));
        assertEquals(SeL4Error.NoError, a.delete(30));
        assertEquals(SeL4Error.NoError, a.retype(Sys.UT, ObjectType.Endpoint, 0, 31, 1));
        assertEquals(SeL4Error.NoError, a.delete(31));
        assertEquals(SeL4Error.NoError, b.retype(Sys.UT, ObjectType.Endpoint, 0, 31, 1));
        assertEquals(SeL4Error.NoError, b.delete(31));
        assertEquals(SeL4Error.NoError, b.irqGet(9, 30));
        assertEquals(SeL4Error.NoError, b.delete(30));
        assertTrue(a.k.sameStateAs(b.k));
        assertTrue(a.k.events().describe(0).startsWith("destroyed"), a.k.events().describe(0));
        assertEquals("released IRQ 9", b.k.events().describe(0));
        Kernel ca = a.k.copyState();
        Kernel cb = b.k.copyState();
        assertEquals(0, ca.events().size());
        assertTrue(Fields.equal(ca, cb), Fields.difference(ca, cb));
    }
}
