package org.capcheck.bench;

import java.util.List;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;

/**
 * Shared set-up for the cap-core benchmarks. Every CPtr is a root-CNode slot resolved with depth 64,
 * as in cap-core's tests: the root CNode cap is at CPtr 2, IRQControl at 4, the one 1 MiB untyped
 * (at physical 1 MiB) at 16.
 */
final class CapCore {
    static final long ROOT = BootConfig.ROOT_CNODE_SLOT;
    static final long UT = BootConfig.FIRST_UNTYPED_SLOT;
    static final long D = 64;

    private CapCore() {
    }

    /** A booted kernel with a root CNode of radix {@code rootBits} and one 1 MiB untyped in slot 16. */
    static Kernel boot(int rootBits) {
        return Kernel.boot(BootConfig.defaults()
                .withRootCNodeBits(rootBits)
                .withUntyped(List.of(new UntypedRegion(0x100000, 20, false))));
    }

    /** For set-up code (not timed): fails loudly if an invocation did not succeed. */
    static void require(Kernel k, SeL4Error e, String what) {
        if (e != SeL4Error.NoError) {
            throw new IllegalStateException(what + " gave " + e + " (" + k.lastError().lookupFailure() + ")");
        }
        if (k.wasPreempted()) {
            throw new IllegalStateException(what + " was preempted during set-up");
        }
    }

    /** For set-up code: every invariant of the state holds. Allocates, so never in a timed part. */
    static void requireInvariants(Kernel k, String when) {
        List<String> broken = k.checkInvariants();
        if (!broken.isEmpty()) {
            throw new IllegalStateException("invariants broken " + when + ": " + broken);
        }
    }

    /**
     * Teardown check shared by every benchmark: no timed invocation may have failed. Allocates
     * nothing unless it throws: a trial's teardown runs inside the last measurement iteration, whose
     * allocation the gc profiler counts.
     */
    static void requireNoFailures(String benchmark, long n, long failures, long ops) {
        if (failures != 0) {
            throw new IllegalStateException(benchmark + " n=" + n + ": " + failures + " timed invocations (in "
                    + ops + " benchmark ops) did not return NoError; the error path was measured");
        }
        if (ops == 0) {
            throw new IllegalStateException(benchmark + " n=" + n + ": no benchmark op ran");
        }
    }

    /** Teardown check, allocation-free unless it throws: the cap in root slot {@code index} has no children left. */
    static void requireNoChildren(Kernel k, String benchmark, long n, long index) {
        int left = k.view().descendantCount(k.view().rootSlot(index));
        if (left != 0) {
            throw new IllegalStateException(benchmark + " n=" + n + ": " + left + " descendants left after revoke");
        }
    }
}
