package org.capcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;
import org.junit.jupiter.api.Test;

/** The specification on its own: the boot state, immutability, and its own well-formedness. */
class SpecStateTest {
    private static final BootConfig CONFIG = BootConfig.defaults()
            .withUntyped(List.of(new UntypedRegion(0x100000, 16, false), new UntypedRegion(0x1000, 12, true)));
    private final CapSpec spec = new CapSpec(CONFIG);

    @Test
    void bootStateIsCaptraceV1s() {
        SpecState s = spec.boot();
        long cnode = CapSpec.rootCNodeAddress(CONFIG);
        long tcb = CapSpec.initialTcbAddress(CONFIG);
        // The device untyped takes 0x1000..0x1fff, so the 8 KiB root CNode goes to 0x2000, the TCB after it.
        assertEquals(0x2000, cnode);
        assertEquals(0x4000, tcb);
        assertEquals(Caps.thread(tcb), s.cap(new Slot(cnode, 1)));
        assertEquals(Caps.cnode(cnode, 8, 0, 56), s.cap(new Slot(cnode, 2)));
        assertEquals(CapType.IRQControl, s.cap(new Slot(cnode, 4)).type());
        assertEquals(Caps.untyped(0x100000, 16, 0, false), s.cap(new Slot(cnode, 16)));
        assertEquals(Caps.untyped(0x1000, 12, 0, true), s.cap(new Slot(cnode, 17)));
        assertEquals(s.cap(new Slot(cnode, 2)), s.cap(new Slot(tcb, 0)));
        assertEquals(new Slot(cnode, 2), s.parent(new Slot(tcb, 0)));
        assertFalse(s.isOriginal(new Slot(tcb, 0)));
        assertEquals(6, s.caps().size());
        assertEquals(5, s.originals().size());
        assertEquals(tcb, s.currentThread());
        assertTrue(s.canInvoke());
    }

    @Test
    void invocationsNeverChangeTheirInputState() {
        SpecState s = spec.boot();
        SpecState copy = new SpecState(s.caps(), s.cdt(), s.cdtList(), s.originals(), s.activeIrqs(), s.suspended(),
                s.currentThread());
        Outcome o = spec.cnodeCopy(s, 2, 40, 64, 2, 16, 64, Rights.ALL);
        assertEquals(SeL4Error.NoError, o.result().error());
        assertEquals(copy, s);
        assertEquals(1L << 16, o.state().cap(new Slot(CapSpec.rootCNodeAddress(CONFIG), 16)).freeIndex());
    }

    @Test
    void failedInvocationsLeaveTheStateAlone() {
        SpecState s = spec.boot();
        Outcome o = spec.cnodeCopy(s, 2, 16, 64, 2, 1, 64, Rights.ALL);
        assertEquals(SeL4Error.DeleteFirst, o.result().error());
        assertEquals(s, o.state());
    }

    /** l4v's valid_list and mdb_cte_at, and valid_ioc: what every spec state must satisfy. */
    static void assertWellFormed(SpecState s) {
        for (Map.Entry<Slot, Slot> e : s.cdt().entrySet()) {
            assertFalse(s.isNull(e.getKey()), "cdt child " + e.getKey() + " is empty");
            assertFalse(s.isNull(e.getValue()), "cdt parent " + e.getValue() + " is empty");
            assertTrue(s.children(e.getValue()).contains(e.getKey()), "cdt_list misses " + e.getKey());
        }
        for (Map.Entry<Slot, List<Slot>> e : s.cdtList().entrySet()) {
            Set<Slot> distinct = new HashSet<>(e.getValue());
            assertEquals(e.getValue().size(), distinct.size(), "duplicate children of " + e.getKey());
            for (Slot c : e.getValue()) {
                assertEquals(e.getKey(), s.parent(c), "cdt_list has " + c + " under " + e.getKey());
            }
        }
        for (Slot o : s.originals()) {
            assertFalse(s.isNull(o), "original flag on empty slot " + o);
        }
        for (Cap c : s.caps().values()) {
            assertTrue(c.type() != CapType.Null);
        }
    }

    @Test
    void randomStepsKeepTheSpecWellFormed() {
        Random r = new Random(42);
        SpecState s = spec.boot();
        long[] slots = {1, 2, 4, 16, 17, 20, 21, 22, 23, 24, 25};
        for (int i = 0; i < 3000; i++) {
            long a = slots[r.nextInt(slots.length)];
            long b = slots[r.nextInt(slots.length)];
            Outcome o;
            switch (r.nextInt(7)) {
                case 0: o = spec.cnodeCopy(s, 2, a, 64, 2, b, 64, r.nextInt(16)); break;
                case 1: o = spec.cnodeMint(s, 2, a, 64, 2, b, 64, 15, r.nextInt(3)); break;
                case 2: o = spec.cnodeMove(s, 2, a, 64, 2, b, 64); break;
                case 3: o = spec.cnodeRotate(s, 2, a, 64, 2, slots[r.nextInt(slots.length)], 64, 0, 2, b, 64, 0); break;
                case 4: o = spec.cnodeDelete(s, 2, a, 64); break;
                case 5: o = spec.cnodeRevoke(s, 2, a, 64); break;
                default: o = spec.untypedRetype(s, b, r.nextInt(ObjectType.values().length), r.nextInt(4), 2, 0, 0, a, 1);
            }
            s = o.state();
            assertWellFormed(s);
            if (!s.canInvoke()) {
                s = spec.boot();
            }
        }
    }
}
