package org.capcheck.multikernel;

import static org.capcheck.multikernel.LocalCaps.COPY_BIT;
import static org.capcheck.multikernel.LocalCaps.DESC_BIT;
import static org.capcheck.multikernel.LocalCaps.ANCS_BIT;
import static org.capcheck.multikernel.LocalCaps.copies;
import static org.capcheck.multikernel.LocalCaps.owner;
import static org.capcheck.multikernel.LocalCaps.relations;
import static org.capcheck.multikernel.Ops.FRAME;
import static org.capcheck.multikernel.Ops.NOT_FOUND;
import static org.capcheck.multikernel.Ops.OK;
import static org.capcheck.multikernel.Ops.RAM;
import static org.capcheck.multikernel.Ops.RETRY;

/**
 * One core of a multikernel: its kernel's capability state (a {@link LocalCaps} record per capability) and its
 * monitor's protocol state, as a sans-IO state machine. The whole state is {@value #WORDS} ints:
 *
 * <pre>
 * word 0, 1   LocalCaps of RAM and of Frame
 * word 2      application: operations issued (bits 0-3), one pending (4), op (5-6), kind (7), argument (8-9)
 * word 3      the monitor's job for the pending operation: phase (0-3), cores awaited (4-7),
 *             a core + 1 (8-10: find_cap's first holder, retrieve's previous owner), status (11-13),
 *             the source cap of a requested retype was deleted meanwhile (14)
 * word 4      revoke slave: masters whose mark this core applied and whose commit has not come (bits 0-3);
 *             capcheck: masters whose mark waits for a Frame copy in flight from here (bits 4-7);
 *             Barrelfish: find_cap replies still to come after the first holder answered (8-11 RAM, 12-15 Frame)
 * word 5, 6   move target per kind (move_request__rx_handler): active (0), awaited (1-4), mover (5-6)
 * word 7      retype requested by another core (retype_request__rx): active (0), requester (1-2),
 *             awaited (3-6), status (7-9), granted and awaiting retype_done (10, capcheck)
 * </pre>
 *
 * <p>{@link #load} and {@link #store} move that state in and out of a host's array; {@link #invoke} and
 * {@link #receive} are the two inputs. Neither allocates, blocks, nor throws on any input the host may give
 * (an application operation when none is pending; a message a core sent).
 */
public final class Core {
    public static final int WORDS = 8;
    private static final int APP = 2;
    private static final int JOB = 3;
    private static final int SLAVE = 4;
    private static final int MOVE_IN = 5;
    private static final int SERVE = 7;

    // Phases of the monitor's job for the application's pending operation.
    static final int IDLE = 0;
    static final int WAIT_COPY = 1;
    static final int FIND = 2;
    static final int MOVE = 3;
    static final int RETRIEVE = 4;
    static final int RETRIEVE_UPDATE = 5;
    static final int MARK = 6;
    static final int COMMIT = 7;
    static final int RETYPE_CHECK = 8;
    static final int RETYPE_REQUEST = 9;

    private final int id;
    private final int cores;
    private final int others;
    private final Protocol protocol;
    private final int[] w = new int[WORDS];
    private Host host;

    public Core(int id, int cores, Protocol protocol) {
        if (cores < 1 || cores > 4 || id < 0 || id >= cores) {
            throw new IllegalArgumentException("cores must be 1 to 4 and id below it, not " + id + " of " + cores);
        }
        this.id = id;
        this.cores = cores;
        this.others = ((1 << cores) - 1) & ~(1 << id);
        this.protocol = protocol;
    }

    /**
     * Writes the boot state of core {@code id} into {@code state} at {@code offset}: every core holds one copy of
     * the RAM, owned by core 0 (as after core 0 handed it out with capops_copy); the owner knows of the remote
     * copies, each other core got remote_copies on insert (caps_create_from_existing).
     */
    public static void boot(int[] state, int offset, int id, int cores) {
        int ram = LocalCaps.withOwner(LocalCaps.withCopies(0, 1), 0);
        if (cores > 1) {
            ram = LocalCaps.withRelations(ram, COPY_BIT);
        }
        if (id == 0) {
            ram = LocalCaps.withHolders(ram, ((1 << cores) - 1) & ~1);
        }
        for (int i = 0; i < WORDS; i++) {
            state[offset + i] = 0;
        }
        state[offset] = ram;
    }

    public void load(int[] state, int offset) {
        System.arraycopy(state, offset, w, 0, WORDS);
    }

    public void store(int[] state, int offset) {
        System.arraycopy(w, 0, state, offset, WORDS);
    }

    public int id() {
        return id;
    }

    public int record(int kind) {
        return w[kind];
    }

    public int operationsIssued() {
        return w[APP] & 15;
    }

    public boolean pending() {
        return (w[APP] & 1 << 4) != 0;
    }

    // ---------------------------------------------------------------- application invocations

