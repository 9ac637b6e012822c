package org.capcheck.proofs;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Expr;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import com.microsoft.z3.UninterpretedSort;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Operation;
import org.capcheck.core.UntypedRegion;
import org.capcheck.proofs.encoding.CapTerm;
import org.capcheck.proofs.encoding.ConcreteState;
import org.capcheck.proofs.encoding.Invariant;
import org.capcheck.proofs.encoding.Smt;
import org.capcheck.proofs.encoding.Step;
import org.capcheck.proofs.encoding.SymbolicState;
import org.capcheck.proofs.encoding.Transitions;
import org.capcheck.proofs.encoding.Variant;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * Discharges obligations with Z3. A preservation obligation asserts every assumed invariant of a
 * state, the transition to the next, and the negation of the invariant there: unsatisfiable means
 * proved. It is first asked over the uninterpreted slot sort (every number of slots); if Z3 answers
 * unknown (quantifiers it cannot decide) or runs out of time, it is asked again with at most
 * {@link Settings#bound} slots (one check covers every size up to the bound), and reported as
 * "proved up to N" if that holds. A satisfiable answer is a counterexample, decoded into a state and
 * an invocation.
 */
public final class Prover {

    /**
     * @param variant       the transition relation (the specification's, or a deliberately broken one)
     * @param assumed       the invariants assumed before the step (all of them normally; fewer to show a weaker set fails)
     * @param bound         the slot bound for the fallback
     * @param timeoutMillis per check
     * @param boot          the boot configuration for the boot obligations
     * @param classifyDepth how many steps from boot bounded model checking searches to classify a
     *                      counterexample ({@link Classifier}); 0 leaves them unclassified
     */
    public record Settings(Variant variant, Set<Invariant> assumed, int bound, int timeoutMillis, BootConfig boot,
                           int classifyDepth) {
        public static Settings defaults() {
            return new Settings(Variant.SPEC, EnumSet.allOf(Invariant.class), 4, 20_000, defaultBoot(), 0);
        }

        public Settings withVariant(Variant v) {
            return new Settings(v, assumed, bound, timeoutMillis, boot, classifyDepth);
        }

        public Settings withAssumed(Set<Invariant> a) {
            return new Settings(variant, a, bound, timeoutMillis, boot, classifyDepth);
        }

        public Settings withTimeoutMillis(int t) {
            return new Settings(variant, assumed, bound, t, boot, classifyDepth);
        }

        public Settings withBound(int b) {
            return new Settings(variant, assumed, b, timeoutMillis, boot, classifyDepth);
        }

        public Settings withClassifyDepth(int d) {
            return new Settings(variant, assumed, bound, timeoutMillis, boot, d);
        }
    }

    /** A small system: a root CNode of 32 slots, a 16 KiB untyped and a 4 KiB device untyped, IRQs 0..3. */
    public static BootConfig defaultBoot() {
        return BootConfig.defaults().withRootCNodeBits(5)
                .withUntyped(List.of(new UntypedRegion(0x100000, 14, false), new UntypedRegion(0x200000, 12, true)))
                .withMaxIrq(3);
    }

    private final Settings settings;

    public Prover(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Proves the obligations in order; progress lines (one per obligation) go to {@code progress}. */
    public List<Result> prove(List<Obligation> obligations, Consumer<String> progress) {
        Map<Operation, List<Obligation>> byOp = new LinkedHashMap<>();
        List<Obligation> boot = new ArrayList<>();
        for (Obligation o : obligations) {
            if (o.kind() == Obligation.Kind.BOOT) {
                boot.add(o);
            } else {
                byOp.computeIfAbsent(o.op(), k -> new ArrayList<>()).add(o);
            }
        }
        Map<Obligation, Result> done = new LinkedHashMap<>();
        if (!boot.isEmpty()) {
            for (Result r : proveBoot(boot)) {
                done.put(r.obligation(), r);
                synchronized (progress) {
                    progress.accept(line(r));
                }
            }
        }
        // one task per operation, each with its own Z3 contexts, on as many threads as there are cores
        int threads = Math.max(1, Math.min(byOp.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Result>>> tasks = new ArrayList<>();
            for (Map.Entry<Operation, List<Obligation>> e : byOp.entrySet()) {
                tasks.add(pool.submit(() -> proveStep(e.getKey(), e.getValue(), progress)));
            }
            for (Future<List<Result>> t : tasks) {
                for (Result r : t.get()) {
                    done.put(r.obligation(), r);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Result> out = new ArrayList<>();
        for (Obligation o : obligations) {
            out.add(done.get(o));
        }
        return out;
    }

    private static String line(Result r) {
        return r.obligation().name() + ": " + r.outcomeText() + " (" + r.millis() + " ms)";
    }

    private Solver solver(Smt z) {
        return solver(z, settings.timeoutMillis);
    }

    private static Solver solver(Smt z, int timeoutMillis) {
        Solver s = z.ctx.mkSolver();
        Params p = z.ctx.mkParams();
        p.add("timeout", timeoutMillis);
        s.setParameters(p);
        return s;
    }

    /**
     * The unbounded attempt's share of the time: a quarter, at most {@link #UNBOUNDED_MILLIS}. Z3 either
     * proves an unbounded obligation quickly or not at all; the rest goes to the bounded proof.
     */
    private int unboundedMillis() {
        return Math.max(1, Math.min(UNBOUNDED_MILLIS, settings.timeoutMillis / 4));
    }

    /** The most time the unbounded attempt of one obligation gets. */
    public static final int UNBOUNDED_MILLIS = 1500;

    // ---------------------------------------------------------------------------------------

    private List<Result> proveBoot(List<Obligation> obligations) {
        List<Result> out = new ArrayList<>();
        try (Smt z = new Smt()) {
            SpecState boot = new CapSpec(settings.boot).boot();
            List<BoolExpr> facts = new ArrayList<>();
            Map<Slot, Expr<UninterpretedSort>> u = ConcreteState.universe(z, boot.caps().keySet(), facts);
            SymbolicState s = new SymbolicState(z, "boot");
            facts.addAll(ConcreteState.describe(z, s, boot, u, true));
            Solver solver = solver(z);
            solver.add(facts.toArray(new BoolExpr[0]));
            for (Obligation o : obligations) {
                long t0 = System.nanoTime();
                solver.push();
                solver.add(z.not(o.invariant().holds(z, s)));
                Status st = solver.check();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Result r;
                if (st == Status.UNSATISFIABLE) {
                    r = new Result(o, Outcome.PROVED, 0, ms, "the boot state (concrete)", null);
                } else if (st == Status.SATISFIABLE) {
                    r = new Result(o, Outcome.COUNTEREXAMPLE, 0, ms, "the boot state breaks it:\n" + boot,
                            new Counterexample(o, boot, null, null, List.of(), Counterexample.Kind.BOOT, ""));
                } else {
                    r = unknown(o, 0, ms, solver.getReasonUnknown());
                }
                solver.pop();
                out.add(r);
            }
        }
        return out;
    }

    private Result unknown(Obligation o, int bound, long ms, String reason) {
        Outcome oc = reason != null && (reason.contains("timeout") || reason.contains("canceled"))
                ? Outcome.TIMEOUT : Outcome.UNKNOWN;
        return new Result(o, oc, bound, ms, "Z3: " + reason, null);
    }

    /** The hypothesis of every obligation of one operation: assumed invariants, the step. */
    private static final class Frame {
        final Smt z;
        final SymbolicState pre;
        final SymbolicState post;
        final Step step;
        final List<BoolExpr> hypothesis = new ArrayList<>();

        Frame(Smt z, Operation op, Settings settings) {
            this.z = z;
            pre = new SymbolicState(z, "s");
            post = new SymbolicState(z, "t");
            step = new Transitions(z, settings.variant).step(op, pre, post);
            hypothesis.add(z.slotsArePlaces());
            for (Invariant i : settings.assumed) {
                hypothesis.add(i.holds(z, pre));
            }
            hypothesis.add(step.relation());
        }
    }

    private List<Result> proveStep(Operation op, List<Obligation> obligations, Consumer<String> progress) {
        List<Result> out = new ArrayList<>();
        try (Smt z = new Smt(); BoundedFrames bf = new BoundedFrames(op)) {
            Frame f = new Frame(z, op, settings);
            Solver unbounded = solver(z, unboundedMillis());
            unbounded.add(f.hypothesis.toArray(new BoolExpr[0]));
            for (Obligation o : obligations) {
                long t0 = System.nanoTime();
                BoolExpr goal = goal(f, o);
                unbounded.push();
                unbounded.add(z.not(goal));
                Status st = unbounded.check();
                Result r;
                if (st == Status.UNSATISFIABLE) {
                    r = new Result(o, Outcome.PROVED, 0, ms(t0), "every number of slots", null);
                } else if (st == Status.SATISFIABLE) {
                    r = counterexample(o, f, unbounded.getModel(), 0, ms(t0));
                } else {
                    r = proveBounded(bf, o, unbounded.getReasonUnknown(), t0);
                }
                unbounded.pop();
                out.add(r);
                synchronized (progress) {
                    progress.accept(line(r));
                }
            }
        }
        return out;
    }

    /** Bounded encodings of one operation, one per number of slots, built on first use and reused. */
    private final class BoundedFrames implements AutoCloseable {
        final Operation op;
        final Smt[] contexts = new Smt[settings.bound + 1];
        final Frame[] frames = new Frame[settings.bound + 1];
        final Solver[] solvers = new Solver[settings.bound + 1];

        BoundedFrames(Operation op) {
            this.op = op;
        }

        Solver solver(int n) {
            if (solvers[n] == null) {
                contexts[n] = new Smt(n);
                frames[n] = new Frame(contexts[n], op, settings);
                solvers[n] = Prover.this.solver(contexts[n]);
                solvers[n].add(frames[n].hypothesis.toArray(new BoolExpr[0]));
                solvers[n].add(contexts[n].domainAxioms());
            }
            return solvers[n];
        }

        @Override
        public void close() {
            for (Smt z : contexts) {
                if (z != null) {
                    z.close();
                }
            }
        }
    }

    /** Every number of slots from 1 to the bound, each as an expanded (quantifier-free over slots) problem. */
    private Result proveBounded(BoundedFrames b, Obligation o, String why, long t0) {
        for (int n = 1; n <= settings.bound; n++) {
            Solver s = b.solver(n);
            s.push();
            try {
                s.add(b.contexts[n].not(goal(b.frames[n], o)));
                Status st = s.check();
                if (st == Status.SATISFIABLE) {
                    return counterexample(o, b.frames[n], s.getModel(), n, ms(t0));
                }
                if (st != Status.UNSATISFIABLE) {
                    return unknown(o, n, ms(t0), "unbounded " + why + "; with " + n + " slots " + s.getReasonUnknown());
                }
            } finally {
                s.pop();
            }
        }
        return new Result(o, Outcome.PROVED_UP_TO, settings.bound, ms(t0),
                "unbounded: Z3 " + why + "; proved for every state of 1.." + settings.bound + " slots", null);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private Result counterexample(Obligation o, Frame f, Model m, int bound, long ms) {
        Counterexample c = Counterexample.decode(o, f.z, m, f.pre, f.post, f.step);
        if (settings.classifyDepth > 0) {
            c = new Classifier(settings.variant, settings.boot, settings.classifyDepth, 3).classify(c);
        }
        return new Result(o, Outcome.COUNTEREXAMPLE, bound, ms, c.describe(), c);
    }

    private static BoolExpr goal(Frame f, Obligation o) {
        Smt z = f.z;
        if (o.kind() == Obligation.Kind.PRESERVATION) {
            return o.invariant().holds(z, f.post);
        }
        Step st = f.step;
        SymbolicState s = f.pre;
        SymbolicState t = f.post;
        Expr<UninterpretedSort> x = z.var("x");
        Expr<UninterpretedSort> y = z.var("y");
        switch (o.property()) {
            case REVOKE_REMOVES_DESCENDANTS:
                return z.implies(st.succeeds(), z.forall(x, z.and(z.not(t.ancestor(st.src, x)),
                        z.not(t.childOf(x, st.src)))));
            case COPY_WITHIN_PARENT:
            case MINT_WITHIN_PARENT: {
                CapTerm src = s.cap(st.src);
                CapTerm made = t.cap(st.dest);
                return z.implies(st.succeeds(), z.and(
                        z.eq(z.ctx.mkBVAND(made.rights(), z.ctx.mkBVNot(src.rights())), z.rights(0)),
                        z.implies(src.physical(z), src.covers(z, made))));
            }
            case RETYPE_FRESH_OBJECTS:
            default:
                return z.implies(st.succeeds(), z.forall(java.util.List.of(x, y), z.implies(
                        z.and(st.isNew(z, x), z.neq(x, y), t.cap(y).objectCap(z)),
                        z.not(t.cap(x).overlaps(z, t.cap(y))))));
        }
    }
}
