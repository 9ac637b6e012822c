package org.capcheck.spec;

import org.capcheck.core.LookupFailure;
import org.capcheck.core.SeL4Error;

/**
 * An invocation's result: seL4's error code and the details seL4 keeps with it
 * ({@code current_syscall_error} and {@code current_lookup_fault}). Fields that do not apply to the
 * error are zero (or {@link LookupFailure#None}); {@link #details()} names the ones that do.
 *
 * @param error          the error code ({@link SeL4Error#NoError} for success)
 * @param lookup         FailedLookup or InvalidCapability: why the lookup failed
 * @param bitsLeft       the lookup fault's bits left (MissingCapability, DepthMismatch, GuardMismatch)
 * @param bitsFound      DepthMismatch: the bits the level needed; GuardMismatch: the guard size
 * @param guardFound     GuardMismatch: the guard found
 * @param wasSource      FailedLookup: whether the source (or pivot) lookup failed
 * @param rangeMin       RangeError: the least value allowed
 * @param rangeMax       RangeError: the largest value allowed
 * @param argument       InvalidArgument: the index of the offending message word
 * @param memoryLeft     NotEnoughMemory: the bytes left in the untyped
 */
public record Failure(SeL4Error error, LookupFailure lookup, long bitsLeft, long bitsFound, long guardFound,
                      boolean wasSource, long rangeMin, long rangeMax, int argument, long memoryLeft) {

    /** Each error with no details, made once: a record is a value, so one instance serves every use. */
    private static final Failure[] PLAIN = plain();

    public static final Failure OK = of(SeL4Error.NoError);

    private static Failure[] plain() {
        SeL4Error[] errors = SeL4Error.values();
        Failure[] p = new Failure[errors.length];
        for (SeL4Error e : errors) {
            p[e.ordinal()] = new Failure(e, LookupFailure.None, 0, 0, 0, false, 0, 0, 0, 0);
        }
        return p;
    }

    /** An error with no details. */
    public static Failure of(SeL4Error e) {
        return PLAIN[e.ordinal()];
    }

    /** A lookup fault, before it becomes a FailedLookup or InvalidCapability error. */
    public static Failure lookupFault(LookupFailure f, long bitsLeft, long bitsFound, long guardFound) {
        return new Failure(SeL4Error.FailedLookup, f, bitsLeft, bitsFound, guardFound, false, 0, 0, 0, 0);
    }

    /** {@code FailedLookup is_source fault}. */
    public static Failure failedLookup(boolean source, Failure fault) {
        return new Failure(SeL4Error.FailedLookup, fault.lookup, fault.bitsLeft, fault.bitsFound, fault.guardFound,
                source, 0, 0, 0, 0);
    }

    /** {@code InvalidCapability} with the lookup fault that caused it (captrace's departure). */
    public static Failure invalidCapability(Failure fault) {
        return new Failure(SeL4Error.InvalidCapability, fault.lookup, fault.bitsLeft, fault.bitsFound,
                fault.guardFound, false, 0, 0, 0, 0);
    }

    public static Failure rangeError(long min, long max) {
        return new Failure(SeL4Error.RangeError, LookupFailure.None, 0, 0, 0, false, min, max, 0, 0);
    }

    public static Failure invalidArgument(int index) {
        return new Failure(SeL4Error.InvalidArgument, LookupFailure.None, 0, 0, 0, false, 0, 0, index, 0);
    }

    public static Failure notEnoughMemory(long left) {
        return new Failure(SeL4Error.NotEnoughMemory, LookupFailure.None, 0, 0, 0, false, 0, 0, 0, left);
    }

    public boolean isOk() {
        return error == SeL4Error.NoError;
    }

    /**
     * The same result with only the details that belong to its error kept (the rest zeroed), so
     * two results compare equal exactly when seL4 would report the same thing.
     */
    public Failure relevant() {
        switch (error) {
            case FailedLookup:
                return new Failure(error, lookup, bitsLeft, bitsFound, guardFound, wasSource, 0, 0, 0, 0);
            case InvalidCapability:
                return new Failure(error, lookup, bitsLeft, bitsFound, guardFound, false, 0, 0, 0, 0);
            case RangeError:
                return rangeError(rangeMin, rangeMax);
            case InvalidArgument:
                return invalidArgument(argument);
            case NotEnoughMemory:
                return notEnoughMemory(memoryLeft);
            default:
                return of(error);
        }
    }

    /** e.g. {@code FailedLookup (source, GuardMismatch bitsLeft=3 bitsFound=2 guard=0)}. */
    public String details() {
        switch (error) {
            case FailedLookup:
                return "FailedLookup (" + (wasSource ? "source" : "destination") + ", " + fault() + ")";
            case InvalidCapability:
                return lookup == LookupFailure.None ? "InvalidCapability" : "InvalidCapability (" + fault() + ")";
            case RangeError:
                return "RangeError [" + Long.toUnsignedString(rangeMin) + ", " + Long.toUnsignedString(rangeMax) + "]";
            case InvalidArgument:
                return "InvalidArgument (argument " + argument + ")";
            case NotEnoughMemory:
                return "NotEnoughMemory (" + memoryLeft + " bytes left)";
            default:
                return error.name();
        }
    }

    private String fault() {
        return lookup + " bitsLeft=" + bitsLeft + " bitsFound=" + bitsFound + " guard=" + guardFound;
    }

    @Override
    public String toString() {
        return details();
    }
}
