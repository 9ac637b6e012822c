package org.capcheck.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Negative control for the gc profiler: burns CPU with {@link Blackhole#consumeCPU}, which allocates
 * nothing. Whatever gc.alloc.rate.norm it reports is the harness's own background allocation
 * (JMH sums allocation over all Java threads of the fork), spread over the ops of one iteration; a
 * cap-core benchmark whose B/op matches this control at the same op duration allocates nothing itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ControlBenchmark {
    /** Roughly 100 ns and 0.5 ms of work. */
    @Param({"50", "250000"})
    long tokens;

    @Benchmark
    public void consumeCpu() {
        Blackhole.consumeCPU(tokens);
    }
}
