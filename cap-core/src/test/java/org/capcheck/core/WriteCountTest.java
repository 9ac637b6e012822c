package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Kernel#modifications()} is documented as a count that grows with every write to the encoded
 * state: so it only ever goes up, and an invocation that writes caps and derivation links only (no
 * object created or destroyed, no IRQ or thread changed) makes it larger.
 */
class WriteCountTest {

    private static long grows(Sys s, long before, String what) {
        long after = s.k.modifications();
        assertTrue(after > before, what + ": " + before + " -> " + after);
        return after;
    }

    @Test
    void capAndLinkWritesMakeTheCountGrow() {
        Sys s = Sys.standard();
        s.retype(Sys.UT, ObjectType.Endpoint, 0, 30, 1);
        s.retype(Sys.UT, ObjectType.CNode, 2, 40, 2);
        long n = s.k.modifications();
        assertEquals(SeL4Error.NoError, s.copy(31, 30, "RW"));
        n = grows(s, n, "Copy");
        assertEquals(SeL4Error.NoError, s.mint(32, 30, "R", 9));
        n = grows(s, n, "Mint");
        assertEquals(SeL4Error.NoError, s.move(33, 31));
        n = grows(s, n, "Move");
        // CNode caps, whose cap data (a guard) Mutate and Rotate may set; an Endpoint's they may not.
        assertEquals(SeL4Error.NoError, s.mutate(42, 40, 0));
        n = grows(s, n, "Mutate");
        assertEquals(SeL4Error.NoError, s.rotate(43, 42, 0, 41, 0));
        n = grows(s, n, "Rotate");
        assertEquals(SeL4Error.NoError, s.delete(33));
        grows(s, n, "Delete of a cap that is not final");
    }
}
