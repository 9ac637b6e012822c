package org.capcheck.model.refine;

import java.util.TreeMap;
import org.capcheck.core.Kernel;
import org.capcheck.core.CapType;
import org.junit.jupiter.api.Test;

class TmpStatsTest {
    @Test
    void stats() {
        RefinementChecker checker = new RefinementChecker(RandomInvocations.CONFIG);
        TreeMap<String, Integer> counts = new TreeMap<>();
        int maxCaps = 0; int zombies = 0; int deadThread = 0; int badged = 0; int nestedOk = 0; int depth3 = 0;
        for (long seed = 1; seed <= 4; seed++) {
            RandomInvocations gen = new RandomInvocations(seed);
            for (int run = 0; run < 25; run++) {
                Kernel k = Kernel.boot(RandomInvocations.CONFIG);
                for (int i = 0; i < 60 && k.canInvoke(); i++) {
                    Invocation inv = gen.next(Abstraction.of(k));
                    RefinementChecker.Step st = checker.step(k, inv);
                    counts.merge(inv.op() + " " + st.kernelResult().error(), 1, Integer::sum);
                    var s = st.kernelAfter();
                    maxCaps = Math.max(maxCaps, s.caps().size());
                    for (var c : s.caps().values()) { if (c.type() == CapType.Zombie) zombies++; if (c.badge() != 0) badged++; }
                    for (var e : s.cdt().entrySet()) { var p = s.parent(e.getValue()); if (p != null && s.parent(p) != null) depth3++; }
                    if (!st.ok()) { System.out.println(st.mismatch()); return; }
                }
                if (!k.canInvoke()) deadThread++;
            }
        }
        counts.forEach((a, b) -> System.out.println(a + " " + b));
        System.out.println("maxCaps " + maxCaps + " zombieStates " + zombies + " badged " + badged + " dead " + deadThread + " depth3 " + depth3);
    }
}
