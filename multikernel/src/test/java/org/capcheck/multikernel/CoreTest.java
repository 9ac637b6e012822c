package org.capcheck.multikernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each protocol step of a {@link Core} on its own: the input, then the messages, completions, events and the
 * local state it leaves. Cores boot as the model boots them: every core holds a RAM copy owned by core 0.
 */
class CoreTest {
    private final Recorder out = new Recorder();

    /** Three cores booted, as a host would hold them. */
    private final int[] state = new int[3 * Core.WORDS];

    private Core core(int id, Protocol protocol) {
        Core c = new Core(id, 3, protocol);
        c.load(state, id * Core.WORDS);
        return c;
    }

    CoreTest() {
        for (int c = 0; c < 3; c++) {
            Core.boot(state, c * Core.WORDS, c, 3);
        }
    }

    @Test
    void bootGivesTheOwnerTheRemoteCopiesBitAndEveryCoreACopy() {
        for (int c = 0; c < 3; c++) {
            int ram = core(c, Protocol.BARRELFISH).record(Ops.RAM);
            assertEquals(1, LocalCaps.copies(ram));
            assertEquals(0, LocalCaps.owner(ram));
            assertTrue(LocalCaps.remoteCopies(ram));
        }
        assertEquals(0b110, LocalCaps.holders(core(0, Protocol.CAPCHECK).record(Ops.RAM)));
    }

    @Test
    void ownerCopySendsRecvCopyWithTheCopyBitAndCapcheckLocksUntilTheResult() {
        Core bf = core(0, Protocol.BARRELFISH);
        bf.invoke(Ops.COPY, Ops.RAM, 2, out);
        int m = out.onlyMessageTo(2);
        assertEquals(Message.RECV_COPY, Message.type(m));
        assertEquals(LocalCaps.COPY_BIT, Message.relations(m));
        assertEquals(0, Message.core(m));
        assertFalse(LocalCaps.locked(bf.record(Ops.RAM)), "owner_copy__enq takes no lock");
        assertTrue(bf.pending());

        out.clear();
        Core cc = core(0, Protocol.CAPCHECK);
        cc.invoke(Ops.COPY, Ops.RAM, 2, out);
        assertTrue(LocalCaps.locked(cc.record(Ops.RAM)));
        cc.receive(2, Message.withCore(Message.of(Message.RECV_COPY_RESULT, Ops.RAM), 0), out);
        assertFalse(LocalCaps.locked(cc.record(Ops.RAM)));
        assertEquals(Ops.OK, out.lastResult());
        assertFalse(cc.pending());
    }

    @Test
    void aNonOwnerAsksTheOwnerWhichForwardsTheCopyAndTheResult() {
        Core c1 = core(1, Protocol.BARRELFISH);
        c1.invoke(Ops.COPY, Ops.RAM, 2, out);
        int request = out.onlyMessageTo(0);
        assertEquals(Message.REQUEST_COPY, Message.type(request));
        assertEquals(2, Message.core(request));

        out.clear();
        Core c0 = core(0, Protocol.BARRELFISH);
        c0.receive(1, request, out);
        int recv = out.onlyMessageTo(2);
        assertEquals(Message.RECV_COPY, Message.type(recv));
        assertEquals(1, Message.core(recv), "the origin rides along (capop_st)");

        out.clear();
        Core c2 = core(2, Protocol.BARRELFISH);
        c2.receive(0, recv, out);
        assertEquals(2, LocalCaps.copies(c2.record(Ops.RAM)));
        assertEquals(0, LocalCaps.owner(c2.record(Ops.RAM)), "the COPY bit names the sender as owner");
        int result = out.onlyMessageTo(0);
        assertEquals(Message.RECV_COPY_RESULT, Message.type(result));

        out.clear();
        c0.receive(2, result, out);
        int forwarded = out.onlyMessageTo(1);
        assertEquals(Message.RECV_COPY_RESULT, Message.type(forwarded));
        out.clear();
        c1.receive(0, forwarded, out);
        assertEquals(Ops.OK, out.lastResult());
    }

    @Test
    void theOwnerRefusesACopyRequestWhileBusy() {
        Core c0 = core(0, Protocol.CAPCHECK);
        c0.invoke(Ops.COPY, Ops.RAM, 1, out); // locks the RAM until the result
        out.clear();
        c0.receive(2, Message.withCore(Message.of(Message.REQUEST_COPY, Ops.RAM), 1), out);
        assertEquals(Ops.RETRY, Message.status(out.onlyMessageTo(2)));
    }

