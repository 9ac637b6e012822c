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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Revoke only, scored per descendant: the timed part is CNode_Revoke of an original endpoint cap
 * with n badged children (restarted while preempted, as a host would), and
 * {@code @OperationsPerInvocation(n)} divides the time by n.
 *
 * <p>How the state is rebuilt outside the timed part: a {@code Level.Invocation} set-up re-mints
 * the n children into the same kernel before every call. The alternative, a batch of kernel copies
 * prepared per iteration, was rejected: {@code Kernel.copy()} allocates the whole preallocated state
 * (megabytes), which the gc profiler would count against the benchmark (set-up runs on the
 * benchmark thread), and a batch of copies would fall out of cache. Re-minting allocates nothing,
 * so B/op stays exact. The cost of {@code Level.Invocation}: JMH takes two timestamps around every
 * call (tens of ns, spread over n descendants: under 1 ns per descendant at n = 64) and the set-up
 * leaves the children warm in cache, as they would be right after a host created them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RevokeBenchmark {
    static final long ENDPOINT = 20;
    static final long FIRST_CHILD = 32;

    /** A kernel whose root slot 20 holds an original endpoint cap with n badged children. */
    abstract static class Children {
        final int n;
        Kernel k;
        long failures;
        long ops;
        long restarts;
        long setupFailures;

        Children(int n) {
            this.n = n;
        }

        void boot() {
            k = CapCore.boot(13);
            CapCore.require(k, k.untypedRetype(UT, ObjectType.Endpoint, 0, ROOT, 0, 0, ENDPOINT, 1), "retype endpoint");
            mint();
            if (k.view().descendantCount(k.view().rootSlot(ENDPOINT)) != n) {
                throw new IllegalStateException("set-up made " + k.view().descendantCount(k.view().rootSlot(ENDPOINT)) + " children");
            }
            if (n <= 64) {
                // The full invariant check is superlinear in the derivation list: with 4096
                // siblings it takes minutes, so the large state is checked after its revoke only.
                CapCore.requireInvariants(k, "with the children");
            }
            if (revoke() != 0) {
                throw new IllegalStateException("the set-up revoke failed: " + k.lastError().error());
            }
            CapCore.requireNoChildren(k, "Revoke", n, ENDPOINT);
            CapCore.requireInvariants(k, "after the set-up revoke");
            System.out.printf("%n[Revoke n=%d] restarts (preemptions) per revoke: %d%n", n, restarts);
            ops = 0;
            restarts = 0;
        }

        /** Untimed: the n children, minted into empty slots (allocates nothing). */
        void mint() {
            for (int i = 0; i < n; i++) {
                if (k.cnodeMint(ROOT, FIRST_CHILD + i, D, ROOT, ENDPOINT, D, Rights.ALL, i + 1) != SeL4Error.NoError) {
                    setupFailures++;
                }
            }
        }

        /** Timed: revokes the children; returns 1 on failure. */
        int revoke() {
            ops++;
            SeL4Error e = k.cnodeRevoke(ROOT, ENDPOINT, D);
            while (e == SeL4Error.NoError && k.wasPreempted()) {
                restarts++;
                e = k.cnodeRevoke(ROOT, ENDPOINT, D);
            }
            if (e != SeL4Error.NoError) {
                failures++;
                return 1;
            }
            return 0;
        }

        void check() {
            CapCore.requireNoFailures("Revoke", n, failures, ops);
            if (setupFailures != 0) {
                throw new IllegalStateException("Revoke n=" + n + ": " + setupFailures + " set-up mints failed");
            }
            CapCore.requireNoChildren(k, "Revoke", n, ENDPOINT);
        }
    }

    @State(Scope.Thread)
    public static class Children64 extends Children {
        public Children64() {
            super(64);
        }

        @Setup(Level.Trial)
        public void setUpTrial() {
            boot();
        }

        @Setup(Level.Invocation)
        public void setUpInvocation() {
            mint();
        }

        @TearDown(Level.Trial)
        public void tearDownTrial() {
            check();
        }
    }

    @State(Scope.Thread)
    public static class Children4096 extends Children {
        public Children4096() {
            super(4096);
        }

        @Setup(Level.Trial)
        public void setUpTrial() {
            boot();
        }

        @Setup(Level.Invocation)
        public void setUpInvocation() {
            mint();
        }

        @TearDown(Level.Trial)
        public void tearDownTrial() {
            check();
        }
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public int revoke64(Children64 s) {
        return s.revoke();
    }

    @Benchmark
    @OperationsPerInvocation(4096)
    public int revoke4096(Children4096 s) {
        return s.revoke();
    }
}
