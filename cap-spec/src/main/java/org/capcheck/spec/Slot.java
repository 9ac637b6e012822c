package org.capcheck.spec;

/**
 * A capability slot, as the abstract specification names it ({@code cslot_ptr} in l4v's
 * Structures_A): the address of the CNode or TCB that holds the slot, and the slot's index there.
 * A TCB's slots are indices 0..4 (0 is the CSpace root, {@code tcb_ctable}).
 */
public record Slot(long object, long index) implements Comparable<Slot> {

    @Override
    public int compareTo(Slot o) {
        int c = Long.compareUnsigned(object, o.object);
        return c != 0 ? c : Long.compareUnsigned(index, o.index);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(object) + "[" + index + "]";
    }
}
