package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BootConfig#problems()} reports every problem of a configuration, an overlap of two untyped
 * regions included even when the earlier region is also refused for its alignment: regions that share a
 * single byte, at either end, overlap.
 */
class UntypedOverlapTest {

    private static List<String> problems(UntypedRegion first, UntypedRegion second) {
        return BootConfig.defaults().withUntyped(List.of(first, second)).problems();
    }

    @Test
    void regionsSharingOneByteOverlap() {
        // untyped[0] at 0x1001 (16 bytes, so its last byte is 0x1010) shares 0x1010 with untyped[1]'s first.
        assertEquals(List.of("untyped[0]: paddr 0x1001 is not aligned to 2^4", "untyped[1] overlaps untyped[0]"),
                problems(new UntypedRegion(0x1001, 4, false), new UntypedRegion(0x1010, 4, false)));
        // untyped[0] at 0x100f shares its first byte with untyped[1]'s last (0x100f).
        assertEquals(List.of("untyped[0]: paddr 0x100f is not aligned to 2^4", "untyped[1] overlaps untyped[0]"),
                problems(new UntypedRegion(0x100f, 4, false), new UntypedRegion(0x1000, 4, false)));
        // One byte further apart: no overlap.
        assertEquals(List.of("untyped[0]: paddr 0x1001 is not aligned to 2^4"),
                problems(new UntypedRegion(0x1001, 4, false), new UntypedRegion(0x1020, 4, false)));
    }
}
