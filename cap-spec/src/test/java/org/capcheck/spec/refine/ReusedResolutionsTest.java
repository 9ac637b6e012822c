package org.capcheck.spec.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Kernel;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Outcome;
import org.capcheck.spec.SpecState;
import org.junit.jupiter.api.Test;

/**
 * The specification reuses what the current thread's CPtrs resolved to while it decodes from one state
 * (as a model checker does, trying every invocation from the state it expands): each outcome is the one
 * a specification that never saw the state gives, whether the state is decoded from many times in a row
 * or in turns with others, in which the same CPtrs resolve elsewhere or not at all.
 */
class ReusedResolutionsTest {

    /** The states of a random run, and a batch of random invocations from each. */
    private static List<SpecState> states(long seed, int steps) {
        RandomInvocations gen = new RandomInvocations(seed);
        RefinementChecker checker = new RefinementChecker(RandomInvocations.CONFIG);
        Kernel k = Kernel.boot(RandomInvocations.CONFIG);
        SpecState s = Abstraction.of(k);
        List<SpecState> out = new ArrayList<>();
        out.add(s);
        for (int i = 0; i < steps; i++) {
            Invocation inv = gen.next(s);
            RefinementChecker.Step step = checker.step(s, k, inv);
            s = step.kernelAfter();
            out.add(s);
        }
        return out;
    }

    @Test
    void manyInvocationsFromOneStateGiveWhatAFreshSpecificationGives() {
        CapSpec shared = new CapSpec(RandomInvocations.CONFIG);
        int compared = 0;
        for (long seed = 1; seed <= 3; seed++) {
            List<SpecState> states = states(seed, 80);
            RandomInvocations gen = new RandomInvocations(seed + 100);
            for (SpecState s : states) {
                for (int i = 0; i < 25; i++) {
                    Invocation inv = gen.next(s);
                    Outcome reused = inv.applyTo(shared, s);
                    Outcome fresh = inv.applyTo(new CapSpec(RandomInvocations.CONFIG), s);
                    assertEquals(fresh, reused, "seed " + seed + ": " + inv + " from\n" + s);
                    compared++;
                }
            }
        }
        assertTrue(compared > 5_000, "compared " + compared);
    }

    /**
     * Revoking the root CNode's cap deletes the copy the thread's TCB holds as its CSpace root, after
     * which no CPtr resolves: from the boot state a copy succeeds, from the revoked one it fails.
     */
    @Test
    void statesDecodedFromInTurnDoNotShareAnswers() {
        CapSpec shared = new CapSpec(RandomInvocations.CONFIG);
        SpecState booted = Abstraction.of(Kernel.boot(RandomInvocations.CONFIG));
        SpecState revoked = shared.cnodeRevoke(booted, 2, 2, 64).state();
        Invocation copy = Invocation.cnodeCopy(2, 20, 64, 2, 16, 64, Rights.ALL);
        for (int turn = 0; turn < 3; turn++) {
            Outcome fromBooted = copy.applyTo(shared, booted);
            Outcome fromRevoked = copy.applyTo(shared, revoked);
            assertEquals(copy.applyTo(new CapSpec(RandomInvocations.CONFIG), booted), fromBooted, "turn " + turn);
            assertEquals(copy.applyTo(new CapSpec(RandomInvocations.CONFIG), revoked), fromRevoked, "turn " + turn);
            assertTrue(fromBooted.result().isOk(), fromBooted.result().toString());
            assertEquals(SeL4Error.InvalidCapability, fromRevoked.result().error(), fromRevoked.result().toString());
        }
    }

    /** More CPtrs from one state than are remembered: the rest are resolved each time, alike. */
    @Test
    void cptrsBeyondThoseRememberedResolveAlike() {
        CapSpec shared = new CapSpec(RandomInvocations.CONFIG);
        SpecState booted = Abstraction.of(Kernel.boot(RandomInvocations.CONFIG));
        for (int round = 0; round < 2; round++) {
            for (long service = 0; service < 32; service++) {
                Invocation delete = Invocation.cnodeDelete(service, 20, 64);
                assertEquals(delete.applyTo(new CapSpec(RandomInvocations.CONFIG), booted), delete.applyTo(shared, booted),
                        "service " + service + ", round " + round);
            }
        }
    }
}
