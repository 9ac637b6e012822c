package org.capcheck.bench;

import static org.capcheck.bench.CapCore.D;
import static org.capcheck.bench.CapCore.ROOT;
import static org.capcheck.bench.CapCore.UT;

import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One op = n CNode_Mint invocations, each placing a badged copy (badge i + 1) of an original
 * endpoint cap in its own root slot, then CNode_Revoke of the original, restarted while it reports
 * preemption as a host would (the work budget is unlimited; cap-core preempts only to keep room in
 * the host-event queue). The root CNode has radix 13 (8192 slots) so that 4096 children fit.
 * The score is ns per whole mint+revoke cycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MintRevokeBenchmark {
    static final long ENDPOINT = 20;
    static final long FIRST_CHILD = 32;

    @Param({"1", "64", "4096"})
    int n;

    Kernel k;
    long failures;
    long ops;
    long restarts;

    @Setup(Level.Trial)
    public void boot() {
        k = CapCore.boot(13);
        CapCore.require(k, k.untypedRetype(UT, ObjectType.Endpoint, 0, ROOT, 0, 0, ENDPOINT, 1), "retype endpoint");
        cycle();
        if (failures != 0) {
            throw new IllegalStateException("the set-up cycle failed: " + k.lastError().error());
        }
        CapCore.requireNoChildren(k, "MintRevoke", n, ENDPOINT);
        CapCore.requireInvariants(k, "after set-up");
        System.out.printf("%n[MintRevoke n=%d] revoke restarts (preemptions) per op: %d%n", n, restarts);
        failures = 0;
        ops = 0;
        restarts = 0;
    }

    @Benchmark
    public long cycle() {
        ops++;
        Kernel k = this.k;
        long bad = 0;
        for (int i = 0; i < n; i++) {
            if (k.cnodeMint(ROOT, FIRST_CHILD + i, D, ROOT, ENDPOINT, D, Rights.ALL, i + 1) != SeL4Error.NoError) {
                bad++;
            }
        }
        SeL4Error e = k.cnodeRevoke(ROOT, ENDPOINT, D);
        long events = k.events().size();
        while (e == SeL4Error.NoError && k.wasPreempted()) {
            restarts++;
            e = k.cnodeRevoke(ROOT, ENDPOINT, D);
            events += k.events().size();
        }
        if (e != SeL4Error.NoError) {
            bad++;
        }
        failures += bad;
        return events + bad;
    }

    @TearDown(Level.Trial)
    public void check() {
        CapCore.requireNoFailures("MintRevoke", n, failures, ops);
        CapCore.requireNoChildren(k, "MintRevoke", n, ENDPOINT);
    }
}
