package org.capcheck.fuzz.jazzer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.capcheck.multikernel.Core;
import org.capcheck.multikernel.Host;
import org.capcheck.multikernel.LocalCaps;
import org.capcheck.multikernel.Message;
import org.capcheck.multikernel.Ops;
import org.capcheck.multikernel.Protocol;

/**
 * Jazzer target for the multikernel message handlers ({@link Core#receive}): the fuzzer's bytes choose a
 * number of cores, a legitimate prefix (application operations and FIFO deliveries, as a host makes them),
 * then messages no correct peer sends: malformed ones (a type no monitor knows), duplicates of a message already delivered, and unexpected ones (a known type
 * with arbitrary fields, at any time). Checked after each input:
 * <ul>
 *   <li>no handler throws (the state machines never throw, issue 12);</li>
 *   <li>a malformed message is rejected: the receiving core's words are unchanged, and it sends, completes
 *       and raises nothing;</li>
 *   <li>after any message every capability record stays well formed (at most {@link LocalCaps#MAX_COPIES}
 *       copies, an owner and holders among the existing cores, no record without copies) and every message
 *       sent goes from the receiver to another existing core.</li>
 * </ul>
 * A failed check is thrown as an AssertionError, which Jazzer reports as a finding. The protocol is
 * capcheck's; the system property {@code capcheck.fuzz.protocol=barrelfish} fuzzes Barrelfish's.
 */
public final class MessageTarget {
    private MessageTarget() {
    }

    /**
     * How a core handles a message: {@link Core#receive} (what the target fuzzes), or in a test a handler with a
     * seeded defect, to show that the checks catch it.
     */
    @FunctionalInterface
    public interface Receiver {
        void receive(Core core, int from, int message, Host out);
    }

    /** What a core produced while handling one input. */
    private static final class Outputs implements Host {
        final List<int[]> sends = new ArrayList<>();
        int completions;
        int events;

        @Override
        public void send(int from, int to, int message) {
            sends.add(new int[] {from, to, message});
        }

        @Override
        public void complete(int core, int op, int kind, int result) {
            completions++;
        }

        @Override
        public void event(int core, int event, int kind) {
            events++;
        }

        void clear() {
            sends.clear();
            completions = 0;
            events = 0;
        }
    }

    /** The choices an input makes: Jazzer's bytes, or (in tests) a seeded random source. */
    public interface Choices {
        /** A number in [min, max]. */
        int consumeInt(int min, int max);

        boolean consumeBoolean();

        int remainingBytes();
    }

    /** Jazzer's entry point. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        run(choices(data));
    }

    /** The choices Jazzer's bytes make. */
    static Choices choices(FuzzedDataProvider data) {
        return new Choices() {
            @Override
            public int consumeInt(int min, int max) {
                return data.consumeInt(min, max);
            }

            @Override
            public boolean consumeBoolean() {
                return data.consumeBoolean();
            }

            @Override
            public int remainingBytes() {
                return data.remainingBytes();
            }
        };
    }

    /** One input: the prefix and the injected messages {@code data} chooses, checked after each. */
    public static void run(Choices data) {
        run(data, Core::receive);
    }

    /** As {@link #run(Choices)}, with messages handled by {@code receiver}. */
    public static void run(Choices data, Receiver receiver) {
        Protocol protocol = Protocol.named(System.getProperty("capcheck.fuzz.protocol", "capcheck"));
        int cores = data.consumeInt(2, 4);
        int[] state = new int[cores * Core.WORDS];
        Core[] core = new Core[cores];
        for (int c = 0; c < cores; c++) {
            Core.boot(state, c * Core.WORDS, c, cores);
            core[c] = new Core(c, cores, protocol);
        }
        @SuppressWarnings("unchecked")
        ArrayDeque<Integer>[] channel = new ArrayDeque[cores * cores];
        for (int i = 0; i < channel.length; i++) {
            channel[i] = new ArrayDeque<>();
        }
        List<int[]> delivered = new ArrayList<>();
        Outputs out = new Outputs();
        StringBuilder history = new StringBuilder();
        int steps = data.consumeInt(0, 60);
        for (int s = 0; s < steps && data.remainingBytes() > 0; s++) {
            int choice = data.consumeInt(0, 7);
            out.clear();
            if (choice < 3) {
                // An application invokes an operation on its core (ignored by the core if one is pending).
                int c = data.consumeInt(0, cores - 1);
                int op = data.consumeInt(0, 3);
                int kind = data.consumeInt(0, 1);
                int dest = data.consumeInt(0, cores - 1);
                core[c].load(state, c * Core.WORDS);
                if (core[c].pending() || dest == c && op == Ops.COPY) {
                    continue;
                }
                history.append("c").append(c).append(' ').append(Ops.opName(op)).append(' ').append(Ops.kindName(kind))
                        .append(op == Ops.COPY ? " to c" + dest : "").append("; ");
                core[c].load(state, c * Core.WORDS);
                core[c].invoke(op, kind, dest, out);
                core[c].store(state, c * Core.WORDS);
                route(out, channel, cores, history);
                check(state, cores, out, c, history);
            } else if (choice < 6) {
                // The host delivers the oldest message of a channel, chosen among those not empty.
                int from = data.consumeInt(0, cores - 1);
                int to = data.consumeInt(0, cores - 1);
                ArrayDeque<Integer> ch = channel[from * cores + to];
                if (ch.isEmpty()) {
                    continue;
                }
                int m = ch.poll();
                delivered.add(new int[] {from, to, m});
                deliver(receiver, core, state, cores, from, to, m, out, channel, history, "");
            } else {
                int to = data.consumeInt(0, cores - 1);
                int from = (to + data.consumeInt(1, cores - 1)) % cores;
                int how = data.consumeInt(0, 2);
                if (how == 0) {
                    int m = malformed(data, cores);
                    if (Message.type(m) >= 1 && Message.type(m) <= Message.RETYPE_DONE) {
                        // A known type naming a missing core: the same checks as any other message.
                        deliver(receiver, core, state, cores, from, to, m, out, channel, history, "naming a missing core ");
                        continue;
                    }
                    int[] before = Arrays.copyOfRange(state, to * Core.WORDS, (to + 1) * Core.WORDS);
                    out.clear();
                    history.append("malformed ").append(describe(m)).append(" c").append(from).append("->c")
                            .append(to).append("; ");
                    core[to].load(state, to * Core.WORDS);
                    receiver.receive(core[to], from, m, out);
                    core[to].store(state, to * Core.WORDS);
                    int[] after = Arrays.copyOfRange(state, to * Core.WORDS, (to + 1) * Core.WORDS);
                    if (!Arrays.equals(before, after) || !out.sends.isEmpty() || out.completions != 0 || out.events != 0) {
                        throw new AssertionError("a malformed message was not rejected: " + history
                                + "\n  core c" + to + " words " + Arrays.toString(before) + " -> " + Arrays.toString(after)
                                + ", " + out.sends.size() + " sends, " + out.completions + " completions, " + out.events
                                + " events");
                    }
                } else if (how == 1 && !delivered.isEmpty()) {
                    int[] d = delivered.get(data.consumeInt(0, delivered.size() - 1));
                    deliver(receiver, core, state, cores, d[0], d[1], d[2], out, channel, history, "duplicate ");
                } else {
                    int type = data.consumeInt(1, Message.RETYPE_DONE);
                    int m = Message.withCores(Message.withCore(Message.withRelations(Message.withStatus(
                            Message.of(type, data.consumeInt(0, 1)), data.consumeInt(0, 4)), data.consumeInt(0, 7)),
                            data.consumeInt(0, cores - 1)), data.consumeInt(0, (1 << cores) - 1));
                    deliver(receiver, core, state, cores, from, to, m, out, channel, history, "unexpected ");
                }
            }
        }
    }

