package org.capcheck.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capcheck.json.Json;
import org.capcheck.model.multikernel.MessageSequence;
import org.capcheck.model.multikernel.MultikernelAction;
import org.capcheck.model.multikernel.MultikernelModel;
import org.capcheck.model.multikernel.MultikernelState;
import org.capcheck.multikernel.Ops;
import org.capcheck.multikernel.Protocol;

/**
 * Multikernel reproducers as captrace v2 (docs/captrace-v2.md), and their replay ({@code capcheck fuzz
 * --replay FILE}). The file is what {@link MessageSequence#captrace()} writes for the shrunk schedule, with
 * comment lines naming the violated property: per step, the core's input (an {@code op} line: the
 * application invokes; a {@code recv} line: the host delivers the oldest message from that core) and its
 * outputs ({@code send}, {@code done}, {@code event}). Replay reads the header's {@code cores} and
 * {@code protocol}, rebuilds the schedule from the input lines, runs it on the per-core machines with every
 * property checked after every step, and compares every output line the file states with what the
 * machines did. A file edited by hand is replayed the same way: a step whose input is not enabled (no such
 * message in flight, the application still busy) is an error of the file.
 */
public final class MultikernelReproducer {
    private static final List<String> OP_NAMES = List.of("Distcap_Copy", "Distcap_Delete", "Distcap_Revoke",
            "Distcap_Retype");

    private MultikernelReproducer() {
    }

    static String text(MessageSequence seq, ModelCampaign.Failure f) {
        String v2 = seq.captrace();
        int end = v2.indexOf('\n') + 1;
        StringBuilder b = new StringBuilder(v2.substring(0, end));
        b.append(comment("capcheck fuzz reproducer (target multikernel): campaign seed " + f.seed() + ", "
                + f.actions().size() + " steps shrunk from " + f.originalSteps() + "; violates: " + f.property()));
        b.append(comment("replay with: capcheck fuzz --replay FILE"));
        return b.append(v2.substring(end)).toString();
    }

    private static String comment(String text) {
        return new org.capcheck.json.JsonWriter().beginObject().name("comment").value(text).endObject().toString()
                .replaceAll("\\n\\s*", "") + "\n";
    }

    /**
     * What a replay showed.
     *
     * @param cores     the file's cores
     * @param protocol  the file's protocol
     * @param steps     the steps replayed
     * @param violated  the first property violated, or null
     * @param mismatch  the first output line the machines did not produce (line number and both texts), or null
     * @param lanes     the message sequence replayed, one lane per core
     */
    public record Replay(int cores, String protocol, int steps, String violated, String mismatch, String lanes) {
        public boolean passed() {
            return violated == null && mismatch == null;
        }
    }

