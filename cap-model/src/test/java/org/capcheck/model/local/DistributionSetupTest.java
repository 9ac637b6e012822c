package org.capcheck.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.capcheck.core.Mutant;
import org.capcheck.engine.SettingException;
import org.capcheck.spec.refine.Abstraction;
import org.junit.jupiter.api.Test;

/** --distribution and --query read names and rights by one rule, and a query checks its own set-up. */
class DistributionSetupTest {

    private static String refused(Runnable r) {
        return assertThrows(SettingException.class, r::run).getMessage();
    }

    @Test
    void aProcessNamedTwiceOrNoCapAtAllIsRefused() {
        String twice = refused(() -> Distribution.parse("p1: ep R; p1: ep W", 2));
        assertTrue(twice.contains("p1 is named twice"), twice);
        String none = refused(() -> Distribution.parse("p0: ; p1:", 2));
        assertTrue(none.contains("names no caps"), none);
        assertTrue(refused(() -> Distribution.parse("", 2)).contains("names no caps"));
    }

    @Test
    void rightsATypeCannotCarryAreRefusedAlikeByDistributionAndQuery() {
        String cnode = refused(() -> Distribution.parse("p0: shared RW", 2));
        assertTrue(cnode.contains("a CNode cap carries no rights"), cnode);
        String ntfn = refused(() -> Distribution.parse("p0: ntfn RWG", 2));
        assertTrue(ntfn.contains("a notification cap carries only RW"), ntfn);
        String query = refused(() -> AuthorityQuery.parse("p1 can hold RWG to ntfn"));
        assertTrue(query.contains("a notification cap carries only RW"), query);
        assertTrue(refused(() -> AuthorityQuery.parse("p1 can hold R to shared")).contains("carries no rights"));
        // What a type carries is accepted, and a grant without rights gets all of them.
        assertEquals(org.capcheck.core.Rights.READ | org.capcheck.core.Rights.WRITE,
                Distribution.parse("p0: ntfn", 2).grantsOf(0).get(0).rights());
        assertEquals(0, Distribution.parse("p0: shared -", 2).grantsOf(0).get(0).rights());
    }

    @Test
    void namesAndRightsAreReadInAnyCase() {
        Distribution d = Distribution.parse("P0: EP rw, Shared; p1: ep r", 2);
        assertEquals("ep", d.grantsOf(0).get(0).object());
        assertEquals(org.capcheck.core.Rights.READ | org.capcheck.core.Rights.WRITE, d.grantsOf(0).get(0).rights());
        assertEquals("shared", d.grantsOf(0).get(1).object());
        assertEquals(AuthorityQuery.parse("P1 CAN HOLD w TO Ep").propertyName(),
                "authority: not (P1 CAN HOLD w TO Ep)");
    }

    /** The comparison sees a cap whose rights differ from what was asked (as broken rights masking would make). */
    @Test
    void aSetUpThatDiffersFromWhatWasAskedIsFound() {
        Distribution built = Distribution.parse("p0: ep RWGP, shared; p1: ep RWGP, shared", 2);
        Distribution.Setup setup = built.build(Mutant.NONE);
        var state = Abstraction.of(setup.kernel());
        assertEquals(List.of(), SetupCheck.differences(built, state, setup.cnodeAddresses(), setup.objectAddresses()));
        Distribution asked = Distribution.parse("p0: ep RWGP, shared; p1: ep R, shared", 2);
        List<String> d = SetupCheck.differences(asked, state, setup.cnodeAddresses(), setup.objectAddresses());
        assertEquals(List.of("p1[1] holds ep with rights RWGP; asked for ep R"), d);
        Distribution fewer = Distribution.parse("p0: ep RWGP, shared; p1: ep", 2);
        assertEquals(List.of("p1[2] holds " + state.cap(new org.capcheck.spec.Slot(setup.cnodeAddresses()[1], 2))
                + ", which the distribution does not list"),
                SetupCheck.differences(fewer, state, setup.cnodeAddresses(), setup.objectAddresses()));
        String message = refused(() -> SetupCheck.verify(asked, state, setup.cnodeAddresses(), setup.objectAddresses(),
                "NONE"));
        assertTrue(message.contains("the system built differs from what it asks for"), message);
    }
}
