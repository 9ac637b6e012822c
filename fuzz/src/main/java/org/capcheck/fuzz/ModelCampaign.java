package org.capcheck.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.StateSink;
import org.capcheck.fuzz.gen.Rng;

/**
 * A fuzz campaign over any state machine written as a capcheck-engine {@link Model}: where the model
 * checker explores every interleaving up to a bound, a campaign takes long random walks (an enabled
 * action drawn at each step, by weight), checks every {@code always} property after every step, and
 * shrinks a violating walk to a short one (delta debugging over its actions). Entry point:
 * {@link Campaign#over(Model)}:
 *
 * <pre>{@code
 * Campaign.over(new MyMachine()).seed(1).steps(10_000).assertNoFailure();
 * }</pre>
 *
 * <p>Actions are named by {@link Model#describeAction}: a shrunk walk is a list of names, and replaying it
 * ({@link #replay(Model, List)}) takes at each step the enabled action of that name (a name no enabled
 * action has is skipped). So a reproducer is a list of strings a user can paste into a regression test.
 * A property whose check throws is violated there, as in the checker; so is an action whose
 * {@link Model#next} throws, and, when the model {@link Model#checksDeadlock() checks deadlock}, a state
 * with no enabled action. The campaign is determined by the model, its seed and its options.
 *
 * @param <S> the state type
 * @param <A> the action type
 */
public final class ModelCampaign<S, A> {
    /** What a walk counts as its violation when {@link Model#next} throws. */
    static final String THREW = "next() threw";
    /** ... and when no action is enabled in a model that checks deadlock. */
    static final String DEADLOCK = "deadlock (no action enabled)";

    private final Model<S, A> model;
    private long seed = 1;
    private long steps = 10_000;
    private int runLength = 100;
    private int shrinkLimit = 20_000;
    private ToIntFunction<? super A> weight = a -> 1;

    ModelCampaign(Model<S, A> model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** The seed of every random choice (default 1). */
    public ModelCampaign<S, A> seed(long s) {
        this.seed = s;
        return this;
    }

    /** The budget: steps over all walks (default 10,000). */
    public ModelCampaign<S, A> steps(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("steps must be at least 1, not " + n);
        }
        this.steps = n;
        return this;
    }