    /** An error in a reproducer file: its line and what is wrong. */
    public static final class InvalidReproducerException extends Exception {
        InvalidReproducerException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    /** Replays a captrace v2 multikernel file. */
    public static Replay replay(String text) throws InvalidReproducerException {
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new InvalidReproducerException(1, "empty file: a captrace v2 header is expected");
        }
        Map<String, Object> header = object(lines[0], 1);
        Object version = header.get("captrace");
        if (!(version instanceof Number) || ((Number) version).longValue() != 2) {
            throw new InvalidReproducerException(1, "not a captrace v2 file (\"captrace\": " + version + "); "
                    + "captrace v1 files are replayed by capcheck replay");
        }
        Map<String, Object> boot = map(header.get("boot"), 1, "boot");
        Object coresV = boot.get("cores");
        if (!(coresV instanceof Number) || ((Number) coresV).intValue() < 2 || ((Number) coresV).intValue() > 4) {
            throw new InvalidReproducerException(1, "boot.cores: 2 to 4 expected, not " + coresV);
        }
        int cores = ((Number) coresV).intValue();
        Map<String, Object> mk = map(boot.get("multikernel"), 1, "boot.multikernel");
        Object pName = mk.get("protocol");
        Protocol protocol = pName instanceof String ? Protocol.named((String) pName) : null;
        if (protocol == null) {
            throw new InvalidReproducerException(1, "boot.multikernel.protocol: barrelfish or capcheck, not " + pName);
        }
        MultikernelModel model = new MultikernelModel(cores, protocol, MultikernelTarget.OPS_PER_CORE, false);
        // The file's lines, comments and blanks left out, by line number; the inputs rebuild the schedule.
        List<Object> stated = new ArrayList<>();
        List<Integer> statedLine = new ArrayList<>();
        List<MultikernelAction> schedule = new ArrayList<>();
        MultikernelState s = model.initialStates().get(0);
        List<MultikernelAction> enabled = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Map<String, Object> line = object(lines[i], i + 1);
            if (line.containsKey("comment")) {
                continue;
            }
            stated.add(line);
            statedLine.add(i + 1);
            boolean op = line.containsKey("op");
            if (!op && !line.containsKey("recv")) {
                continue;
            }
            int core = intIn(line.get("core"), cores, i + 1, "core");
            MultikernelAction wanted = null;
            enabled.clear();
            model.actions(s, enabled);
            if (op) {
                int o = OP_NAMES.indexOf(String.valueOf(line.get("op")));
                if (o < 0) {
                    throw new InvalidReproducerException(i + 1, "op: one of " + OP_NAMES + ", not " + line.get("op"));
                }
                Map<String, Object> args = map(line.get("args"), i + 1, "args");
                int kind = "RAM".equals(args.get("cap")) ? Ops.RAM : "Frame".equals(args.get("cap")) ? Ops.FRAME : -1;
                if (kind < 0) {
                    throw new InvalidReproducerException(i + 1, "args.cap: RAM or Frame, not " + args.get("cap"));
                }
                int dest = o == Ops.COPY ? intIn(args.get("dest_core"), cores, i + 1, "args.dest_core") : 0;
                for (MultikernelAction a : enabled) {
                    if (a.kind() == MultikernelAction.Kind.INVOKE && a.core() == core && a.op() == o
                            && a.capKind() == kind && (o != Ops.COPY || a.arg() == dest)) {
                        wanted = a;
                    }
                }
            } else {
                int from = intIn(map(line.get("recv"), i + 1, "recv").get("from"), cores, i + 1, "recv.from");
                for (MultikernelAction a : enabled) {
                    if (a.kind() == MultikernelAction.Kind.DELIVER && a.core() == core && a.from() == from) {
                        wanted = a;
                    }
                }
            }
            if (wanted == null) {
                throw new InvalidReproducerException(i + 1, "this step is not possible here (the core's application "
                        + "is busy or out of operations, it holds no such capability, or no message is in flight on "
                        + "that channel)");
            }
            schedule.add(wanted);
            s = model.next(s, wanted);
        }
        MessageSequence seq = MessageSequence.ofActions(model, schedule);
        String mismatch = null;
        String[] produced = seq.captrace().split("\n");
        List<Object> actual = new ArrayList<>();
        for (int i = 1; i < produced.length; i++) {
            actual.add(object(produced[i], i + 1));
        }
        for (int i = 0; i < Math.max(actual.size(), stated.size()) && mismatch == null; i++) {
            Object want = i < stated.size() ? stated.get(i) : null;
            Object got = i < actual.size() ? actual.get(i) : null;
            if (want == null) {
                mismatch = "after the last line, the machines also did: " + produced[i + 1];
            } else if (!want.equals(got)) {
                mismatch = "line " + statedLine.get(i) + ": the file states " + lines[statedLine.get(i) - 1]
                        + " but the machines did " + (got == null ? "nothing more" : produced[i + 1]);
            }
        }
        List<String> names = new ArrayList<>();
        for (MultikernelAction a : schedule) {
            names.add(model.describeAction(a));
        }
        String violated = ModelCampaign.replay(model, names);
        return new Replay(cores, protocol.name(), schedule.size(), violated, mismatch, seq.lanes());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String text, int line) throws InvalidReproducerException {
        Object o;
        try {
            o = Json.parse(text);
        } catch (Json.JsonException e) {
            throw new InvalidReproducerException(line, "not JSON: " + e.getMessage());
        }
        if (!(o instanceof Map)) {
            throw new InvalidReproducerException(line, "a JSON object is expected");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, int line, String where) throws InvalidReproducerException {
        if (!(o instanceof Map)) {
            throw new InvalidReproducerException(line, where + ": an object is expected");
        }
        return (Map<String, Object>) o;
    }

    private static int intIn(Object o, int cores, int line, String where) throws InvalidReproducerException {
        if (!(o instanceof Number) || ((Number) o).longValue() < 0 || ((Number) o).longValue() >= cores) {
            throw new InvalidReproducerException(line, where + ": a core 0.." + (cores - 1) + " expected, not " + o);
        }
        return ((Number) o).intValue();
    }
}
