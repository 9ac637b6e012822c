package org.capcheck.multikernel;

import java.util.ArrayList;
import java.util.List;

/** A host that keeps what a core produced, for the step tests. */
final class Recorder implements Host {
    final List<int[]> sends = new ArrayList<>();
    final List<int[]> completions = new ArrayList<>();
    final List<int[]> events = new ArrayList<>();

    @Override
    public void send(int from, int to, int message) {
        sends.add(new int[] {from, to, message});
    }

    @Override
    public void complete(int core, int op, int kind, int result) {
        completions.add(new int[] {core, op, kind, result});
    }

    @Override
    public void event(int core, int event, int kind) {
        events.add(new int[] {core, event, kind});
    }

    /** The types of the messages sent to {@code to}, in order. */
    List<Integer> typesTo(int to) {
        List<Integer> out = new ArrayList<>();
        for (int[] s : sends) {
            if (s[1] == to) {
                out.add(Message.type(s[2]));
            }
        }
        return out;
    }

    int onlyMessageTo(int to) {
        int found = -1;
        for (int[] s : sends) {
            if (s[1] == to) {
                if (found != -1) {
                    throw new AssertionError("more than one message to c" + to);
                }
                found = s[2];
            }
        }
        if (found == -1) {
            throw new AssertionError("no message to c" + to);
        }
        return found;
    }

    int lastResult() {
        if (completions.isEmpty()) {
            throw new AssertionError("nothing completed");
        }
        return completions.get(completions.size() - 1)[3];
    }

    void clear() {
        sends.clear();
        completions.clear();
        events.clear();
    }
}
