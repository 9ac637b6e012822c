package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one table of operations: each entry carries libsel4's label and argument order, and invoking
 * through the table does what the libsel4 function of that name does.
 */
class OperationTableTest {

    @Test
    void labelsArgumentsAndPreemptibilityAreLibsel4s() {
        assertEquals(InvocationLabel.CNODE_COPY, Operation.CNode_Copy.label());
        assertEquals(InvocationLabel.CNODE_MINT, Operation.CNode_Mint.label());
        assertEquals(InvocationLabel.CNODE_MOVE, Operation.CNode_Move.label());
        assertEquals(InvocationLabel.CNODE_MUTATE, Operation.CNode_Mutate.label());
        assertEquals(InvocationLabel.CNODE_ROTATE, Operation.CNode_Rotate.label());
        assertEquals(InvocationLabel.CNODE_DELETE, Operation.CNode_Delete.label());
        assertEquals(InvocationLabel.CNODE_REVOKE, Operation.CNode_Revoke.label());
        assertEquals(InvocationLabel.CNODE_CANCEL_BADGED_SENDS, Operation.CNode_CancelBadgedSends.label());
        assertEquals(InvocationLabel.UNTYPED_RETYPE, Operation.Untyped_Retype.label());
        assertEquals(InvocationLabel.IRQ_ISSUE_IRQ_HANDLER, Operation.IRQControl_Get.label());
        for (Operation op : Operation.values()) {
            boolean longRunning = op == Operation.CNode_Delete || op == Operation.CNode_Revoke
                    || op == Operation.Untyped_Retype;
            assertEquals(longRunning, op.preemptible(), op.name());
            assertEquals(op.args().size(), op.arity());
            assertEquals(op.arity(), op.argNames().size());
            assertEquals("service", op.argNames().get(0));
            assertEquals(Operation.Kind.CPTR, op.args().get(0).kind());
            for (int i = 0; i < op.arity(); i++) {
                assertEquals(op.args().get(i).name(), op.argNames().get(i));
                assertEquals(i, op.indexOf(op.argNames().get(i)));
            }
            assertEquals(-1, op.indexOf("nothing"));
            assertSame(op, Operation.named(op.name()));
        }
        assertNull(Operation.named("CNode_SaveCaller"));
        assertEquals(List.of("service", "dest_index", "dest_depth", "src_root", "src_index", "src_depth", "rights", "badge"),
                Operation.CNode_Mint.argNames());
        assertEquals(List.of("service", "irq", "root", "index", "depth"), Operation.IRQControl_Get.argNames());
        assertEquals(Operation.Kind.OBJECT_TYPE, Operation.Untyped_Retype.args().get(1).kind());
    }

    @Test
    void argumentsAreValues() {
        Operation.Arg a = new Operation.Arg("badge", Operation.Kind.BADGE);
        assertEquals(a, Operation.CNode_Mint.args().get(7));
        assertEquals(a.hashCode(), Operation.CNode_Mint.args().get(7).hashCode());
        assertEquals("Arg[name=badge, kind=BADGE]", a.toString());
        assertEquals(a, a);
        assertNotEquals(a, null);
        assertNotEquals(a, "badge");
        assertNotEquals(a, new Operation.Arg("badge", Operation.Kind.INDEX));
        assertNotEquals(a, new Operation.Arg("data", Operation.Kind.BADGE));
        assertNotEquals(a.hashCode(), new Operation.Arg("data", Operation.Kind.BADGE).hashCode());
        assertNotEquals(a.hashCode(), new Operation.Arg("badge", Operation.Kind.INDEX).hashCode());
    }

