package org.capcheck.captrace;

import org.capcheck.core.LookupFailure;

/**
 * A check line's {@code expect}; each field is null when the key is absent (checked only where given).
 *
 * @param resolves     whether the lookup must reach a slot (absent: true)
 * @param failure      with {@code resolves: false}: why the lookup must fail
 * @param empty        whether the slot must hold no capability
 * @param type         the capability type, as captrace names it (see {@link CapTypes})
 * @param badge        the badge (Endpoint and Notification caps)
 * @param rights       the rights, as {@link org.capcheck.core.Rights} bits
 * @param guard        CNode caps: the guard
 * @param guardSize    CNode caps: the guard size
 * @param radix        CNode caps: the radix
 * @param sizeBits     Untyped caps: log2 of the region size
 * @param paddr        the physical address of the object (the region base for Untyped)
 * @param freeIndex    Untyped caps: the watermark, in bytes
 * @param device       Untyped and Frame caps: device memory
 * @param irq          IRQHandler caps: the IRQ
 * @param sameObjectAs a slot whose capability must name the same object
 * @param parentGiven  whether {@code parent} was given (then {@code parent} null means "none")
 * @param parent       the derivation-tree parent's slot, or null for none
 * @param descendants  the number of derivation-tree descendants
 */
public record CheckExpect(Boolean resolves, LookupFailure failure, Boolean empty, String type, Long badge,
                          Integer rights, Long guard, Long guardSize, Long radix, Long sizeBits, Long paddr,
                          Long freeIndex, Boolean device, Long irq, SlotRef sameObjectAs, boolean parentGiven,
                          SlotRef parent, Long descendants) {

    /** Whether the lookup must reach a slot ({@code resolves}, default true). */
    public boolean mustResolve() {
        return resolves == null || resolves;
    }
}
