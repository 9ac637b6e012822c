package org.capcheck.core;

/**
 * The details of the last invocation's result, as seL4 keeps them in {@code current_syscall_error}
 * and {@code current_lookup_fault}. One instance lives in each {@link Kernel} and is overwritten by
 * every invocation, so reading it allocates nothing.
 */
public final class SyscallError {
    // Codes, not enum references: a reference store costs a GC write barrier on every invocation.
    private static final SeL4Error[] ERRORS = SeL4Error.values();
    private static final LookupFailure[] FAILURES = LookupFailure.values();
    private static final byte INVALID_ARGUMENT = (byte) SeL4Error.InvalidArgument.ordinal();
    private static final byte RANGE_ERROR = (byte) SeL4Error.RangeError.ordinal();
    private static final byte FAILED_LOOKUP = (byte) SeL4Error.FailedLookup.ordinal();
    private static final byte NOT_ENOUGH_MEMORY = (byte) SeL4Error.NotEnoughMemory.ordinal();
    private byte error;
    private int invalidArgument;
    private long rangeMin;
    private long rangeMax;
    private boolean failedLookupWasSource;
    private byte lookupFailure;
    private long bitsLeft;
    private long bitsFound;
    private long guardFound;
    private long memoryLeft;

    SyscallError() {
    }

    public SeL4Error error() {
        return ERRORS[error];
    }

    /** With InvalidArgument: the index of the offending message word. */
    public int invalidArgument() {
        return error == INVALID_ARGUMENT ? invalidArgument : 0;
    }

    /** With RangeError: the smallest value allowed. */
    public long rangeMin() {
        return error == RANGE_ERROR ? rangeMin : 0;
    }

    /** With RangeError: the largest value allowed. */
    public long rangeMax() {
        return error == RANGE_ERROR ? rangeMax : 0;
    }

    /** With FailedLookup: whether the failed lookup was of the source (or pivot) slot. */
    public boolean failedLookupWasSource() {
        return error == FAILED_LOOKUP && failedLookupWasSource;
    }

    /** With FailedLookup (and for a failed invoked-cap lookup): why the lookup failed. */
    public LookupFailure lookupFailure() {
        return FAILURES[lookupFailure];
    }

    /** seL4's {@code bitsLeft} of the lookup fault (MissingCapability, DepthMismatch, GuardMismatch). */
    public long bitsLeft() {
        return lookupFailure == 0 ? 0 : bitsLeft;
    }

    /** DepthMismatch: the bits the level needed; GuardMismatch: the guard size. */
    public long bitsFound() {
        return lookupFailure == 0 ? 0 : bitsFound;
    }

    /** GuardMismatch: the guard the CNode cap holds. */
    public long guardFound() {
        return lookupFailure == 0 ? 0 : guardFound;
    }

    /** NotEnoughMemory: the bytes left in the untyped region. */
    public long memoryLeft() {
        return error == NOT_ENOUGH_MEMORY ? memoryLeft : 0;
    }

    @Override
    public String toString() {
        switch (error()) {
            case InvalidArgument:
                return "InvalidArgument (argument " + invalidArgument + ")";
            case RangeError:
                return "RangeError [" + Long.toUnsignedString(rangeMin) + ", " + Long.toUnsignedString(rangeMax) + "]";
            case FailedLookup:
                return "FailedLookup (" + (failedLookupWasSource ? "source" : "destination") + ", "
                        + lookupFailure() + ")";
            case InvalidCapability:
                return lookupFailure == 0 ? "InvalidCapability"
                        : "InvalidCapability (" + lookupFailure() + ")";
            case NotEnoughMemory:
                return "NotEnoughMemory (" + memoryLeft + " bytes left)";
            default:
                return error().name();
        }
    }

    // ----- setters used by the kernel; each returns the error so that a check reads as one line.

    /**
     * Starts an invocation. Only the codes are reset: each detail is set together with the error
     * it belongs to, and the getters show a detail only while its error (or lookup failure) is the
     * current one, so stale values never show and the reset costs two stores.
     */
    SeL4Error clear() {
        error = 0;
        lookupFailure = 0;
        return SeL4Error.NoError;
    }

    SeL4Error set(SeL4Error e) {
        error = (byte) e.ordinal();
        return e;
    }

    SeL4Error invalidArgument(int argument) {
        invalidArgument = argument;
        return set(SeL4Error.InvalidArgument);
    }

    SeL4Error rangeError(long min, long max) {
        rangeMin = min;
        rangeMax = max;
        return set(SeL4Error.RangeError);
    }

    SeL4Error notEnoughMemory(long left) {
        memoryLeft = left;
        return set(SeL4Error.NotEnoughMemory);
    }

    /** Turns the lookup fault already recorded into a FailedLookup syscall error. */
    SeL4Error failedLookup(boolean source) {
        failedLookupWasSource = source;
        return set(SeL4Error.FailedLookup);
    }

    void lookupFault(LookupFailure failure, long bitsLeft, long bitsFound, long guardFound) {
        this.lookupFailure = (byte) failure.ordinal();
        this.bitsLeft = bitsLeft;
        this.bitsFound = bitsFound;
        this.guardFound = guardFound;
    }

    /** No error and no details: every field cleared, not only the two {@link #clear()} resets. */
    void reset() {
        copyFrom(new SyscallError());
    }

    void copyFrom(SyscallError o) {
        error = o.error;
        invalidArgument = o.invalidArgument;
        rangeMin = o.rangeMin;
        rangeMax = o.rangeMax;
        failedLookupWasSource = o.failedLookupWasSource;
        lookupFailure = o.lookupFailure;
        bitsLeft = o.bitsLeft;
        bitsFound = o.bitsFound;
        guardFound = o.guardFound;
        memoryLeft = o.memoryLeft;
    }
}