    /**
     * The application invokes {@code op} on its copy of {@code kind} (argument: the destination core of a
     * copy). The kernel handles what it can; the rest goes to the monitor (SYS_ERR_RETRY_THROUGH_MONITOR).
     * Ignored while an operation is pending: the application's call to its monitor is a blocking RPC.
     */
    public void invoke(int op, int kind, int arg, Host out) {
        if (pending()) {
            return;
        }
        host = out;
        w[APP] = Math.min(15, operationsIssued() + 1) | 1 << 4 | op << 5 | kind << 7 | (arg & 3) << 8;
        w[JOB] = 0;
        switch (op) {
            case Ops.COPY:
                copy(kind, arg);
                break;
            case Ops.DELETE:
                delete(kind);
                break;
            case Ops.REVOKE:
                revoke(kind);
                break;
            case Ops.RETYPE:
                retype(kind);
                break;
            default:
                done(NOT_FOUND);
        }
        host = null;
    }

    /** capops_copy: from the owner directly (owner_copy__enq), from a non-owner through the owner. */
    private void copy(int kind, int dest) {
        int r = w[kind];
        if (copies(r) == 0 || dest == id || dest < 0 || dest >= cores) {
            done(NOT_FOUND);
        } else if (LocalCaps.busy(r)) {
            done(RETRY);
        } else if (owner(r) != id) {
            send(owner(r), Message.withCore(Message.of(Message.REQUEST_COPY, kind), dest));
            phase(WAIT_COPY);
        } else {
            ownerCopy(kind, dest, id);
            phase(WAIT_COPY);
        }
    }

    /** owner_copy__enq without give_away: set remote_copies, send recv_copy with the COPY bit. */
    private void ownerCopy(int kind, int dest, int origin) {
        int r = LocalCaps.withRelations(w[kind], relations(w[kind]) | COPY_BIT);
        if (protocol.multicast) {
            r = LocalCaps.withHolders(r, LocalCaps.holders(r) | 1 << dest);
        }
        if (protocol.lockDuringCopy) {
            // capcheck: the cap stays locked until the receiver has inserted its copy, so that no revoke,
            // move or retrieve overtakes a copy in flight.
            r = LocalCaps.withSending(LocalCaps.withLocked(r, true), true);
            if (kind == FRAME && copies(w[RAM]) > 0 && owner(w[RAM]) == id) {
                // capcheck: a Frame leaving this core is a remote descendant of this core's RAM.
                w[RAM] = LocalCaps.withRelations(w[RAM], relations(w[RAM]) | DESC_BIT);
            }
        }
        w[kind] = r;
        send(dest, Message.withCore(Message.withRelations(Message.of(Message.RECV_COPY, kind), COPY_BIT), origin));
    }

    /** caps_try_delete, then capops_delete for the last owned copy with remote copies (DELETE_LAST_OWNED). */
    private void delete(int kind) {
        int r = w[kind];
        if (copies(r) == 0) {
            done(NOT_FOUND);
        } else if (LocalCaps.busy(r)) {
            // Barrelfish queues the delete until the lock is released (delete_trylock_cont, caplock_wait); the
            // model completes with RETRY instead and the application may issue it again.
            done(RETRY);
        } else if (owner(r) != id || copies(r) > 1) {
            cleanupCopy(kind);
            done(OK);
        } else if (LocalCaps.remoteCopies(r)) {
            w[kind] = LocalCaps.withLocked(r, true);
            findNewOwner(kind);
        } else {
            cleanupLast(kind);
            done(OK);
        }
    }

    /** cleanup_copy: remove one copy; a foreign copy with remote relations sets remote_descs on its ancestor. */
    private void cleanupCopy(int kind) {
        int r = w[kind];
        if (copies(r) == 0) {
            return;
        }
        if (kind == FRAME && owner(r) != id && (relations(r) & (COPY_BIT | DESC_BIT)) != 0 && copies(w[RAM]) > 0) {
            w[RAM] = LocalCaps.withRelations(w[RAM], relations(w[RAM]) | DESC_BIT);
        }
        w[kind] = LocalCaps.withCopies(r, copies(r) - 1);
    }

    /** cleanup_last, caps_delete_last: the object's type-specific cleanup runs here. */
    private void cleanupLast(int kind) {
        w[kind] = 0;
        host.event(id, Ops.EVENT_CLEANUP, kind);
    }

    /** delete.c, moveable types: find_cap to the cores that may hold a copy. */
    private void findNewOwner(int kind) {
        int targets = protocol.multicast ? LocalCaps.holders(w[kind]) & others : others;
        if (targets == 0) {
            noNewOwner(kind);
            return;
        }
        broadcast(targets, Message.of(Message.FIND_CAP, kind));
        w[JOB] = FIND | targets << 4;
    }

    /** find_core_cont with CAP_NOT_FOUND: clear remote_copies, delete_last. */
    private void noNewOwner(int kind) {
        cleanupLast(kind);
        done(OK);
    }

