package gov.nasa.jpf.vm;

/**
 * A compile-time stub of Java PathFinder's {@code gov.nasa.jpf.vm.Verify}, declaring only the static
 * methods capcheck calls, with jpf-core's signatures. It is a provided-scope dependency and is never
 * shipped: when a program runs under JPF, JPF supplies the real class and intercepts these calls.
 * Outside JPF, {@link #isRunningInJPF()} is false and every other method throws.
 */
public final class Verify {
    private static final String MESSAGE = "JPF's Verify stub: run under JPF";

    private Verify() {
    }

    /** Whether the program runs under JPF: never, for this stub. */
    public static boolean isRunningInJPF() {
        return false;
    }

    /** Under JPF: a choice point over {@code min..max} (inclusive), each value explored. */
    public static int getInt(int min, int max) {
        throw new UnsupportedOperationException(MESSAGE);
    }

    /** Under JPF: a choice point over false and true. */
    public static boolean getBoolean() {
        throw new UnsupportedOperationException(MESSAGE);
    }

    /** Under JPF: abandons the current path when {@code condition} holds. */
    public static void ignoreIf(boolean condition) {
        throw new UnsupportedOperationException(MESSAGE);
    }

    /**
     * Under JPF: ends the current transition here, so that JPF stores the program state at this point and
     * backtracks if it has seen it before.
     */
    public static void breakTransition(String reason) {
        throw new UnsupportedOperationException(MESSAGE);
    }
}
