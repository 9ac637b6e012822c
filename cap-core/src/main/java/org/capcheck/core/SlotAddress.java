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

    // equals, hashCode and toString written out: a record's generated ones are invokedynamic calls
    // (ObjectMethods), which code run under a stock Java PathFinder must not depend on (docs/jpf.md).

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SlotAddress)) {
            return false;
        }
        SlotAddress a = (SlotAddress) o;
        return objectPaddr == a.objectPaddr && java.util.Objects.equals(objectKind, a.objectKind) && index == a.index
                && inRootCNode == a.inRootCNode;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(objectPaddr);
        h = 31 * h + java.util.Objects.hashCode(objectKind);
        h = 31 * h + index;
        return 31 * h + Boolean.hashCode(inRootCNode);
    }
}