    /** capops_revoke; a non-owner first retrieves ownership (capops_retrieve). */
    private void revoke(int kind) {
        int r = w[kind];
        if (kind != RAM || copies(r) == 0) {
            done(NOT_FOUND);
        } else if (LocalCaps.busy(r)) {
            done(RETRY);
        } else if (owner(r) != id) {
            int previous = owner(r);
            // retrieve_owner__send sets the owner before the old owner has agreed.
            w[kind] = LocalCaps.withOwner(LocalCaps.withLocked(r, true), id);
            send(previous, Message.of(Message.RETRIEVE_REQUEST, kind));
            w[JOB] = RETRIEVE | (previous + 1) << 8;
        } else {
            revokeLocal();
        }
    }

    /** revoke_local: mark the target's copies and descendants here, then revoke_mark to every other core. */
    private void revokeLocal() {
        if (copies(w[RAM]) == 0) {
            // A concurrent revoke's mark deleted the copy while this core retrieved ownership; Barrelfish's
            // monitor panics here (PANIC_IF_ERR in retrieve_result__rx / revoke_local).
            panic();
            done(NOT_FOUND);
            return;
        }
        if (protocol.lockDuringRevoke) {
            w[RAM] = LocalCaps.withLocked(w[RAM], true);
        }
        w[RAM] = LocalCaps.withCopies(w[RAM], 1);
        markDescendants();
        // Descendants may live on any core (a Frame's owner copies it on), so both variants ask every core.
        if (protocol.markPhase && others != 0) {
            broadcast(others, Message.of(Message.REVOKE_MARK, RAM));
            w[JOB] = MARK | others << 4;
        } else {
            commit();
        }
    }

    /**
     * caps_mark_revoke_generic on each Frame: foreign copies and copies with siblings go at once
     * (cleanup_copy); the last owned copy with remote copies is marked in_delete and loses remote_copies; any
     * other last copy is cleaned up at once.
     */
    private void markDescendants() {
        int f = w[FRAME];
        if (copies(f) == 0 || LocalCaps.inDelete(f)) {
            return;
        }
        if (owner(f) != id) {
            w[FRAME] = 0;
        } else if (LocalCaps.remoteCopies(f) || LocalCaps.locked(f)) {
            if (LocalCaps.locked(f)) {
                panic();
            }
            // A locked Frame makes caps_try_delete fail with CAP_LOCKED, on which Barrelfish panics; the model
            // defers it to the sweep instead (a guess, docs/MULTIKERNEL.md).
            w[FRAME] = LocalCaps.withInDelete(LocalCaps.withRelations(LocalCaps.withCopies(f, 1),
                    relations(f) & ~COPY_BIT), true);
        } else {
            cleanupLast(FRAME);
        }
    }

    /** The delete steps after a commit: every in_delete cap is by now the last copy (caps_delete_last). */
    private void sweep() {
        if (LocalCaps.inDelete(w[FRAME])) {
            cleanupLast(FRAME);
        }
    }

    private void commit() {
        if (others != 0) {
            broadcast(others, Message.of(Message.REVOKE_COMMIT, RAM));
        }
        sweep();
        w[JOB] = COMMIT | others << 4;
        if (others == 0) {
            finishRevoke();
        }
    }

    /** revoke_result__rx: unlock (even when nothing locked it), clear remote_copies, report. */
    private void finishRevoke() {
        int r = w[RAM];
        if (copies(r) > 0) {
            w[RAM] = LocalCaps.withRelations(LocalCaps.withLocked(r, false), relations(r) & ~COPY_BIT);
        }
        done(OK);
    }

    /** caps_retype's is_retypeable in the kernel, then capops_retype in the monitor. */
    private void retype(int kind) {
        int r = w[RAM];
        if (kind != RAM || copies(r) == 0) {
            done(NOT_FOUND);
        } else if (copies(w[FRAME]) > 0) {
            done(Ops.REVOKE_FIRST);
        } else if (protocol.retypeHonoursLock && LocalCaps.busy(r)) {
            done(RETRY);
        } else if (owner(r) == id && !LocalCaps.remoteDescs(r)) {
            // Barrelfish's kernel does not look at the lock here (is_retypeable): a retype the owner's
            // monitor is checking for another core does not stop this one.
            createFrame();
            done(OK);
        } else if (LocalCaps.busy(r)) {
            done(RETRY);
        } else if (owner(r) != id) {
            send(owner(r), Message.of(Message.REQUEST_RETYPE, RAM));
            phase(RETYPE_REQUEST);
        } else {
            w[RAM] = LocalCaps.withLocked(r, true);
            if (!protocol.remoteRetypeCheck || others == 0) {
                finishOwnRetype(OK);
            } else {
                broadcast(others, Message.of(Message.CHECK_RETYPEABLE, RAM));
                w[JOB] = RETYPE_CHECK | others << 4;
            }
        }
    }

