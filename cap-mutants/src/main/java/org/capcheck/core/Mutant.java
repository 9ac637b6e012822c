package org.capcheck.core;

/**
 * The catalogue of seeded bugs: deliberate deviations from seL4's rules, one at a time, for showing
 * that capcheck's checkers (refinement against the specification, the invariants, the fuzzer, the
 * proofs' link to the code) catch real bugs. A test fixture: this artifact is a dependency of the
 * checkers' tests and of the command line's {@code --mutant}, never of a kernel. A mutant kernel
 * behaves exactly like a correct one except for its one deviation, which it makes through cap-core's
 * package-private fault seam.
 */
public enum Mutant {
    /** None: seL4's rules. */
    NONE(Faults.NONE),
    /** A copy of a non-original cap becomes its child instead of its sibling (breaks cteInsert). */
    COPY_OF_NON_ORIGINAL_IS_CHILD(Faults.INSERT_NON_ORIGINAL_AS_CHILD),
    /** emptySlot forgets to pass the deleted cap's first-badged flag to its successor. */
    DELETE_DROPS_FIRST_BADGED(Faults.EMPTY_SLOT_DROPS_FIRST_BADGED),
    /** Copying an untyped cap does not mark the source full (setUntypedCapAsFull skipped). */
    UNTYPED_COPY_NOT_FULL(Faults.SKIP_SET_UNTYPED_CAP_AS_FULL),
    /** Untyped_Retype resets the untyped even while it has children (ensureNoChildren skipped). */
    RESET_WITH_CHILDREN(Faults.RESET_IGNORING_CHILDREN),
    /**
     * Deleting a CNode or TCB never finishes: reduceZombie clears the Zombie's last slot but does not
     * shrink it (cap-core's termination guard stops the invocation and reports it).
     */
    ZOMBIE_NEVER_SHRINKS(Faults.ZOMBIE_NOT_REDUCED);

    private final int faults;

    Mutant(int faults) {
        this.faults = faults;
    }

    /**
     * Boots a kernel with this mutant's deviation ({@link #NONE}: a correct kernel, as
     * {@link Kernel#boot}).
     *
     * @throws IllegalArgumentException if the configuration is invalid, as {@link Kernel#boot} does
     */
    public Kernel boot(BootConfig config) {
        return Kernel.boot(config, faults);
    }

    /** The mutant with this name (case-insensitive), or null. */
    public static Mutant named(String name) {
        for (Mutant m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        return null;
    }
}
