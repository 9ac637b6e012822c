package org.capcheck.model.multikernel;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.engine.Trace;
import org.capcheck.json.JsonWriter;
import org.capcheck.multikernel.Message;
import org.capcheck.multikernel.Ops;

/**
 * A trace of the multikernel model as the message sequence between cores: one lane per core (text), the same
 * as JSON, and as captrace v2 lines (docs/captrace-v2.md). A trace found under symmetry reduction holds
 * canonical states whose core names may change from step to step; it is first replayed from the boot state
 * with concrete names.
 */
public final class MessageSequence {
    private static final int LANE = 44;

    /** One step: the acting core and what happened there. */
    public static final class Step {
        final MultikernelAction action;
        final MultikernelModel.StepLog log;

        Step(MultikernelAction action, MultikernelModel.StepLog log) {
            this.action = action;
            this.log = log;
        }

        public MultikernelAction action() {
            return action;
        }

        /** The lines of the acting core's lane for this step. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            if (action.kind() == MultikernelAction.Kind.INVOKE) {
                out.add("app: " + Ops.opName(action.op()) + " " + Ops.kindName(action.capKind())
                        + (action.op() == Ops.COPY ? " to c" + action.arg() : ""));
            } else {
                out.add("<- c" + action.from() + " " + Message.describe(log.received));
            }
            for (int[] send : log.sends) {
                out.add("-> c" + send[0] + " " + Message.describe(send[1]));
            }
            for (int[] done : log.completions) {
                out.add("done " + Ops.opName(done[0]) + " " + Ops.kindName(done[1]) + ": " + Ops.resultName(done[2]));
            }
            for (int[] event : log.events) {
                out.add(event[0] == Ops.EVENT_CLEANUP ? "cleanup " + Ops.kindName(event[1])
                        : event[0] == Ops.EVENT_CREATED ? "created " + Ops.kindName(event[1]) : "PANIC");
            }
            return out;
        }
    }

    private final MultikernelModel model;
    private final List<Step> steps;

    private MessageSequence(MultikernelModel model, List<Step> steps) {
        this.model = model;
        this.steps = steps;
    }

    /** The message sequence of {@code trace}, replayed with concrete core names. */
    public static MessageSequence of(MultikernelModel model, Trace<MultikernelState, MultikernelAction> trace) {
        List<Step> steps = new ArrayList<>();
        MultikernelState concrete = model.initialStates().get(0);
        List<MultikernelAction> enabled = new ArrayList<>();
        List<Trace.Step<MultikernelState, MultikernelAction>> traceSteps = trace.steps();
        for (int i = 1; i < traceSteps.size(); i++) {
            MultikernelState target = model.canonical(traceSteps.get(i).state());
            MultikernelAction wanted = traceSteps.get(i).action();
            enabled.clear();
            model.actions(concrete, enabled);
            if (enabled.remove(wanted)) {
                enabled.add(0, wanted);
            }
            MultikernelState next = null;
            for (MultikernelAction a : enabled) {
                MultikernelModel.StepLog log = new MultikernelModel.StepLog();
                MultikernelState candidate = model.run(concrete, a, log);
                if (model.canonical(candidate).equals(target)) {
                    steps.add(new Step(a, log));
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                throw new IllegalStateException("the trace does not replay from the boot state at step " + i);
            }
            concrete = next;
        }
        return new MessageSequence(model, steps);
    }

    /**
     * The message sequence of {@code actions} taken from the boot state, in order, or null when one of them
     * is not enabled where it is taken (a fuzz campaign's schedule, replayed).
     */
    public static MessageSequence ofActions(MultikernelModel model, List<MultikernelAction> actions) {
        List<Step> steps = new ArrayList<>();
        MultikernelState concrete = model.initialStates().get(0);
        List<MultikernelAction> enabled = new ArrayList<>();
        for (MultikernelAction a : actions) {
            enabled.clear();
            model.actions(concrete, enabled);
            if (!enabled.contains(a)) {
                return null;
            }
            MultikernelModel.StepLog log = new MultikernelModel.StepLog();
            concrete = model.run(concrete, a, log);
            steps.add(new Step(a, log));
        }
        return new MessageSequence(model, steps);
    }

    public List<Step> steps() {
        return steps;
    }

    /** One lane per core, one row per line of a step. */
    public String lanes() {
        StringBuilder out = new StringBuilder();
        StringBuilder header = new StringBuilder("step ");
        for (int c = 0; c < model.cores(); c++) {
            header.append(pad("c" + c, LANE));
        }
        out.append(header.toString().stripTrailing()).append('\n');
        int n = 1;
        for (Step step : steps) {
            boolean first = true;
            for (String line : step.lines()) {
                StringBuilder row = new StringBuilder(pad(first ? String.valueOf(n) : "", 5));
                for (int c = 0; c < model.cores(); c++) {
                    row.append(pad(c == step.action.core() ? line : "|", LANE));
                }
                out.append(row.toString().stripTrailing()).append('\n');
                first = false;
            }
            n++;
        }
        return out.toString();
    }

    /** The same sequence as JSON: the run's parameters and, per step, the acting core and its lines. */
    public String json(String property) {
        JsonWriter json = new JsonWriter();
        json.beginObject();
        json.name("model").value("multikernel");
        json.name("protocol").value(model.protocol().name());
        json.name("cores").value(model.cores());
        json.name("ops").value(model.ops());
        json.name("property").value(property);
        json.name("steps").beginArray();
        int n = 1;
        for (Step step : steps) {
            json.beginObject();
            json.name("step").value(n++);
            json.name("core").value(step.action.core());
            if (step.action.kind() == MultikernelAction.Kind.INVOKE) {
                json.name("invoke").value(Ops.opName(step.action.op()));
                json.name("cap").value(Ops.kindName(step.action.capKind()));
                if (step.action.op() == Ops.COPY) {
                    json.name("dest").value(step.action.arg());
                }
            } else {
                json.name("from").value(step.action.from());
                json.name("received").value(Message.describe(step.log.received));
            }
            json.name("sent").beginArray();
            for (int[] send : step.log.sends) {
                json.beginObject().name("to").value(send[0]).name("message").value(Message.describe(send[1]))
                        .endObject();
            }
            json.endArray();
            json.name("completed").beginArray();
            for (int[] done : step.log.completions) {
                json.beginObject().name("op").value(Ops.opName(done[0])).name("cap").value(Ops.kindName(done[1]))
                        .name("result").value(Ops.resultName(done[2])).endObject();
            }
            json.endArray();
            json.name("events").beginArray();
            for (int[] event : step.log.events) {
                json.value(event[0] == Ops.EVENT_CLEANUP ? "cleanup " + Ops.kindName(event[1])
                        : event[0] == Ops.EVENT_CREATED ? "created " + Ops.kindName(event[1]) : "panic");
            }
            json.endArray();
            json.endObject();
        }
        json.endArray();
        json.endObject();
        return json.toString();
    }

    /**
     * The sequence as captrace v2 (docs/captrace-v2.md): a header, then per step the core's input (an
     * {@code op} line or a {@code recv} line) followed by its outputs ({@code send}, {@code done} and
     * {@code event} lines), every line with its {@code core}.
     */
    public String captrace() {
        StringBuilder out = new StringBuilder();
        JsonWriter header = compact().beginObject().name("captrace").value(2).name("boot").beginObject()
                .name("untyped").beginArray().endArray().name("cores").value(model.cores())
                .name("multikernel").beginObject().name("protocol").value(model.protocol().name())
                .name("caps").beginArray().value("RAM").value("Frame").endArray()
                .name("initial").beginArray();
        for (int c = 0; c < model.cores(); c++) {
            header.beginObject().name("core").value(c).name("cap").value("RAM").name("owner").value(0).endObject();
        }
        out.append(oneLine(header.endArray().endObject().endObject().endObject())).append('\n');
        int n = 1;
        for (Step step : steps) {
            int core = step.action.core();
            JsonWriter line = compact().beginObject().name("step").value(n).name("core").value(core);
            if (step.action.kind() == MultikernelAction.Kind.INVOKE) {
                line.name("op").value(OP_NAMES[step.action.op()]).name("args").beginObject()
                        .name("cap").value(Ops.kindName(step.action.capKind()));
                if (step.action.op() == Ops.COPY) {
                    line.name("dest_core").value(step.action.arg());
                }
                line.endObject();
            } else {
                line.name("recv");
                message(line.beginObject().name("from").value(step.action.from()), step.log.received).endObject();
            }
            out.append(oneLine(line.endObject())).append('\n');
            for (int[] send : step.log.sends) {
                JsonWriter l = compact().beginObject().name("step").value(n).name("core").value(core).name("send");
                message(l.beginObject().name("to").value(send[0]), send[1]).endObject();
                out.append(oneLine(l.endObject())).append('\n');
            }
            for (int[] done : step.log.completions) {
                out.append(oneLine(compact().beginObject().name("step").value(n).name("core").value(core)
                        .name("done").value(OP_NAMES[done[0]]).name("cap").value(Ops.kindName(done[1]))
                        .name("expect").beginObject().name("error").value(Ops.resultName(done[2])).endObject()
                        .endObject())).append('\n');
            }
            for (int[] event : step.log.events) {
                out.append(oneLine(compact().beginObject().name("step").value(n).name("core").value(core)
                        .name("event").value(event[0] == Ops.EVENT_CLEANUP ? "cleanup"
                                : event[0] == Ops.EVENT_CREATED ? "created" : "panic")
                        .name("cap").value(Ops.kindName(event[1])).endObject())).append('\n');
            }
            n++;
        }
        return out.toString();
    }

    private static final String[] OP_NAMES = {"Distcap_Copy", "Distcap_Delete", "Distcap_Revoke", "Distcap_Retype"};

    private static JsonWriter message(JsonWriter json, int m) {
        json.name("type").value(Message.name(m)).name("cap").value(Ops.kindName(Message.kind(m)))
                .name("status").value(Ops.resultName(Message.status(m)))
                .name("relations").value(org.capcheck.multikernel.LocalCaps.relationsName(Message.relations(m)))
                .name("core").value(Message.core(m)).name("cores").beginArray();
        for (int c = 0; c < 4; c++) {
            if ((Message.cores(m) & 1 << c) != 0) {
                json.value(c);
            }
        }
        return json.endArray();
    }

    /** JSON Lines: the writer's indentation removed (JSON strings hold no raw line breaks). */
    private static String oneLine(JsonWriter json) {
        return json.toString().replaceAll("\\n\\s*", "");
    }

    private static JsonWriter compact() {
        return new JsonWriter();
    }

    private static String pad(String s, int width) {
        if (s.length() >= width - 1) {
            return s.substring(0, width - 2) + "~ ";
        }
        StringBuilder out = new StringBuilder(s);
        while (out.length() < width) {
            out.append(' ');
        }
        return out.toString();
    }
}
