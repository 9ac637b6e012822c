package org.capcheck.bench;

import static org.capcheck.bench.CapCore.D;
import static org.capcheck.bench.CapCore.ROOT;
import static org.capcheck.bench.CapCore.UT;

import java.util.concurrent.TimeUnit;
import org.capcheck.core.InvocationLabel;
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
 * One op = CNode_Copy of an endpoint cap into an empty root slot, then CNode_Delete of the copy:
 * two invocations, each with its CPtr lookups, decode checks and derivation-list update. The kernel
 * returns to the same state after every op, so the state is built once per trial.
 * {@link #typed} goes through the typed API, {@link #raw} through the raw entry {@code Kernel.invoke}
 * with the message words a syscall path would hold.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
public class CopyDeleteBenchmark {
    static final long ENDPOINT = 20;
    static final long COPY = 21;

    Kernel k;
    final long[] copyWords = {COPY, D, ENDPOINT, D, Rights.ALL};
    final long[] copyExtra = {ROOT};
    final long[] deleteWords = {COPY, D};
    long failures;
    long ops;

    @Setup(Level.Trial)
    public void boot() {
        k = CapCore.boot(8);
        CapCore.require(k, k.untypedRetype(UT, ObjectType.Endpoint, 0, ROOT, 0, 0, ENDPOINT, 1), "retype endpoint");
        // One op outside the timed part, checked, so a broken op fails here with its reason.
        CapCore.require(k, k.cnodeCopy(ROOT, COPY, D, ROOT, ENDPOINT, D, Rights.ALL), "copy");
        CapCore.require(k, k.cnodeDelete(ROOT, COPY, D), "delete");
        CapCore.requireInvariants(k, "after set-up");
    }

    @Benchmark
    public int typed() {
        ops++;
        SeL4Error c = k.cnodeCopy(ROOT, COPY, D, ROOT, ENDPOINT, D, Rights.ALL);
        SeL4Error d = k.cnodeDelete(ROOT, COPY, D);
        if (c != SeL4Error.NoError || d != SeL4Error.NoError) {
            failures++;
        }
        return c.ordinal() + d.ordinal();
    }

    @Benchmark
    public int raw() {
        ops++;
        SeL4Error c = k.invoke(ROOT, InvocationLabel.CNODE_COPY, copyWords, 5, copyExtra, 1);
        SeL4Error d = k.invoke(ROOT, InvocationLabel.CNODE_DELETE, deleteWords, 2, copyExtra, 0);
        if (c != SeL4Error.NoError || d != SeL4Error.NoError) {
            failures++;
        }
        return c.ordinal() + d.ordinal();
    }

    @TearDown(Level.Trial)
    public void check() {
        CapCore.requireNoFailures("CopyDelete", 1, failures, ops);
    }
}
