package org.capcheck.spec.refine;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Kernel;
import org.capcheck.core.Mutant;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;

/**
 * A hand-made scenario: invocations run on a kernel (correct or mutant), each checked for
 * refinement. Root-CNode slots are addressed with depth 64 through the root CNode cap in slot 2.
 */
final class Scenario {
    /** Root CNode of 2^6 slots; a 64 KiB untyped in slot 16; a 4 KiB device untyped in slot 17; IRQs 0..7. */
    static final BootConfig CONFIG = BootConfig.defaults().withRootCNodeBits(6)
            .withUntyped(List.of(new UntypedRegion(0x100000, 16, false), new UntypedRegion(0x200000, 12, true)))
            .withMaxIrq(7).withCapacity(14, 256);
    static final long R = 2;
    static final long D = 64;
    static final int UT = 16;
    static final int DEV = 17;
    static final int IRQ_CONTROL = 4;

    final Kernel kernel;
    final RefinementChecker checker;
    final List<RefinementChecker.Step> steps = new ArrayList<>();
    /** The first refinement failure, or null. */
    String failure;

    Scenario(Mutant mutant) {
        this(CONFIG, mutant);
    }

    Scenario(BootConfig config, Mutant mutant) {
        kernel = mutant.boot(config);
        checker = new RefinementChecker(config);
        failure = checker.checkBoot(kernel);
    }

    static Scenario correct() {
        return new Scenario(Mutant.NONE);
    }

    /** Runs one invocation, checking refinement; returns the kernel's result. */
    SeL4Error run(Invocation inv) {
        RefinementChecker.Step st = checker.step(kernel, inv);
        steps.add(st);
        if (failure == null && !st.ok()) {
            failure = st.mismatch();
        }
        return st.kernelResult().error();
    }

    // Shorthands over root-CNode slots.

    SeL4Error copy(long dest, long src, long rights) {
        return run(Invocation.cnodeCopy(R, dest, D, R, src, D, rights));
    }

    SeL4Error mint(long dest, long src, long rights, long badge) {
        return run(Invocation.cnodeMint(R, dest, D, R, src, D, rights, badge));
    }

    SeL4Error move(long dest, long src) {
        return run(Invocation.cnodeMove(R, dest, D, R, src, D));
    }

    SeL4Error mutate(long dest, long src, long data) {
        return run(Invocation.cnodeMutate(R, dest, D, R, src, D, data));
    }

    SeL4Error rotate(long dest, long pivot, long pivotData, long src, long srcData) {
        return run(Invocation.cnodeRotate(R, dest, D, R, pivot, D, pivotData, R, src, D, srcData));
    }

    SeL4Error delete(long slot) {
        return run(Invocation.cnodeDelete(R, slot, D));
    }

    SeL4Error revoke(long slot) {
        return run(Invocation.cnodeRevoke(R, slot, D));
    }

    SeL4Error cancelBadgedSends(long slot) {
        return run(Invocation.cnodeCancelBadgedSends(R, slot, D));
    }

    /** Retypes objects from the untyped in root slot {@code ut} into root slots offset.. */
    SeL4Error retype(long ut, long type, long size, long offset, long n) {
        return run(Invocation.untypedRetype(ut, type, size, R, 0, 0, offset, n));
    }

    SeL4Error irqGet(long irq, long dest) {
        return run(Invocation.irqControlGet(IRQ_CONTROL, irq, R, dest, D));
    }
}
