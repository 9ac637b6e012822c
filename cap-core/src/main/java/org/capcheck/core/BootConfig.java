package org.capcheck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What the system boots with: the initial thread's root CNode size, the untyped regions, the IRQs,
 * Untyped_Retype's fan-out limit, and the capacity cap-core preallocates. Defaults follow captrace
 * v1's header defaults and seL4's configuration defaults.
 *
 * @param rootCNodeBits   radix of the initial thread's root CNode (5..16)
 * @param untyped         untyped regions, placed in root slots 16, 17, ... in this order
 * @param maxIrq          IRQs 0..maxIrq exist
 * @param fanoutLimit     CONFIG_RETYPE_FAN_OUT_LIMIT: the most objects one Retype may create
 * @param slotPoolBits    log2 of the number of cap slots preallocated for all CNodes and TCBs
 * @param objectCapacity  the most CNodes and TCBs that may exist at once
 */
public record BootConfig(int rootCNodeBits, List<UntypedRegion> untyped, int maxIrq, int fanoutLimit,
                         int slotPoolBits, int objectCapacity) {

    /** First root-CNode slot that holds an untyped cap (seL4's boot info puts them after the fixed caps). */
    public static final int FIRST_UNTYPED_SLOT = 16;
    /** Root-CNode slot of the initial thread's TCB cap. */
    public static final int TCB_SLOT = 1;
    /** Root-CNode slot of the root CNode's own cap. */
    public static final int ROOT_CNODE_SLOT = 2;
    /** Root-CNode slot of the IRQControl cap. */
    public static final int IRQ_CONTROL_SLOT = 4;
    /** The largest maxIrq accepted (keeps the IRQ table small). */
    public static final int MAX_IRQ_LIMIT = 1 << 16;

    public BootConfig {
        untyped = List.copyOf(untyped);
    }

    /** captrace v1's defaults: root CNode of radix 8, max IRQ 31, fan-out 256; no untyped. */
    public static BootConfig defaults() {
        return new BootConfig(8, List.of(), 31, 256, 18, 1 << 16);
    }

    public BootConfig withRootCNodeBits(int bits) {
        return new BootConfig(bits, untyped, maxIrq, fanoutLimit, Math.max(slotPoolBits, bits + 1), objectCapacity);
    }

    public BootConfig withUntyped(List<UntypedRegion> regions) {
        return new BootConfig(rootCNodeBits, regions, maxIrq, fanoutLimit, slotPoolBits, objectCapacity);
    }

    public BootConfig withMaxIrq(int irq) {
        return new BootConfig(rootCNodeBits, untyped, irq, fanoutLimit, slotPoolBits, objectCapacity);
    }

    public BootConfig withFanoutLimit(int limit) {
        return new BootConfig(rootCNodeBits, untyped, maxIrq, limit, slotPoolBits, objectCapacity);
    }

    /** Capacity: 2^bits slots for all CNodes and TCBs, and at most {@code objects} of them. */
    public BootConfig withCapacity(int bits, int objects) {
        return new BootConfig(rootCNodeBits, untyped, maxIrq, fanoutLimit, bits, objects);
    }

    /** Every reason this configuration cannot boot, each naming the field; empty if it can. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (rootCNodeBits < 5 || rootCNodeBits > 16) {
            p.add("root_cnode_bits must be 5..16, not " + rootCNodeBits);
        }
        if (maxIrq < 0 || maxIrq > MAX_IRQ_LIMIT) {
            p.add("max_irq must be 0.." + MAX_IRQ_LIMIT + ", not " + maxIrq);
        }
        if (fanoutLimit < 1) {
            p.add("fanout_limit must be at least 1, not " + fanoutLimit);
        }
        if (slotPoolBits < 4 || slotPoolBits > 26) {
            p.add("slot pool bits must be 4..26, not " + slotPoolBits);
        } else if (rootCNodeBits >= 5 && rootCNodeBits <= 16 && slotPoolBits <= rootCNodeBits) {
            p.add("slot pool of 2^" + slotPoolBits + " slots cannot hold the root CNode and the initial TCB");
        }
        if (objectCapacity < 2) {
            p.add("object capacity must be at least 2, not " + objectCapacity);
        }
        for (int i = 0; i < untyped.size(); i++) {
            UntypedRegion u = untyped.get(i);
            if (u.sizeBits() < ObjectType.MIN_UNTYPED_BITS || u.sizeBits() > ObjectType.MAX_UNTYPED_BITS) {
                p.add("untyped[" + i + "]: size_bits must be " + ObjectType.MIN_UNTYPED_BITS + ".."
                        + ObjectType.MAX_UNTYPED_BITS + ", not " + u.sizeBits());
                continue;
            }
            if ((u.paddr() & ((1L << u.sizeBits()) - 1)) != 0) {
                p.add("untyped[" + i + "]: paddr 0x" + Long.toHexString(u.paddr()) + " is not aligned to 2^"
                        + u.sizeBits());
                continue;
            }
            for (int j = 0; j < i; j++) {
                UntypedRegion o = untyped.get(j);
                if (o.sizeBits() >= ObjectType.MIN_UNTYPED_BITS && o.sizeBits() <= ObjectType.MAX_UNTYPED_BITS
                        && u.overlaps(o.paddr(), o.lastByte())) {
                    p.add("untyped[" + i + "] overlaps untyped[" + j + "]");
                }
            }
        }
        if (rootCNodeBits >= 5 && rootCNodeBits <= 16
                && FIRST_UNTYPED_SLOT + untyped.size() > (1 << rootCNodeBits)) {
            p.add(untyped.size() + " untyped caps do not fit in a root CNode of " + (1 << rootCNodeBits)
                    + " slots (they start at slot " + FIRST_UNTYPED_SLOT + ")");
        }
        return p;
    }
}