    @Test
    void deletingAForeignCopyIsLocalAndSilent() {
        Core c1 = core(1, Protocol.BARRELFISH);
        c1.invoke(Ops.DELETE, Ops.RAM, 0, out);
        assertTrue(out.sends.isEmpty());
        assertTrue(out.events.isEmpty(), "no cleanup for a copy");
        assertEquals(Ops.OK, out.lastResult());
        assertEquals(0, c1.record(Ops.RAM));
    }

    @Test
    void deletingTheLastOwnedCopyFindsANewOwnerAndMovesOwnershipThere() {
        Core c0 = core(0, Protocol.BARRELFISH);
        c0.invoke(Ops.DELETE, Ops.RAM, 0, out);
        assertEquals(List.of(Message.FIND_CAP), out.typesTo(1));
        assertEquals(List.of(Message.FIND_CAP), out.typesTo(2), "Barrelfish broadcasts");
        assertTrue(LocalCaps.locked(c0.record(Ops.RAM)));
        out.clear();
        c0.receive(2, Message.of(Message.FIND_CAP_RESULT, Ops.RAM), out);
        int move = out.onlyMessageTo(2);
        assertEquals(Message.MOVE_REQUEST, Message.type(move), "the first holder to answer wins");
        out.clear();
        c0.receive(1, Message.withStatus(Message.of(Message.FIND_CAP_RESULT, Ops.RAM), Ops.NOT_FOUND), out);
        assertTrue(out.sends.isEmpty(), "the late reply is absorbed");

        out.clear();
        Core c2 = core(2, Protocol.BARRELFISH);
        c2.receive(0, move, out);
        assertEquals(2, LocalCaps.owner(c2.record(Ops.RAM)));
        assertEquals(List.of(Message.UPDATE_OWNER, Message.MOVE_RESULT), out.typesTo(0),
                "Barrelfish answers the mover before the update is acknowledged");
        assertEquals(List.of(Message.UPDATE_OWNER), out.typesTo(1));

        out.clear();
        c0.receive(2, Message.of(Message.UPDATE_OWNER, Ops.RAM), out);
        c0.receive(2, Message.of(Message.MOVE_RESULT, Ops.RAM), out);
        assertEquals(0, c0.record(Ops.RAM));
        assertEquals(Ops.OK, out.lastResult());
        assertTrue(out.events.isEmpty(), "the object lives on at the new owner");
    }

    @Test
    void capcheckWaitsForEveryHolderBeforeChoosingTheNewOwner() {
        Core c0 = core(0, Protocol.CAPCHECK);
        c0.invoke(Ops.DELETE, Ops.RAM, 0, out);
        out.clear();
        c0.receive(2, Message.of(Message.FIND_CAP_RESULT, Ops.RAM), out);
        assertTrue(out.sends.isEmpty());
        c0.receive(1, Message.of(Message.FIND_CAP_RESULT, Ops.RAM), out);
        assertEquals(List.of(Message.MOVE_REQUEST), out.typesTo(2), "the first to answer");
    }

    @Test
    void capcheckAsksOnlyTheHoldersAndCleansUpWhenThereAreNone() {
        state[0] = LocalCaps.withHolders(state[0], 0b100);
        Core c0 = core(0, Protocol.CAPCHECK);
        c0.invoke(Ops.DELETE, Ops.RAM, 0, out);
        assertEquals(List.of(), out.typesTo(1));
        assertEquals(List.of(Message.FIND_CAP), out.typesTo(2));
        out.clear();
        c0.receive(2, Message.withStatus(Message.of(Message.FIND_CAP_RESULT, Ops.RAM), Ops.NOT_FOUND), out);
        assertEquals(1, out.events.size());
        assertEquals(Ops.EVENT_CLEANUP, out.events.get(0)[1]);
        assertEquals(Ops.OK, out.lastResult());
    }

