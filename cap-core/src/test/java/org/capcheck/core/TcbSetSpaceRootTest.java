package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * TCB_SetSpace and the thread's old CSpace root: decodeSetSpace refuses with IllegalOperation when deleting
 * the old root would be long-running (slotCapLongRunningDelete: a final CNode, Thread or Zombie cap), and
 * invokeTCB_ThreadControl otherwise deletes it and installs the new root, a child of its source.
 */
class TcbSetSpaceRootTest {

    /** A second thread (root slot 30) whose CSpace root is a copy of the radix-4 CNode in slot 31. */
    private static Sys threadWithItsOwnCNode() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.TCB, 0, 30, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 4, 31, 1));
        assertEquals(SeL4Error.NoError, s.done(s.k.tcbSetSpace(30, 0, 31, 0, 31, 0)));
        assertEquals(1, s.descendants(31), "the thread's root is a child of the CNode cap");
        return s;
    }

    private static int rootSlotOf(Sys s, long tcbIndex) {
        return s.k.objects.slot(s.k.caps.object(s.slot(tcbIndex)), 0);
    }

    @Test
    void aRootThatIsNotFinalIsReplaced() {
        Sys s = threadWithItsOwnCNode();
        assertEquals(SeL4Error.NoError, s.done(s.k.tcbSetSpace(30, 0, Sys.ROOT, 0, Sys.ROOT, 0)));
        assertEquals(0, s.descendants(31), "the old root (a copy of 31) was deleted");
        Cap root = s.k.view().capAt(rootSlotOf(s, 30));
        assertEquals(CapType.CNode, root.type());
        assertEquals(s.cap(Sys.ROOT).paddr(), root.paddr(), "the new root names the root CNode");
    }

    @Test
    void aRootThatIsTheFinalCapOfItsCNodeMustBeDeletedFirst() {
        Sys s = threadWithItsOwnCNode();
        assertEquals(SeL4Error.NoError, s.delete(31));
        Cap root = s.k.view().capAt(rootSlotOf(s, 30));
        assertEquals(CapType.CNode, root.type(), "the thread's copy is now the CNode's final cap");
        byte[] before = s.k.encode();
        assertEquals(SeL4Error.IllegalOperation, s.done(s.k.tcbSetSpace(30, 0, Sys.ROOT, 0, Sys.ROOT, 0)));
        assertArrayEquals(before, s.k.encode(), "a refused invocation changes nothing");
    }

    /** Only TCB_SetSpace is modelled: any other TCB label on a Thread cap is IllegalOperation. */
    @Test
    void otherTcbInvocationsAreIllegal() {
        Sys s = threadWithItsOwnCNode();
        long[] words = {0, 0, 0, 0, 0, 0};
        long[] extra = {Sys.ROOT, Sys.ROOT};
        for (int label : new int[] {InvocationLabel.TCB_READ_REGISTERS, InvocationLabel.TCB_CONFIGURE,
                InvocationLabel.TCB_SET_SPACE - 1, InvocationLabel.TCB_SET_SPACE + 1}) {
            assertEquals(SeL4Error.IllegalOperation, s.done(s.k.invoke(30, label, words, 6, extra, 2)), "label " + label);
        }
        assertEquals(SeL4Error.NoError, s.done(s.k.invoke(30, InvocationLabel.TCB_SET_SPACE, words, 3, extra, 2)));
        assertTrue(s.k.view().capAt(rootSlotOf(s, 30)).type() == CapType.CNode);
    }
}
