package org.capcheck.bench;

import static org.capcheck.bench.CapCore.D;
import static org.capcheck.bench.CapCore.ROOT;
import static org.capcheck.bench.CapCore.UT;

import java.util.concurrent.TimeUnit;
import org.capcheck.core.Kernel;
import org.capcheck.core.ObjectType;
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
 * One op = one Untyped_Retype creating n endpoints in root slots 32.., then CNode_Revoke of the
 * untyped, which deletes the n caps (each the last cap to its object, so each reports
 * OBJECT_DESTROYED). Because the untyped then has no children, the next op's Retype first resets it
 * (seL4's resetUntypedCap: ZERO_MEMORY in 256-byte chunks, each a preemption point), so that is part
 * of every op too. Both invocations are restarted while they report preemption, as a host would,
 * and the host-event count is returned. Root CNode radix 10; fan-out limit 256 (the default).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RetypeRevokeBenchmark {
    static final long FIRST = 32;

    @Param({"1", "64", "256"})
    int n;

    Kernel k;
    long failures;
    long ops;
    long restarts;

    @Setup(Level.Trial)
    public void boot() {
        k = CapCore.boot(10);
        cycle();
        restarts = 0;
        cycle(); // the second one resets the untyped, as every timed op does
        if (failures != 0) {
            throw new IllegalStateException("the set-up cycles failed: " + k.lastError().error());
        }
        CapCore.requireNoChildren(k, "RetypeRevoke", n, UT);
        CapCore.requireInvariants(k, "after set-up");
        System.out.printf("%n[RetypeRevoke n=%d] restarts (preemptions) per op: %d%n", n, restarts);
        failures = 0;
        ops = 0;
        restarts = 0;
    }

    @Benchmark
    public long cycle() {
        ops++;
        Kernel k = this.k;
        long bad = 0;
        SeL4Error e = k.untypedRetype(UT, ObjectType.Endpoint, 0, ROOT, 0, 0, FIRST, n);
        long events = k.events().size();
        while (e == SeL4Error.NoError && k.wasPreempted()) {
            restarts++;
            e = k.untypedRetype(UT, ObjectType.Endpoint, 0, ROOT, 0, 0, FIRST, n);
            events += k.events().size();
        }
        if (e != SeL4Error.NoError) {
            bad++;
        }
        e = k.cnodeRevoke(ROOT, UT, D);
        events += k.events().size();
        while (e == SeL4Error.NoError && k.wasPreempted()) {
            restarts++;
            e = k.cnodeRevoke(ROOT, UT, D);
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
        CapCore.requireNoFailures("RetypeRevoke", n, failures, ops);
        CapCore.requireNoChildren(k, "RetypeRevoke", n, UT);
    }
}
