package org.capcheck.fuzz;

import java.util.Arrays;
import org.capcheck.core.Kernel;
import org.capcheck.core.SeL4Error;

/**
 * One call of the raw invocation ABI ({@link Kernel#invoke(long, long, long[], int, long[], int)}):
 * what a kernel's system-call path holds, with arbitrary words.
 */
public record RawCall(long service, long label, long[] words, int length, long[] extraCaps, int extraCount) {

    public RawCall {
        words = words.clone();
        extraCaps = extraCaps.clone();
    }

    /** Makes the call, restarting it while it stops at a preemption point (at most Operation.MAX_RESTARTS times). */
    public SeL4Error invoke(Kernel k) {
        SeL4Error e = k.invoke(service, label, words, length, extraCaps, extraCount);
        for (long n = 0; k.wasPreempted() && n < org.capcheck.core.Operation.MAX_RESTARTS; n++) {
            e = k.invoke(service, label, words, length, extraCaps, extraCount);
        }
        return e;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawCall r && r.service == service && r.label == label && Arrays.equals(r.words, words)
                && r.length == length && Arrays.equals(r.extraCaps, extraCaps) && r.extraCount == extraCount;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words) * 31 + Long.hashCode(label);
    }

    /** As Java source: {@code k.invoke(2, 19, new long[] {...}, 5, new long[] {2}, 1);}. */
    @Override
    public String toString() {
        return "k.invoke(" + lit(service) + ", " + lit(label) + ", " + array(words) + ", " + length + ", "
                + array(extraCaps) + ", " + extraCount + ");";
    }

    private static String array(long[] a) {
        StringBuilder b = new StringBuilder("new long[] {");
        for (int i = 0; i < a.length; i++) {
            b.append(i == 0 ? "" : ", ").append(lit(a[i]));
        }
        return b.append('}').toString();
    }

    private static String lit(long v) {
        return v >= 0 && v < 1_000_000 ? Long.toString(v) : "0x" + Long.toHexString(v) + "L";
    }
}
