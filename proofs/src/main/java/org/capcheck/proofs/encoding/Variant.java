package org.capcheck.proofs.encoding;

/**
 * Which transition relation to encode: the specification's, or one with a rule broken on purpose, so
 * that tests (and anyone doubting the prover) can see a broken rule produce a counterexample. The
 * broken rules mirror cap-mutants' seeded kernel bugs where one exists, so that the counterexample can
 * be replayed on a kernel that has the same bug.
 */
public enum Variant {
    /** The specification's rules. */
    SPEC,
    /** {@code set_untyped_cap_as_full} skipped: a whole-untyped copy leaves its source's free memory (Mutant UNTYPED_COPY_NOT_FULL). */
    UNTYPED_COPY_NOT_FULL,
    /** Retype resets the untyped although it has children (Mutant RESET_WITH_CHILDREN). */
    RESET_WITH_CHILDREN,
    /** Revoke deletes the slot's children but not their descendants (no cap-core mutant). */
    REVOKE_CHILDREN_ONLY,
    /** Copy and Mint take the rights argument as the new rights instead of masking the source's (no cap-core mutant). */
    RIGHTS_FROM_ARGUMENT
}