    private void finishOwnRetype(int status) {
        w[RAM] = LocalCaps.withLocked(w[RAM], false);
        done(status == OK ? createFromMonitor() : status);
    }

    /** monitor_create_caps: is_retypeable again (from_monitor), then the new Frame, owned here. */
    private int createFromMonitor() {
        if (copies(w[RAM]) == 0) {
            return NOT_FOUND;
        }
        if (copies(w[FRAME]) > 0) {
            return Ops.REVOKE_FIRST;
        }
        createFrame();
        return OK;
    }

    private void createFrame() {
        int f = LocalCaps.withOwner(LocalCaps.withCopies(0, 1), id);
        if (owner(w[RAM]) != id) {
            f = LocalCaps.withRelations(f, ANCS_BIT);
        }
        w[FRAME] = f;
        host.event(id, Ops.EVENT_CREATED, FRAME);
    }

    // ---------------------------------------------------------------- messages

    /** The number of cores in the system, this one included. */
    public int cores() {
        return cores;
    }

    /**
     * The monitor handles {@code message} from core {@code from}. A copy message whose core field names a core
     * that does not exist is rejected before anything changes ({@link #namesMissingCore}).
     */
    public void receive(int from, int message, Host out) {
        host = out;
        if (namesMissingCore(message)) {
            if (Message.type(message) == Message.REQUEST_COPY) {
                // request_copy__rx: owner_copy's capsend_target(dest) finds no intermon binding for dest and fails
                // with MON_ERR_NO_MONITOR_FOR_CORE, which goes back to the requester as recv_copy_result. (Barrelfish
                // sets remote_copies first and leaves it set; here the request changes nothing.)
                send(from, Message.withCore(Message.withStatus(Message.of(Message.RECV_COPY_RESULT,
                        Message.kind(message)), Ops.NO_MONITOR), from));
            }
            host = null;
            return;
        }
        int kind = Message.kind(message);
        switch (Message.type(message)) {
            case Message.REQUEST_COPY:
                requestCopy(from, kind, Message.core(message));
                break;
            case Message.RECV_COPY:
                recvCopy(from, kind, Message.relations(message), Message.core(message));
                break;
            case Message.RECV_COPY_RESULT:
                recvCopyResult(kind, Message.status(message), Message.core(message));
                break;
            case Message.FIND_CAP: {
                int r = w[kind];
                int found = copies(r) > 0 && !LocalCaps.inDelete(r) ? OK : NOT_FOUND;
                send(from, Message.withStatus(Message.of(Message.FIND_CAP_RESULT, kind), found));
                break;
            }
            case Message.FIND_CAP_RESULT:
                findCapResult(from, kind, Message.status(message));
                break;
            case Message.MOVE_REQUEST:
                moveRequest(from, kind, Message.relations(message), Message.cores(message));
                break;
            case Message.MOVE_RESULT:
                moveResult(kind, Message.status(message));
                break;
            case Message.UPDATE_OWNER:
                if (copies(w[kind]) > 0) {
                    w[kind] = LocalCaps.withOwner(w[kind], from);
                }
                send(from, Message.of(Message.OWNER_UPDATED, kind));
                break;
            case Message.OWNER_UPDATED:
                ownerUpdated(from, kind);
                break;
            case Message.RETRIEVE_REQUEST:
                retrieveRequest(from, kind);
                break;
            case Message.RETRIEVE_RESULT:
                retrieveResult(kind, Message.status(message), Message.relations(message), Message.cores(message));
                break;
            case Message.REVOKE_MARK:
                // revoke_mark__rx, caps_mark_revoke(base, NULL): every copy here is foreign and goes at once.
                if (copies(w[RAM]) > 0) {
                    if (LocalCaps.locked(w[RAM]) || owner(w[RAM]) == id) {
                        // caps_mark_revoke asserts that a slave's copies are foreign; caps_try_delete on a
                        // locked copy fails and caps_mark_revoke_copy panics.
                        panic();
                    }
                    w[RAM] = 0;
                    if (phaseOf() == RETYPE_REQUEST) {
                        // The retype's source slot is gone: a copy arriving later lands in another slot, and
                        // monitor_create_caps on the source fails.
                        w[JOB] |= 1 << 14;
                    }
                }
                w[SLAVE] |= 1 << from;
                if (protocol.revokeWaitsForCopiesInFlight && LocalCaps.locked(w[FRAME])) {
                    // capcheck: a Frame copy sent from here may still land on a core that has marked already;
                    // answer once it has landed or been refused (the lock goes with the reply).
                    w[SLAVE] |= 1 << (from + 4);
                } else {
                    markDescendants();
                    send(from, Message.of(Message.REVOKE_READY, RAM));
                }
                break;
            case Message.REVOKE_READY:
                if (awaitReply(MARK, from)) {
                    commit();
                }
                break;
            case Message.REVOKE_COMMIT:
                sweep();
                w[SLAVE] &= ~(1 << from);
                send(from, Message.of(Message.REVOKE_DONE, RAM));
                break;
            case Message.REVOKE_DONE:
                if (awaitReply(COMMIT, from)) {
                    finishRevoke();
                }
                break;
            case Message.REQUEST_RETYPE:
                requestRetype(from);
                break;
            case Message.RETYPE_RESPONSE:
                if (phaseOf() == RETYPE_REQUEST) {
                    int status = Message.status(message);
                    if (status == OK && (w[JOB] & 1 << 14) != 0) {
                        status = NOT_FOUND;
                    } else if (status == OK) {
                        status = createFromMonitor();
                    }
                    if (protocol.retypeAcknowledged && Message.status(message) == OK) {
                        send(from, Message.of(Message.RETYPE_DONE, RAM));
                    }
                    done(status);
                }
                break;
            case Message.RETYPE_DONE:
                if ((w[SERVE] & 1 << 10) != 0 && (w[SERVE] >>> 1 & 3) == from) {
                    w[SERVE] = 0;
                    w[RAM] = LocalCaps.withLocked(w[RAM], false);
                }
                break;
            case Message.CHECK_RETYPEABLE:
                send(from, Message.withStatus(Message.of(Message.CHECK_RETYPEABLE_RESULT, RAM),
                        copies(w[FRAME]) > 0 ? Ops.REVOKE_FIRST : OK));
                break;
            case Message.CHECK_RETYPEABLE_RESULT:
                checkResult(from, Message.status(message));
                break;
            default:
                break;
        }
        int deferred = w[SLAVE] >>> 4 & 15;
        if (deferred != 0 && !LocalCaps.locked(w[FRAME])) {
            w[SLAVE] &= 15;
            markDescendants();
            broadcast(deferred, Message.of(Message.REVOKE_READY, RAM));
        }
        host = null;
    }

