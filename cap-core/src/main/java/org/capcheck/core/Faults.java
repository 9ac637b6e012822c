package org.capcheck.core;

/**
 * The one seam through which a kernel can be made to break a rule of seL4's on purpose, so that a
 * checker can be shown to catch it. Package-private: a kernel linked into a real system boots with
 * {@link #NONE} through {@link Kernel#boot} and cannot be given a fault. The catalogue of seeded
 * bugs (their names and what each means) lives outside cap-core, in the cap-mutants test fixture.
 * Each bit names the seL4 rule it skips.
 */
final class Faults {
    /** seL4's rules, all of them. */
    static final int NONE = 0;
    /** cteInsert: a copy of a non-original cap is linked as its child, not its sibling. */
    static final int INSERT_NON_ORIGINAL_AS_CHILD = 1;
    /** emptySlot: the deleted cap's first-badged flag is not passed to its successor. */
    static final int EMPTY_SLOT_DROPS_FIRST_BADGED = 1 << 1;
    /** cteInsert: setUntypedCapAsFull is skipped for a same-sized untyped copy. */
    static final int SKIP_SET_UNTYPED_CAP_AS_FULL = 1 << 2;
    /** Untyped_Retype: the reset that ensureNoChildren guards runs even while the untyped has children. */
    static final int RESET_IGNORING_CHILDREN = 1 << 3;
    /**
     * reduceZombie: the Zombie's count of slots still to clear is not decremented after clearing
     * its last one, so finaliseSlot never makes progress (a delete that would loop forever).
     */
    static final int ZOMBIE_NOT_REDUCED = 1 << 4;

    private Faults() {
    }

    static boolean has(int faults, int fault) {
        return (faults & fault) != 0;
    }
}
