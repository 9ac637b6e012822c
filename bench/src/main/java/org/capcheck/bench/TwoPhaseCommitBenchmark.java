package org.capcheck.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.capcheck.engine.Checker;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.Report;
import org.capcheck.engine.StateSink;
import org.capcheck.model.twophase.TwoPhaseAction;
import org.capcheck.model.twophase.TwoPhaseCommit;
import org.capcheck.model.twophase.TwoPhaseState;
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
 * in docs/PERFORMANCE.md is too long for JMH and is timed with the CLI instead. {@code path} chooses how
 * breadth-first search expands a state: "packed" through the model's {@code PackedModel} capability
 * (words in, words out), "objects" through {@code actions}, {@code next} and {@code encode} (the model
 * seen as a plain {@code Model}), so the difference is the per-state cost of the objects.
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

    @Param({"packed", "objects"})
    String path;

    @Benchmark
    public long exhaust() {
        TwoPhaseCommit model = new TwoPhaseCommit(rms);
        Report<?, ?> report = (path.equals("packed") ? Checker.of(model) : Checker.of(objectsOnly(model)))
                .workers(workers).bfs().run();
        if (!report.complete()) {
            throw new IllegalStateException("incomplete: " + report.stopReason());
        }
        return report.distinctStates();
    }

    /** Two-phase commit without its packed capability. */
    static Model<TwoPhaseState, TwoPhaseAction> objectsOnly(TwoPhaseCommit m) {
        return new Model<>() {
            @Override
            public List<TwoPhaseState> initialStates() {
                return m.initialStates();
            }

            @Override
            public void actions(TwoPhaseState s, List<TwoPhaseAction> actions) {
                m.actions(s, actions);
            }

            @Override
            public TwoPhaseState next(TwoPhaseState s, TwoPhaseAction a) {
                return m.next(s, a);
            }

            @Override
            public boolean decodes() {
                return true;
            }

            @Override
            public TwoPhaseState decode(long[] words, int from, int length) {
                return m.decode(words, from, length);
            }

            @Override
            public List<Property<TwoPhaseState>> properties() {
                return m.properties();
            }

            @Override
            public void encode(TwoPhaseState s, StateSink sink) {
                m.encode(s, sink);
            }
        };
    }
}
