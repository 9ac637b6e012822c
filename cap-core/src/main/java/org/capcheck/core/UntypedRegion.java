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
}