    /**
     * Whether a request_copy, recv_copy or recv_copy_result names, in its core field, a core that does not exist.
     * request_copy's field is the destination: Barrelfish's owner refuses it (capsend_target). recv_copy's and
     * recv_copy_result's field is the origin of a forwarded copy, standing for Barrelfish's capop_st: the
     * requester's state that the owner keeps itself and echoes, so a reply never goes to a core the owner did
     * not hear from. No correct peer sends a missing core, and such a recv_copy or recv_copy_result answers no
     * request: it is dropped (nothing inserted, unlocked, forwarded or completed).
     */
    private boolean namesMissingCore(int message) {
        int type = Message.type(message);
        return (type == Message.REQUEST_COPY || type == Message.RECV_COPY || type == Message.RECV_COPY_RESULT)
                && Message.core(message) >= cores;
    }

    /** request_copy__rx on the owner: validate, then reply at once (dest is the owner) or forward. */
    private void requestCopy(int from, int kind, int dest) {
        int r = w[kind];
        int reply = Message.withCore(Message.of(Message.RECV_COPY_RESULT, kind), from);
        if (copies(r) == 0) {
            send(from, Message.withStatus(reply, NOT_FOUND));
        } else if (owner(r) != id) {
            send(from, Message.withStatus(reply, Ops.FOREIGN));
        } else if (LocalCaps.busy(r)) {
            send(from, Message.withStatus(reply, RETRY));
        } else if (dest == id) {
            send(from, reply);
        } else {
            ownerCopy(kind, dest, from);
        }
    }

    /** recv_copy__rx: owner is the sender when the COPY bit is set; monitor_cap_create refuses a mismatch. */
    private void recvCopy(int from, int kind, int rels, int origin) {
        int owner = (rels & COPY_BIT) != 0 ? from : id;
        int r = w[kind];
        int status = OK;
        if (protocol.revokeWaitsForCopiesInFlight && ((w[SLAVE] & 15) != 0 || phaseOf() == MARK || phaseOf() == COMMIT)) {
            // capcheck: between a revoke's mark and its commit (and, on the revoking core, until the revoke
            // ends) this core accepts no copies: the copy may have been sent before the mark reached its sender.
            status = RETRY;
        } else if (copies(r) > 0 && owner(r) != owner) {
            status = Ops.FOREIGN;
        } else if (copies(r) == LocalCaps.MAX_COPIES) {
            status = RETRY;
        } else if (copies(r) > 0) {
            w[kind] = LocalCaps.withCopies(r, copies(r) + 1);
        } else {
            int fresh = LocalCaps.withOwner(LocalCaps.withCopies(0, 1), owner);
            // caps_create_from_existing: a foreign cap without local copies starts with remote_copies.
            fresh = LocalCaps.withRelations(fresh, owner == id ? rels : COPY_BIT);
            w[kind] = fresh;
        }
        send(from, Message.withCore(Message.withStatus(Message.of(Message.RECV_COPY_RESULT, kind), status), origin));
    }

