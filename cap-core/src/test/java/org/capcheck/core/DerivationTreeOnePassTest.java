package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelView#derivationTree}, the whole derivation tree in one pass, gives what
 * {@link KernelView#derivationOrder()} and {@link KernelView#parentOf} give slot by slot: after every
 * step of random invocation sequences (badged mints, retypes, revokes, preempted deletes), on the correct
 * kernel and with each seeded fault; and it refuses a list that is not well formed rather than answer
 * from it.
 */
class DerivationTreeOnePassTest {

    /** The occupied slots, as {@link KernelView#occupiedSlots(int[])} writes them. */
    private static int[] occupied(KernelView v) {
        int[] all = new int[1 << 10];
        int n = v.occupiedSlots(all);
        return java.util.Arrays.copyOf(all, n);
    }

    /** Asserts that the one pass agrees with the slot-by-slot answers; false if it refused the list. */
    private static boolean agreesSlotBySlot(Kernel k, String where) {
        KernelView v = k.view();
        int[] occupied = occupied(v);
        int n = occupied.length;
        int[] order = new int[n];
        int[] parents = new int[n];
        if (!v.derivationTree(occupied, n, order, parents)) {
            return false;
        }
        List<Integer> expectedOrder = v.derivationOrder();
        assertEquals(expectedOrder.size(), n, where);
        for (int j = 0; j < n; j++) {
            assertEquals((int) expectedOrder.get(j), order[j], where + ": list position " + j);
            assertEquals(v.parentOf(order[j]), parents[j], where + ": parent of slot " + order[j]);
        }
        return true;
    }

    @Test
    void agreesWithParentOfAfterEveryRandomStep() {
        long[] a = new long[16];
        int withParents = 0;
        for (int faults : IncrementalInvariantsTest.FAULTS) {
            for (int seed = 0; seed < 40; seed++) {
                Random r = new Random(seed * 31L + faults);
                Kernel k = IncrementalInvariantsTest.small(faults);
                for (int step = 0; step < 150; step++) {
                    IncrementalInvariantsTest.step(k, r, a);
                    String where = "faults " + faults + ", seed " + seed + ", step " + step;
                    boolean wellFormed = k.checkInvariants().stream().noneMatch(f -> f.startsWith(Invariants.VALID_DLIST)
                            || f.startsWith(Invariants.MDB_CTE_AT) || f.startsWith(Invariants.NO_MLOOP));
                    if (agreesSlotBySlot(k, where)) {
                        for (int s : occupied(k.view())) {
                            withParents += k.view().parentOf(s) >= 0 ? 1 : 0;
                        }
                    } else {
                        assertFalse(wellFormed, where + ": a well-formed list was refused");
                    }
                }
            }
        }
        assertTrue(withParents > 10_000, "the sequences built derivation trees: " + withParents);
    }

    @Test
    void badgedSiblingsAndNestedChildrenGetTheirParents() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 1));
        // 31 and 32: two mints of badge 5 (siblings, children of 30); 33 a copy of 31 (its child).
        assertEquals(SeL4Error.NoError, s.k.cnodeMint(Sys.ROOT, 31, Sys.D, Sys.ROOT, 30, Sys.D, Rights.ALL, 5));
        assertEquals(SeL4Error.NoError, s.k.cnodeMint(Sys.ROOT, 32, Sys.D, Sys.ROOT, 30, Sys.D, Rights.ALL, 5));
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(Sys.ROOT, 33, Sys.D, Sys.ROOT, 31, Sys.D, Rights.ALL));
        s.assertInvariants();
        assertTrue(agreesSlotBySlot(s.k, "badged"));
        KernelView v = s.k.view();
        assertEquals(s.slot(30), v.parentOf(s.slot(31)));
        assertEquals(s.slot(30), v.parentOf(s.slot(32)));
        assertEquals(s.slot(31), v.parentOf(s.slot(33)));
        assertEquals(s.slot(16), v.parentOf(s.slot(30)));
    }

    @Test
    void aListThatIsNotWellFormedIsRefused() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 1));
        assertEquals(SeL4Error.NoError, s.k.cnodeCopy(Sys.ROOT, 31, Sys.D, Sys.ROOT, 30, Sys.D, Rights.ALL));
        Kernel k = s.k;
        KernelView v = k.view();
        int[] occupied = occupied(v);
        int n = occupied.length;
        assertTrue(v.derivationTree(occupied, n, new int[n], new int[n]));
        int first = s.slot(30);
        int second = s.slot(31);
        int next = k.mdb.next(second);
        // A successor that does not link back: 31's next names 30, whose prev is 16.
        k.mdb.corruptLinks(second, first, first);
        assertFalse(v.derivationTree(occupied, n, new int[n], new int[n]));
        // A link into an empty slot.
        k.mdb.corruptLinks(second, first, s.slot(50));
        assertFalse(v.derivationTree(occupied, n, new int[n], new int[n]));
        // A chain that loses its head: 30's prev names 31 and 31's next names 30 (a cycle no head reaches).
        k.mdb.corruptLinks(second, first, next);
        int[] order = new int[n];
        int[] parents = new int[n];
        assertTrue(v.derivationTree(occupied, n, order, parents), "restored");
        k.mdb.corruptLinks(first, second, second);
        k.mdb.corruptLinks(second, first, first);
        assertFalse(v.derivationTree(occupied, n, new int[n], new int[n]));
    }
}
