package org.capcheck.core;

/**
 * seL4's system-call error codes ({@code seL4_Error} in libsel4's {@code errors.h}), in seL4's
 * numbering. Every invocation of {@link Kernel} returns exactly one of them; the details of a failure
 * (which argument, which range, why a lookup failed) are in {@link Kernel#lastError()}, as seL4 keeps
 * them in {@code current_syscall_error} and {@code current_lookup_fault}.
 */
public enum SeL4Error {
    NoError,
    InvalidArgument,
    InvalidCapability,
    IllegalOperation,
    RangeError,
    AlignmentError,
    FailedLookup,
    TruncatedMessage,
    DeleteFirst,
    RevokeFirst,
    NotEnoughMemory;

    private static final SeL4Error[] BY_NUMBER = values();

    /** seL4's number for this error ({@code seL4_NoError} is 0). */
    public int number() {
        return ordinal();
    }

    /** The error with seL4's number {@code n}, or null if there is none. */
    public static SeL4Error ofNumber(long n) {
        return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[(int) n] : null;
    }

    /** The error with this name (as captrace spells it), or null. */
    public static SeL4Error ofName(String name) {
        for (SeL4Error e : BY_NUMBER) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
