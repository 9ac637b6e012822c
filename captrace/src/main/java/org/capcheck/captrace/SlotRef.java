package org.capcheck.captrace;

/** A slot named the way a CNode operation names one: a root CNode CPtr, an index and a depth. */
public record SlotRef(long root, long index, long depth) {
    @Override
    public String toString() {
        return "root=" + Long.toUnsignedString(root) + " index=" + Long.toUnsignedString(index)
                + " depth=" + Long.toUnsignedString(depth);
    }
}
