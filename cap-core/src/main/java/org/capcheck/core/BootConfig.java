package org.capcheck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What the system boots with: the initial thread's root CNode size, the untyped regions, the IRQs,
 * Untyped_Retype's fan-out limit, and the capacity cap-core preallocates. Defaults follow captrace
 * v1's header defaults and seL4's configuration defaults.
 *
 * <p>Every field's range is one a kernel boots with on a default JVM heap: at the largest
 * {@code slotPoolBits} and {@code objectCapacity} a kernel takes about 200 MB. {@link #problems()}
 * and {@link Kernel#boot} agree: a configuration with no problems boots.
 *
 * @param rootCNodeBits   radix of the initial thread's root CNode (5..16)
 * @param untyped         untyped regions, placed in root slots 16, 17, ... in this order (not null)
 * @param maxIrq          IRQs 0..maxIrq exist (0..{@value #MAX_IRQ_LIMIT})
 * @param fanoutLimit     CONFIG_RETYPE_FAN_OUT_LIMIT: the most objects one Retype may create
 *                        (1..{@value #MAX_FANOUT_LIMIT})
 * @param slotPoolBits    log2 of the number of cap slots preallocated for all CNodes and TCBs
 *                        ({@value #MIN_SLOT_POOL_BITS}..{@value #MAX_SLOT_POOL_BITS})
 * @param objectCapacity  the most CNodes and TCBs that may exist at once (2..{@value #MAX_OBJECT_CAPACITY})
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
    /** The largest fanoutLimit accepted (the host-event queue is preallocated for one Retype's objects). */
    public static final int MAX_FANOUT_LIMIT = 1 << 16;
    /** The smallest slotPoolBits accepted. */
    public static final int MIN_SLOT_POOL_BITS = 4;
    /** The largest slotPoolBits accepted: 2^22 slots, about 170 MB of preallocated state. */
    public static final int MAX_SLOT_POOL_BITS = 22;
    /** The largest objectCapacity accepted: about 20 MB of object bookkeeping. */
    public static final int MAX_OBJECT_CAPACITY = 1 << 20;

    /** A null untyped list is taken as none; a null region is kept, for {@link #problems()} to name. */
    public BootConfig {
        untyped = untyped == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(untyped));
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
        if (fanoutLimit < 1 || fanoutLimit > MAX_FANOUT_LIMIT) {
            p.add("fanout_limit must be 1.." + MAX_FANOUT_LIMIT + ", not " + fanoutLimit);
        }
        if (slotPoolBits < MIN_SLOT_POOL_BITS || slotPoolBits > MAX_SLOT_POOL_BITS) {
            p.add("slot pool bits must be " + MIN_SLOT_POOL_BITS + ".." + MAX_SLOT_POOL_BITS
                    + " (2^" + MAX_SLOT_POOL_BITS + " slots is about 170 MB), not " + slotPoolBits);
        } else if (rootCNodeBits >= 5 && rootCNodeBits <= 16 && slotPoolBits <= rootCNodeBits) {
            p.add("slot pool of 2^" + slotPoolBits + " slots cannot hold the root CNode and the initial TCB");
        }
        if (objectCapacity < 2 || objectCapacity > MAX_OBJECT_CAPACITY) {
            p.add("object capacity must be 2.." + MAX_OBJECT_CAPACITY + ", not " + objectCapacity);
        }
        for (int i = 0; i < untyped.size(); i++) {
            UntypedRegion u = untyped.get(i);
            if (u == null) {
                p.add("untyped[" + i + "] is null");
                continue;
            }
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
                if (o != null && o.sizeBits() >= ObjectType.MIN_UNTYPED_BITS && o.sizeBits() <= ObjectType.MAX_UNTYPED_BITS
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

    // equals, hashCode and toString written out: a record's generated ones are invokedynamic calls
    // (ObjectMethods), which code run under a stock Java PathFinder must not depend on (docs/jpf.md).

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BootConfig)) {
            return false;
        }
        BootConfig c = (BootConfig) o;
        return rootCNodeBits == c.rootCNodeBits && untyped.equals(c.untyped) && maxIrq == c.maxIrq
                && fanoutLimit == c.fanoutLimit && slotPoolBits == c.slotPoolBits
                && objectCapacity == c.objectCapacity;
    }

    @Override
    public int hashCode() {
        int h = rootCNodeBits;
        h = 31 * h + untyped.hashCode();
        h = 31 * h + maxIrq;
        h = 31 * h + fanoutLimit;
        h = 31 * h + slotPoolBits;
        return 31 * h + objectCapacity;
    }

    @Override
    public String toString() {
        return "BootConfig[rootCNodeBits=" + rootCNodeBits + ", untyped=" + untyped + ", maxIrq=" + maxIrq
                + ", fanoutLimit=" + fanoutLimit + ", slotPoolBits=" + slotPoolBits + ", objectCapacity="
                + objectCapacity + "]";
    }
}
