package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * seL4's reduceZombie for an unexposed delete (cap_swap_for_delete): clearing CNode A meets the final
 * cap of CNode B in A[1]; B's Zombie is swapped into B[0] and the cap that was in B[0] comes to A[1],
 * where the deletion goes on with it, as that very cap (its kind, object, badge and derivation links).
 * Neighbouring slots are not touched. Invariants are checked after every step ({@link Sys}).
 */
class UnexposedDeleteTest {

    private static List<String> events(Kernel k) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k.events().size(); i++) {
            out.add(k.events().describe(i));
        }
        return out;
    }

    @Test
    void theCapSwappedOutOfTheInnerCNodesSlotZeroIsFinalisedAsItself() {
        Sys s = Sys.standard();
        s.retype(Sys.UT, ObjectType.Endpoint, 0, 30, 2); // E1 in 30, E2 in 31
        s.retype(Sys.UT, ObjectType.CNode, 2, 40, 2); // A in 40, B in 41
        long e1 = s.cap(30).paddr();
        long e2 = s.cap(31).paddr();
        long a = s.cap(40).paddr();
        long b = s.cap(41).paddr();
        // B[0]: E2 badged 5 (its only cap, so final); A[0]: a copy of E1 (not final); A[1]: B's only cap.
        assertEquals(SeL4Error.NoError, s.k.cnodeMint(41, 0, 2, Sys.ROOT, 31, Sys.D, Rights.ALL, 5));
        assertEquals(SeL4Error.NoError, s.delete(31));
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(40, 0, 2, Sys.ROOT, 30, Sys.D, Rights.ALL));
        assertEquals(SeL4Error.NoError, s.k.cnodeMove(40, 1, 2, Sys.ROOT, 41, Sys.D));
        s.assertInvariants();
        assertEquals(1, s.descendants(30));

        assertEquals(SeL4Error.NoError, s.delete(40));
        // A[1]: B's cap becomes a Zombie, swapped into B[0]; E2 comes to A[1] and, final, is destroyed
        // at its own address. A[0]'s copy of E1 is not final: nothing to report. Then A itself goes.
        assertEquals(List.of("destroyed Endpoint @0x" + Long.toHexString(e2),
                "destroyed CNode @0x" + Long.toHexString(a)), events(s.k));
        assertEquals(0, s.descendants(30), "A[0]'s copy of E1 went with A, its links intact");
        assertEquals(CapType.Endpoint, s.cap(30).type());
        assertEquals(e1, s.cap(30).paddr());

        // B survives as the cyclic Zombie in its own slot 0 until its untyped is revoked: a Zombie of a
        // radix-2 CNode, which the view describes (without allocating) as capAt does.
        KernelView v = s.k.view();
        int zombie = -1;
        for (int slot : v.occupiedSlots()) {
            if (v.typeAt(slot) == CapType.Zombie) {
                assertEquals(-1, zombie, "one Zombie");
                zombie = slot;
            }
        }
        assertEquals(new SlotAddress(b, "CNode", 0, false), v.addressOf(zombie));
        Cap z = v.capAt(zombie);
        assertEquals(b, z.paddr());
        assertEquals(2, z.radix());
        assertEquals(2, v.radixAt(zombie));
        assertEquals(2 + ObjectType.SLOT_BITS, z.sizeBits());
        assertEquals(z.sizeBits(), v.sizeBitsAt(zombie));
        assertEquals(0, v.guardSizeAt(zombie));
        assertEquals(SeL4Error.NoError, s.revoke(Sys.UT));
        assertEquals(sorted(List.of("destroyed Endpoint @0x" + Long.toHexString(e1),
                "destroyed CNode @0x" + Long.toHexString(b))), sorted(events(s.k)));
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}