    /**
     * A message no monitor sends: a type no monitor knows (0, or above {@link Message#RETYPE_DONE}), with
     * arbitrary other fields; or, with fewer than 4 cores, a request_copy, recv_copy or recv_copy_result naming a
     * core that does not exist, delivered as any other message (the handlers must not forward to that core).
     */
    private static int malformed(Choices data, int cores) {
        int bits = data.consumeInt(0, (1 << 18) - 1);
        if (cores < 4 && data.consumeBoolean()) {
            return Message.withCore(bits & ~31 | Message.REQUEST_COPY + data.consumeInt(0, 2), data.consumeInt(cores, 3));
        }
        return bits & ~31 | (data.consumeBoolean() ? 0 : data.consumeInt(Message.RETYPE_DONE + 1, 31));
    }

    private static String describe(int m) {
        try {
            return Message.describe(m);
        } catch (RuntimeException e) {
            return "message 0x" + Integer.toHexString(m);
        }
    }

    private static void deliver(Receiver receiver, Core[] core, int[] state, int cores, int from, int to, int m, Outputs out,
                                ArrayDeque<Integer>[] channel, StringBuilder history, String what) {
        out.clear();
        history.append(what).append("c").append(from).append("->c").append(to).append(' ').append(describe(m))
                .append("; ");
        core[to].load(state, to * Core.WORDS);
        receiver.receive(core[to], from, m, out);
        core[to].store(state, to * Core.WORDS);
        route(out, channel, cores, history);
        check(state, cores, out, to, history);
    }

    private static void route(Outputs out, ArrayDeque<Integer>[] channel, int cores, StringBuilder history) {
        for (int[] s : out.sends) {
            if (s[1] >= 0 && s[1] < cores && s[0] != s[1]) {
                channel[s[0] * cores + s[1]].add(s[2]);
            }
        }
    }

    private static void check(int[] state, int cores, Outputs out, int actor, StringBuilder history) {
        for (int[] s : out.sends) {
            if (s[0] != actor || s[1] < 0 || s[1] >= cores || s[1] == actor) {
                throw new AssertionError("core c" + actor + " sent " + describe(s[2]) + " from c" + s[0]
                        + " to c" + s[1] + " (" + cores + " cores) after: " + history);
            }
        }
        int all = (1 << cores) - 1;
        for (int c = 0; c < cores; c++) {
            for (int kind = 0; kind < Ops.KINDS; kind++) {
                int r = state[c * Core.WORDS + kind];
                String bad = null;
                if (LocalCaps.copies(r) > LocalCaps.MAX_COPIES) {
                    bad = "more copies than a record holds";
                } else if (LocalCaps.copies(r) == 0 && r != 0) {
                    bad = "a record without copies";
                } else if (LocalCaps.copies(r) > 0 && LocalCaps.owner(r) >= cores) {
                    bad = "an owner that does not exist";
                } else if ((LocalCaps.holders(r) & ~all) != 0) {
                    bad = "holders that do not exist";
                }
                if (bad != null) {
                    throw new AssertionError("c" + c + " " + Ops.kindName(kind) + ": " + bad + " ("
                            + LocalCaps.describe(r) + ") after: " + history);
                }
            }
        }
    }
}
