package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Embed cap-core" example, as written there, does what the README says. */
class ReadmeExampleTest {
    @Test
    void theEmbeddingExampleRetypesAnEndpointAndReportsItsCreation() {
        Kernel k = Kernel.boot(BootConfig.defaults()
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
        SeL4Error e = k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 40, 1);
        while (k.wasPreempted()) {
            e = k.untypedRetype(16, ObjectType.Endpoint, 0, 2, 0, 0, 40, 1);
        }
        HostEvents events = k.events();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            lines.add(events.describe(i));
        }
        assertEquals(SeL4Error.NoError, e);
        assertEquals(CapType.Endpoint, k.view().capAt(k.view().rootSlot(40)).type());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("created Endpoint")), lines.toString());
        assertEquals(List.of(), k.checkInvariants());
    }
}
