package org.capcheck.model.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The local model's reachable states found by its own actions and steps, without the engine (for symmetry tests). */
final class ReachableStates {
    private ReachableStates() {
    }

    /** A state's identity as the engine sees it: the words the model encodes it to. */
    static String key(LocalModel m, LocalState s) {
        List<Long> words = new ArrayList<>();
        m.encode(s, words::add);
        return words.toString();
    }

    /** The states reachable within {@code maxStates}, breadth first, by their keys. */
    static Map<String, LocalState> of(LocalModel m, int maxStates) {
        Map<String, LocalState> seen = new LinkedHashMap<>();
        ArrayDeque<LocalState> queue = new ArrayDeque<>();
        for (LocalState s : m.initialStates()) {
            seen.put(key(m, s), s);
            queue.add(s);
        }
        List<LocalAction> actions = new ArrayList<>();
        while (!queue.isEmpty() && seen.size() < maxStates) {
            LocalState s = queue.poll();
            actions.clear();
            m.actions(s, actions);
            for (LocalAction a : actions) {
                LocalState t = m.next(s, a);
                if (t != null && seen.putIfAbsent(key(m, t), t) == null) {
                    queue.add(t);
                }
            }
        }
        return seen;
    }
}