    /** recv_copy_result__src on the origin, recv_copy_result__fwd on a forwarding owner. */
    private void recvCopyResult(int kind, int status, int origin) {
        int r = w[kind];
        if (LocalCaps.sending(r)) {
            w[kind] = LocalCaps.withSending(LocalCaps.withLocked(r, false), false);
        }
        if (origin == id) {
            if (phaseOf() == WAIT_COPY) {
                done(status);
            }
        } else {
            send(origin, Message.withCore(Message.withStatus(Message.of(Message.RECV_COPY_RESULT, kind), status),
                    origin));
        }
    }

    private void findCapResult(int from, int kind, int status) {
        int stale = 8 + 4 * kind;
        if ((w[SLAVE] >>> stale & 1 << from) != 0) {
            w[SLAVE] &= ~(1 << (stale + from)); // a reply to a find_cap that was already decided
            return;
        }
        if (phaseOf() != FIND) {
            return;
        }
        if (status == OK && (w[JOB] >>> 8 & 7) == 0) {
            w[JOB] |= (from + 1) << 8;
        }
        if (protocol.firstFoundWins && status == OK) {
            int rest = (w[JOB] >>> 4 & 15) & ~(1 << from);
            w[SLAVE] |= rest << stale;
            w[JOB] &= ~(15 << 4);
        } else if (!awaitReply(FIND, from)) {
            return;
        }
        int found = (w[JOB] >>> 8 & 7) - 1;
        w[kind] = LocalCaps.withLocked(w[kind], false);
        if (found < 0) {
            noNewOwner(kind);
        } else {
            move(kind, found);
        }
    }

    /** capops_move: lock, send move_request with the relations (remote ones only, in Barrelfish). */
    private void move(int kind, int dest) {
        int r = w[kind];
        if (copies(r) == 0) {
            done(NOT_FOUND);
            return;
        }
        if (LocalCaps.busy(r)) {
            done(RETRY);
            return;
        }
        int rels = relations(r);
        int holders = 0;
        if (protocol.moveCarriesLocalRelations) {
            if (copies(r) > 1) {
                rels |= COPY_BIT;
            }
            if (kind == RAM && copies(w[FRAME]) > 0) {
                rels |= DESC_BIT;
            }
        }
        if (protocol.multicast) {
            holders = LocalCaps.holders(r) | 1 << id;
        }
        w[kind] = LocalCaps.withLocked(r, true);
        send(dest, Message.withCores(Message.withRelations(Message.of(Message.MOVE_REQUEST, kind), rels), holders));
        w[JOB] = MOVE;
    }

    /** move_request__rx_handler: take ownership, tell the others (update_owner), answer the mover. */
    private void moveRequest(int from, int kind, int rels, int holders) {
        int r = w[kind];
        int result = Message.of(Message.MOVE_RESULT, kind);
        if (copies(r) == 0) {
            send(from, Message.withStatus(result, NOT_FOUND));
            return;
        }
        if (LocalCaps.locked(r)) {
            send(from, Message.withStatus(result, RETRY));
            return;
        }
        r = LocalCaps.withRelations(LocalCaps.withOwner(LocalCaps.withLocked(r, true), id), rels);
        r = LocalCaps.withHolders(r, holders & others);
        w[kind] = r;
        int targets = protocol.multicast ? holders & others : others;
        broadcast(targets, Message.of(Message.UPDATE_OWNER, kind));
        w[MOVE_IN + kind] = 1 | targets << 1 | from << 5;
        if (!protocol.multicast) {
            // "XXX: should we wait ... until broadcast really completes?": Barrelfish answers at once.
            send(from, result);
        }
        if (targets == 0) {
            movedIn(kind);
        }
    }

    private void movedIn(int kind) {
        int job = w[MOVE_IN + kind];
        w[MOVE_IN + kind] = 0;
        w[kind] = LocalCaps.withLocked(w[kind], false);
        if (protocol.multicast) {
            send(job >>> 5 & 3, Message.of(Message.MOVE_RESULT, kind));
        }
    }

    private void ownerUpdated(int from, int kind) {
        int job = w[MOVE_IN + kind];
        if ((job & 1) != 0 && (job >>> 1 & 1 << from) != 0) {
            job &= ~(1 << (from + 1));
            w[MOVE_IN + kind] = job;
            if ((job >>> 1 & 15) == 0) {
                movedIn(kind);
            }
        } else if (awaitReply(RETRIEVE_UPDATE, from)) {
            w[RAM] = LocalCaps.withLocked(w[RAM], false);
            revokeLocal();
        }
    }