    @Test
    void revokeMarksEverywhereThenCommitsThenCompletes() {
        Core c0 = core(0, Protocol.CAPCHECK);
        c0.invoke(Ops.REVOKE, Ops.RAM, 0, out);
        assertEquals(List.of(Message.REVOKE_MARK), out.typesTo(1));
        assertEquals(List.of(Message.REVOKE_MARK), out.typesTo(2));
        assertTrue(LocalCaps.locked(c0.record(Ops.RAM)), "capcheck locks the target");

        out.clear();
        Core c1 = core(1, Protocol.CAPCHECK);
        c1.receive(0, Message.of(Message.REVOKE_MARK, Ops.RAM), out);
        assertEquals(0, c1.record(Ops.RAM), "the mark deletes foreign copies at once");
        assertEquals(List.of(Message.REVOKE_READY), out.typesTo(0));
        assertFalse(c1.idle(), "marked until the commit");

        out.clear();
        c0.receive(1, Message.of(Message.REVOKE_READY, Ops.RAM), out);
        assertTrue(out.sends.isEmpty());
        c0.receive(2, Message.of(Message.REVOKE_READY, Ops.RAM), out);
        assertEquals(List.of(Message.REVOKE_COMMIT), out.typesTo(1));
        assertEquals(List.of(Message.REVOKE_COMMIT), out.typesTo(2));

        out.clear();
        c1.receive(0, Message.of(Message.REVOKE_COMMIT, Ops.RAM), out);
        assertEquals(List.of(Message.REVOKE_DONE), out.typesTo(0));
        assertTrue(c1.idle());

        c0.receive(1, Message.of(Message.REVOKE_DONE, Ops.RAM), out);
        assertTrue(out.completions.isEmpty());
        c0.receive(2, Message.of(Message.REVOKE_DONE, Ops.RAM), out);
        assertEquals(Ops.OK, out.lastResult());
        int ram = c0.record(Ops.RAM);
        assertFalse(LocalCaps.remoteCopies(ram));
        assertFalse(LocalCaps.locked(ram));
    }

    @Test
    void aNonOwnerRetrievesOwnershipBeforeRevoking() {
        Core c1 = core(1, Protocol.BARRELFISH);
        c1.invoke(Ops.REVOKE, Ops.RAM, 0, out);
        assertEquals(List.of(Message.RETRIEVE_REQUEST), out.typesTo(0));
        assertEquals(1, LocalCaps.owner(c1.record(Ops.RAM)), "retrieve_owner__send sets the owner first");
        out.clear();
        Core c0 = core(0, Protocol.BARRELFISH);
        c0.receive(1, Message.of(Message.RETRIEVE_REQUEST, Ops.RAM), out);
        int result = out.onlyMessageTo(1);
        assertEquals(Ops.OK, Message.status(result));
        assertEquals(1, LocalCaps.owner(c0.record(Ops.RAM)));
        out.clear();
        c1.receive(0, result, out);
        assertEquals(List.of(Message.UPDATE_OWNER), out.typesTo(0));
        assertEquals(List.of(Message.UPDATE_OWNER), out.typesTo(2));
    }

    @Test
    void barrelfishKeepsTheClaimedOwnershipWhenRetrieveFailsCapcheckRestoresIt() {
        for (Protocol p : new Protocol[] {Protocol.BARRELFISH, Protocol.CAPCHECK}) {
            Core c1 = core(1, p);
            c1.invoke(Ops.REVOKE, Ops.RAM, 0, out);
            c1.receive(0, Message.withStatus(Message.of(Message.RETRIEVE_RESULT, Ops.RAM), Ops.RETRY), out);
            assertEquals(Ops.RETRY, out.lastResult());
            assertEquals(p == Protocol.BARRELFISH ? 1 : 0, LocalCaps.owner(c1.record(Ops.RAM)), p.name());
        }
    }

    @Test
    void theOwnerRetypesLocallyUntilItKnowsOfRemoteDescendants() {
        Core c0 = core(0, Protocol.BARRELFISH);
        c0.invoke(Ops.RETYPE, Ops.RAM, 0, out);
        assertTrue(out.sends.isEmpty());
        assertEquals(Ops.OK, out.lastResult());
        assertEquals(1, LocalCaps.copies(c0.record(Ops.FRAME)));
        assertEquals(Ops.EVENT_CREATED, out.events.get(0)[1]);
        out.clear();
        c0.invoke(Ops.RETYPE, Ops.RAM, 0, out);
        assertEquals(Ops.REVOKE_FIRST, out.lastResult());
    }

