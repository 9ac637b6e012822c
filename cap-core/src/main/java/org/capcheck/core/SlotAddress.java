package org.capcheck.core;

/**
 * Where a slot lives, for people: the physical address and kind of the CNode or TCB that holds it,
 * and its index there. {@code inRootCNode} marks the initial thread's root CNode, whose slot indices
 * are the CPtrs captrace traces use.
 */
public record SlotAddress(long objectPaddr, String objectKind, int index, boolean inRootCNode) {
    @Override
    public String toString() {
        return inRootCNode ? "root[" + index + "]"
                : objectKind + "@0x" + Long.toHexString(objectPaddr) + "[" + index + "]";
    }
}
