package org.capcheck.core;

/**
 * Deliberate deviations from seL4's rules, one at a time, for showing that capcheck's checkers
 * (refinement against the specification, the fuzzer, the invariants) catch real bugs. A kernel
 * booted with {@link Kernel#bootMutant} behaves exactly like a correct one except for its mutant.
 * Never use one for anything but testing a checker.
 */
public enum Mutant {
    /** None: seL4's rules. */
    NONE,
    /** A copy of a non-original cap becomes its child instead of its sibling (breaks cteInsert). */
    COPY_OF_NON_ORIGINAL_IS_CHILD,
    /** emptySlot forgets to pass the deleted cap's first-badged flag to its successor. */
    DELETE_DROPS_FIRST_BADGED,
    /** Copying an untyped cap does not mark the source full (setUntypedCapAsFull skipped). */
    UNTYPED_COPY_NOT_FULL,
    /** Untyped_Retype resets the untyped even while it has children. */
    RESET_WITH_CHILDREN
}
