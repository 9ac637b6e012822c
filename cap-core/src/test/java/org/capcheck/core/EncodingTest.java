package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical encoding and the deep copy. */
class EncodingTest {

    private static Sys twoUntyped() {
        return Sys.with(BootConfig.defaults().withUntyped(List.of(
                new UntypedRegion(0x100000, 20, false), new UntypedRegion(0x200000, 20, false))));
    }

    @Test
    void equalStatesReachedByDifferentHistoriesEncodeEqually() {
        Sys a = twoUntyped();
        a.retype(16, ObjectType.CNode, 2, 30, 1);
        a.retype(17, ObjectType.TCB, 0, 35, 1);
        a.delete(35);

        Sys b = twoUntyped();
        b.retype(17, ObjectType.TCB, 0, 35, 1);
        b.retype(16, ObjectType.CNode, 2, 30, 1);
        b.delete(35);

        // The CNode got different internal object and slot numbers in a and b.
        assertNotEquals(a.k.caps.object(a.slot(30)), b.k.caps.object(b.slot(30)));
        assertArrayEquals(a.k.encode(), b.k.encode());
    }

    @Test
    void differentStatesEncodeDifferently() {
        Sys a = twoUntyped();
        Sys b = twoUntyped();
        a.retype(16, ObjectType.Endpoint, 0, 30, 1);
        b.retype(16, ObjectType.Endpoint, 0, 31, 1);
        assertFalse(Arrays.equals(a.k.encode(), b.k.encode()));
        Sys c = twoUntyped();
        c.retype(16, ObjectType.Endpoint, 0, 30, 1);
        c.mint(40, 30, "RW", 1);
        Sys d = twoUntyped();
        d.retype(16, ObjectType.Endpoint, 0, 30, 1);
        d.mint(40, 30, "RW", 2);
        assertFalse(Arrays.equals(c.k.encode(), d.k.encode()), "badges differ");
    }

    @Test
    void badgesThatDifferOnlyAboveBit31EncodeDifferentlyAndLoadBack() {
        // A badge is a whole machine word (seL4_BadgeBits is 64 on x86-64): the encoding must keep its
        // high half, or two states that differ only there would be one state to a model checker.
        long low = 0x1234L;
        long high = (0xABCDL << 32) | low;
        Sys c = twoUntyped();
        c.retype(16, ObjectType.Endpoint, 0, 30, 1);
        assertEquals(SeL4Error.NoError, c.mint(40, 30, "RW", low));
        Sys d = twoUntyped();
        d.retype(16, ObjectType.Endpoint, 0, 30, 1);
        assertEquals(SeL4Error.NoError, d.mint(40, 30, "RW", high));
        assertEquals(high, d.cap(40).badge());
        assertFalse(Arrays.equals(c.k.encode(), d.k.encode()), "badges differ above bit 31");
        Kernel loaded = twoUntyped().k;
        assertEquals(true, loaded.load(d.k.encode()));
        assertEquals(high, loaded.view().capAt(loaded.view().rootSlot(40)).badge());
        assertArrayEquals(d.k.encode(), loaded.encode());
    }

    @Test
    void aCopyIsEqualAndIndependent() {
        Sys a = Sys.standard();
        a.retype(16, ObjectType.Endpoint, 0, 30, 1);
        Kernel copy = a.k.copy();
        assertArrayEquals(a.k.encode(), copy.encode());
        assertEquals(SeL4Error.NoError, copy.cnodeCopy(2, 40, 64, 2, 30, 64, Rights.ALL));
        assertEquals(CapType.Null, a.cap(40).type());
        assertEquals(1, copy.view().descendantCount(a.slot(30)));
        assertEquals(0, a.descendants(30));
        assertEquals(List.of(), copy.checkInvariants());
    }

    @Test
    void theSameInvocationsGiveTheSameBytes() {
        byte[][] runs = new byte[2][];
        for (int r = 0; r < 2; r++) {
            Sys s = Sys.standard();
            s.retype(16, ObjectType.CNode, 3, 30, 2);
            s.retype(16, ObjectType.Endpoint, 0, 32, 3);
            s.mint(40, 32, "RW", 9);
            s.delete(30);
            s.revoke(32);
            runs[r] = s.k.encode();
        }
        assertArrayEquals(runs[0], runs[1]);
    }
}
