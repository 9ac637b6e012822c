package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kernel.load at the edges of the encoding (docs/cap-core.md, StateEncoder): a table full to its object
 * capacity, a CNode of radix 1, no objects at all, suspended threads and Zombies, a derivation link to
 * canonical slot 0; and encodings with one field made wrong (object count, a link out of range, a CNode
 * cap naming no object), which are refused without an exception.
 */
class LoadBoundsTest {
    /** Bytes of an object's header and of a non-empty slot's record (cap, then links and MDB flags). */
    private static final int OBJECT_BYTES = 12;
    private static final int SLOT_BYTES = 30;
    /** Offsets within a slot record: the cap's reference (address), the prev and next links. */
    private static final int REF = 1;
    private static final int PREV = 21;
    private static final int NEXT = 25;

    private static Kernel boot(int objects) {
        return Kernel.boot(BootConfig.defaults().withCapacity(10, objects)
                .withUntyped(List.of(new UntypedRegion(0x100000, 16, false))));
    }

    /** The offsets of the non-empty slot records of an encoding, and (last) the number of slots. */
    private static List<Integer> slotRecords(byte[] e) {
        List<Integer> out = new ArrayList<>();
        int count = readInt(e, 0);
        int pos = 4;
        int slots = 0;
        for (int j = 0; j < count; j++) {
            int kind = e[pos];
            int radix = e[pos + 9];
            pos += OBJECT_BYTES;
            int n = kind == ObjectTable.CNODE ? 1 << radix : ObjectType.TCB_SLOTS;
            slots += n;
            for (int i = 0; i < n; i++) {
                if (e[pos] == 0) {
                    pos++;
                } else {
                    out.add(pos);
                    pos += SLOT_BYTES;
                }
            }
        }
        out.add(slots);
        return out;
    }

    private static int readInt(byte[] e, int at) {
        return (e[at] & 0xFF) | (e[at + 1] & 0xFF) << 8 | (e[at + 2] & 0xFF) << 16 | (e[at + 3] & 0xFF) << 24;
    }

    private static byte[] withInt(byte[] e, int at, int v) {
        byte[] c = e.clone();
        for (int i = 0; i < 4; i++) {
            c[at + i] = (byte) (v >>> (8 * i));
        }
        return c;
    }

    private static void roundTrips(Kernel k, int objects) {
        byte[] e = k.encode();
        Kernel scratch = boot(objects);
        assertTrue(scratch.load(e));
        assertArrayEquals(e, scratch.encode());
        assertEquals(k.checkInvariants(), scratch.checkInvariants());
    }

