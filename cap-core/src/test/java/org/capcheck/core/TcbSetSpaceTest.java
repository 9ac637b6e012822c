package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** TCB_SetSpace's CSpace half, and a second thread invoking through its own CSpace. */
class TcbSetSpaceTest {

    @Test
    void aSecondThreadResolvesCPtrsInItsOwnCSpace() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        s.retype(16, ObjectType.CNode, 4, 31, 1);
        s.retype(16, ObjectType.Endpoint, 0, 32, 1);
        // The new CNode's slot 0: its own cap; slot 1: a copy of the endpoint.
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeCopy(31, 0, 4, 2, 31, 64, Rights.ALL)));
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeCopy(31, 1, 4, 2, 32, 64, Rights.ALL)));
        // Guard size 60 + radix 4: every depth-64 CPtr resolves in one level.
        long guard60 = 60;
        assertEquals(SeL4Error.NoError, s.done(s.k.tcbSetSpace(30, 0, 31, guard60, 31, 0)));
        int root = s.k.view().resolveSlot(2, 31, 64);
        assertEquals(2, s.k.view().descendantCount(root), "the CSpace root is a child of the CNode cap");

        int tcb = s.k.view().threadOf(s.slot(30));
        assertEquals(SeL4Error.NoError, s.k.switchThread(tcb));
        assertEquals(SeL4Error.NoError, s.done(s.k.cnodeCopy(0, 2, 64, 0, 1, 64, Rights.READ)));
        assertEquals(CapType.Endpoint, s.k.view().capAt(s.k.view().lookupCPtr(2)).type());
        assertEquals(Rights.READ, s.k.view().capAt(s.k.view().lookupCPtr(2)).rights());
        // Root-CNode CPtrs of the first thread mean nothing here: slot 16 of the new CNode is out of range.
        assertEquals(SeL4Error.InvalidCapability, s.k.cnodeDelete(16, 0, 64));
    }

    @Test
    void setSpaceChecksItsArguments() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        s.retype(16, ObjectType.Endpoint, 0, 32, 1);
        assertEquals(SeL4Error.IllegalOperation, s.done(s.k.tcbSetSpace(30, 0, 32, 0, 2, 0)), "not a CNode");
        assertEquals(SeL4Error.IllegalOperation, s.done(s.k.tcbSetSpace(30, 0, 4, 0, 2, 0)), "IRQControl");
        assertEquals(SeL4Error.RevokeFirst, s.done(s.k.tcbSetSpace(30, 0, 16, 0, 2, 0)), "untyped with children");
        assertEquals(SeL4Error.FailedLookup, s.done(s.k.tcbSetSpace(30, 0, 2, 0, 0xdead_0000_0000_0000L, 0)));
        assertEquals(SeL4Error.IllegalOperation, s.done(s.k.tcbSetSpace(32, 0, 2, 0, 2, 0)), "not a TCB");
        assertEquals(SeL4Error.TruncatedMessage,
                s.done(s.k.invoke(30, InvocationLabel.TCB_SET_SPACE, new long[] {0, 0, 0}, 3, new long[] {2}, 1)));
        assertTrue(s.cap(30).type() == CapType.Thread);
    }

    @Test
    void switchingToAnythingButALiveThreadIsRefused() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.IllegalOperation, s.k.switchThread(-1));
        assertEquals(SeL4Error.IllegalOperation, s.k.switchThread(12345));
        assertEquals(-1, s.k.view().threadOf(s.slot(2)));
    }
}