    @Test
    void everyOperationThroughTheTableHasItsEffect() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.retype(16, ObjectType.Frame, 0, 32, 2);
        assertEquals(SeL4Error.NoError, Operation.CNode_Copy.invokeOnce(s.k, new long[] {2, 40, 64, 2, 30, 64, 3}));
        assertEquals(Rights.READ | Rights.WRITE, s.cap(40).rights());
        assertEquals(SeL4Error.NoError, Operation.CNode_Mint.invokeOnce(s.k, new long[] {2, 41, 64, 2, 30, 64, 15, 9}));
        assertEquals(9, s.cap(41).badge());
        assertEquals(SeL4Error.NoError, Operation.CNode_Move.invokeOnce(s.k, new long[] {2, 42, 64, 2, 41, 64}));
        assertTrue(s.cap(41).isNull());
        assertEquals(9, s.cap(42).badge());
        assertEquals(SeL4Error.NoError, Operation.CNode_Mutate.invokeOnce(s.k, new long[] {2, 43, 64, 2, 32, 64, 0}));
        assertEquals(CapType.Frame, s.cap(43).type());
        Cap pivot = s.cap(33);
        Cap src = s.cap(43);
        assertEquals(SeL4Error.NoError,
                Operation.CNode_Rotate.invokeOnce(s.k, new long[] {2, 44, 64, 2, 33, 64, 0, 2, 43, 64, 0}));
        assertEquals(pivot, s.cap(44));
        assertEquals(src, s.cap(33));
        assertTrue(s.cap(43).isNull());
        assertEquals(SeL4Error.NoError, Operation.CNode_CancelBadgedSends.invokeOnce(s.k, new long[] {2, 42, 64}));
        assertEquals(SeL4Error.IllegalOperation,
                Operation.CNode_CancelBadgedSends.invokeOnce(s.k, new long[] {2, 40, 64}));
        assertEquals(SeL4Error.NoError, Operation.CNode_Delete.invokeOnce(s.k, new long[] {2, 44, 64}));
        assertTrue(s.cap(44).isNull());
        assertEquals(SeL4Error.NoError, Operation.CNode_Revoke.invokeOnce(s.k, new long[] {2, 30, 64}));
        assertTrue(s.cap(40).isNull());
        assertTrue(s.cap(42).isNull());
        assertEquals(SeL4Error.NoError, Operation.Untyped_Retype.invokeOnce(s.k,
                new long[] {16, ObjectType.Notification.number(), 0, 2, 0, 0, 50, 2}));
        assertEquals(CapType.Notification, s.cap(50).type());
        assertEquals(CapType.Notification, s.cap(51).type());
        assertEquals(SeL4Error.NoError, Operation.IRQControl_Get.invokeOnce(s.k, new long[] {4, 7, 2, 60, 64}));
        assertEquals(7, s.cap(60).irq());
        s.assertInvariants();
    }

    @Test
    void tooFewArgumentsAreInvalidAndChangeNothing() {
        Sys s = Sys.standard();
        byte[] before = s.k.encode();
        for (Operation op : Operation.values()) {
            assertEquals(SeL4Error.InvalidArgument, op.invokeOnce(s.k, new long[op.arity() - 1]), op.name());
            assertEquals(0, s.err().invalidArgument());
        }
        assertArrayEquals(before, s.k.encode());
        // Extra words beyond the arity are ignored.
        long[] longer = {2, 40, 64, 2, 2, 64, 15, 99};
        assertEquals(SeL4Error.NoError, Operation.CNode_Copy.invokeOnce(s.k, longer));
        assertEquals(CapType.CNode, s.cap(40).type());
    }

    @Test
    void invokeRestartsAPreemptedOperationUntilItIsDone() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 8);
        s.k.setWorkBudget(1);
        assertEquals(SeL4Error.NoError, Operation.CNode_Revoke.invokeOnce(s.k, new long[] {2, 16, 64}));
        assertTrue(s.k.wasPreempted());
        assertEquals(SeL4Error.NoError, Operation.CNode_Revoke.invoke(s.k, new long[] {2, 16, 64}));
        assertFalse(s.k.wasPreempted());
        for (int i = 30; i < 38; i++) {
            assertTrue(s.cap(i).isNull());
        }
        assertEquals(Set.of(), Set.copyOf(s.k.checkInvariants()));
    }
}
