package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The size a cap names (seL4's {@code obj_size}, cap-core's {@link Cap#sizeBits()}), per object type,
 * with libsel4's x86-64 constants: seL4_EndpointBits 4, seL4_NotificationBits 5, seL4_TCBBits 11,
 * seL4_PageBits 12, a CNode 2^radix slots of 2^seL4_SlotBits (5) bytes. The host is told the same size
 * when the object's last cap goes (HostEvents OBJECT_DESTROYED, word c).
 */
class ObjectSizesTest {

    private static void createdAndDestroyedWithSize(ObjectType type, long userSize, int sizeBits) {
        Sys s = Sys.standard();
        s.retype(Sys.UT, type, userSize, 30, 1);
        Cap c = s.cap(30);
        assertEquals(type.capType(), c.type());
        assertEquals(sizeBits, c.sizeBits(), type + " cap");
        assertEquals(sizeBits, s.k.view().sizeBitsAt(s.slot(30)), type + " view");
        assertEquals(SeL4Error.NoError, s.delete(30));
        HostEvents e = s.k.events();
        int destroyed = 0;
        for (int i = 0; i < e.size(); i++) {
            if (e.kind(i) == HostEvents.Kind.OBJECT_DESTROYED) {
                destroyed++;
                assertEquals(c.paddr(), e.b(i));
                assertEquals(sizeBits, e.c(i), type + " destroyed");
            }
        }
        assertEquals(1, destroyed, type + ": one object destroyed");
    }

    @Test
    void endpointsAre16Bytes() {
        createdAndDestroyedWithSize(ObjectType.Endpoint, 0, 4);
    }

    @Test
    void notificationsAre32Bytes() {
        createdAndDestroyedWithSize(ObjectType.Notification, 0, 5);
    }

    @Test
    void tcbsAre2KiB() {
        createdAndDestroyedWithSize(ObjectType.TCB, 0, 11);
    }

    @Test
    void framesAre4KiB() {
        createdAndDestroyedWithSize(ObjectType.Frame, 0, 12);
    }

    @Test
    void cnodesAreTheirSlotsTimes32Bytes() {
        createdAndDestroyedWithSize(ObjectType.CNode, 3, 8);
    }
}
