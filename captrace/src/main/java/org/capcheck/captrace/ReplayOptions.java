package org.capcheck.captrace;

import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;

/**
 * How to replay: immutable; start from {@link #defaults()} and change with the {@code with...} methods.
 *
 * @param keepGoing  report every difference instead of stopping at the first
 * @param boot       boots the kernel under check from the header's configuration ({@link Kernel#boot}
 *                   for seL4's rules; the command line passes a seeded bug's boot for {@code --mutant})
 * @param kernelName the seeded bug the kernel carries, for messages; null for the correct kernel
 * @param checkEvery run the full invariant check after every N-th line run (1: after every line), and
 *                   always after boot and after the last line
 * @param listener   told of progress, about every {@link #PROGRESS_LINES} lines
 * @param stop       polled between lines: when it answers true, replay stops with status INTERRUPTED
 */
public record ReplayOptions(boolean keepGoing, Function<BootConfig, Kernel> boot, String kernelName,
                            long checkEvery, Listener listener, BooleanSupplier stop) {
    /** Lines between two calls of the listener. */
    public static final int PROGRESS_LINES = 1 << 10;

    /** Progress of a long replay. */
    public interface Listener {
        /**
         * @param phase {@code validating} (the first pass) or {@code replaying}
         * @param line  the number of the line reached in the file
         */
        void progress(String phase, long line);
    }

    public ReplayOptions {
        if (checkEvery < 1) {
            throw new IllegalArgumentException("checkEvery must be at least 1, not " + checkEvery);
        }
    }

    /** Stop at the first difference, seL4's rules, a full check after every line, no progress, no stop. */
    public static ReplayOptions defaults() {
        return new ReplayOptions(false, Kernel::boot, null, 1, (phase, line) -> { }, () -> false);
    }

    public ReplayOptions withKeepGoing(boolean k) {
        return new ReplayOptions(k, boot, kernelName, checkEvery, listener, stop);
    }

    /** A kernel with a seeded bug: its boot function and its name (null for the correct kernel). */
    public ReplayOptions withKernel(Function<BootConfig, Kernel> b, String name) {
        return new ReplayOptions(keepGoing, b, name, checkEvery, listener, stop);
    }

    public ReplayOptions withCheckEvery(long n) {
        return new ReplayOptions(keepGoing, boot, kernelName, n, listener, stop);
    }

    public ReplayOptions withListener(Listener l) {
        return new ReplayOptions(keepGoing, boot, kernelName, checkEvery, l, stop);
    }

    public ReplayOptions withStop(BooleanSupplier s) {
        return new ReplayOptions(keepGoing, boot, kernelName, checkEvery, listener, s);
    }
}
