package org.capcheck.core;

/**
 * Why a capability lookup failed: seL4's {@code lookup_fault} kinds. {@code None} means the lookup
 * did not fail.
 */
public enum LookupFailure {
    None,
    /** The root of the lookup is not a CNode capability. */
    InvalidRoot,
    /** The slot reached holds no capability of the kind needed. */
    MissingCapability,
    /** The bits to resolve do not match the levels of the CSpace. */
    DepthMismatch,
    /** A CNode's guard does not match the address bits. */
    GuardMismatch;

    /** The failure with this name (as captrace spells it), or null. */
    public static LookupFailure ofName(String name) {
        for (LookupFailure f : values()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