    @Test
    void aTableFullToItsCapacityWithACNodeOfRadixOneLoads() {
        Kernel k = boot(4);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 1, 2, 0, 0, 30, 1));
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.TCB, 0, 2, 0, 0, 31, 1));
        assertEquals(SeL4Error.NotEnoughMemory, k.untypedRetype(16, ObjectType.TCB, 0, 2, 0, 0, 32, 1),
                "the object table is full");
        assertEquals(4, readInt(k.encode(), 0));
        roundTrips(k, 4);
    }

    @Test
    void anEncodingOfNoObjectsLoadsAndEncodesTheSame() {
        // The loader inverts the encoder whatever the state: no objects, so no thread to invoke.
        byte[] empty = new byte[4 + 32];
        Kernel scratch = boot(64);
        assertTrue(scratch.load(empty));
        assertArrayEquals(empty, scratch.encode());
        assertFalse(scratch.canInvoke());
    }

    @Test
    void anObjectCountOutOfRangeIsRefused() {
        byte[] e = boot(4).encode();
        Kernel scratch = boot(4);
        assertFalse(scratch.load(withInt(e, 0, -1)));
        assertFalse(scratch.load(withInt(e, 0, 5)), "more objects than the table holds");
        // One object more than the capacity, the extra one cut short after its kind byte.
        byte[] extra = new byte[e.length - 32 + 1];
        System.arraycopy(e, 0, extra, 0, extra.length - 1);
        extra[extra.length - 1] = ObjectTable.TCB;
        assertFalse(scratch.load(withInt(extra, 0, 5)));
        assertTrue(scratch.load(e));
        assertArrayEquals(e, scratch.encode());
    }

    @Test
    void suspendedThreadsAndZombiesLoadAndCarryOn() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.TCB, 0, 30, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 31, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 40, 1));
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(31, 1, 2, Sys.ROOT, 40, Sys.D, Rights.ALL));
        // A budget of one step leaves each deletion preempted: the thread suspended behind a Zombie,
        // the CNode a Zombie with a slot still to clear.
        for (long slot : new long[] {30, 31}) {
            s.k.setWorkBudget(1);
            assertEquals(SeL4Error.NoError, s.delete(slot));
            assertTrue(s.k.wasPreempted());
            assertEquals(CapType.Zombie, s.cap(slot).type());
        }
        s.k.setWorkBudget(Kernel.UNLIMITED);
        assertEquals(1, s.k.view().suspendedThreadAddresses().size());
        Kernel scratch = Kernel.boot(BootConfig.defaults()
                .withUntyped(List.of(new UntypedRegion(Sys.UT_BASE, 20, false))));
        assertTrue(scratch.load(s.k.encode()));
        assertArrayEquals(s.k.encode(), scratch.encode());
        assertEquals(s.k.view().suspendedThreadAddresses(), scratch.view().suspendedThreadAddresses());
        // Both finish the deletions the same way.
        for (long slot : new long[] {30, 31}) {
            assertEquals(SeL4Error.NoError, s.delete(slot));
            assertEquals(SeL4Error.NoError, scratch.cnodeDelete(Sys.ROOT, slot, Sys.D));
            assertArrayEquals(s.k.encode(), scratch.encode(), "after deleting slot " + slot);
        }
        assertEquals(List.of(), scratch.checkInvariants());
    }

    @Test
    void aLinkToCanonicalSlotZeroLoads() {
        Kernel k = boot(64);
        // Canonical slot 0 is slot 0 of the object at the lowest address (here the boot TCB, whose slot 0
        // holds its CSpace root: a child of the root CNode's cap).
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 40, 1));
        assertEquals(SeL4Error.NoError, k.cnodeCopy(2, 0, 64, 2, 40, 64, Rights.ALL));
        byte[] e = k.encode();
        List<Integer> records = slotRecords(e);
        boolean linksToZero = false;
        for (int r : records.subList(0, records.size() - 1)) {
            linksToZero |= readInt(e, r + PREV) == 0 || readInt(e, r + NEXT) == 0;
        }
        assertTrue(linksToZero);
        roundTrips(k, 64);
    }

    @Test
    void aLinkOutOfRangeIsRefused() {
        Kernel k = boot(64);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 40, 1));
        assertEquals(SeL4Error.NoError, k.cnodeCopy(2, 41, 64, 2, 40, 64, Rights.ALL));
        byte[] e = k.encode();
        List<Integer> records = slotRecords(e);
        int slots = records.get(records.size() - 1);
        Kernel scratch = boot(64);
        for (int r : records.subList(0, records.size() - 1)) {
            for (int field : new int[] {PREV, NEXT}) {
                for (int bad : new int[] {slots, slots + 1, -2, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                    assertFalse(scratch.load(withInt(e, r + field, bad)), "link " + bad + " at " + (r + field));
                }
            }
        }
        assertTrue(scratch.load(e));
        assertArrayEquals(e, scratch.encode());
    }

    @Test
    void aCNodeCapNamingNoObjectIsRefused() {
        Kernel k = boot(64);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.CNode, 2, 2, 0, 0, 30, 1));
        byte[] e = k.encode();
        Kernel scratch = boot(64);
        int cnodeCaps = 0;
        for (int r : slotRecords(e).subList(0, slotRecords(e).size() - 1)) {
            if (e[r] == CapType.CNode.code() || e[r] == CapType.Thread.code()) {
                cnodeCaps++;
                byte[] moved = e.clone();
                moved[r + REF + 7] ^= 0x40; // an address where no object is
                assertFalse(scratch.load(moved), "a cap naming no object, at " + r);
            }
        }
        assertTrue(cnodeCaps >= 3, "the root CNode's cap, the TCB's and the new CNode's");
        assertTrue(scratch.load(e));
    }

    @Test
    void theFirstEncodingOfALargeStateFitsItsBuffer() {
        // The encoder's buffer is sized from the state on each encoding; here the first encoding is
        // already several kilobytes (a hundred caps of 30 bytes each).
        Kernel k = boot(64);
        assertEquals(SeL4Error.NoError, k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 30, 1));
        for (int slot = 31; slot < 131; slot++) {
            assertEquals(SeL4Error.NoError, k.cnodeCopy(2, slot, 64, 2, 30, 64, Rights.ALL));
        }
        byte[] e = k.encode();
        assertEquals(5 + 101, slotRecords(e).size() - 1, "the five caps of boot, the endpoint and its hundred copies");
        assertEquals(e.length, k.encode(null));
        roundTrips(k, 64);
    }

    @Test
    void aLinkToASlotNoObjectHoldsEncodesAsMinusTwoAndIsRefused() {
        // Only a corrupt state links to a slot outside every live object; the encoding marks the
        // link -2 rather than reading a stale owner, and the loader refuses it.
        Kernel k = boot(64);
        int untyped = k.view().rootSlot(16);
        int unowned = k.objects.slotCapacity() - 1;
        assertEquals(-1, k.objects.ownerOf(unowned));
        k.mdb.decode(untyped, k.mdb.prev(untyped), unowned, k.mdb.isRevocable(untyped),
                k.mdb.isFirstBadged(untyped));
        byte[] e = k.encode();
        int minusTwo = 0;
        List<Integer> records = slotRecords(e);
        for (int r : records.subList(0, records.size() - 1)) {
            minusTwo += readInt(e, r + NEXT) == -2 ? 1 : 0;
        }
        assertEquals(1, minusTwo);
        assertFalse(boot(64).load(e));
    }

    @Test
    void aCapTypeCodeThatNamesNoCapIsRefused() {
        // The encoding's cap type byte is a CapType code (0 for an empty slot, 1..9 for Untyped..Zombie);
        // any other value is no encoding of a state, and load must say so (its contract: false for bytes
        // that are not an encoding), not load the slot as empty.
        Kernel k = boot(64);
        byte[] e = k.encode();
        List<Integer> records = slotRecords(e);
        Kernel scratch = boot(64);
        for (int code : new int[] {CapType.values().length, 0x7F, 0xFF}) {
            byte[] bad = e.clone();
            bad[records.get(0)] = (byte) code;
            assertFalse(scratch.load(bad), "cap type code " + code);
        }
        assertTrue(scratch.load(e));
        assertArrayEquals(e, scratch.encode());
    }
}
