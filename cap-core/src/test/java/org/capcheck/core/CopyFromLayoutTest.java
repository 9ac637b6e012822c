package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernel#copyFrom} between kernels whose object tables were built in different orders: the kernel
 * copied into takes the source's whole internal layout (which handle holds which object, each object's
 * slot block, the free handles), so it is the source's state and behaves as the source on what follows,
 * including creating objects (a copy that kept its own free handles or slot blocks would hand out a live
 * handle or read a CNode's slots from another object's block).
 */
class CopyFromLayoutTest {
    private static final BootConfig CONFIG = BootConfig.defaults()
            .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false)));

    @Test
    void aKernelCopiedIntoTakesTheSourcesLayoutAndBehavesAsItDoes() {
        Sys source = Sys.with(CONFIG);
        source.retype(Sys.UT, ObjectType.CNode, 2, 30, 1);
        source.retype(Sys.UT, ObjectType.TCB, 0, 31, 1);
        source.retype(Sys.UT, ObjectType.Endpoint, 0, 32, 1);
        assertEquals(SeL4Error.NoError, source.k.cnodeMove(30, 1, 2, Sys.ROOT, 32, Sys.D));
        source.assertInvariants();

        // Another history: a larger CNode (so under another slot block) and two TCBs, the CNode deleted
        // again, so its handle is the next one free here.
        Sys into = Sys.with(CONFIG);
        into.retype(Sys.UT, ObjectType.CNode, 5, 30, 1);
        into.retype(Sys.UT, ObjectType.TCB, 0, 31, 2);
        assertEquals(SeL4Error.NoError, into.delete(30));
        int cnode = source.k.caps.object(source.slot(30));
        assertNotEquals(source.k.objects.slot(cnode, 0), into.k.objects.slot(cnode, 0),
                "the two tables' blocks for that handle differ (else this test shows nothing)");

        assertTrue(into.k.copyFrom(source.k));
        into.assertInvariants();
        assertArrayEquals(source.k.encode(), into.k.encode());
        assertEquals(CapType.Endpoint, into.k.view().capAt(into.k.view().resolveSlot(30, 1, 2)).type());

        // The same invocations on both: objects created after the copy take the same free handles and
        // slot blocks as in the source, so the states stay equal and sound.
        for (Sys s : new Sys[] {source, into}) {
            s.retype(Sys.UT, ObjectType.TCB, 0, 40, 1);
            s.retype(Sys.UT, ObjectType.CNode, 1, 41, 1);
            assertEquals(SeL4Error.NoError, s.k.cnodeCopy(41, 0, 1, Sys.ROOT, 40, Sys.D, Rights.ALL));
            assertEquals(SeL4Error.NoError, s.delete(31));
            s.assertInvariants();
        }
        assertArrayEquals(source.k.encode(), into.k.encode());
        assertTrue(into.k.sameStateAs(source.k));
        assertEquals(source.k.view().occupiedSlots().size(), into.k.view().occupiedSlots().size());
    }
}
