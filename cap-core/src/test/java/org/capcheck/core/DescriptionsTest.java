package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What cap-core's public values say about themselves: caps, slot addresses, errors and rights as
 * replay, reports and the CLI print them, the lookups by name and number that parse captrace, and
 * value equality of {@link Cap} and {@link SlotAddress}.
 */
class DescriptionsTest {

    @Test
    void capsDescribeTheFieldsOfTheirKind() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.mint(31, 30, "RW", 7);
        s.retype(16, ObjectType.Frame, 0, 32, 1);
        s.copy(33, 32, "G");
        s.irqGet(5, 34);
        assertEquals("Null", s.cap(99).toString());
        assertEquals("IRQControl", s.cap(4).toString());
        assertEquals("IRQHandler irq=5", s.cap(34).toString());
        assertEquals("Untyped@0x100000 size_bits=20 free_index=" + s.cap(16).freeIndex(), s.cap(16).toString());
        Cap ep = s.cap(31);
        assertEquals("Endpoint@0x" + Long.toHexString(ep.paddr()) + " badge=7 rights=RW", ep.toString());
        Cap frame = s.cap(32);
        assertEquals("Frame@0x" + Long.toHexString(frame.paddr()) + " rights=RW", frame.toString());
        assertEquals("Frame@0x" + Long.toHexString(frame.paddr()) + " rights=-", s.cap(33).toString());
        Cap root = s.cap(2);
        assertEquals("CNode@0x" + Long.toHexString(root.paddr()) + " radix=8 guard=0 guard_size=56", root.toString());
        Cap tcb = s.cap(1);
        assertEquals("Thread@0x" + Long.toHexString(tcb.paddr()), tcb.toString());
        assertEquals("Untyped@0x200000 size_bits=16 free_index=0 device",
                Sys.with(BootConfig.defaults().withUntyped(List.of(new UntypedRegion(0x200000, 16, true))))
                        .cap(16).toString());
        Cap zombie = new Cap(CapType.Zombie, 0x4000, 13, 0, 0, 8, 0, 0, 0, false, -1, 3);
        assertEquals("Zombie@0x4000 slots_left=3", zombie.toString());
        Cap deviceFrame = new Cap(CapType.Frame, 0x5000, 12, 0, Rights.READ, 0, 0, 0, 0, true, -1, 0);
        assertEquals("Frame@0x5000 rights=R device", deviceFrame.toString());
    }

    @Test
    void capsCarryRightsOnlyForEndpointsNotificationsAndFrames() {
        for (CapType t : CapType.values()) {
            Cap c = new Cap(t, 0, 0, 0, 0, 0, 0, 0, 0, false, -1, 0);
            boolean expected = t == CapType.Endpoint || t == CapType.Notification || t == CapType.Frame;
            assertEquals(expected, c.carriesRights(), t.name());
            assertEquals(t == CapType.Null, c.isNull(), t.name());
        }
        assertTrue(Cap.NULL.isNull());
        assertTrue(CapType.Endpoint.isBadged() && CapType.Notification.isBadged());
        assertFalse(CapType.Frame.isBadged());
        assertFalse(CapType.IRQHandler.isPhysical() || CapType.IRQControl.isPhysical() || CapType.Null.isPhysical());
        assertTrue(CapType.Zombie.isPhysical() && CapType.Untyped.isPhysical());
    }

    @Test
    void capsAreEqualExactlyWhenEveryFieldIs() {
        Cap a = new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 0, 0, 0, 0, false, -1, 0);
        Cap same = new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 0, 0, 0, 0, false, -1, 0);
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertEquals(a, a);
        assertNotEquals(a, null);
        assertNotEquals(a, "Endpoint");
        List<Cap> differing = List.of(
                new Cap(CapType.Notification, 0x100, 4, 7, 3, 0, 0, 0, 0, false, -1, 0),
                new Cap(CapType.Endpoint, 0x200, 4, 7, 3, 0, 0, 0, 0, false, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 5, 7, 3, 0, 0, 0, 0, false, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 8, 3, 0, 0, 0, 0, false, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 7, 2, 0, 0, 0, 0, false, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 1, 0, 0, 0, false, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 0, 1, 0, 0, false, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 0, 0, 1, 0, false, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 0, 0, 0, 1, false, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 0, 0, 0, 0, true, -1, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 0, 0, 0, 0, false, 0, 0),
                new Cap(CapType.Endpoint, 0x100, 4, 7, 3, 0, 0, 0, 0, false, -1, 1));
        for (Cap d : differing) {
            assertNotEquals(a, d, d.toString());
            // The hash mixes every field: none of these single-field changes collides.
            assertNotEquals(a.hashCode(), d.hashCode(), d.toString());
        }
    }

    @Test
    void slotAddressesNameTheRootOrTheObject() {
        SlotAddress root = new SlotAddress(0x1000, "CNode", 30, true);
        SlotAddress other = new SlotAddress(0x2000, "CNode", 3, false);
        assertEquals("root[30]", root.toString());
        assertEquals("CNode@0x2000[3]", other.toString());
        assertEquals(root, new SlotAddress(0x1000, "CNode", 30, true));
        assertEquals(root.hashCode(), new SlotAddress(0x1000, "CNode", 30, true).hashCode());
        assertEquals(root, root);
        assertNotEquals(root, null);
        assertNotEquals(root, "root[30]");
        for (SlotAddress d : List.of(new SlotAddress(0x1001, "CNode", 30, true), new SlotAddress(0x1000, "TCB", 30, true),
                new SlotAddress(0x1000, "CNode", 31, true), new SlotAddress(0x1000, "CNode", 30, false))) {
            assertNotEquals(root, d, d.toString());
            assertNotEquals(root.hashCode(), d.hashCode(), d.toString());
        }
        Sys s = Sys.standard();
        s.retype(16, ObjectType.CNode, 2, 40, 1);
        assertEquals("root[40]", s.k.view().addressOf(s.slot(40)).toString());
        int inner = s.k.view().resolveSlot(40, 3, 2);
        SlotAddress a = s.k.view().addressOf(inner);
        assertEquals(new SlotAddress(s.cap(40).paddr(), "CNode", 3, false), a);
    }

    @Test
    void errorsDescribeTheirDetails() {
        Sys s = Sys.standard();
        assertEquals("NoError", s.err().toString());
        s.k.untypedRetype(16, 99, 0, 2, 0, 0, 30, 1);
        assertEquals("InvalidArgument (argument 0)", s.err().toString());
        s.k.cnodeDelete(2, 30, 0);
        assertEquals("RangeError [1, 64]", s.err().toString());
        s.k.cnodeCopy(2, 40, 64, 2, 41, 64, Rights.ALL);
        assertEquals("FailedLookup (source, MissingCapability)", s.err().toString());
        s.k.cnodeCopy(2, 40, 64, 16, 41, 64, Rights.ALL);
        assertEquals("FailedLookup (source, InvalidRoot)", s.err().toString());
        s.k.cnodeCopy(2, 40, 3, 2, 16, 64, Rights.ALL);
        assertEquals("FailedLookup (destination, GuardMismatch)", s.err().toString());
        s.k.cnodeDelete(77, 30, 64);
        assertEquals("InvalidCapability (MissingCapability)", s.err().toString());
        s.k.cnodeDelete(0xffff_0000_0000_0000L, 30, 64);
        assertEquals("InvalidCapability (GuardMismatch)", s.err().toString());
        s.k.untypedRetype(16, ObjectType.Untyped, 21, 2, 0, 0, 30, 1);
        assertEquals("NotEnoughMemory (1048576 bytes left)", s.err().toString());
        assertEquals(1L << 20, s.err().memoryLeft());
        s.k.cnodeCopy(2, 4, 64, 2, 16, 64, Rights.ALL);
        assertEquals("DeleteFirst", s.err().toString());
    }

    @Test
    void errorDetailsReadAsZeroUnlessTheErrorHasThem() {
        Sys s = Sys.standard();
        s.k.untypedRetype(16, 99, 0, 2, 0, 0, 30, 1);
        assertEquals(0, s.err().invalidArgument());
        s.k.untypedRetype(16, ObjectType.CNode, 0, 2, 0, 0, 30, 1);
        assertEquals(1, s.err().invalidArgument());
        assertEquals(0, s.err().rangeMax());
        assertEquals(0, s.err().memoryLeft());
        assertFalse(s.err().failedLookupWasSource());
        assertEquals(LookupFailure.None, s.err().lookupFailure());
        assertEquals(0, s.err().bitsLeft());
        assertEquals(0, s.err().bitsFound());
        assertEquals(0, s.err().guardFound());
        s.k.cnodeDelete(2, 0b1L << 8, 64);
        assertEquals(LookupFailure.GuardMismatch, s.err().lookupFailure());
        assertEquals(64, s.err().bitsLeft());
        assertEquals(56, s.err().bitsFound());
        assertEquals(0, s.err().guardFound());
        assertEquals(0, s.err().rangeMin());
    }

    @Test
    void namesAndNumbersRoundTripAndUnknownOnesAreNull() {
        for (SeL4Error e : SeL4Error.values()) {
            assertSame(e, SeL4Error.ofNumber(e.number()));
            assertSame(e, SeL4Error.ofName(e.name()));
        }
        assertEquals(10, SeL4Error.NotEnoughMemory.number());
        assertNull(SeL4Error.ofNumber(-1));
        assertNull(SeL4Error.ofNumber(SeL4Error.values().length));
        assertNull(SeL4Error.ofName("Nope"));
        for (ObjectType t : ObjectType.values()) {
            assertSame(t, ObjectType.ofNumber(t.number()));
            assertSame(t, ObjectType.ofName(t.name()));
        }
        assertNull(ObjectType.ofNumber(-1));
        assertNull(ObjectType.ofNumber(ObjectType.values().length));
        assertNull(ObjectType.ofName("Page"));
        for (LookupFailure f : LookupFailure.values()) {
            assertSame(f, LookupFailure.ofName(f.name()));
        }
        assertNull(LookupFailure.ofName("Missing"));
        assertEquals(CapType.Thread, ObjectType.TCB.capType());
        assertEquals(CapType.CNode, ObjectType.CNode.capType());
    }

    @Test
    void rightsLettersRoundTrip() {
        for (int r = 0; r <= Rights.ALL; r++) {
            assertEquals(r, Rights.parseLetters(Rights.toLetters(r)));
        }
        assertEquals("RWGP", Rights.toLetters(Rights.ALL));
        assertEquals("", Rights.toLetters(Rights.NONE));
        assertEquals("WP", Rights.toLetters(Rights.WRITE | Rights.GRANT_REPLY));
        assertEquals(Rights.ALL, Rights.parseLetters("PGWR"));
        assertEquals(-1, Rights.parseLetters(null));
        assertEquals(-1, Rights.parseLetters("RR"));
        assertEquals(-1, Rights.parseLetters("RX"));
        assertEquals(Rights.READ | Rights.GRANT, Rights.fromWord(0xF0 | Rights.READ | Rights.GRANT));
    }

    @Test
    void bootConfigsAndRegionsAreValues() {
        UntypedRegion r = new UntypedRegion(0x100000, 20, false);
        assertEquals("UntypedRegion[paddr=1048576, sizeBits=20, device=false]", r.toString());
        assertEquals(0x1fffffL, r.lastByte());
        assertEquals(r, new UntypedRegion(0x100000, 20, false));
        assertEquals(r.hashCode(), new UntypedRegion(0x100000, 20, false).hashCode());
        assertEquals(r, r);
        assertNotEquals(r, null);
        assertNotEquals(r, "region");
        for (UntypedRegion d : List.of(new UntypedRegion(0x200000, 20, false), new UntypedRegion(0x100000, 21, false),
                new UntypedRegion(0x100000, 20, true))) {
            assertNotEquals(r, d, d.toString());
            assertNotEquals(r.hashCode(), d.hashCode(), d.toString());
        }
        BootConfig c = BootConfig.defaults().withUntyped(List.of(r));
        assertEquals("BootConfig[rootCNodeBits=8, untyped=[" + r + "], maxIrq=31, fanoutLimit=256, slotPoolBits=18,"
                + " objectCapacity=65536]", c.toString());
        assertEquals(c, BootConfig.defaults().withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
        assertEquals(c.hashCode(), BootConfig.defaults().withUntyped(List.of(r)).hashCode());
        assertEquals(c, c);
        assertNotEquals(c, null);
        assertNotEquals(c, c.toString());
        for (BootConfig d : List.of(c.withRootCNodeBits(9).withCapacity(18, 1 << 16), c.withUntyped(List.of()),
                c.withMaxIrq(30), c.withFanoutLimit(255), c.withCapacity(17, 1 << 16), c.withCapacity(18, 1 << 15))) {
            assertNotEquals(c, d, d.toString());
            assertNotEquals(c.hashCode(), d.hashCode(), d.toString());
        }
    }
}
