package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Rights;
import org.capcheck.engine.SettingException;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * An authority query checks its own set-up: before the search, the system built from
 * {@code --distribution} is compared with what the user asked for, cap by cap (which process holds a
 * cap to which object, with which rights). A kernel bug in the set-up (rights masking that turns
 * {@code ep R} into RWGP, say) would otherwise make the query answer a question nobody asked, with a
 * zero-step witness.
 */
final class SetupCheck {
    private SetupCheck() {
    }

    /** The differences between what {@code asked} lists and what {@code built} holds; empty when none. */
    static List<String> differences(Distribution asked, SpecState built, long[] processCNodes, Map<String, Long> objects) {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < asked.processes(); p++) {
            List<Distribution.Grant> grants = asked.grantsOf(p);
            for (int i = 0; i < (1 << Distribution.PROCESS_RADIX) - 1; i++) {
                Slot slot = new Slot(processCNodes[p], i + 1);
                Cap cap = built.isNull(slot) ? null : built.cap(slot);
                String where = "p" + p + "[" + (i + 1) + "]";
                if (i >= grants.size()) {
                    if (cap != null) {
                        out.add(where + " holds " + cap + ", which the distribution does not list");
                    }
                    continue;
                }
                Distribution.Grant g = grants.get(i);
                String wanted = g.object() + " " + (g.rights() == 0 ? "-" : Rights.toLetters(g.rights()));
                if (cap == null) {
                    out.add(where + " is empty; asked for " + wanted);
                } else if (cap.paddr() != objects.get(g.object())
                        || (cap.type() == CapType.CNode) != g.object().startsWith("shared")) {
                    out.add(where + " holds " + cap + "; asked for " + wanted);
                } else if (cap.type() != CapType.CNode && cap.rights() != g.rights()) {
                    out.add(where + " holds " + g.object() + " with rights "
                            + (cap.rights() == 0 ? "-" : Rights.toLetters(cap.rights())) + "; asked for " + wanted);
                }
            }
        }
        return out;
    }

    /** Refuses a set-up that differs from {@code asked}, listing the differences. */
    static void verify(Distribution asked, SpecState built, long[] processCNodes, Map<String, Long> objects,
            String mutant) {
        List<String> differences = differences(asked, built, processCNodes, objects);
        if (!differences.isEmpty()) {
            throw new SettingException("distribution", ": the system built differs from what it asks for, so a "
                    + "query would answer about another system" + (mutant.equals("NONE") ? "" : " (--mutant " + mutant
                    + " is in force)") + ": " + String.join("; ", differences));
        }
    }
}
