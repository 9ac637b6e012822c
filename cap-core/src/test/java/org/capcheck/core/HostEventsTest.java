package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What cap-core asks its host to do: the event vocabulary of {@link HostEvents}. */
class HostEventsTest {

    private static List<String> events(Kernel k) {
        List<String> out = new ArrayList<>();
        HostEvents e = k.events();
        for (int i = 0; i < e.size(); i++) {
            out.add(e.describe(i));
        }
        return out;
    }

    @Test
    void retypeReportsEachCreatedObject() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 2);
        HostEvents e = s.k.events();
        assertEquals(2, e.size());
        assertEquals(HostEvents.Kind.OBJECT_CREATED, e.kind(0));
        assertEquals(ObjectType.Endpoint.number(), e.a(0));
        assertEquals(Sys.UT_BASE, e.b(0));
        assertEquals(4, e.c(0));
        assertEquals(Sys.UT_BASE + 16, e.b(1));
    }

    @Test
    void onlyTheLastCapDestroysAnObject() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.copy(31, 30, "RW");
        s.delete(31);
        assertEquals(List.of(), events(s.k));
        s.delete(30);
        assertEquals(List.of("destroyed Endpoint @0x100000"), events(s.k));
    }

    @Test
    void eachInvocationStartsWithAnEmptyQueue() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.copy(31, 30, "RW");
        assertEquals(0, s.k.events().size());
    }

    @Test
    void deletingAThreadSuspendsItThenDestroysIt() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.TCB, 0, 30, 1);
        s.delete(30);
        assertEquals(List.of("suspended thread @0x100000", "destroyed Thread @0x100000"), events(s.k));
    }

    @Test
    void deletingACNodeDestroysItsContentsThenItself() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        s.retype(16, ObjectType.CNode, 2, 40, 1);
        s.k.cnodeMove(40, 0, 2, 2, 30, 64);
        s.delete(40);
        assertEquals(List.of("destroyed Endpoint @0x100000", "destroyed CNode @0x100080"), events(s.k));
    }

    @Test
    void releasingTheLastHandlerReleasesTheIrq() {
        Sys s = Sys.standard();
        s.irqGet(9, 50);
        s.delete(50);
        assertEquals(List.of("released IRQ 9"), events(s.k));
    }

    @Test
    void resetAsksForTheUsedMemoryToBeZeroed() {
        Sys s = Sys.standard();
        s.retype(16, ObjectType.Frame, 0, 30, 2);
        s.revoke(16);
        s.retype(16, ObjectType.Endpoint, 0, 30, 1);
        assertEquals(List.of("zero 0x2000 bytes @0x100000", "created Endpoint @0x100000 (2^4 bytes)"), events(s.k));
    }

    @Test
    void deviceMemoryIsNeverZeroed() {
        Sys s = Sys.with(BootConfig.defaults().withUntyped(List.of(new UntypedRegion(0x200000, 16, true))));
        s.retype(16, ObjectType.Frame, 0, 30, 1);
        s.revoke(16);
        s.retype(16, ObjectType.Frame, 0, 30, 1);
        assertEquals(List.of("created Frame @0x200000 (2^12 bytes)"), events(s.k));
    }

    @Test
    void aFullQueuePreemptsEvenWithoutABudget() {
        Sys s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 0x30, 150));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 0x30 + 150, 50));
        // Revoking 200 final caps makes 200 events: more than the queue's room once it is nearly full.
        int capacity = s.k.events().capacity();
        int restarts = 0;
        int seen = 0;
        do {
            assertEquals(SeL4Error.NoError, s.revoke(16));
            assertTrue(s.k.events().size() <= capacity);
            seen += s.k.events().size();
            restarts++;
        } while (s.k.wasPreempted());
        assertEquals(200, seen);
        assertEquals(1, restarts, "320 slots of room hold 200 events");
        Sys t = Sys.with(BootConfig.defaults().withFanoutLimit(8)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
        for (int i = 0; i < 10; i++) {
            t.retype(16, ObjectType.Endpoint, 0, 0x40 + 8 * i, 8);
        }
        restarts = 0;
        seen = 0;
        do {
            assertEquals(SeL4Error.NoError, t.revoke(16));
            seen += t.k.events().size();
            restarts++;
        } while (t.k.wasPreempted());
        assertEquals(80, seen);
        assertTrue(restarts > 1, "a 72-event queue cannot take 80 at once");
    }
}
