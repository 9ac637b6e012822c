package org.capcheck.model.refine;

import org.capcheck.core.Kernel;
import org.junit.jupiter.api.Test;

class TmpTraceTest {
    @Test
    void trace() {
        RefinementChecker checker = new RefinementChecker(RandomInvocations.CONFIG);
        RandomInvocations gen = new RandomInvocations(7);
        Kernel k = Kernel.boot(RandomInvocations.CONFIG);
        for (int i = 0; i < 60 && k.canInvoke(); i++) {
            Invocation inv = gen.next(Abstraction.of(k));
            RefinementChecker.Step st = checker.step(k, inv);
            System.out.println(inv + " -> " + st.kernelResult());
        }
        System.out.println(Abstraction.of(k));
    }
}
