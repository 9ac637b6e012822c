package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What {@link Kernel}'s whole-state operations leave behind, as their contracts say: a load clears the
 * event queue and lists the loaded caps for the next incremental check; copyState's scratch slots are
 * empty; copyFrom a second source copies that source's objects. And the entry points' own details: an
 * extra cap whose lookup fails is FailedLookup with InvalidRoot (captrace's departure), SaveCaller checks
 * only its destination, config() is the configuration booted.
 */
class KernelLeftoversTest {

    private static BootConfig config() {
        return BootConfig.defaults().withRootCNodeBits(6).withCapacity(8, 16)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false)));
    }

    @Test
    void configIsTheConfigurationBooted() {
        BootConfig c = config();
        assertSame(c, Kernel.boot(c).config());
        assertEquals(c, Kernel.boot(c).copy().config());
    }

    @Test
    void aLoadLeavesNoEvents() {
        Sys s = Sys.with(config());
        byte[] boot = s.k.encode();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 4));
        assertEquals(4, s.k.events().size(), "the retype's OBJECT_CREATED events");
        assertTrue(s.k.load(boot));
        assertEquals(0, s.k.events().size(), "the event queue is cleared");
    }

    /**
     * After a load into a kernel that checks incrementally, the change log lists exactly the loaded
     * state's occupied slots (what an incremental check walks), not the ones before the load.
     */
    @Test
    void aLoadListsTheLoadedCapsForIncrementalChecks() {
        Sys small = Sys.with(config());
        byte[] boot = small.k.encode();
        Sys s = Sys.with(config());
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.CNode, 2, 30, 1));
        for (int i = 31; i < 40; i++) {
            assertEquals(SeL4Error.NoError, s.copy(i, 30, "RW"));
        }
        assertEquals(List.of(), s.k.checkInvariantsIncrementally());
        assertTrue(s.k.load(boot));
        assertEquals(List.of(), s.k.checkInvariantsIncrementally());
        ChangeLog log = s.k.caps.log;
        Set<Integer> listed = new TreeSet<>();
        for (int i = 0; i < log.usedCount; i++) {
            assertTrue(listed.add(log.used[i]), "slot " + log.used[i] + " listed twice");
        }
        Set<Integer> occupied = new TreeSet<>();
        for (int slot = 0; slot < s.k.scratchBase; slot++) {
            if (!s.k.caps.isNull(slot)) {
                occupied.add(slot);
            }
        }
        assertEquals(occupied, listed, "the occupied slots of the loaded state");
        // And incremental checks after the load keep agreeing with full ones.
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 1));
        assertEquals(s.k.checkInvariants(), s.k.checkInvariantsIncrementally());
    }

    /**
     * copyState's scratch slots are empty (where invocations build caps), so two kernels in one state, one
     * of which built an IRQ handler cap in scratch space and deleted it again, have equal state copies.
     */
    @Test
    void stateCopiesHaveEmptyScratchSlots() {
        Sys a = Sys.with(config());
        Sys b = Sys.with(config());
        assertEquals(SeL4Error.NoError, a.irqGet(3, 30));
        assertEquals(SeL4Error.NoError, a.delete(30));
        assertTrue(a.k.sameStateAs(b.k));
        Kernel ca = a.k.copyState();
        for (int i = ca.scratchBase; i < ca.caps.size(); i++) {
            assertTrue(ca.caps.isNull(i), "scratch slot " + i);
        }
        Kernel cb = b.k.copyState();
        assertTrue(ca.caps.sameAs(cb.caps, ca.caps.size()), "every slot, scratch slots included");
    }

    /** A kernel copied into from one source, then from another with other objects, is the second's copy. */
    @Test
    void copyingFromASecondSourceCopiesItsObjects() {
        Sys first = Sys.with(config());
        Sys second = Sys.with(config());
        assertEquals(SeL4Error.NoError, second.retype(16, ObjectType.CNode, 2, 30, 1));
        assertEquals(SeL4Error.NoError, second.retype(16, ObjectType.TCB, 0, 31, 1));
        Kernel into = Kernel.boot(config());
        assertTrue(into.copyFrom(first.k));
        assertTrue(into.copyFrom(second.k));
        assertTrue(into.objects.sameAs(second.k.objects), "the second source's objects");
        assertArrayEquals(second.k.encode(), into.encode());
        assertEquals(List.of(), into.checkInvariants());
        // And back: the first source again.
        assertTrue(into.copyFrom(first.k));
        assertArrayEquals(first.k.encode(), into.encode());
    }

    /** captrace v1: an extra-cap CPtr whose lookup fails gives FailedLookup with InvalidRoot, whatever the walk met. */
    @Test
    void anExtraCapThatDoesNotResolveIsAnInvalidRoot() {
        Sys s = Sys.with(config());
        long guardMismatch = (1L << 40) | 16; // a set bit inside the root CNode's guard
        assertEquals(SeL4Error.FailedLookup, s.k.cnodeCopy(Sys.ROOT, 30, 64, guardMismatch, 16, 64, Rights.ALL));
        assertEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
        // The same CPtr as the destination's own lookup reports the walk's fault.
        assertEquals(SeL4Error.FailedLookup, s.k.cnodeCopy(Sys.ROOT, guardMismatch, 64, Sys.ROOT, 16, 64, Rights.ALL));
        assertNotEquals(LookupFailure.InvalidRoot, s.err().lookupFailure());
    }

    /** CNode_SaveCaller: the caller slot is always empty here, so only the destination is checked. */
    @Test
    void saveCallerChecksOnlyItsDestination() {
        Sys s = Sys.with(config());
        byte[] before = s.k.encode();
        assertEquals(SeL4Error.NoError, s.k.cnodeSaveCaller(Sys.ROOT, 30, 64));
        assertArrayEquals(before, s.k.encode(), "nothing is saved");
        assertEquals(SeL4Error.DeleteFirst, s.k.cnodeSaveCaller(Sys.ROOT, 16, 64));
        assertEquals(SeL4Error.RangeError, s.k.cnodeSaveCaller(Sys.ROOT, 30, 65));
    }

    /** modifications(): the current thread is state (encode() records it), so switching it is a write. */
    @Test
    void switchingTheCurrentThreadCountsAsAWrite() {
        Sys s = Sys.with(config());
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.TCB, 0, 30, 1));
        int second = s.k.caps.object(s.slot(30));
        int first = s.k.currentThread();
        long before = s.k.modifications();
        assertEquals(SeL4Error.NoError, s.k.switchThread(second));
        long afterOne = s.k.modifications();
        assertTrue(afterOne > before, before + " then " + afterOne);
        assertEquals(SeL4Error.NoError, s.k.switchThread(second));
        assertEquals(afterOne, s.k.modifications(), "switching to the current thread writes nothing");
        assertEquals(SeL4Error.NoError, s.k.switchThread(first));
        assertTrue(s.k.modifications() > afterOne);
    }
}
