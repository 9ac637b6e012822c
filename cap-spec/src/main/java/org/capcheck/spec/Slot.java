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

    // equals and hashCode as a record's, written out: the refinement check compares slots on every
    // step, and these two fields need no more than two comparisons.
    @Override
    public boolean equals(Object o) {
        return o instanceof Slot && object == ((Slot) o).object && index == ((Slot) o).index;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(object) + Long.hashCode(index);
    }

    @Override
    public String toString() {
        return "0x" + Long.toHexString(object) + "[" + index + "]";
    }
}