    @Test
    void aNonOwnersRetypeIsCheckedOnEveryCoreByTheOwner() {
        Core c1 = core(1, Protocol.BARRELFISH);
        c1.invoke(Ops.RETYPE, Ops.RAM, 0, out);
        assertEquals(List.of(Message.REQUEST_RETYPE), out.typesTo(0));
        out.clear();
        Core c0 = core(0, Protocol.BARRELFISH);
        c0.receive(1, Message.of(Message.REQUEST_RETYPE, Ops.RAM), out);
        assertEquals(List.of(Message.CHECK_RETYPEABLE), out.typesTo(1), "the requester is asked too");
        assertEquals(List.of(Message.CHECK_RETYPEABLE), out.typesTo(2));
        assertTrue(LocalCaps.locked(c0.record(Ops.RAM)));
        out.clear();
        c0.receive(1, Message.of(Message.CHECK_RETYPEABLE_RESULT, Ops.RAM), out);
        c0.receive(2, Message.of(Message.CHECK_RETYPEABLE_RESULT, Ops.RAM), out);
        int response = out.onlyMessageTo(1);
        assertEquals(Ops.OK, Message.status(response));
        assertTrue(LocalCaps.remoteDescs(c0.record(Ops.RAM)));
        assertFalse(LocalCaps.locked(c0.record(Ops.RAM)));
        out.clear();
        c1.receive(0, response, out);
        assertEquals(Ops.OK, out.lastResult());
        assertEquals(1, LocalCaps.owner(c1.record(Ops.FRAME)));
    }

    @Test
    void aCoreHoldingAFrameAnswersRevokeFirst() {
        Core c2 = core(2, Protocol.BARRELFISH);
        c2.receive(0, Message.of(Message.CHECK_RETYPEABLE, Ops.RAM), out);
        assertEquals(Ops.OK, Message.status(out.onlyMessageTo(0)));
        state[2 * Core.WORDS + Ops.FRAME] = LocalCaps.withOwner(LocalCaps.withCopies(0, 1), 2);
        out.clear();
        core(2, Protocol.BARRELFISH).receive(0, Message.of(Message.CHECK_RETYPEABLE, Ops.RAM), out);
        assertEquals(Ops.REVOKE_FIRST, Message.status(out.onlyMessageTo(0)));
    }

    @Test
    void barrelfishsKernelRetypesUnderTheMonitorsLockCapcheckRefuses() {
        for (Protocol p : new Protocol[] {Protocol.BARRELFISH, Protocol.CAPCHECK}) {
            out.clear();
            Core c0 = core(0, p);
            c0.receive(1, Message.of(Message.REQUEST_RETYPE, Ops.RAM), out); // locks for the check
            c0.invoke(Ops.RETYPE, Ops.RAM, 0, out);
            assertEquals(p == Protocol.BARRELFISH ? Ops.OK : Ops.RETRY, out.lastResult(), p.name());
        }
    }

    @Test
    void barrelfishPanicsWhenAMarkFindsALockedCopy() {
        Core c1 = core(1, Protocol.BARRELFISH);
        c1.invoke(Ops.REVOKE, Ops.RAM, 0, out); // retrieve: locked, owner claimed
        out.clear();
        c1.receive(0, Message.of(Message.REVOKE_MARK, Ops.RAM), out);
        assertEquals(1, out.events.size());
        assertEquals(Ops.EVENT_PANIC, out.events.get(0)[1]);
    }

    @Test
    void capcheckRefusesCopiesBetweenMarkAndCommit() {
        Core c2 = core(2, Protocol.CAPCHECK);
        c2.receive(0, Message.of(Message.REVOKE_MARK, Ops.RAM), out);
        out.clear();
        c2.receive(1, Message.withRelations(Message.of(Message.RECV_COPY, Ops.FRAME), LocalCaps.COPY_BIT), out);
        assertEquals(Ops.RETRY, Message.status(out.onlyMessageTo(1)));
        assertEquals(0, c2.record(Ops.FRAME));
    }

    @Test
    void withoutTheMarkPhaseRevokeGoesStraightToTheCommit() {
        Core c0 = core(0, Protocol.CAPCHECK.withoutMarkPhase());
        c0.invoke(Ops.REVOKE, Ops.RAM, 0, out);
        assertEquals(List.of(Message.REVOKE_COMMIT), out.typesTo(1));
    }

