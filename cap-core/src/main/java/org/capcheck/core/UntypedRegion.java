package org.capcheck.core;

/**
 * An untyped memory region handed to the initial thread at boot.
 *
 * @param paddr    physical base address, aligned to 2^sizeBits
 * @param sizeBits log2 of the region's size in bytes (4..47 on x86-64)
 * @param device   device memory: may only be retyped into frames or smaller untyped, never zeroed
 */
public record UntypedRegion(long paddr, int sizeBits, boolean device) {

    /** The last byte of the region (never overflows: the base is aligned to the size). */
    public long lastByte() {
        return paddr + ((1L << sizeBits) - 1);
    }

    boolean overlaps(long base, long last) {
        return Long.compareUnsigned(paddr, last) <= 0 && Long.compareUnsigned(base, lastByte()) <= 0;
    }

    // equals, hashCode and toString written out: a record's generated ones are invokedynamic calls
    // (ObjectMethods), which code run under a stock Java PathFinder must not depend on (docs/jpf.md).

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UntypedRegion)) {
            return false;
        }
        UntypedRegion u = (UntypedRegion) o;
        return paddr == u.paddr && sizeBits == u.sizeBits && device == u.device;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(paddr) + sizeBits) + Boolean.hashCode(device);
    }

    @Override
    public String toString() {
        return "UntypedRegion[paddr=" + paddr + ", sizeBits=" + sizeBits + ", device=" + device + "]";
    }
}
