package org.capcheck.spec.refine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * One specification shared by threads that run side by side: among them two whose ids fall on the same
     * one of the specification's places for them (it keeps 64, by id), which must take turns rather than
     * share. Each thread decodes from the booted and the revoked state in turns of its own, and every
     * answer must be that state's own.
     */
    @Test
    void threadsSharingOneSpecificationGetTheirOwnAnswers() throws InterruptedException {
        CapSpec shared = new CapSpec(RandomInvocations.CONFIG);
        SpecState booted = Abstraction.of(Kernel.boot(RandomInvocations.CONFIG));
        SpecState revoked = new CapSpec(RandomInvocations.CONFIG).cnodeRevoke(booted, 2, 2, 64).state();
        Invocation copy = Invocation.cnodeCopy(2, 20, 64, 2, 16, 64, Rights.ALL);
        Outcome expectedBooted = copy.applyTo(new CapSpec(RandomInvocations.CONFIG), booted);
        Outcome expectedRevoked = copy.applyTo(new CapSpec(RandomInvocations.CONFIG), revoked);
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> made = new ArrayList<>();
        for (int t = 0; t < 65; t++) {
            int turn = 1 + t % 3; // how many in a row from one state before the other
            made.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 100_000; i++) {
                    boolean fromBooted = (i / turn) % 2 == 0;
                    Outcome o = copy.applyTo(shared, fromBooted ? booted : revoked);
                    if (!o.equals(fromBooted ? expectedBooted : expectedRevoked)) {
                        wrong.incrementAndGet();
                    }
                    done.incrementAndGet();
                }
            }));
        }
        // 65 ids in a row: the first and the one 64 on share a place; run those two and two more
        Thread first = made.get(0);
        Thread sameplace = made.stream().filter(x -> x != first && (x.getId() - first.getId()) % 64 == 0)
                .findFirst().orElseThrow();
        List<Thread> run = List.of(first, sameplace, made.get(1), made.get(2));
        run.forEach(Thread::start);
        start.countDown();
        for (Thread thread : run) {
            thread.join();
        }
        assertEquals(400_000, done.get());
        assertEquals(0, wrong.get(), "answers that were another state's");
    }
}
