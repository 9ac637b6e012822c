package org.capcheck.captrace;

import java.util.List;
import org.capcheck.core.BootConfig;
import org.capcheck.core.UntypedRegion;

/**
 * Line 1 of a captrace file: the boot configuration, with the spec's defaults applied.
 *
 * @param rootCNodeBits radix of the initial thread's root CNode (default 8)
 * @param untyped       the untyped regions, in header order (root slots 16, 17, ...)
 * @param maxIrq        IRQs 0..maxIrq exist (default 31)
 * @param fanoutLimit   the most objects one Untyped_Retype may create (default 256)
 * @param cores         always 1 in v1
 */
public record Header(int rootCNodeBits, List<UntypedRegion> untyped, int maxIrq, int fanoutLimit, int cores) {
    public static final int DEFAULT_ROOT_CNODE_BITS = 8;
    public static final int DEFAULT_MAX_IRQ = 31;
    public static final int DEFAULT_FANOUT_LIMIT = 256;

    public Header {
        untyped = List.copyOf(untyped);
    }

    /** The kernel configuration this header boots (cap-core's default capacity). */
    public BootConfig bootConfig() {
        return BootConfig.defaults()
                .withRootCNodeBits(rootCNodeBits)
                .withUntyped(untyped)
                .withMaxIrq(maxIrq)
                .withFanoutLimit(fanoutLimit);
    }
}
