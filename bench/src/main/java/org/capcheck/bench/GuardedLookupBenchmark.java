package org.capcheck.bench;

import static org.capcheck.bench.CapCore.D;
import static org.capcheck.bench.CapCore.ROOT;
import static org.capcheck.bench.CapCore.UT;

import java.util.concurrent.TimeUnit;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One op = CNode_CancelBadgedSends on an endpoint cap four guarded CNodes down. The invoked cap is
 * CNode A (root slot 40, found by the 1-level lookup of the invoked CPtr); the operand (index, depth
 * 30) is resolved by seL4's resolveAddressBits through four levels, each with a non-zero guard:
 * <pre>
 *   A: guard 1010  (4 bits), radix 4 -> slot 3  holds B
 *   B: guard 01    (2 bits), radix 4 -> slot 5  holds C
 *   C: guard 110   (3 bits), radix 4 -> slot 9  holds D
 *   D: guard 10011 (5 bits), radix 4 -> slot 14 holds the endpoint (all rights)
 * </pre>
 * The guards were set with CNode_Mutate (data word = guard &lt;&lt; 6 | guard size). With no IPC
 * queues in cap-core a valid CancelBadgedSends changes nothing, so the op is the raw-entry path,
 * two lookups (five levels in all) and the decode checks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GuardedLookupBenchmark {
    static final long A = 40;

    Kernel k;
    long index;
    long depth;
    long failures;
    long ops;

    /** Appends a level (guard, then slot index within a radix-4 CNode) to the address built so far. */
    private void level(long guard, int guardBits, long slot) {
        index = (((index << guardBits) | guard) << 4) | slot;
        depth += guardBits + 4;
    }

    private static long guardData(long guard, int guardBits) {
        return (guard << 6) | guardBits;
    }

    @Setup(Level.Trial)
    public void build() {
        k = CapCore.boot(8);
        CapCore.require(k, k.untypedRetype(UT, ObjectType.CNode, 4, ROOT, 0, 0, 50, 4), "retype 4 CNodes");
        CapCore.require(k, k.untypedRetype(UT, ObjectType.Endpoint, 0, ROOT, 0, 0, 54, 1), "retype endpoint");
        CapCore.require(k, k.cnodeMutate(ROOT, A, D, ROOT, 50, D, guardData(0b1010, 4)), "A: guard 1010");
        level(0b1010, 4, 3);
        CapCore.require(k, k.cnodeMutate(A, index, depth, ROOT, 51, D, guardData(0b01, 2)), "B into A[3]");
        level(0b01, 2, 5);
        CapCore.require(k, k.cnodeMutate(A, index, depth, ROOT, 52, D, guardData(0b110, 3)), "C into B[5]");
        level(0b110, 3, 9);
        CapCore.require(k, k.cnodeMutate(A, index, depth, ROOT, 53, D, guardData(0b10011, 5)), "D into C[9]");
        level(0b10011, 5, 14);
        CapCore.require(k, k.cnodeCopy(A, index, depth, ROOT, 54, D, Rights.ALL), "endpoint into D[14]");
        if (depth != 30 || k.view().capAt(k.view().resolveSlot(A, index, depth)).type() != CapType.Endpoint) {
            throw new IllegalStateException("the 4-level address does not name the endpoint");
        }
        CapCore.require(k, k.cnodeCancelBadgedSends(A, index, depth), "cancel badged sends");
        CapCore.requireInvariants(k, "after set-up");
    }

    @Benchmark
    public int cancelBadgedSends() {
        ops++;
        SeL4Error e = k.cnodeCancelBadgedSends(A, index, depth);
        if (e != SeL4Error.NoError) {
            failures++;
        }
        return e.ordinal();
    }

    @TearDown(Level.Trial)
    public void check() {
        CapCore.requireNoFailures("GuardedLookup", 4, failures, ops);
    }
}