    /** move_result__rx: unlock; on success the copy here is foreign now and is deleted locally. */
    private void moveResult(int kind, int status) {
        if (phaseOf() != MOVE) {
            return;
        }
        w[kind] = LocalCaps.withLocked(w[kind], false);
        if (status == OK) {
            if (owner(w[kind]) == id && copies(w[kind]) == 1) {
                cleanupLast(kind);
            } else {
                cleanupCopy(kind);
            }
            done(OK);
        } else if (status == NOT_FOUND && copies(w[kind]) > 0) {
            // move_result_cont: the chosen core lost its copy meanwhile; start the delete over.
            w[kind] = LocalCaps.withLocked(w[kind], true);
            findNewOwner(kind);
        } else {
            done(status);
        }
    }

    /** retrieve_request__rx on the owner: hand over ownership and every relation it knows of. */
    private void retrieveRequest(int from, int kind) {
        int r = w[kind];
        int result = Message.of(Message.RETRIEVE_RESULT, kind);
        if (copies(r) == 0) {
            send(from, Message.withStatus(result, NOT_FOUND));
        } else if (LocalCaps.busy(r)) {
            send(from, Message.withStatus(result, RETRY));
        } else if (owner(r) != id) {
            send(from, Message.withStatus(result, Ops.FOREIGN));
        } else {
            int rels = relations(r) | COPY_BIT;
            if (kind == RAM && copies(w[FRAME]) > 0) {
                rels |= DESC_BIT;
            }
            int holders = protocol.multicast ? LocalCaps.holders(r) | 1 << id : 0;
            w[kind] = LocalCaps.withHolders(LocalCaps.withOwner(r, from), 0);
            send(from, Message.withCores(Message.withRelations(result, rels), holders));
        }
    }

    private void retrieveResult(int kind, int status, int rels, int holders) {
        if (phaseOf() != RETRIEVE) {
            return;
        }
        int r = w[kind];
        if (status != OK || copies(r) == 0) {
            if (status == OK) {
                panic(); // retrieve_result__rx: PANIC_IF_ERR "setting rrels for retrieved cap"
            }
            r = LocalCaps.withLocked(r, false);
            if (protocol.restoreOwnerOnFailedRetrieve && copies(r) > 0 && owner(r) == id) {
                r = LocalCaps.withOwner(r, (w[JOB] >>> 8 & 7) - 1);
            }
            w[kind] = r;
            done(status != OK ? status : NOT_FOUND);
            return;
        }
        w[kind] = LocalCaps.withHolders(LocalCaps.withRelations(r, rels), holders & others);
        int targets = protocol.multicast ? holders & others : others;
        broadcast(targets, Message.of(Message.UPDATE_OWNER, kind));
        w[JOB] = RETRIEVE_UPDATE | targets << 4;
        if (targets == 0) {
            w[kind] = LocalCaps.withLocked(w[kind], false);
            revokeLocal();
        }
    }

    /** retype_request__rx on the owner: check here, lock, then check_retypeable on every other core. */
    private void requestRetype(int from) {
        int r = w[RAM];
        int response = Message.of(Message.RETYPE_RESPONSE, RAM);
        if (copies(r) == 0) {
            send(from, Message.withStatus(response, NOT_FOUND));
        } else if (owner(r) != id) {
            send(from, Message.withStatus(response, Ops.FOREIGN));
        } else if (LocalCaps.busy(r)) {
            send(from, Message.withStatus(response, RETRY));
        } else if (copies(w[FRAME]) > 0) {
            send(from, Message.withStatus(response, Ops.REVOKE_FIRST));
        } else {
            w[RAM] = LocalCaps.withLocked(r, true);
            w[SERVE] = 1 | from << 1;
            if (!protocol.remoteRetypeCheck) {
                finishServe();
            } else {
                broadcast(others, Message.of(Message.CHECK_RETYPEABLE, RAM));
                w[SERVE] |= others << 3;
            }
        }
    }

    private void checkResult(int from, int status) {
        int serve = w[SERVE];
        if ((serve & 1) != 0 && (serve >>> 3 & 1 << from) != 0) {
            serve &= ~(1 << (from + 3));
            if (status != OK && (serve >>> 7 & 7) == OK) {
                serve |= status << 7;
            }
            w[SERVE] = serve;
            if ((serve >>> 3 & 15) == 0) {
                finishServe();
            }
        } else if (phaseOf() == RETYPE_CHECK) {
            if (status != OK && (w[JOB] >>> 11 & 7) == OK) {
                w[JOB] |= status << 11;
            }
            if (awaitReply(RETYPE_CHECK, from)) {
                finishOwnRetype(w[JOB] >>> 11 & 7);
            }
        }
    }

