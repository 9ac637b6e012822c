package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * seL4's GuardMismatch lookup fault carries the bits left, the guard size and the guard the CNode cap
 * holds (seL4_GuardMismatch_BitsLeft, _GuardSize, _GuardFound): a CNode invocation whose walk fails on a
 * guard reports all three through {@link SyscallError}.
 */
class LookupFaultDetailsTest {
    @Test
    void aGuardMismatchReportsTheGuardItFound() {
        Sys s = Sys.standard();
        s.retype(Sys.UT, ObjectType.CNode, 4, 40, 1);
        s.retype(Sys.UT, ObjectType.Endpoint, 0, 43, 1);
        // Root slot 41: CNode X (radix 4) with guard 0b1010 of size 4, so X's slots take 8 bits 1010 iiii.
        assertEquals(SeL4Error.NoError, s.mutate(41, 40, (0b1010L << 6) | 4));
        assertEquals(SeL4Error.FailedLookup, s.done(s.k.cnodeCopy(41, 0b1011_0011, 8, Sys.ROOT, 43, Sys.D,
                Rights.ALL)));
        SyscallError e = s.err();
        assertEquals(LookupFailure.GuardMismatch, e.lookupFailure());
        assertEquals(8, e.bitsLeft());
        assertEquals(4, e.bitsFound());
        assertEquals(0b1010, e.guardFound());
    }
}
