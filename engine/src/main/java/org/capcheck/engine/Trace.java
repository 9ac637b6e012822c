package org.capcheck.engine;

import org.capcheck.json.JsonWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A behaviour of a model: an initial state, then each action with the state it led to. Each step carries
 * the state's named fields ({@link Model#describe}) and the fields the action changed.
 */
public final class Trace<S, A> {

    /** One state of the trace and the action that led to it ({@code null} for the initial state). */
    public static final class Step<S, A> {
        private final A action;
        private final String actionName;
        private final S state;
        private final Map<String, String> fields;
        private final Map<String, Change> changes;

        Step(A action, String actionName, S state, Map<String, String> fields, Map<String, Change> changes) {
            this.action = action;
            this.actionName = actionName;
            this.state = state;
            this.fields = fields;
            this.changes = changes;
        }

        /** The action taken, or null for the initial state. */
        public A action() {
            return action;
        }

        /** The action's name, or null for the initial state. */
        public String actionName() {
            return actionName;
        }

        public S state() {
            return state;
        }

        /** Every field of the state, in the model's order. */
        public Map<String, String> fields() {
            return fields;
        }

        /** The fields this step changed (empty for the initial state and for a step that changed nothing). */
        public Map<String, Change> changes() {
            return changes;
        }
    }

    /** A field's value before and after a step; either side is null when the field did not exist. */
    public static final class Change {
        private final String before;
        private final String after;

        Change(String before, String after) {
            this.before = before;
            this.after = after;
        }

        public String before() {
            return before;
        }

        public String after() {
            return after;
        }
    }

    private final List<Step<S, A>> steps;

    private Trace(List<Step<S, A>> steps) {
        this.steps = Collections.unmodifiableList(steps);
    }

    /** The trace from {@code initial} through {@code actions}, whose states are {@code states} (one more). */
    static <S, A> Trace<S, A> of(Model<S, A> model, List<S> states, List<A> actions) {
        if (states.size() != actions.size() + 1) {
            throw new IllegalArgumentException("a trace has one state more than actions");
        }
        List<Step<S, A>> steps = new ArrayList<>(states.size());
        Map<String, String> previous = fieldsOf(model, states.get(0));
        steps.add(new Step<>(null, null, states.get(0), previous, Map.of()));
        for (int i = 0; i < actions.size(); i++) {
            Map<String, String> fields = fieldsOf(model, states.get(i + 1));
            steps.add(new Step<>(actions.get(i), model.describeAction(actions.get(i)), states.get(i + 1), fields,
                    diff(previous, fields)));
            previous = fields;
        }
        return new Trace<>(steps);
    }

    private static <S> Map<String, String> fieldsOf(Model<S, ?> model, S state) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(model.describe(state)));
    }

    private static Map<String, Change> diff(Map<String, String> before, Map<String, String> after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (!Objects.equals(old, e.getValue())) {
                changes.put(e.getKey(), new Change(old, e.getValue()));
            }
        }
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                changes.put(e.getKey(), new Change(e.getValue(), null));
            }
        }
        return Collections.unmodifiableMap(changes);
    }

    public List<Step<S, A>> steps() {
        return steps;
    }

    /** The number of actions. */
    public int length() {
        return steps.size() - 1;
    }

    public S lastState() {
        return steps.get(steps.size() - 1).state();
    }

    /** The actions in order. */
    public List<A> actions() {
        List<A> actions = new ArrayList<>(length());
        for (int i = 1; i < steps.size(); i++) {
            actions.add(steps.get(i).action());
        }
        return actions;
    }

    /** The trace for people: every field of the initial state, then each action and what it changed. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("State 0 (initial):\n");
        for (Map.Entry<String, String> e : steps.get(0).fields().entrySet()) {
            out.append("    ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        }
        for (int i = 1; i < steps.size(); i++) {
            Step<S, A> step = steps.get(i);
            out.append("State ").append(i).append(" after ").append(step.actionName()).append(":\n");
            if (step.changes().isEmpty()) {
                out.append("    (no change)\n");
            }
            for (Map.Entry<String, Change> e : step.changes().entrySet()) {
                // A field that did not exist on one side (an empty slot, say) reads "(none)", not "null".
                out.append("    ").append(e.getKey()).append(": ").append(orNone(e.getValue().before()))
                        .append(" -> ").append(orNone(e.getValue().after())).append('\n');
            }
        }
        return out.toString();
    }

    private static String orNone(String value) {
        return value == null ? "(none)" : value;
    }

    /** Writes the trace as a JSON array of steps: {@code action}, {@code state} (all fields), {@code changes}. */
    void writeJson(JsonWriter json) {
        json.beginArray();
        for (Step<S, A> step : steps) {
            json.beginObject();
            json.name("action");
            if (step.actionName() == null) {
                json.nullValue();
            } else {
                json.value(step.actionName());
            }
            json.name("state").beginObject();
            for (Map.Entry<String, String> e : step.fields().entrySet()) {
                json.name(e.getKey()).value(e.getValue());
            }
            json.endObject();
            json.name("changes").beginObject();
            for (Map.Entry<String, Change> e : step.changes().entrySet()) {
                json.name(e.getKey()).beginObject();
                json.name("before");
                nullable(json, e.getValue().before());
                json.name("after");
                nullable(json, e.getValue().after());
                json.endObject();
            }
            json.endObject();
            json.endObject();
        }
        json.endArray();
    }

    private static void nullable(JsonWriter json, String value) {
        if (value == null) {
            json.nullValue();
        } else {
            json.value(value);
        }
    }
}
