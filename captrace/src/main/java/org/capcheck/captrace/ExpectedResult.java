package org.capcheck.captrace;

import org.capcheck.core.LookupFailure;
import org.capcheck.core.SeL4Error;

/**
 * An invocation line's {@code expect}: the error, and the optional details checked only where given.
 *
 * @param error    the error code (required)
 * @param range    {@code [min, max]} with RangeError, else null
 * @param failure  the lookup failure with FailedLookup, else null
 * @param argument the offending message word with InvalidArgument, else null
 */
public record ExpectedResult(SeL4Error error, long[] range, LookupFailure failure, Long argument) {
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(error.name());
        if (range != null) {
            s.append(" [").append(Long.toUnsignedString(range[0])).append(", ")
                    .append(Long.toUnsignedString(range[1])).append(']');
        }
        if (failure != null) {
            s.append(" (").append(failure).append(')');
        }
        if (argument != null) {
            s.append(" (argument ").append(Long.toUnsignedString(argument)).append(')');
        }
        return s.toString();
    }
}
