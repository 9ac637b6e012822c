package org.capcheck.model.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Rights;
import org.capcheck.engine.SettingException;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * seL4's authority-confinement question asked of a concrete distribution: can process P ever come to
 * hold a capability with rights R to object O? Written {@code "p1 can hold W to ep"}. A process
 * holds every cap in its CNode and in every CNode it can reach through CNode caps it holds. The model
 * checks it as the invariant "P never holds R to O": a violation is a witness trace, and a complete
 * run without one means unreachable within the bounds.
 */
public final class AuthorityQuery {
    private final String text;
    private final int process;
    private final int rights;
    private final String object;

    private AuthorityQuery(String text, int process, int rights, String object) {
        this.text = text;
        this.process = process;
        this.rights = rights;
        this.object = object;
    }

    /** Parses {@code "pN can hold RIGHTS to OBJECT"}; throws a {@link SettingException} (setting "query") saying what is wrong. */
    public static AuthorityQuery parse(String text) {
        String[] w = text.trim().split("\\s+");
        if (w.length != 6 || !w[1].equalsIgnoreCase("can") || !w[2].equalsIgnoreCase("hold")
                || !w[4].equalsIgnoreCase("to") || !w[0].toLowerCase(Locale.ROOT).startsWith("p")) {
            throw new SettingException("query", "must read 'pN can hold RIGHTS to OBJECT', e.g. "
                    + "'p1 can hold W to ep', not '" + text + "'");
        }
        int p = GrantRules.process(w[0]);
        if (p < 0) {
            throw new SettingException("query", ": '" + w[0] + "' is not a process name like p1");
        }
        int r = GrantRules.rights(w[3]);
        if (r < 0) {
            throw new SettingException("query", ": '" + w[3] + "' is not a set of rights (letters R, W, G, P in any "
                    + "case, or - for none)");
        }
        String object = GrantRules.object(w[5]);
        if (GrantRules.KNOWN.contains(object)) {
            GrantRules.checkCarried("query", text.trim(), object, r);
        }
        return new AuthorityQuery(text.trim(), p, r, object);
    }

    void check(int processes, Set<String> objects) {
        if (process < 0 || process >= processes) {
            throw new SettingException("query", ": p" + process + " does not exist (there are " + processes
                    + " processes, p0 to p" + (processes - 1) + ")");
        }
        if (!objects.contains(object)) {
            throw new SettingException("query", ": unknown object '" + object + "' (known: "
                    + String.join(", ", objects) + ")");
        }
    }

    /** The process the question is about. */
    int process() {
        return process;
    }

    /** The invariant the model checks for this query: a violation of it is a witness. */
    public String propertyName() {
        return "authority: not (" + text + ")";
    }

    /** Whether, in this state, the process holds a cap to the object with at least the rights. */
    boolean holds(SpecState s, long[] processCNodes, Map<String, Long> objects) {
        long target = objects.get(object);
        Set<Long> reached = new HashSet<>();
        Deque<Long> todo = new ArrayDeque<>();
        todo.add(processCNodes[process]);
        while (!todo.isEmpty()) {
            long cnode = todo.poll();
            if (!reached.add(cnode)) {
                continue;
            }
            for (Map.Entry<Slot, Cap> e : s.caps().subMap(new Slot(cnode, 0), new Slot(cnode, Long.MAX_VALUE)).entrySet()) {
                Cap c = e.getValue();
                if (c.type() == CapType.CNode) {
                    todo.add(c.paddr());
                }
                if (c.paddr() == target && c.type() != CapType.Null && (c.rights() & rights) == rights) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
