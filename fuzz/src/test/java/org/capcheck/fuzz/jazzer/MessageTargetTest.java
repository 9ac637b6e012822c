package org.capcheck.fuzz.jazzer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.capcheck.multikernel.LocalCaps;
import org.capcheck.multikernel.Message;
import org.junit.jupiter.api.Test;

/** The multikernel message target outside Jazzer: random inputs pass on capcheck's protocol; a seeded defect fails. */
class MessageTargetTest {

    /** Choices from a seeded random source, as many as Jazzer's bytes would give. */
    static MessageTarget.Choices random(SplittableRandom r) {
        int[] left = {64 + r.nextInt(400)};
        return new MessageTarget.Choices() {
            @Override
            public int consumeInt(int min, int max) {
                left[0] = Math.max(0, left[0] - 4);
                return min + r.nextInt(max - min + 1);
            }

            @Override
            public boolean consumeBoolean() {
                left[0] = Math.max(0, left[0] - 1);
                return r.nextBoolean();
            }

            @Override
            public int remainingBytes() {
                return left[0];
            }
        };
    }

    @Test
    void malformedDuplicatedAndUnexpectedMessagesAreRejectedWithoutCorruptingCapchecksCores() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 3_000; i++) {
            MessageTarget.Choices input = random(r);
            assertDoesNotThrow(() -> MessageTarget.run(input), "input " + i);
        }
    }

    /**
     * Copy messages naming a core that does not exist (core 3 of 2 or 3) are among the injected messages, and the
     * handlers reject them: the 3,000 inputs above pass with them, and here they are counted.
     */
    @Test
    void messagesNamingAMissingCoreAreSentAndRejected() {
        SplittableRandom r = new SplittableRandom(11);
        int[] naming = {0, 0};
        for (int i = 0; i < 3_000; i++) {
            MessageTarget.run(random(r), (core, from, m, out) -> {
                int type = Message.type(m);
                if (type >= Message.REQUEST_COPY && type <= Message.RECV_COPY_RESULT && Message.core(m) >= core.cores()) {
                    naming[type == Message.REQUEST_COPY ? 0 : 1]++;
                }
                core.receive(from, m, out);
            });
        }
        assertTrue(naming[0] > 20 && naming[1] > 20, naming[0] + " request_copy, " + naming[1] + " recv_copy(_result)");
    }

    /**
     * The handlers' defect before the fix, seeded: an owner that is asked (request_copy) to send a copy to a core
     * that does not exist sends it recv_copy, as {@code Core.ownerCopy} did without asking whether the core
     * exists; every other message goes to {@link org.capcheck.multikernel.Core#receive}.
     */
    static final MessageTarget.Receiver FORWARDS_TO_MISSING_CORES = (core, from, m, out) -> {
        int kind = Message.kind(m);
        int r = core.record(kind);
        if (Message.type(m) == Message.REQUEST_COPY && Message.core(m) >= core.cores() && LocalCaps.copies(r) > 0
                && LocalCaps.owner(r) == core.id() && !LocalCaps.busy(r)) {
            out.send(core.id(), Message.core(m), Message.withCore(Message.withRelations(
                    Message.of(Message.RECV_COPY, kind), LocalCaps.COPY_BIT), from));
        } else {
            core.receive(from, m, out);
        }
    };

    /**
     * The checks catch the defect the handlers had (a seeded version of it): an owner that forwards a
     * request_copy to the core it names without asking whether that core exists sends to a missing core.
     */
    @Test
    void anOwnerForwardingToAMissingCoreIsCaught() {
        MessageTarget.Receiver forwards = FORWARDS_TO_MISSING_CORES;
        SplittableRandom r = new SplittableRandom(11);
        AssertionError caught = null;
        for (int i = 0; i < 3_000 && caught == null; i++) {
            MessageTarget.Choices input = random(r);
            try {
                MessageTarget.run(input, forwards);
            } catch (AssertionError e) {
                caught = e;
            }
        }
        assertNotNull(caught, "the seeded forwarding was not caught in 3,000 inputs");
        String message = caught.getMessage();
        assertTrue(message.contains("naming a missing core"), message);
        assertTrue(message.matches("(?s).*sent recv_copy\\(.*\\) from c\\d to c[23] \\([23] cores\\).*"), message);
    }
}
