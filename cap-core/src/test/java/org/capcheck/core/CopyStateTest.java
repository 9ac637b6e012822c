package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Kernel#copyState()} (a copy without the last invocation's leftovers) and {@link Kernel#sameStateAs}. */
class CopyStateTest {

    /** Small, so that comparing whole kernels field by field is quick. */
    private static Sys booted() {
        return Sys.with(BootConfig.defaults().withRootCNodeBits(6).withCapacity(8, 16)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
    }

    @Test
    void aFailedInvocationChangesNoStateButLeavesItsError() {
        Sys s = booted();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        Kernel before = s.k.copy();
        // Into an occupied slot: seL4 refuses with DeleteFirst and changes nothing.
        assertEquals(SeL4Error.DeleteFirst, s.copy(30, 16, "RWG"));
        assertTrue(s.k.sameStateAs(before));
        assertTrue(before.sameStateAs(s.k));
        assertEquals(SeL4Error.DeleteFirst, s.k.lastError().error());
        // A copy of the state alone forgets the error.
        assertEquals(SeL4Error.NoError, s.k.copyState().lastError().error());
        assertTrue(s.k.copyState().sameStateAs(s.k));
    }

    @Test
    void aSuccessfulInvocationChangesTheState() {
        Sys s = booted();
        Kernel before = s.k.copy();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 1));
        assertFalse(s.k.sameStateAs(before));
        assertFalse(before.sameStateAs(s.k));
        assertFalse(s.k.sameStateAs(null));
        assertTrue(s.k.sameStateAs(s.k));
    }

    /** Different layouts (objects created in another order) in the same state: compared by encoding. */
    @Test
    void equalStatesWithDifferentLayoutsAreTheSame() {
        BootConfig two = BootConfig.defaults().withUntyped(List.of(
                new UntypedRegion(0x100000, 20, false), new UntypedRegion(0x200000, 20, false)));
        Sys a = Sys.with(two);
        a.retype(16, ObjectType.CNode, 2, 30, 1);
        a.retype(17, ObjectType.TCB, 0, 35, 1);
        a.delete(35);
        Sys b = Sys.with(two);
        b.retype(17, ObjectType.TCB, 0, 35, 1);
        b.retype(16, ObjectType.CNode, 2, 30, 1);
        b.delete(35);
        assertNotEquals(a.k.caps.object(a.slot(30)), b.k.caps.object(b.slot(30)));
        assertTrue(a.k.sameStateAs(b.k));
        b.delete(30);
        assertFalse(a.k.sameStateAs(b.k));
    }

    /**
     * Two kernels that reach one state by different failed invocations differ in their leftovers (the
     * error's details, the events' words, the scratch slots), but not their state-only copies: field by
     * field, every array included, the copies are equal.
     */
    @Test
    void stateOnlyCopiesLeaveNothingOfTheLastInvocation() throws IllegalAccessException {
        Sys a = booted();
        Sys b = booted();
        for (Sys s : new Sys[] {a, b}) {
            s.retype(16, ObjectType.CNode, 2, 30, 1);
            s.mint(31, 2, "RWG", 0);
            s.delete(31);
        }
        assertEquals(SeL4Error.DeleteFirst, a.copy(30, 2, "RWG"));
        assertEquals(SeL4Error.FailedLookup, b.copy(31, 40, "RWG"));
        assertTrue(a.k.sameStateAs(b.k));
        assertFalse(Fields.equal(a.k, b.k), "the last invocations' leftovers differ");
        Kernel ca = a.k.copyState();
        Kernel cb = b.k.copyState();
        assertTrue(Fields.equal(ca, cb), Fields.difference(ca, cb));
        assertArrayEquals(a.k.encode(), ca.encode());
        // And the copy behaves as the kernel does.
        assertEquals(a.copy(32, 30, "RWG"), new Sys(ca).copy(32, 30, "RWG"));
        assertArrayEquals(a.k.encode(), ca.encode());
    }

    /**
     * The same state reached by different histories: one kernel copied a cap and deleted it again,
     * the other did nothing. Their write counts differ ({@link Kernel#modifications()}), their
     * state-only copies do not: the count is history, and JPF would store the two as two states.
     */
    @Test
    void stateOnlyCopiesForgetHowOftenTheKernelWasWritten() {
        Sys a = booted();
        Sys b = booted();
        for (Sys s : new Sys[] {a, b}) {
            s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        }
        assertEquals(SeL4Error.NoError, a.copy(31, 30, "RWG"));
        assertEquals(SeL4Error.NoError, a.delete(31));
        assertTrue(a.k.sameStateAs(b.k));
        assertNotEquals(a.k.modifications(), b.k.modifications());
        Kernel ca = a.k.copyState();
        Kernel cb = b.k.copyState();
        assertEquals(0, ca.modifications());
        assertTrue(Fields.equal(ca, cb), Fields.difference(ca, cb));
        // The count of the copy goes on from zero: a write shows, a failed invocation does not.
        Sys c = new Sys(ca);
        assertEquals(SeL4Error.DeleteFirst, c.copy(30, 16, "RWG"));
        assertEquals(0, ca.modifications());
        assertEquals(SeL4Error.NoError, c.copy(32, 30, "RWG"));
        assertNotEquals(0, ca.modifications());
    }
}