    @Test
    void messagesRoundTripTheirFields() {
        int m = Message.withCores(Message.withCore(Message.withRelations(Message.withStatus(
                Message.of(Message.MOVE_REQUEST, Ops.FRAME), Ops.REVOKE_FIRST), 5), 3), 0b1010);
        assertEquals(Message.MOVE_REQUEST, Message.type(m));
        assertEquals(Ops.FRAME, Message.kind(m));
        assertEquals(Ops.REVOKE_FIRST, Message.status(m));
        assertEquals(5, Message.relations(m));
        assertEquals(3, Message.core(m));
        assertEquals(0b1010, Message.cores(m));
    }

    /** Sans-IO: after warm-up, handling inputs allocates nothing (the host here allocates nothing either). */
    @Test
    void handlingAnInputAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Host quiet = new Host() {
            @Override
            public void send(int from, int to, int message) {
            }

            @Override
            public void complete(int core, int op, int kind, int result) {
            }

            @Override
            public void event(int core, int event, int kind) {
            }
        };
        int[] boot = state.clone();
        Core c0 = new Core(0, 3, Protocol.CAPCHECK);
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 20_000; i++) {
                c0.load(boot, 0);
                c0.invoke(Ops.REVOKE, Ops.RAM, 0, quiet);
                c0.receive(1, Message.of(Message.REVOKE_READY, Ops.RAM), quiet);
                c0.receive(2, Message.of(Message.REVOKE_READY, Ops.RAM), quiet);
                c0.receive(1, Message.of(Message.REVOKE_DONE, Ops.RAM), quiet);
                c0.receive(2, Message.of(Message.REVOKE_DONE, Ops.RAM), quiet);
                c0.receive(1, Message.of(Message.REQUEST_RETYPE, Ops.RAM), quiet);
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        assertTrue(least < 1024, "allocated " + least + " bytes in 120,000 inputs");
    }

    /**
     * A copy message naming a core that does not exist (core 3 of 3) is rejected without corrupting state: the
     * owner answers request_copy with NO_MONITOR (Barrelfish: capsend_target finds no binding), which completes
     * the requester's copy; a recv_copy or recv_copy_result with such an origin is dropped, with nothing sent.
     */
    @Test
    void copyMessagesNamingAMissingCoreAreRejected() {
        for (Protocol protocol : new Protocol[] {Protocol.CAPCHECK, Protocol.BARRELFISH}) {
            Core c1 = core(1, protocol);
            out.clear();
            c1.invoke(Ops.COPY, Ops.RAM, 2, out);
            int request = Message.withCore(out.onlyMessageTo(0), 3);

            out.clear();
            Core c0 = core(0, protocol);
            int[] before = words(c0);
            c0.receive(1, request, out);
            assertEquals(List.of(before[0], before[1]), List.of(c0.record(Ops.RAM), c0.record(Ops.FRAME)));
            int reply = out.onlyMessageTo(1);
            assertEquals(1, out.sends.size());
            assertEquals(Message.RECV_COPY_RESULT, Message.type(reply));
            assertEquals(Ops.NO_MONITOR, Message.status(reply));
            assertEquals(1, Message.core(reply), "the answer goes to the requester");
            assertTrue(out.completions.isEmpty() && out.events.isEmpty());

            out.clear();
            c1.receive(0, reply, out);
            assertEquals(Ops.NO_MONITOR, out.lastResult());
            assertFalse(c1.pending());

            for (int type : new int[] {Message.RECV_COPY, Message.RECV_COPY_RESULT}) {
                for (int id = 0; id < 3; id++) {
                    Core c = core(id, protocol);
                    c.invoke(Ops.COPY, Ops.RAM, (id + 1) % 3, out);
                    int[] held = words(c);
                    out.clear();
                    c.receive((id + 2) % 3, Message.withCore(Message.withRelations(Message.of(type, Ops.RAM),
                            LocalCaps.COPY_BIT), 3), out);
                    assertEquals(java.util.Arrays.toString(held), java.util.Arrays.toString(words(c)),
                            Message.describe(type) + " to c" + id);
                    assertTrue(out.sends.isEmpty() && out.completions.isEmpty() && out.events.isEmpty());
                }
            }
        }
    }

    private static int[] words(Core c) {
        int[] w = new int[Core.WORDS];
        c.store(w, 0);
        return w;
    }
}
