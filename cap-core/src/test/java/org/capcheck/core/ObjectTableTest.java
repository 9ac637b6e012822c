package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The object table's part in Kernel.modifications() (each create, destroy and suspend counts one
 * write, so the count grows), handles at the end of its range, and a destroyed object's slots
 * belonging to nothing.
 */
class ObjectTableTest {
    @Test
    void createDestroyAndSuspendEachCountOneWrite() {
        ObjectTable t = new ObjectTable(4, 6);
        long w = t.writes;
        int cnode = t.create(ObjectTable.CNODE, 0x1000, 2);
        assertEquals(w + 1, t.writes);
        int tcb = t.create(ObjectTable.TCB, 0x2000, 0);
        assertEquals(w + 2, t.writes);
        t.suspend(tcb);
        assertEquals(w + 3, t.writes);
        t.destroy(cnode);
        assertEquals(w + 4, t.writes);
        t.reset();
        assertEquals(w + 5, t.writes);
    }

    @Test
    void aDestroyedObjectsSlotsBelongToNothing() {
        ObjectTable t = new ObjectTable(4, 6);
        int cnode = t.create(ObjectTable.CNODE, 0x1000, 2);
        int first = t.slot(cnode, 0);
        for (int i = 0; i < 4; i++) {
            assertEquals(cnode, t.ownerOf(first + i));
        }
        t.destroy(cnode);
        for (int i = 0; i < 4; i++) {
            assertEquals(-1, t.ownerOf(first + i));
        }
    }

    @Test
    void handlesAtTheEndOfTheTableNameNoThread() {
        Kernel k = Kernel.boot(BootConfig.defaults().withCapacity(10, 64));
        assertFalse(k.isRunnable(64));
        assertFalse(k.isRunnable(-1));
        assertEquals(SeL4Error.IllegalOperation, k.switchThread(64));
        assertEquals(SeL4Error.IllegalOperation, k.switchThread(-1));
    }

    @Test
    void aSlotOfADeletedCNodeHasNoAddress() {
        Sys s = Sys.with(BootConfig.defaults().withCapacity(10, 64)
                .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 16, false))));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 30, 1));
        int inside = s.k.view().resolveSlot(30, 3, 2);
        assertNotNull(s.k.view().addressOf(inside));
        assertEquals(SeL4Error.NoError, s.delete(30));
        assertNull(s.k.view().addressOf(inside));
    }
}
