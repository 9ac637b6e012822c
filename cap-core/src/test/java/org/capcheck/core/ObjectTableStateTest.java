package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The object table as part of the state: a {@link Kernel#load} forgets every object the encoding does not
 * hold, their slots included (the view gives such a slot no address), and {@link Kernel#sameStateAs}
 * answers as comparing encodings would when two kernels' objects differ in nothing but a thread's
 * suspended flag (its fast path compares the tables directly).
 */
class ObjectTableStateTest {
    private static final BootConfig CONFIG = BootConfig.defaults()
            .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false)));
    /** An object's header in the encoding: kind, paddr (8), radix, suspended, current. */
    private static final int OBJECT_BYTES = 12;
    private static final int SUSPENDED = 10;
    private static final int SLOT_BYTES = 30;

    @Test
    void aLoadForgetsTheSlotsOfObjectsItDoesNotLoad() {
        byte[] booted = Kernel.boot(CONFIG).encode();
        Sys s = Sys.with(CONFIG);
        s.retype(Sys.UT, ObjectType.CNode, 4, 30, 1);
        s.retype(Sys.UT, ObjectType.TCB, 0, 31, 1);
        assertEquals(256 + 16 + 2 * ObjectType.TCB_SLOTS, addressedSlots(s.k));
        assertTrue(s.k.load(booted));
        // Loaded objects are laid out afresh (by address): only the root CNode's and the TCB's slots
        // belong to an object now, wherever the earlier objects' slot blocks were.
        assertEquals(256 + ObjectType.TCB_SLOTS, addressedSlots(s.k));
        assertArrayEquals(booted, s.k.encode());
    }

    /** How many pool slots the view gives an address, i.e. belong to a live object. */
    private static int addressedSlots(Kernel k) {
        int n = 0;
        for (int slot = 0; slot < k.objects.slotCapacity(); slot++) {
            n += k.view().addressOf(slot) == null ? 0 : 1;
        }
        return n;
    }

    /** The offset of the header of the encoding's first TCB that is not the current thread. */
    private static int otherTcbHeader(byte[] e) {
        int count = (e[0] & 0xFF) | (e[1] & 0xFF) << 8;
        int pos = 4;
        for (int j = 0; j < count; j++) {
            int kind = e[pos];
            int n = kind == ObjectTable.CNODE ? 1 << e[pos + 9] : ObjectType.TCB_SLOTS;
            if (kind == ObjectTable.TCB && e[pos + 11] == 0) {
                return pos;
            }
            pos += OBJECT_BYTES;
            for (int i = 0; i < n; i++) {
                pos += e[pos] == 0 ? 1 : SLOT_BYTES;
            }
        }
        throw new AssertionError("no such TCB");
    }

    @Test
    void kernelsWhoseObjectsDifferOnlyInASuspendedFlagAreNotTheSameState() {
        Sys s = Sys.with(CONFIG);
        s.retype(Sys.UT, ObjectType.TCB, 0, 30, 1);
        byte[] e = s.k.encode();
        byte[] suspended = e.clone();
        int header = otherTcbHeader(e);
        assertEquals(0, suspended[header + SUSPENDED]);
        suspended[header + SUSPENDED] = 1;

        Kernel a = Kernel.boot(CONFIG);
        Kernel b = Kernel.boot(CONFIG);
        Kernel c = Kernel.boot(CONFIG);
        assertTrue(a.load(e));
        assertTrue(b.load(suspended));
        assertTrue(c.load(e));
        assertArrayEquals(suspended, b.encode());
        // Loaded from encodings in the same order: the same handles, slot blocks and cap words.
        assertArrayEquals(a.caps.words(), b.caps.words());
        assertFalse(a.sameStateAs(b));
        assertFalse(b.sameStateAs(a));
        assertTrue(a.sameStateAs(c));
    }
}