    /** Steps of one walk before the next starts from an initial state (default 100). */
    public ModelCampaign<S, A> runLength(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("runLength must be at least 1, not " + n);
        }
        this.runLength = n;
        return this;
    }

    /** The most re-runs shrinking may make (default 20,000). */
    public ModelCampaign<S, A> shrinkLimit(int n) {
        this.shrinkLimit = Math.max(0, n);
        return this;
    }

    /**
     * How often each enabled action is drawn relative to the others (default: all alike); 0 never,
     * unless every enabled action weighs 0 (then all alike). For a message-passing system this is the
     * scheduler: weigh deliveries against new requests.
     */
    public ModelCampaign<S, A> weights(ToIntFunction<? super A> w) {
        this.weight = Objects.requireNonNull(w, "weights");
        return this;
    }

    /** Runs the campaign. */
    public Result run() {
        return run(new Stop(steps, -1), null);
    }

    /**
     * Runs the campaign and throws an {@link AssertionError} when it finds a violation; the message is
     * {@link Failure#report()}: the property, the shrunk walk, its last state, and how to replay it.
     */
    public Result assertNoFailure() {
        Result r = run();
        if (r.failure() != null) {
            throw new AssertionError(r.failure().report());
        }
        return r;
    }

    /**
     * Runs the campaign and hands back the failure it finds; throws an {@link AssertionError} when there
     * is none (for tests that seed a bug and must see it caught).
     */
    public Failure assertFails() {
        Result r = run();
        if (r.failure() == null) {
            throw new AssertionError("no property was violated in " + r.steps() + " steps (" + r.runs()
                    + " walks, seed " + seed + ")");
        }
        return r.failure();
    }

    /** What a campaign did: steps, walks, distinct states by fingerprint, and the failure or null. */
    public record Result(long steps, long runs, long distinctStates, Failure failure) {
    }

    /**
     * A violation, shrunk.
     *
     * @param property      the violated property (or {@code next() threw ...}, or deadlock)
     * @param seed          the campaign's seed
     * @param foundAfter    the steps the campaign had taken when it saw it
     * @param originalSteps the length of the violating walk before shrinking
     * @param initial       the index of the initial state the walk starts from
     * @param actions       the shrunk walk, by action name
     * @param lastState     the fields of the violating state ({@link Model#describe})
     * @param explanation   the model's explanation ({@link Model#explain}), possibly empty
     */
    public record Failure(String property, long seed, long foundAfter, int originalSteps, int initial,
                          List<String> actions, java.util.Map<String, String> lastState, List<String> explanation) {
        public Failure {
            actions = List.copyOf(actions);
            lastState = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lastState));
            explanation = List.copyOf(explanation);
        }

        /** The text for people (an assertion's message): the property, the shrunk walk and how to replay it. */
        public String report() {
            StringBuilder b = new StringBuilder();
            b.append("property violated: ").append(property).append('\n');
            b.append(String.format("found by campaign seed %d after %,d steps; shrunk from %d to %d steps%s:%n", seed,
                    foundAfter, originalSteps, actions.size(), initial == 0 ? "" : " from initial state " + initial));
            for (int i = 0; i < actions.size(); i++) {
                b.append("  ").append(i + 1).append(". ").append(actions.get(i)).append('\n');
            }
            b.append("state after the last step:\n");
            lastState.forEach((k, v) -> b.append("  ").append(k).append(" = ").append(v).append('\n'));
            for (String line : explanation) {
                b.append("  ").append(line).append('\n');
            }
            b.append("reproducer (replays the walk; paste it into a regression test):\n  ModelCampaign.replay(model, ")
                    .append(initial == 0 ? "" : initial + ", ").append("List.of(");
            for (int i = 0; i < actions.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(quote(actions.get(i)));
            }
            return b.append("))\n").toString();
        }

        private static String quote(String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    /** What re-running a walk showed: its first violation (or none) and the actions it could take. */
    static final class Walk<S, A> {
        final List<A> taken = new ArrayList<>();
        final List<String> takenNames = new ArrayList<>();
        S last;
        S beforeLast;
        String violated;
        int violatedAt = -1;
    }

    /**
     * Re-runs a walk from the first initial state: the property it violates, or null when every step keeps
     * every property.
     */
    public static <S, A> String replay(Model<S, A> model, List<String> actions) {
        return replay(model, 0, actions);
    }

    /** Re-runs a walk from initial state number {@code initial}; see {@link #replay(Model, List)}. */
    public static <S, A> String replay(Model<S, A> model, int initial, List<String> actions) {
        return walk(model, initial, actions).violated;
    }

    static <S, A> Walk<S, A> walk(Model<S, A> model, int initial, List<String> names) {
        Walk<S, A> w = new Walk<>();
        List<Property<S>> always = alwaysProperties(model);
        S s = model.initialStates().get(initial);
        w.last = s;
        w.violated = violated(always, s);
        if (w.violated != null) {
            return w;
        }
        List<A> enabled = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            enabled.clear();
            model.actions(s, enabled);
            A chosen = null;
            for (A a : enabled) {
                if (model.describeAction(a).equals(names.get(i))) {
                    chosen = a;
                    break;
                }
            }
            if (chosen == null) {
                continue; // not enabled here: the walk skips it
            }
            S next;
            try {
                next = model.next(s, chosen);
            } catch (RuntimeException e) {
                w.taken.add(chosen);
                w.takenNames.add(names.get(i));
                w.violated = THREW + " " + e;
                w.violatedAt = i;
                return w;
            }
            if (next == null) {
                continue;
            }
            w.taken.add(chosen);
            w.takenNames.add(names.get(i));
            w.beforeLast = s;
            s = next;
            w.last = s;
            w.violated = violated(always, s);
            if (w.violated == null && model.checksDeadlock()) {
                enabled.clear();
                model.actions(s, enabled);
                if (enabled.isEmpty()) {
                    w.violated = DEADLOCK;
                }
            }
            if (w.violated != null) {
                w.violatedAt = i;
                return w;
            }
        }
        return w;
    }

    static <S> List<Property<S>> alwaysProperties(Model<S, ?> model) {
        List<Property<S>> out = new ArrayList<>();
        for (Property<S> p : model.properties()) {
            if (p.kind() == Property.Kind.ALWAYS) {
                out.add(p);
            }
        }
        return out;
    }

    /** The first always property {@code s} violates, or null; a check that throws is violated. */
    static <S> String violated(List<Property<S>> always, S s) {
        for (int i = 0; i < always.size(); i++) {
            Property<S> p = always.get(i);
            boolean holds;
            try {
                holds = p.test(s);
            } catch (RuntimeException e) {
                holds = false;
            }
            if (!holds) {
                return p.name();
            }
        }
        return null;
    }

    /** Called for each step a campaign takes (the multikernel target counts them in its statistics). */
    interface Listener<S, A> {
        void step(A action, S after, long fingerprint);

        void walk();
    }

    /** Runs until {@code stop} says so or a violation is found. */
    Result run(Stop stop, Listener<S, A> listener) {
        Rng rng = new Rng(seed);
        List<Property<S>> always = alwaysProperties(model);
        List<S> initial = model.initialStates();
        FingerprintSet fingerprints = new FingerprintSet();
        Hasher hasher = new Hasher();
        List<A> enabled = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long taken = 0;
        long runs = 0;
        int[] weights = new int[16];
        while (!stop.reached(taken)) {
            runs++;
            if (listener != null) {
                listener.walk();
            }
            int init = initial.size() == 1 ? 0 : rng.nextInt(initial.size());
            S s = initial.get(init);
            String bad = violated(always, s);
            if (bad != null) {
                return new Result(taken, runs, fingerprints.size(),
                        new Failure(bad, seed, taken, 0, init, List.of(), model.describe(s), model.explain(bad, null, s)));
            }
            names.clear();
            for (int step = 0; step < runLength && !stop.reached(taken); step++) {
                enabled.clear();
                model.actions(s, enabled);
                if (enabled.isEmpty()) {
                    if (model.checksDeadlock()) {
                        return found(DEADLOCK, init, names, taken, runs, fingerprints);
                    }
                    break;
                }
                A a = draw(rng, enabled, weights);
                names.add(model.describeAction(a));
                taken++;
                S next;
                try {
                    next = model.next(s, a);
                } catch (RuntimeException e) {
                    return found(THREW + " " + e, init, names, taken, runs, fingerprints);
                }
                if (next == null) {
                    names.remove(names.size() - 1);
                    continue;
                }
                s = next;
                hasher.reset();
                model.encode(s, hasher);
                long fp = hasher.hash();
                fingerprints.add(fp);
                if (listener != null) {
                    listener.step(a, s, fp);
                }
                bad = violated(always, s);
                if (bad != null) {
                    return found(bad, init, names, taken, runs, fingerprints);
                }
            }
        }
        return new Result(taken, runs, fingerprints.size(), null);
    }

    private A draw(Rng rng, List<A> enabled, int[] weights) {
        int n = enabled.size();
        if (weights.length < n) {
            weights = new int[n];
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.max(0, weight.applyAsInt(enabled.get(i)));
            total += weights[i];
        }
        if (total == 0) {
            return enabled.get(rng.nextInt(n));
        }
        long r = Long.remainderUnsigned(rng.nextLong(), total);
        for (int i = 0; i < n; i++) {
            r -= weights[i];
            if (r < 0) {
                return enabled.get(i);
            }
        }
        return enabled.get(n - 1);
    }

    private Result found(String property, int init, List<String> names, long taken, long runs, FingerprintSet fps) {
        List<String> original = List.copyOf(names);
        // A throw's message names the exception: keep any throw of the same exception class.
        String wanted = property.startsWith(THREW) ? property.split(":")[0] : property;
        Shrinker<String> shrinker = new Shrinker<>(seq -> {
            Walk<S, A> w = walk(model, init, seq);
            return w.violated == null ? null : new Violation(w.violatedAt, Violation.Kind.PROPERTY, w.violated);
        }, step -> List.of(), v -> v.message().startsWith(wanted), shrinkLimit);
        List<String> shrunk = earlierActions(init, shrinker.shrink(original), wanted, shrinker);
        Walk<S, A> w = walk(model, init, shrunk);
        if (w.violated == null) { // not reproducible on its own (cannot happen for a deterministic model)
            w = walk(model, init, original);
        }
        String violatedNow = w.violated == null ? property : w.violated;
        return new Result(taken, runs, fps.size(), new Failure(violatedNow, seed, taken, original.size(), init,
                w.takenNames, model.describe(w.last), safeExplain(violatedNow, w.beforeLast, w.last)));
    }

    /**
     * The second half of shrinking a walk: removing a step can change what later steps mean (in a model
     * whose actions name things by creation order, say), so delta debugging alone may stop at a walk that
     * is 1-minimal but not short. Each step is replaced, while the same violation stays, by an action
     * enabled there that comes earlier in the model's own order of actions (so this ends), and the walk
     * is delta-debugged again after each round that changed something.
     */
    private List<String> earlierActions(int init, List<String> seq, String wanted, Shrinker<String> shrinker) {
        List<A> enabled = new ArrayList<>();
        int tests = 0;
        for (int round = 0; round < 4; round++) {
            boolean changed = false;
            for (int i = 0; i < seq.size() && tests < shrinkLimit; i++) {
                Walk<S, A> prefix = walk(model, init, seq.subList(0, i));
                if (prefix.violated != null) {
                    break;
                }
                enabled.clear();
                model.actions(prefix.last, enabled);
                List<String> names = new ArrayList<>();
                for (A a : enabled) {
                    names.add(model.describeAction(a));
                }
                int current = names.indexOf(seq.get(i));
                for (int j = 0; j < current && tests < shrinkLimit; j++) {
                    List<String> trial = new ArrayList<>(prefix.takenNames);
                    trial.add(names.get(j));
                    trial.addAll(seq.subList(i + 1, seq.size()));
                    tests++;
                    Walk<S, A> w = walk(model, init, trial);
                    if (w.violated != null && w.violated.startsWith(wanted)) {
                        seq = w.takenNames;
                        changed = true;
                        break;
                    }
                }
            }
            if (!changed) {
                break;
            }
            seq = shrinker.shrink(seq);
        }
        return seq;
    }

    private List<String> safeExplain(String property, S before, S after) {
        try {
            return model.explain(property, before, after);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** FNV-1a over the words a state encodes to, then a final mix: its 64-bit fingerprint. */
    static final class Hasher implements StateSink {
        private long h;

        void reset() {
            h = 0xcbf29ce484222325L;
        }

        @Override
        public void putLong(long word) {
            h = (h ^ word) * 0x100000001b3L;
            h = Long.rotateLeft(h, 29);
        }

        long hash() {
            long x = h ^ (h >>> 33);
            x *= 0xff51afd7ed558ccdL;
            return x ^ (x >>> 33);
        }
    }
}
