package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * seL4's maskCapRights for each kind of cap that carries rights, case by case: an Endpoint cap keeps
 * the masked R, W, G, P; a Notification cap only CanReceive (R) and CanSend (W); a Frame cap follows
 * maskVMRights, where a read-only mapping stays read-only only while R survives and write-only is
 * not a VM right (it becomes kernel-only, no rights).
 */
class RightsMaskingTest {
    private Sys s;

    @BeforeEach
    void boot() {
        s = Sys.standard();
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Endpoint, 0, 30, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Notification, 0, 31, 1));
        assertEquals(SeL4Error.NoError, s.retype(16, ObjectType.Frame, 0, 32, 1));
    }

    @Test
    void endpointRightsAreTheIntersectionWithTheMask() {
        s.copy(40, 30, "G");
        assertEquals(Rights.GRANT, s.cap(40).rights());
        s.mint(41, 30, "WP", 5);
        assertEquals(Rights.WRITE | Rights.GRANT_REPLY, s.cap(41).rights());
        s.copy(42, 41, "RW");
        assertEquals(Rights.WRITE, s.cap(42).rights());
    }

    @Test
    void notificationKeepsOnlyTheMaskedReadAndWrite() {
        s.mint(40, 31, "R", 3);
        assertEquals(Rights.READ, s.cap(40).rights());
        s.mint(41, 31, "WGP", 4);
        assertEquals(Rights.WRITE, s.cap(41).rights());
        s.copy(42, 31, "GP");
        assertEquals(Rights.NONE, s.cap(42).rights());
        // Masking never adds: a receive-only cap copied with every right stays receive-only.
        s.copy(43, 40, "RWGP");
        assertEquals(Rights.READ, s.cap(43).rights());
    }

    @Test
    void readOnlyFrameStaysReadOnlyOnlyWhileReadSurvives() {
        s.copy(40, 32, "R");
        assertEquals(Rights.READ, s.cap(40).rights());
        s.copy(41, 40, "RW");
        assertEquals(Rights.READ, s.cap(41).rights());
        s.copy(42, 40, "R");
        assertEquals(Rights.READ, s.cap(42).rights());
        s.copy(43, 40, "W");
        assertEquals(Rights.NONE, s.cap(43).rights());
    }

    @Test
    void frameWithoutVmRightsGainsNoneBack() {
        s.copy(40, 32, "G");
        assertEquals(Rights.NONE, s.cap(40).rights());
        s.copy(41, 40, "RWGP");
        assertEquals(Rights.NONE, s.cap(41).rights());
    }
}
