package org.capcheck.core;

/**
 * A read-only copy of one capability, for inspection (replay's check lines, the model checker's
 * abstraction, error reports). The kernel itself never allocates these on an invocation path.
 *
 * @param type      the kind of capability; {@link CapType#Null} for an empty slot
 * @param paddr     the object's physical address (the region base for Untyped); 0 if not physical
 * @param sizeBits  log2 of the object's size in bytes; for Untyped the region's size; for a Zombie
 *                  the size of the object it covers
 * @param badge     the badge of an Endpoint or Notification cap, else 0
 * @param rights    the rights ({@link Rights} bits) of an Endpoint, Notification or Frame cap, else 0
 * @param radix     the radix of a CNode cap (or of the CNode a Zombie covers), else 0
 * @param guard     the guard of a CNode cap, else 0
 * @param guardSize the guard size of a CNode cap, else 0
 * @param freeIndex the watermark of an Untyped cap, in bytes from its base, else 0
 * @param device    whether an Untyped or Frame cap is to device memory
 * @param irq       the IRQ of an IRQHandler cap, else -1
 * @param zombieSlots the number of slots a Zombie still has to clear, else 0
 */
public record Cap(CapType type, long paddr, int sizeBits, long badge, int rights, int radix, long guard,
                  int guardSize, long freeIndex, boolean device, int irq, long zombieSlots) {

    /** The empty slot's cap. */
    public static final Cap NULL = new Cap(CapType.Null, 0, 0, 0, 0, 0, 0, 0, 0, false, -1, 0);

    public boolean isNull() {
        return type == CapType.Null;
    }

    /** Whether this kind of cap carries rights that masking can reduce. */
    public boolean carriesRights() {
        return type == CapType.Endpoint || type == CapType.Notification || type == CapType.Frame;
    }

    /** A short description, e.g. {@code Endpoint@0x100000 badge=7 rights=RW}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(type.name());
        switch (type) {
            case Null:
            case IRQControl:
                break;
            case IRQHandler:
                s.append(" irq=").append(irq);
                break;
            case Untyped:
                s.append("@0x").append(Long.toHexString(paddr)).append(" size_bits=").append(sizeBits)
                        .append(" free_index=").append(freeIndex);
                if (device) {
                    s.append(" device");
                }
                break;
            case CNode:
                s.append("@0x").append(Long.toHexString(paddr)).append(" radix=").append(radix)
                        .append(" guard=").append(guard).append(" guard_size=").append(guardSize);
                break;
            case Zombie:
                s.append("@0x").append(Long.toHexString(paddr)).append(" slots_left=").append(zombieSlots);
                break;
            default:
                s.append("@0x").append(Long.toHexString(paddr));
                if (type.isBadged()) {
                    s.append(" badge=").append(badge);
                }
                if (carriesRights()) {
                    s.append(" rights=").append(Rights.toLetters(rights).isEmpty() ? "-" : Rights.toLetters(rights));
                }
                if (device) {
                    s.append(" device");
                }
        }
        return s.toString();
    }

    // equals, hashCode and toString written out: a record's generated ones are invokedynamic calls
    // (ObjectMethods), which code run under a stock Java PathFinder must not depend on (docs/jpf.md).

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Cap)) {
            return false;
        }
        Cap c = (Cap) o;
        return type == c.type && paddr == c.paddr && sizeBits == c.sizeBits && badge == c.badge
                && rights == c.rights && radix == c.radix && guard == c.guard && guardSize == c.guardSize
                && freeIndex == c.freeIndex && device == c.device && irq == c.irq && zombieSlots == c.zombieSlots;
    }

    @Override
    public int hashCode() {
        int h = type.hashCode();
        h = 31 * h + Long.hashCode(paddr);
        h = 31 * h + sizeBits;
        h = 31 * h + Long.hashCode(badge);
        h = 31 * h + rights;
        h = 31 * h + radix;
        h = 31 * h + Long.hashCode(guard);
        h = 31 * h + guardSize;
        h = 31 * h + Long.hashCode(freeIndex);
        h = 31 * h + Boolean.hashCode(device);
        h = 31 * h + irq;
        return 31 * h + Long.hashCode(zombieSlots);
    }
}