    /** check_retypeable__rx then retype_request_check__rx: unlock, set remote_descs on success, respond. */
    private void finishServe() {
        int serve = w[SERVE];
        int status = serve >>> 7 & 7;
        int r = LocalCaps.withLocked(w[RAM], false);
        if (status == OK && copies(r) > 0) {
            r = LocalCaps.withRelations(r, relations(r) | DESC_BIT);
        }
        w[SERVE] = 0;
        if (protocol.retypeAcknowledged && status == OK && copies(r) > 0) {
            // capcheck: stay locked until the requester has created its caps; until then no other core can
            // take ownership or check a retype against a core that is about to hold a Frame.
            r = LocalCaps.withLocked(r, true);
            w[SERVE] = 1 | (serve & 3 << 1) | 1 << 10;
        }
        w[RAM] = r;
        send(serve >>> 1 & 3, Message.withStatus(Message.of(Message.RETYPE_RESPONSE, RAM), status));
    }

    // ---------------------------------------------------------------- helpers

    private void panic() {
        if (protocol.panics) {
            host.event(id, Ops.EVENT_PANIC, RAM);
        }
    }

    private int phaseOf() {
        return w[JOB] & 15;
    }

    private void phase(int phase) {
        w[JOB] = phase;
    }

    /** Records {@code from}'s reply to the job in {@code phase}; true when it was the last one awaited. */
    private boolean awaitReply(int phase, int from) {
        int job = w[JOB];
        if ((job & 15) != phase || (job >>> 4 & 1 << from) == 0) {
            return false;
        }
        job &= ~(1 << (from + 4));
        w[JOB] = job;
        return (job >>> 4 & 15) == 0;
    }

    private void broadcast(int targets, int message) {
        for (int c = 0; c < cores; c++) {
            if ((targets & 1 << c) != 0) {
                host.send(id, c, message);
            }
        }
    }

    private void send(int to, int message) {
        host.send(id, to, message);
    }

    private void done(int result) {
        int app = w[APP];
        w[APP] = app & 15;
        w[JOB] = 0;
        host.complete(id, app >>> 5 & 3, app >>> 7 & 1, result);
    }

    /** The slave-revoke, move-target and retype-serving state is empty and no operation is pending. */
    public boolean idle() {
        return !pending() && w[JOB] == 0 && w[SLAVE] == 0 && w[MOVE_IN] == 0 && w[MOVE_IN + 1] == 0 && w[SERVE] == 0;
    }

    /** The core's state with core ids renamed by {@code perm}, written to {@code out} at {@code offset}. */
    public static void permute(int[] state, int offset, int[] perm, int[] out, int outOffset) {
        out[outOffset] = LocalCaps.permute(state[offset], perm);
        out[outOffset + 1] = LocalCaps.permute(state[offset + 1], perm);
        int app = state[offset + APP];
        out[outOffset + APP] = (app & 1 << 4) != 0 && (app >>> 5 & 3) == Ops.COPY
                ? app & ~(3 << 8) | perm[app >>> 8 & 3] << 8 : app;
        int job = state[offset + JOB];
        int jobCore = job >>> 8 & 7;
        job = job & ~(15 << 4) | LocalCaps.permuteSet(job >>> 4 & 15, perm) << 4;
        if (jobCore != 0) {
            job = job & ~(7 << 8) | (perm[jobCore - 1] + 1) << 8;
        }
        out[outOffset + JOB] = job;
        int slave = state[offset + SLAVE];
        out[outOffset + SLAVE] = LocalCaps.permuteSet(slave & 15, perm) | LocalCaps.permuteSet(slave >>> 4 & 15, perm) << 4
                | LocalCaps.permuteSet(slave >>> 8 & 15, perm) << 8 | LocalCaps.permuteSet(slave >>> 12 & 15, perm) << 12;
        for (int k = 0; k < 2; k++) {
            int m = state[offset + MOVE_IN + k];
            out[outOffset + MOVE_IN + k] = m == 0 ? 0
                    : 1 | LocalCaps.permuteSet(m >>> 1 & 15, perm) << 1 | perm[m >>> 5 & 3] << 5;
        }
        int s = state[offset + SERVE];
        out[outOffset + SERVE] = s == 0 ? 0
                : s & ~(3 << 1 | 15 << 3) | perm[s >>> 1 & 3] << 1 | LocalCaps.permuteSet(s >>> 3 & 15, perm) << 3;
    }

    /** The core's state for people. */
    public static String describe(int[] state, int offset) {
        StringBuilder out = new StringBuilder();
        out.append("RAM ").append(LocalCaps.describe(state[offset]))
                .append("; Frame ").append(LocalCaps.describe(state[offset + 1]));
        int app = state[offset + APP];
        out.append("; ops ").append(app & 15);
        if ((app & 1 << 4) != 0) {
            out.append(", pending ").append(Ops.opName(app >>> 5 & 3)).append(' ').append(Ops.kindName(app >>> 7 & 1));
            out.append(" (phase ").append(state[offset + JOB] & 15).append(')');
        }
        if (state[offset + SLAVE] != 0) {
            out.append("; marked for ").append(LocalCaps.coresName(state[offset + SLAVE]));
        }
        return out.toString();
    }
}
