package org.capcheck.bench;

import java.util.concurrent.TimeUnit;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Report;
import org.capcheck.model.twophase.TwoPhaseCommit;
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

/**
 * The model checker's yardstick: exhausting two-phase commit through the public API. Each invocation is a
 * whole check (296,448 distinct states for 7 resource managers), so this measures the engine end to end:
 * successor generation, fingerprinting, the visited set and the breadth-first levels. The 10-manager run
 * in docs/PERFORMANCE.md is too long for JMH and is timed with the CLI instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class TwoPhaseCommitBenchmark {

    @Param({"7"})
    int rms;

    @Param({"1", "2"})
    int workers;

    @Benchmark
    public long exhaust() {
        Report<?, ?> report = Checker.of(new TwoPhaseCommit(rms)).workers(workers).bfs().run();
        if (!report.complete()) {
            throw new IllegalStateException("incomplete: " + report.stopReason());
        }
        return report.distinctStates();
    }
}
