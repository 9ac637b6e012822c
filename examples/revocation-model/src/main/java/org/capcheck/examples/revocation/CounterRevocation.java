package org.capcheck.examples.revocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.capcheck.engine.Model;
import org.capcheck.engine.Property;
import org.capcheck.engine.StateSink;

/**
 * A revocation design other than seL4's, as a user of capcheck might want to check it: no derivation
 * tree walk at revoke time. Every cap remembers its parent and the parent's revocation counter at the
 * moment it was derived; revoking a cap just increments its counter. A cap is usable when it is the
 * root, or when its parent is usable and still has the counter the cap recorded. Revocation is O(1);
 * the price is that validity is checked lazily, through the ancestors.
 *
 * <p>The property that matters: after a revoke, nothing derived from the revoked cap before the revoke
 * is usable, however deep. {@link Variant#SHALLOW_CHECK} is a tempting optimisation that checks only
 * the immediate parent's counter; the model checker finds the grandchild it lets through.
 */
public final class CounterRevocation implements Model<CounterRevocation.State, CounterRevocation.Action> {

    /** How validity is decided. */
    public enum Variant {
        /** Check the recorded counter against every ancestor (correct). */
        TRANSITIVE_CHECK,
        /** Check only the immediate parent (broken). */
        SHALLOW_CHECK
    }

    /** Derive a new cap from cap {@code from}, or revoke cap {@code target}. */
    public record Action(boolean revoke, int cap) {
        @Override
        public String toString() {
            return (revoke ? "Revoke(" : "Derive(") + cap + ")";
        }
    }

    /**
     * Caps 0..n-1: {@code parent[i]} (-1 for the root), {@code recorded[i]} the parent's counter when
     * i was derived, {@code counter[i]} how often i was revoked, and {@code revokedAway[i]}: a ghost
     * flag, set when an ancestor of i was revoked after i was derived (so i must be unusable).
     *
     * <p>The state's identity is {@link #encode}: the checker never compares states with {@code equals}
     * (which, for a record of arrays, would compare the arrays' references), so nothing else need say
     * when two states are the same.
     */
    public record State(int[] parent, int[] recorded, int[] counter, boolean[] revokedAway) {
        int size() {
            return parent.length;
        }
    }

    private final int maxCaps;
    private final int maxRevocations;
    private final Variant variant;

    public CounterRevocation(int maxCaps, int maxRevocations, Variant variant) {
        this.maxCaps = maxCaps;
        this.maxRevocations = maxRevocations;
        this.variant = variant;
    }

    @Override
    public List<State> initialStates() {
        return List.of(new State(new int[] {-1}, new int[] {0}, new int[] {0}, new boolean[] {false}));
    }

    @Override
    public void actions(State s, List<Action> actions) {
        for (int i = 0; i < s.size(); i++) {
            if (s.size() < maxCaps && usable(s, i)) {
                actions.add(new Action(false, i));
            }
            if (s.counter()[i] < maxRevocations) {
                actions.add(new Action(true, i));
            }
        }
    }

    @Override
    public State next(State s, Action a) {
        int n = s.size();
        if (a.revoke()) {
            int[] counter = s.counter().clone();
            counter[a.cap()]++;
            boolean[] away = s.revokedAway().clone();
            for (int i = 0; i < n; i++) {
                if (isDescendant(s, a.cap(), i)) {
                    away[i] = true;
                }
            }
            return new State(s.parent(), s.recorded(), counter, away);
        }
        int[] parent = java.util.Arrays.copyOf(s.parent(), n + 1);
        int[] recorded = java.util.Arrays.copyOf(s.recorded(), n + 1);
        int[] counter = java.util.Arrays.copyOf(s.counter(), n + 1);
        boolean[] away = java.util.Arrays.copyOf(s.revokedAway(), n + 1);
        parent[n] = a.cap();
        recorded[n] = s.counter()[a.cap()];
        return new State(parent, recorded, counter, away);
    }

    /** Whether cap i may be used, as the design decides it. */
    public boolean usable(State s, int i) {
        int p = s.parent()[i];
        if (p < 0) {
            return true;
        }
        boolean parentStill = s.recorded()[i] == s.counter()[p];
        return variant == Variant.SHALLOW_CHECK ? parentStill : parentStill && usable(s, p);
    }

    private static boolean isDescendant(State s, int ancestor, int i) {
        for (int p = s.parent()[i]; p >= 0; p = s.parent()[p]) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Property<State>> properties() {
        return List.of(
                Property.always("revoked caps are unusable", s -> {
                    for (int i = 0; i < s.size(); i++) {
                        if (s.revokedAway()[i] && usable(s, i)) {
                            return false;
                        }
                    }
                    return true;
                }),
                Property.sometimes("a grandchild is revoked away", s -> {
                    for (int i = 0; i < s.size(); i++) {
                        int p = s.parent()[i];
                        if (s.revokedAway()[i] && p >= 0 && s.parent()[p] >= 0) {
                            return true;
                        }
                    }
                    return false;
                }));
    }

    @Override
    public void encode(State s, StateSink sink) {
        sink.putInt(s.size());
        for (int i = 0; i < s.size(); i++) {
            sink.putInt(s.parent()[i]);
            sink.putInt(s.recorded()[i]);
            sink.putInt(s.counter()[i]);
            sink.putBoolean(s.revokedAway()[i]);
        }
    }

    @Override
    public Map<String, String> describe(State s) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < s.size(); i++) {
            fields.put("cap" + i, "parent=" + s.parent()[i] + " recorded=" + s.recorded()[i] + " counter="
                    + s.counter()[i] + (usable(s, i) ? " usable" : " unusable")
                    + (s.revokedAway()[i] ? " revoked-away" : ""));
        }
        return fields;
    }
}
