package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * cap-core never loops, even over a corrupt state: inspecting a derivation list made cyclic on purpose
 * (DerivationTree's corruptLinks, as the invariant tests do) ends, bounded by the slot count, and finds no
 * parent where no walk reaches one.
 */
class CyclicListInspectionTest {

    /** Untyped 16 with two endpoint children, 31 and 30 (insertNewCap puts them in reverse order). */
    private static Sys twoChildren() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 2));
        return s;
    }

    /** A descendant run that cycles (30's next is 31 again): isDescendant's walk stops. */
    @Test
    void aCyclicRunOfDescendantsEnds() {
        Sys s = twoChildren();
        Kernel k = s.k;
        int first = k.mdb.next(s.slot(16));
        int second = k.mdb.next(first);
        k.mdb.corruptLinks(second, first, first); // the run 16 -> first -> second -> first -> ...
        k.mdb.corruptLinks(s.slot(50), s.slot(16), DerivationTree.NIL); // an empty slot claims 16 as its prev
        k.caps.copy(s.slot(16), s.slot(50)); // ... and holds a cap, so that it is inspected
        int parent = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> k.view().parentOf(s.slot(50)));
        assertEquals(-1, parent, "no walk from 16 reaches 50");
    }

    /** A prev chain that cycles (30 and 31 each other's prev): parentOf's walk stops. */
    @Test
    void aCyclicChainOfPredecessorsEnds() {
        Sys s = twoChildren();
        Kernel k = s.k;
        int first = k.mdb.next(s.slot(16));
        int second = k.mdb.next(first);
        k.mdb.corruptLinks(first, second, second);
        k.mdb.corruptLinks(second, first, first);
        int parent = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> k.view().parentOf(first));
        assertEquals(-1, parent, "two endpoints of different objects are not each other's parents, and 16 is out of the cycle");
    }
}
