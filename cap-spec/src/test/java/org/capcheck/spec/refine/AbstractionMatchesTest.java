package org.capcheck.spec.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.capcheck.core.Cap;
import org.capcheck.core.Kernel;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;
import org.junit.jupiter.api.Test;

/**
 * {@link Abstraction#matches} is {@code Abstraction.of(k).equals(s)} without building the state: on
 * the kernels of seeded random walks, against the kernel's own abstraction, the one before the step,
 * the specification's outcome, and states that differ from the kernel's in one respect each (a cap
 * gone, an original flag, a parent, sibling order, an IRQ, the current thread).
 */
class AbstractionMatchesTest {

    @Test
    void matchesIsEqualityWithTheAbstraction() {
        RefinementChecker checker = new RefinementChecker(RandomInvocations.CONFIG);
        int compared = 0;
        int matched = 0;
        for (long seed = 1; seed <= 2; seed++) {
            RandomInvocations gen = new RandomInvocations(seed);
            for (int run = 0; run < 15; run++) {
                Kernel k = Kernel.boot(RandomInvocations.CONFIG);
                SpecState before = Abstraction.of(k);
                for (int i = 0; i < 40 && k.canInvoke(); i++) {
                    Invocation inv = gen.next(before);
                    RefinementChecker.Step st = checker.step(before, k, inv);
                    SpecState of = Abstraction.of(k);
                    assertEquals(of, st.kernelAfter(), "the step's abstraction after " + inv);
                    for (SpecState candidate : candidates(before, st.spec().state(), of)) {
                        boolean expected = of.equals(candidate);
                        assertEquals(expected, Abstraction.matches(candidate, k), () -> "after " + inv
                                + "\nkernel:\n" + of + "\ncandidate:\n" + candidate);
                        compared++;
                        matched += expected ? 1 : 0;
                    }
                    before = of;
                }
            }
        }
        assertTrue(compared > 20_000 && matched > 2_000 && compared - matched > 10_000,
                "compared " + compared + ", matched " + matched);
    }

    private static List<SpecState> candidates(SpecState before, SpecState spec, SpecState of) {
        List<SpecState> c = new ArrayList<>(List.of(of, before, spec, of.withoutOrder(), of.withIrqActive(3, true),
                of.withThreads(of.suspended(), SpecState.NO_THREAD)));
        for (Map.Entry<Slot, Cap> e : of.caps().entrySet()) {
            Slot s = e.getKey();
            c.add(of.withCap(s, Cap.NULL));
            c.add(of.withOriginal(s, !of.isOriginal(s)));
            Map<Slot, Slot> cdt = new TreeMap<>(of.cdt());
            if (cdt.remove(s) == null) {
                cdt.put(s, of.caps().firstKey());
            }
            c.add(of.withCdt(cdt, of.cdtList()));
        }
        for (Map.Entry<Slot, List<Slot>> e : of.cdtList().entrySet()) {
            if (e.getValue().size() > 1) {
                Map<Slot, List<Slot>> list = new TreeMap<>(of.cdtList());
                List<Slot> reversed = new ArrayList<>(e.getValue());
                Collections.reverse(reversed);
                list.put(e.getKey(), reversed);
                c.add(of.withCdt(of.cdt(), list));
            }
        }
        TreeSet<Long> suspended = new TreeSet<>(of.suspended());
        suspended.add(of.currentThread());
        c.add(of.withThreads(suspended, of.currentThread()));
        return c;
    }
}
