package org.capcheck.spec.refine;

import static org.capcheck.core.SeL4Error.DeleteFirst;
import static org.capcheck.core.SeL4Error.FailedLookup;
import static org.capcheck.core.SeL4Error.IllegalOperation;
import static org.capcheck.core.SeL4Error.InvalidArgument;
import static org.capcheck.core.SeL4Error.InvalidCapability;
import static org.capcheck.core.SeL4Error.NoError;
import static org.capcheck.core.SeL4Error.NotEnoughMemory;
import static org.capcheck.core.SeL4Error.RangeError;
import static org.capcheck.core.SeL4Error.RevokeFirst;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capcheck.core.CapType;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Refinement on hand-made scenarios: every invocation and its error paths. Each step is checked by
 * {@link Scenario#run}; the test also states the result seL4 gives, so that a scenario that no
 * longer reaches its case is noticed.
 */
class ScenarioRefinementTest {
    private static final int EP = ObjectType.Endpoint.number();
    private static final int NTFN = ObjectType.Notification.number();
    private static final int CNODE = ObjectType.CNode.number();
    private static final int TCB = ObjectType.TCB.number();
    private static final int UNTYPED = ObjectType.Untyped.number();
    private static final int FRAME = ObjectType.Frame.number();

    private Scenario s = Scenario.correct();

    @AfterEach
    void refinementHeld() {
        assertNull(s.failure, s.failure);
    }

    private SpecState state() {
        return Abstraction.of(s.kernel);
    }

    private Slot root(long i) {
        return new Slot(org.capcheck.spec.CapSpec.rootCNodeAddress(Scenario.CONFIG), i);
    }

    @Test
    void boot() {
        assertNull(s.checker.checkBoot(s.kernel));
    }

    @Test
    void copyMintAndBadges() {
        assertEquals(NoError, s.retype(Scenario.UT, EP, 0, 20, 1));
        assertEquals(NoError, s.copy(21, 20, Rights.READ | Rights.WRITE)); // child of the original
        assertEquals(NoError, s.copy(22, 21, Rights.ALL));                 // copy of a copy: sibling
        assertEquals(NoError, s.mint(23, 20, Rights.ALL, 7));              // badged original, child of 20
        assertEquals(NoError, s.mint(24, 20, Rights.ALL, 7));              // same badge again: sibling of 23
        assertEquals(NoError, s.copy(25, 23, Rights.ALL));                 // child of the badged original
        assertEquals(NoError, s.mint(26, 20, Rights.ALL, 0));              // badge 0: as Copy
        assertEquals(IllegalOperation, s.mint(27, 23, Rights.ALL, 9));     // re-badging fails
        assertEquals(DeleteFirst, s.copy(21, 20, Rights.ALL));
        assertEquals(FailedLookup, s.copy(27, 30, Rights.ALL));            // empty source
        assertEquals(RangeError, s.run(Invocation.cnodeCopy(2, 27, 0, 2, 20, 64, Rights.ALL)));
        assertEquals(RangeError, s.run(Invocation.cnodeCopy(2, 27, 64, 2, 20, 65, Rights.ALL)));
        assertEquals(FailedLookup, s.run(Invocation.cnodeCopy(2, 27, 63, 2, 20, 64, Rights.ALL))); // guard
        assertEquals(FailedLookup, s.run(Invocation.cnodeCopy(2, 27, 64, 20, 20, 64, Rights.ALL))); // root not a CNode
        assertEquals(FailedLookup, s.run(Invocation.cnodeCopy(2, 27, 64, 0xdead, 20, 64, Rights.ALL))); // extra cap
        assertEquals(InvalidCapability, s.run(Invocation.cnodeCopy(30, 27, 64, 2, 20, 64, Rights.ALL)));
        assertEquals(InvalidCapability, s.run(Invocation.cnodeCopy(1L << 62, 27, 64, 2, 20, 64, Rights.ALL)));
        assertEquals(IllegalOperation, s.run(Invocation.cnodeCopy(20, 27, 64, 2, 20, 64, Rights.ALL)));
        assertEquals(IllegalOperation, s.copy(27, Scenario.IRQ_CONTROL, Rights.ALL)); // derive_cap: null
        assertEquals(NoError, s.retype(Scenario.UT, NTFN, 0, 28, 1));
        assertEquals(NoError, s.mint(29, 28, Rights.ALL, 3));
        assertEquals(NoError, s.copy(30, 1, Rights.ALL));                  // a TCB cap copy
        assertEquals(NoError, s.retype(Scenario.UT, FRAME, 0, 31, 1));
        assertEquals(NoError, s.copy(32, 31, Rights.READ));                // read-only frame
        assertEquals(NoError, s.copy(33, 32, Rights.WRITE));               // no rights left
        assertEquals(NoError, s.cancelBadgedSends(23));
        assertEquals(IllegalOperation, s.cancelBadgedSends(21));           // not all rights
        assertEquals(IllegalOperation, s.cancelBadgedSends(40));           // empty
        SpecState st = state();
        assertEquals(root(20), st.parent(root(21)));
        assertEquals(root(20), st.parent(root(22)));
        assertEquals(root(20), st.parent(root(23)));
        assertEquals(root(20), st.parent(root(24)));
        assertEquals(root(23), st.parent(root(25)));
        assertTrue(st.isOriginal(root(23)) && st.isOriginal(root(24)) && !st.isOriginal(root(25)));
    }

    @Test
    void untypedCopyMarksSourceFull() {
        assertEquals(NoError, s.copy(20, Scenario.UT, Rights.ALL));
        assertEquals(1L << 16, state().cap(root(Scenario.UT)).freeIndex());
        assertEquals(NotEnoughMemory, s.retype(Scenario.UT, EP, 0, 21, 1)); // has a child: no reset, full
        assertEquals(NoError, s.retype(20, EP, 0, 21, 1));
        assertEquals(RevokeFirst, s.copy(22, 20, Rights.ALL));             // untyped with children
    }

    @Test
    void moveMutateRotate() {
        assertEquals(NoError, s.retype(Scenario.UT, EP, 0, 20, 1));
        assertEquals(NoError, s.copy(21, 20, Rights.ALL));
        assertEquals(NoError, s.mint(22, 20, Rights.ALL, 5));
        assertEquals(NoError, s.move(30, 20));                              // children follow
        assertEquals(root(30), state().parent(root(21)));
        assertEquals(DeleteFirst, s.move(30, 30));
        assertEquals(IllegalOperation, s.mutate(31, 21, 0));                // EP caps: never mutate
        assertEquals(NoError, s.copy(23, 2, Rights.ALL));                   // a CNode cap copy
        assertEquals(NoError, s.mutate(24, 23, 58));                        // guard size 58: same addressing
        assertEquals(IllegalOperation, s.mutate(25, 24, 59));               // guard + radix > 64
        assertEquals(NoError, s.move(25, Scenario.UT));                     // untyped moves with its children
        assertEquals(IllegalOperation, s.rotate(40, 30, 0, 25, 0));         // EP caps never rotate
        assertEquals(NoError, s.rotate(40, 24, 58, 25, 0));                 // pivot 24 -> 40, src 25 -> 24
        assertEquals(IllegalOperation, s.rotate(41, 24, 0, 24, 0));         // pivot = src
        assertEquals(DeleteFirst, s.rotate(21, 24, 58, 40, 58));            // dest occupied
        assertEquals(NoError, s.rotate(40, 24, 0, 40, 58));                 // dest = src: swap
        assertEquals(FailedLookup, s.rotate(41, 50, 0, 40, 58));            // empty pivot
        assertEquals(FailedLookup, s.rotate(41, 24, 0, 50, 0));             // empty source
        assertEquals(IllegalOperation, s.rotate(41, 22, 0, 24, 0));         // badged EP pivot
        assertEquals(RangeError, s.run(Invocation.cnodeRotate(2, 41, 64, 2, 24, 0, 0, 2, 40, 64, 58)));
    }

    @Test
    void deleteReparentsAndRevokeDeletesAllDescendants() {
        assertEquals(NoError, s.retype(Scenario.UT, EP, 0, 20, 1));
        assertEquals(NoError, s.mint(21, 20, Rights.ALL, 5));
        assertEquals(NoError, s.mint(22, 20, Rights.ALL, 5));
        assertEquals(NoError, s.copy(23, 21, Rights.ALL));
        assertEquals(NoError, s.copy(24, 21, Rights.ALL));
        assertEquals(NoError, s.delete(21));                                // 23, 24 move up to 20
        assertEquals(root(20), state().parent(root(23)));
        assertEquals(NoError, s.delete(21));                                // empty: nothing
        assertEquals(NoError, s.copy(25, 22, Rights.ALL));
        assertEquals(NoError, s.revoke(20));
        assertEquals(1, state().caps().keySet().stream().filter(x -> x.index() >= 20 && x.index() < 30).count());
        assertEquals(NoError, s.revoke(Scenario.UT));
        assertTrue(state().isNull(root(20)));
        assertEquals(FailedLookup, s.run(Invocation.cnodeDelete(2, 20, 63)));
        assertEquals(RangeError, s.run(Invocation.cnodeRevoke(2, 20, 0)));
        assertEquals(IllegalOperation, s.run(Invocation.cnodeDelete(Scenario.UT, 20, 64)));
    }

    @Test
    void threeLevelChainRevoked() {
        assertEquals(NoError, s.copy(20, Scenario.UT, Rights.ALL));         // untyped child
        assertEquals(NoError, s.retype(20, UNTYPED, 12, 21, 2));            // grandchildren
        assertEquals(NoError, s.retype(21, EP, 0, 23, 2));                  // great-grandchildren
        assertEquals(NoError, s.copy(25, 23, Rights.ALL));
        assertEquals(NoError, s.revoke(Scenario.UT));
        assertTrue(state().descendants(root(Scenario.UT)).isEmpty());
    }

    @Test
    void cnodeWithContentsIsClearedOnDelete() {
        assertEquals(NoError, s.retype(Scenario.UT, CNODE, 3, 20, 1));      // CNode of 8 slots in 20
        assertEquals(NoError, s.retype(Scenario.UT, EP, 0, 21, 1));
        // Put caps inside the new CNode: invoke it (radix 3, guard 0) with depth 3.
        assertEquals(NoError, s.run(Invocation.cnodeCopy(20, 5, 3, 2, 21, 64, Rights.ALL)));
        assertEquals(NoError, s.run(Invocation.cnodeCopy(20, 6, 3, 2, 1, 64, Rights.ALL)));
        assertEquals(NoError, s.run(Invocation.cnodeMove(20, 7, 3, 2, 21, 64)));  // the EP's original inside
        assertEquals(NoError, s.run(Invocation.irqControlGet(4, 3, 20, 0, 3)));
        assertEquals(NoError, s.delete(20));                                // final: zombie clears 7..0
        SpecState st = state();
        assertTrue(st.activeIrqs().isEmpty());
        assertEquals(5, st.caps().keySet().stream().filter(x -> x.object() == root(0).object()).count());
    }

    @Test
    void nestedCNodesCyclicZombie() {
        assertEquals(NoError, s.retype(Scenario.UT, CNODE, 2, 20, 2));      // CNodes A (root 20), B (root 21)
        assertEquals(NoError, s.retype(Scenario.UT, EP, 0, 22, 1));
        assertEquals(NoError, s.run(Invocation.cnodeCopy(21, 0, 2, 2, 22, 64, Rights.ALL)));   // B[0]
        assertEquals(NoError, s.run(Invocation.cnodeCopy(21, 2, 2, 2, 22, 64, Rights.ALL)));   // B[2]
        assertEquals(NoError, s.run(Invocation.cnodeMove(20, 1, 2, 2, 21, 64)));  // B's only cap into A[1]
        assertEquals(NoError, s.delete(20));      // A final: clearing A[1] finalises B, whose Zombie goes to B[0]
        SpecState st = state();
        assertTrue(st.caps().values().stream().anyMatch(c -> c.type() == CapType.Zombie), st.toString());
        assertEquals(NoError, s.revoke(Scenario.UT));                       // the Zombie descends from the untyped
        assertFalse(state().caps().values().stream().anyMatch(c -> c.type() == CapType.Zombie));
    }

    @Test
    void cnodeCycleUnreachableFromTheRootIsRevoked() {
        assertEquals(NoError, s.retype(Scenario.UT, CNODE, 2, 20, 2));      // A (20), B (21)
        assertEquals(NoError, s.retype(Scenario.UT, EP, 0, 22, 1));
        assertEquals(NoError, s.run(Invocation.cnodeCopy(21, 2, 2, 2, 22, 64, Rights.ALL)));
        assertEquals(NoError, s.run(Invocation.cnodeMove(20, 1, 2, 2, 21, 64)));   // B's cap into A[1]
        assertEquals(NoError, s.run(Invocation.cnodeMove(20, 5, 4, 2, 20, 64)));   // A's cap into B[1], via A[1]
        assertEquals(NoError, s.run(Invocation.irqControlGet(4, 2, 2, 23, 64)));
        assertEquals(NoError, s.copy(24, 23, Rights.ALL));
        assertEquals(NoError, s.revoke(Scenario.UT));
        assertTrue(state().descendants(root(Scenario.UT)).isEmpty());
    }

    @Test
    void tcbDeletionEndsTheThread() {
        assertEquals(NoError, s.retype(Scenario.UT, TCB, 0, 20, 1));
        assertEquals(NoError, s.delete(20));                                // another TCB: final, destroyed
        assertEquals(NoError, s.copy(21, 1, Rights.ALL));
        assertEquals(NoError, s.delete(1));                                 // not final: a copy remains
        assertTrue(s.kernel.canInvoke());
        assertEquals(NoError, s.delete(21));                                // the boot thread's last cap
        assertFalse(s.kernel.canInvoke());
        assertEquals(IllegalOperation, s.delete(22));
        assertEquals(SpecState.NO_THREAD, state().currentThread());
    }

    @Test
    void revokingTheRootCNodeCapDisconnectsTheCSpace() {
        assertEquals(NoError, s.revoke(2));                                 // deletes the TCB's CSpace root
        assertEquals(InvalidCapability, s.copy(20, 16, Rights.ALL));
    }

    @Test
    void retypeWithResetAndItsErrors() {
        assertEquals(NoError, s.retype(Scenario.UT, EP, 0, 20, 3));
        assertEquals(48, state().cap(root(Scenario.UT)).freeIndex());
        assertEquals(NoError, s.retype(Scenario.UT, CNODE, 4, 23, 1));     // aligned up past the EPs
        assertEquals(NoError, s.revoke(Scenario.UT));
        assertEquals(NoError, s.retype(Scenario.UT, NTFN, 0, 20, 1));      // reset: back at the base
        assertEquals(0x100000, state().cap(root(20)).paddr());
        assertEquals(DeleteFirst, s.retype(Scenario.UT, EP, 0, 20, 1));
        assertEquals(InvalidArgument, s.retype(Scenario.UT, 9, 0, 30, 1));
        assertEquals(RangeError, s.retype(Scenario.UT, UNTYPED, 48, 30, 1));
        assertEquals(RangeError, s.retype(Scenario.UT, EP, 64, 30, 1));
        assertEquals(InvalidArgument, s.retype(Scenario.UT, CNODE, 0, 30, 1));
        assertEquals(InvalidArgument, s.retype(Scenario.UT, UNTYPED, 3, 30, 1));
        assertEquals(RangeError, s.retype(Scenario.UT, EP, 0, 64, 1));      // offset past the CNode
        assertEquals(RangeError, s.retype(Scenario.UT, EP, 0, 30, 0));
        assertEquals(RangeError, s.retype(Scenario.UT, EP, 0, 62, 3));      // window past the end
        assertEquals(NotEnoughMemory, s.retype(Scenario.UT, UNTYPED, 17, 30, 1));
        assertEquals(FailedLookup, s.run(Invocation.untypedRetype(Scenario.UT, EP, 0, 2, 1, 64, 0, 1))); // not a CNode
        assertEquals(FailedLookup, s.run(Invocation.untypedRetype(Scenario.UT, EP, 0, 1, 0, 0, 0, 1)));  // root not a CNode
        assertEquals(NoError, s.run(Invocation.untypedRetype(Scenario.UT, EP, 0, 2, 2, 64, 30, 1)));    // via depth 64
        assertEquals(IllegalOperation, s.retype(2, EP, 0, 31, 1));
        // device memory: frames and untyped only
        assertEquals(InvalidArgument, s.retype(Scenario.DEV, EP, 0, 31, 1));
        assertEquals(NoError, s.retype(Scenario.DEV, UNTYPED, 8, 32, 2));
        assertEquals(NotEnoughMemory, s.retype(Scenario.DEV, FRAME, 0, 31, 1));
        assertEquals(NoError, s.delete(32));
        assertEquals(NoError, s.delete(33));
        assertEquals(NoError, s.retype(Scenario.DEV, FRAME, 0, 31, 1));     // device reset
        assertEquals(NoError, s.delete(31));
        assertEquals(NoError, s.retype(Scenario.DEV, FRAME, 0, 31, 1));
    }

    @Test
    void irqControl() {
        assertEquals(NoError, s.irqGet(3, 20));
        assertEquals(RevokeFirst, s.irqGet(3, 21));
        assertEquals(RangeError, s.irqGet(8, 21));
        assertEquals(DeleteFirst, s.irqGet(4, 20));
        assertEquals(FailedLookup, s.run(Invocation.irqControlGet(4, 4, 2, 21, 63)));
        assertEquals(IllegalOperation, s.run(Invocation.irqControlGet(2, 4, 2, 21, 64)));
        assertEquals(NoError, s.copy(21, 20, Rights.ALL));                  // handler copy: not final
        assertEquals(NoError, s.delete(20));
        assertTrue(state().activeIrqs().contains(3));
        assertEquals(NoError, s.delete(21));                                // final: IRQ inactive
        assertTrue(state().activeIrqs().isEmpty());
        assertEquals(NoError, s.irqGet(3, 20));
        assertEquals(NoError, s.revoke(Scenario.IRQ_CONTROL));
        assertTrue(state().activeIrqs().isEmpty());
    }
}
