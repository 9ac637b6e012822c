package org.capcheck.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.LookupFailure;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.core.UntypedRegion;

/**
 * The abstract specification of capcheck's capability system: seL4's abstract specification
 * (l4v {@code spec/abstract}: CSpace_A, Decode_A, Retype_A, IpcCancel_A) restated over
 * {@link SpecState}, for people to read beside it. Every invocation is a pure function
 * {@code state × arguments → (result, state)}, made of a decode step that reads the state and
 * either fails or yields the operation to perform, and an execute step that performs it (seL4's
 * {@code decode_*_invocation} and {@code invoke_*}). A failed decode leaves the state as it was.
 *
 * <p>The section headers below name the l4v functions; docs/specification.md maps them one by one.
 * Operations that seL4 may preempt (delete, revoke, reset) run here to completion.
 *
 * <p>Departures from seL4, all as captrace v1 defines them: the invoked CPtr must name a
 * capability (else InvalidCapability), of a type the operation applies to (else
 * IllegalOperation); an extra-cap CPtr whose lookup fails gives FailedLookup/InvalidRoot;
 * notification caps carry only R and W; IRQControl_Get follows the generic (ARM/RISC-V) decode.
 */
public final class CapSpec {
    private final BootConfig config;

    public CapSpec(BootConfig config) {
        this.config = config;
    }

    public BootConfig config() {
        return config;
    }

    // ========================================================================================
    // Boot: the state seL4's boot code leaves for the initial thread (captrace v1)

    /**
     * The boot state: root CNode slot 1 the initial TCB's cap, slot 2 the root CNode's own cap
     * (guard size 64 - bits, guard 0), slot 4 IRQControl, slots 16.. one Untyped cap per region;
     * all original and parentless. The TCB's CSpace-root slot (TCB slot 0) holds a copy of slot 2,
     * its non-original child. No IRQ has a handler; the initial thread runs.
     */
    public SpecState boot() {
        int bits = config.rootCNodeBits();
        long cnode = rootCNodeAddress(config);
        long tcb = initialTcbAddress(config);
        Slot tcbCap = new Slot(cnode, BootConfig.TCB_SLOT);
        Slot cnodeCap = new Slot(cnode, BootConfig.ROOT_CNODE_SLOT);
        Slot irqControl = new Slot(cnode, BootConfig.IRQ_CONTROL_SLOT);
        Slot cspaceRoot = new Slot(tcb, 0);

        TreeMap<Slot, Cap> caps = new TreeMap<>();
        TreeSet<Slot> originals = new TreeSet<>();
        Cap root = Caps.cnode(cnode, bits, 0, Caps.WORD_BITS - bits);
        caps.put(tcbCap, Caps.thread(tcb));
        caps.put(cnodeCap, root);
        caps.put(irqControl, Caps.irqControl());
        originals.add(tcbCap);
        originals.add(cnodeCap);
        originals.add(irqControl);
        int i = BootConfig.FIRST_UNTYPED_SLOT;
        for (UntypedRegion u : config.untyped()) {
            Slot s = new Slot(cnode, i++);
            caps.put(s, Caps.untyped(u.paddr(), u.sizeBits(), 0, u.device()));
            originals.add(s);
        }
        caps.put(cspaceRoot, root);
        return new SpecState(caps, Map.of(cspaceRoot, cnodeCap), Map.of(cnodeCap, List.of(cspaceRoot)), originals,
                new TreeSet<>(), new TreeSet<>(), tcb);
    }

    /**
     * Where boot places the root CNode: the lowest address, at least 4 KiB and aligned to the
     * object's size (2^(bits+5)), at which it overlaps no untyped region. (cap-core places it by the
     * same rule; the rule itself is capcheck's choice, seL4's boot code takes it from the kernel's
     * own memory.)
     */
    public static long rootCNodeAddress(BootConfig config) {
        return lowestFreeAddress(config.rootCNodeBits() + Caps.SLOT_BITS, taken(config, false));
    }

    /** Where boot places the initial TCB: by the same rule, also clear of the root CNode. */
    public static long initialTcbAddress(BootConfig config) {
        return lowestFreeAddress(Caps.TCB_BITS, taken(config, true));
    }

    private static List<long[]> taken(BootConfig config, boolean withRootCNode) {
        List<long[]> taken = new ArrayList<>();
        for (UntypedRegion u : config.untyped()) {
            taken.add(new long[] {u.paddr(), u.lastByte()});
        }
        if (withRootCNode) {
            long c = rootCNodeAddress(config);
            taken.add(new long[] {c, c + (1L << (config.rootCNodeBits() + Caps.SLOT_BITS)) - 1});
        }
        return taken;
    }

    /**
     * The lowest suitable address: it is either the least aligned address not below 4 KiB, or the
     * first aligned address after some taken range ends; take the least of those candidates that
     * overlaps nothing taken and does not run past the top of memory.
     */
    private static long lowestFreeAddress(int bits, List<long[]> taken) {
        long size = 1L << bits;
        List<Long> candidates = new ArrayList<>();
        candidates.add(Math.max(size, 4096L));
        for (long[] t : taken) {
            long next = t[1] + 1;
            candidates.add((next + size - 1) & -size);
        }
        candidates.sort(Long::compareUnsigned);
        for (long c : candidates) {
            long end = c + size - 1;
            if (c == 0 || Long.compareUnsigned(end, c) < 0) {
                continue;
            }
            boolean clear = true;
            for (long[] t : taken) {
                if (Long.compareUnsigned(c, t[1]) <= 0 && Long.compareUnsigned(t[0], end) <= 0) {
                    clear = false;
                }
            }
            if (clear) {
                return c;
            }
        }
        throw new IllegalArgumentException("no room for a boot object of 2^" + bits + " bytes");
    }

    // ========================================================================================
    // Decode failures: where l4v's decode "throws" seL4's error (the exception monad), a step here
    // records the error in its Decoding and returns null, and each caller passes the null on; nothing
    // has changed when it does. (Values, not Java exceptions: most invocations a model checker tries
    // fail in decode, and unwinding an exception costs more than the whole decode.)

    /** One decode's outcome so far: null while it succeeds, else the error it "threw". */
    private static final class Decoding {
        Failure failure;
        /** The current thread's CSpace root cap, once looked up: every CPtr of one decode starts there. */
        Cap ctable;
        /** The address bits the last {@link #resolveAddressBits} left unresolved. */
        int bitsLeft;
        /** What the CPtrs of the state being decoded from resolve to, as far as known. */
        final Resolutions resolutions;

        Decoding(Resolutions resolutions) {
            this.resolutions = resolutions;
        }

        /** Records the error and yields null, for {@code return d.fail(...)} in a step of any type. */
        <T> T fail(Failure f) {
            failure = f;
            return null;
        }

        <T> T fail(SeL4Error e) {
            return fail(Failure.of(e));
        }
    }

    /**
     * What {@code lookup_cap_and_slot} gave for each CPtr in one state: the slot, or the lookup fault.
     * It depends on the state alone, and a model checker tries every invocation of its domain from each
     * state it expands, naming the same few CPtrs (the invoked CNode, the source root) each time; so
     * each thread remembers the answers for the last state it decoded from, and forgets them when it
     * decodes from another. A state is a value, so the same object is the same state.
     */
    private static final class Resolutions {
        private static final int SIZE = 8;
        /** The one thread that reads and writes these. */
        final Thread owner;
        private SpecState state;
        private final long[] cptrs = new long[SIZE];
        /** The slot each CPtr resolved to; null where it failed with {@code faults[i]}. */
        private final Slot[] slots = new Slot[SIZE];
        private final Failure[] faults = new Failure[SIZE];
        private int count;

        Resolutions(Thread owner) {
            this.owner = owner;
        }

        /** These resolutions, for decoding from {@code s}. */
        Resolutions in(SpecState s) {
            if (state != s) {
                state = s;
                count = 0;
            }
            return this;
        }

        /** Where {@code cptr}'s answer is, or -1 if it is not known. */
        int indexOf(long cptr) {
            for (int i = 0; i < count; i++) {
                if (cptrs[i] == cptr) {
                    return i;
                }
            }
            return -1;
        }

        /** Remembers {@code cptr}'s answer, while there is room. */
        void remember(long cptr, Slot slot, Failure fault) {
            if (count < SIZE) {
                cptrs[count] = cptr;
                slots[count] = slot;
                faults[count++] = fault;
            }
        }
    }

    /**
     * Each thread's {@link Resolutions}, at the place its id gives (a thread-local variable costs more to
     * reach than the look-ups it would save): a thread that finds another's there puts its own in its
     * place, so two threads that share a place take turns, each with its own. Only the owner touches
     * one; its owner field is final, so a thread always sees whose it is.
     */
    private final Resolutions[] resolutionsByThread = new Resolutions[64];

    private Resolutions resolutions() {
        Thread t = Thread.currentThread();
        int at = (int) t.getId() & (resolutionsByThread.length - 1);
        Resolutions r = resolutionsByThread[at];
        if (r == null || r.owner != t) {
            r = new Resolutions(t);
            resolutionsByThread[at] = r;
        }
        return r;
    }

    /** An operation decoded and ready to perform: execute maps the state to the next one (null: decode failed). */
    private interface Decoder {
        UnaryOperator<SpecState> decode(Decoding d);
    }

    /** decode, then (if decode did not fail) execute; then forget objects no cap names. */
    private Outcome run(SpecState s, Decoder decoder) {
        Decoding d = new Decoding(resolutions().in(s));
        UnaryOperator<SpecState> execute = decoder.decode(d);
        if (execute == null) {
            return new Outcome(d.failure, s);
        }
        return new Outcome(Failure.OK, forgetUnnamedObjects(execute.apply(s)));
    }

    // ========================================================================================
    // Capability addressing (CSpace_A resolve_address_bits, lookup_cap_and_slot,
    // lookup_slot_for_cnode_op)

    /** The {@code k} bits of {@code cptr} just below bit position {@code top}. */
    private static long bitsBelow(long cptr, int top, int k) {
        if (k == 0) {
            return 0;
        }
        long v = cptr >>> (top - k);
        return k >= Caps.WORD_BITS ? v : v & ((1L << k) - 1);
    }

    /**
     * {@code resolve_address_bits (cap, the low n bits of cptr)}: at each CNode, the guard must
     * match and the level must fit in the bits left; then radix bits pick the slot. The walk ends
     * when the bits run out, or early at a slot that holds no CNode cap. Yields the slot reached, the
     * bits it left unresolved in {@code d.bitsLeft}; fails with the lookup fault.
     */
    private static Slot resolveAddressBits(Decoding d, SpecState s, Cap cap, long cptr, int n) {
        while (true) {
            if (cap.type() != CapType.CNode) {
                return d.fail(Failure.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0));
            }
            int g = cap.guardSize();
            int r = cap.radix();
            if (g > n || bitsBelow(cptr, n, g) != cap.guard()) {
                return d.fail(Failure.lookupFault(LookupFailure.GuardMismatch, n, g, cap.guard()));
            }
            if (n < r + g) {
                return d.fail(Failure.lookupFault(LookupFailure.DepthMismatch, n, r + g, 0));
            }
            Slot slot = new Slot(cap.paddr(), bitsBelow(cptr, n - g, r));
            int rest = n - g - r;
            d.bitsLeft = rest;
            if (rest == 0) {
                return slot;
            }
            Cap next = s.cap(slot);
            if (next.type() != CapType.CNode) {
                return slot;
            }
            cap = next;
            n = rest;
        }
    }

    /** The current thread's CSpace root: the cap in its TCB's slot 0 ({@code tcb_ctable}). */
    private static Slot ctableSlot(SpecState s) {
        return new Slot(s.currentThread(), 0);
    }

    /**
     * {@code lookup_cap_and_slot cur_thread cptr}: all 64 bits from the thread's CSpace root (an answer
     * known for this state is reused: {@link Resolutions}).
     */
    private static Slot lookupCapAndSlot(Decoding d, SpecState s, long cptr) {
        Resolutions known = d.resolutions;
        int i = known.indexOf(cptr);
        if (i >= 0) {
            return known.slots[i] != null ? known.slots[i] : d.fail(known.faults[i]);
        }
        if (d.ctable == null) {
            d.ctable = s.cap(ctableSlot(s));
        }
        Slot slot = resolveAddressBits(d, s, d.ctable, cptr, Caps.WORD_BITS);
        known.remember(cptr, slot, slot == null ? d.failure : null);
        return slot;
    }

    /**
     * {@code lookup_slot_for_cnode_op is_source root cptr depth}: the root must be a CNode cap, the
     * depth 1..64, and the walk must use exactly {@code depth} bits.
     */
    private static Slot lookupSlotForCNodeOp(Decoding d, SpecState s, boolean isSource, Cap root, long cptr,
                                             long depth) {
        if (root.type() != CapType.CNode) {
            return d.fail(Failure.failedLookup(isSource, Failure.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0)));
        }
        if (Long.compareUnsigned(depth, 1) < 0 || Long.compareUnsigned(depth, Caps.WORD_BITS) > 0) {
            return d.fail(Failure.rangeError(1, Caps.WORD_BITS));
        }
        Slot slot = resolveAddressBits(d, s, root, cptr, (int) depth);
        if (slot == null) {
            return d.fail(Failure.failedLookup(isSource, d.failure));
        }
        if (d.bitsLeft != 0) {
            return d.fail(Failure.failedLookup(isSource,
                    Failure.lookupFault(LookupFailure.DepthMismatch, d.bitsLeft, 0, 0)));
        }
        return slot;
    }

    /**
     * The invoked capability's slot (captrace departures): no invocation once the current thread is
     * gone or suspended (IllegalOperation); a CPtr that does not resolve, or resolves to an empty
     * slot, gives InvalidCapability.
     */
    private static Slot invokedSlot(Decoding d, SpecState s, long service) {
        if (!s.canInvoke()) {
            return d.fail(SeL4Error.IllegalOperation);
        }
        Slot slot = lookupCapAndSlot(d, s, service);
        if (slot == null) {
            return d.fail(Failure.invalidCapability(d.failure));
        }
        if (s.isNull(slot)) {
            return d.fail(Failure.invalidCapability(Failure.lookupFault(LookupFailure.MissingCapability, 0, 0, 0)));
        }
        return slot;
    }

    /**
     * An extra capability ({@code lookup_extra_caps}): the cap its CPtr names; the null cap if the
     * slot is empty. A CPtr that does not resolve gives FailedLookup/InvalidRoot (captrace).
     */
    private static Cap extraCap(Decoding d, SpecState s, long cptr) {
        Slot slot = lookupCapAndSlot(d, s, cptr);
        if (slot == null) {
            return d.fail(Failure.failedLookup(false, Failure.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0)));
        }
        return s.cap(slot);
    }

    /** {@code ensure_empty}: DeleteFirst unless the slot is empty (false, the error recorded). */
    private static boolean ensureEmpty(Decoding d, SpecState s, Slot slot) {
        if (!s.isNull(slot)) {
            d.fail(SeL4Error.DeleteFirst);
            return false;
        }
        return true;
    }

    /** {@code ensure_no_children}: RevokeFirst if any slot's cdt parent is this slot (false, the error recorded). */
    private static boolean ensureNoChildren(Decoding d, SpecState s, Slot slot) {
        if (s.cdt().containsValue(slot)) {
            d.fail(SeL4Error.RevokeFirst);
            return false;
        }
        return true;
    }

    /**
     * {@code derive_cap}: Zombie and IRQControl caps cannot be copied (the null cap), an Untyped cap
     * only while it has no children (else null, RevokeFirst recorded); other caps are copied unchanged
     * (Frame mapping data is not modelled).
     */
    private static Cap deriveCap(Decoding d, SpecState s, Slot slot, Cap cap) {
        switch (cap.type()) {
            case Zombie:
            case IRQControl:
                return Cap.NULL;
            case Untyped:
                return ensureNoChildren(d, s, slot) ? cap : null;
            default:
                return cap;
        }
    }

    // ========================================================================================
    // CNode invocations (Decode_A decode_cnode_invocation; CSpace_A invoke_cnode)

    private enum CNodeMethod { COPY, MINT, MOVE, MUTATE }

    public Outcome cnodeCopy(SpecState s, long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                             long srcDepth, long rights) {
        return copyMintMoveMutate(s, CNodeMethod.COPY, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth,
                rights, 0);
    }

    public Outcome cnodeMint(SpecState s, long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                             long srcDepth, long rights, long badge) {
        return copyMintMoveMutate(s, CNodeMethod.MINT, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth,
                rights, badge);
    }

    public Outcome cnodeMove(SpecState s, long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                             long srcDepth) {
        return copyMintMoveMutate(s, CNodeMethod.MOVE, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth,
                0, 0);
    }

    public Outcome cnodeMutate(SpecState s, long service, long destIndex, long destDepth, long srcRoot,
                               long srcIndex, long srcDepth, long badge) {
        return copyMintMoveMutate(s, CNodeMethod.MUTATE, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth,
                0, badge);
    }

    /** {@code data_to_rights}: bit 0 Write, 1 Read, 2 Grant, 3 GrantReply. */
    private static int dataToRights(long w) {
        return (int) (w & 0xf);
    }

    private Outcome copyMintMoveMutate(SpecState s, CNodeMethod m, long service, long destIndex, long destDepth,
                                       long srcRoot, long srcIndex, long srcDepth, long rightsWord, long data) {
        return run(s, d -> {
            Slot invoked = invokedSlot(d, s, service);
            if (invoked == null) {
                return null;
            }
            Cap srcRootCap = extraCap(d, s, srcRoot);
            if (srcRootCap == null) {
                return null;
            }
            Cap cnode = s.cap(invoked);
            if (cnode.type() != CapType.CNode) {
                return d.fail(SeL4Error.IllegalOperation);
            }
            Slot dest = lookupSlotForCNodeOp(d, s, false, cnode, destIndex, destDepth);
            if (dest == null || !ensureEmpty(d, s, dest)) {
                return null;
            }
            Slot src = lookupSlotForCNodeOp(d, s, true, srcRootCap, srcIndex, srcDepth);
            if (src == null) {
                return null;
            }
            Cap srcCap = s.cap(src);
            if (srcCap.type() == CapType.Null) {
                return d.fail(Failure.failedLookup(true,
                        Failure.lookupFault(LookupFailure.MissingCapability, srcDepth, 0, 0)));
            }
            boolean isMove = m == CNodeMethod.MOVE || m == CNodeMethod.MUTATE;
            int rights = isMove ? Rights.ALL : dataToRights(rightsWord);
            Cap masked = Caps.maskCap(rights, srcCap);
            Cap updated = m == CNodeMethod.MINT || m == CNodeMethod.MUTATE
                    ? Caps.updateCapData(isMove, data, masked) : masked;
            Cap newCap = isMove ? updated : deriveCap(d, s, src, updated);
            if (newCap == null) {
                return null;
            }
            if (newCap.type() == CapType.Null) {
                return d.fail(SeL4Error.IllegalOperation);
            }
            return isMove ? st -> capMove(st, newCap, src, dest) : st -> capInsert(st, newCap, src, dest);
        });
    }

    public Outcome cnodeRotate(SpecState s, long service, long destIndex, long destDepth, long pivotRoot,
                               long pivotIndex, long pivotDepth, long pivotBadge, long srcRoot, long srcIndex,
                               long srcDepth, long srcBadge) {
        return run(s, d -> {
            Slot invoked = invokedSlot(d, s, service);
            if (invoked == null) {
                return null;
            }
            Cap pivotRootCap = extraCap(d, s, pivotRoot);
            if (pivotRootCap == null) {
                return null;
            }
            Cap srcRootCap = extraCap(d, s, srcRoot);
            if (srcRootCap == null) {
                return null;
            }
            Cap cnode = s.cap(invoked);
            if (cnode.type() != CapType.CNode) {
                return d.fail(SeL4Error.IllegalOperation);
            }
            Slot dest = lookupSlotForCNodeOp(d, s, false, cnode, destIndex, destDepth);
            if (dest == null) {
                return null;
            }
            Slot src = lookupSlotForCNodeOp(d, s, true, srcRootCap, srcIndex, srcDepth);
            if (src == null) {
                return null;
            }
            Slot pivot = lookupSlotForCNodeOp(d, s, true, pivotRootCap, pivotIndex, pivotDepth);
            if (pivot == null) {
                return null;
            }
            if (pivot.equals(src) || pivot.equals(dest)) {
                return d.fail(SeL4Error.IllegalOperation);
            }
            if (!src.equals(dest) && !ensureEmpty(d, s, dest)) {
                return null;
            }
            Cap srcCap = s.cap(src);
            if (srcCap.type() == CapType.Null) {
                return d.fail(Failure.failedLookup(true,
                        Failure.lookupFault(LookupFailure.MissingCapability, srcDepth, 0, 0)));
            }
            Cap pivotCap = s.cap(pivot);
            if (pivotCap.type() == CapType.Null) {
                return d.fail(Failure.failedLookup(false,
                        Failure.lookupFault(LookupFailure.MissingCapability, pivotDepth, 0, 0)));
            }
            Cap newSrc = Caps.updateCapData(true, srcBadge, srcCap);
            Cap newPivot = Caps.updateCapData(true, pivotBadge, pivotCap);
            if (newSrc.type() == CapType.Null || newPivot.type() == CapType.Null) {
                return d.fail(SeL4Error.IllegalOperation);
            }
            // invoke_cnode (RotateCall newSrc newPivot src pivot dest)
            if (src.equals(dest)) {
                return st -> capSwap(st, newSrc, src, newPivot, pivot);
            }
            return st -> capMove(capMove(st, newPivot, pivot, dest), newSrc, src, pivot);
        });
    }

    public Outcome cnodeDelete(SpecState s, long service, long index, long depth) {
        return run(s, d -> {
            Slot slot = cnodeSlot(d, s, service, index, depth);
            return slot == null ? null : st -> cteDelete(st, slot, true); // cap_delete = rec_del (CTEDeleteCall slot True)
        });
    }

    public Outcome cnodeRevoke(SpecState s, long service, long index, long depth) {
        return run(s, d -> {
            Slot slot = cnodeSlot(d, s, service, index, depth);
            return slot == null ? null : st -> capRevoke(st, slot);
        });
    }

    /**
     * CancelBadgedSends: the slot must hold an Endpoint cap with all rights
     * ({@code has_cancel_send_rights}). There are no IPC queues here, so it changes nothing.
     */
    public Outcome cnodeCancelBadgedSends(SpecState s, long service, long index, long depth) {
        return run(s, d -> {
            Slot slot = cnodeSlot(d, s, service, index, depth);
            if (slot == null) {
                return null;
            }
            Cap c = s.cap(slot);
            if (c.type() != CapType.Endpoint || c.rights() != Rights.ALL) {
                return d.fail(SeL4Error.IllegalOperation);
            }
            return st -> st;
        });
    }

    /** The slot a Delete, Revoke or CancelBadgedSends names: lookup_target_slot in the invoked CNode. */
    private static Slot cnodeSlot(Decoding d, SpecState s, long service, long index, long depth) {
        Slot invoked = invokedSlot(d, s, service);
        if (invoked == null) {
            return null;
        }
        Cap cnode = s.cap(invoked);
        if (cnode.type() != CapType.CNode) {
            return d.fail(SeL4Error.IllegalOperation);
        }
        return lookupSlotForCNodeOp(d, s, false, cnode, index, depth);
    }

    // ========================================================================================
    // Inserting and moving (CSpace_A cap_insert, set_untyped_cap_as_full, cap_move, cap_swap;
    // the cdt_list updates are Deterministic_A's cap_insert_ext, cap_move_ext, cap_swap_ext)

    /**
     * {@code cap_insert new src dest}: dest (empty) receives the new cap, original iff
     * {@code is_cap_revocable}; its parent is src if {@code should_be_parent_of}, else src's parent.
     * A full-size untyped copy marks the source full. A new child comes first among src's
     * children; a new sibling comes right after src.
     */
    SpecState capInsert(SpecState s, Cap newCap, Slot src, Slot dest) {
        Cap srcCap = s.cap(src);
        boolean destOriginal = Caps.isCapRevocable(newCap, srcCap);
        boolean srcParent = Caps.shouldBeParentOf(srcCap, s.isOriginal(src), newCap, destOriginal);
        s = setUntypedCapAsFull(s, srcCap, newCap, src);
        s = s.withCap(dest, newCap);
        Slot parent = srcParent ? src : s.parent(src);
        if (parent != null) {
            List<Slot> kids = new ArrayList<>(s.children(parent));
            if (srcParent) {
                kids.add(0, dest);
            } else {
                kids.add(kids.indexOf(src) + 1, dest);
            }
            s = s.withParent(dest, parent).withChildren(parent, kids);
        }
        return s.withOriginal(dest, destOriginal);
    }

    /** {@code set_untyped_cap_as_full}: copying an untyped cap whole leaves the source no free memory. */
    private static SpecState setUntypedCapAsFull(SpecState s, Cap srcCap, Cap newCap, Slot src) {
        if (srcCap.type() == CapType.Untyped && newCap.type() == CapType.Untyped
                && srcCap.paddr() == newCap.paddr() && srcCap.sizeBits() == newCap.sizeBits()) {
            return s.withCap(src, Caps.withFreeIndex(srcCap, 1L << srcCap.sizeBits()));
        }
        return s;
    }

    /**
     * {@code cap_move new src dest}: dest takes the new cap, src's place in the cdt (its parent, its
     * children, its position among its siblings) and its original flag; src becomes empty.
     */
    SpecState capMove(SpecState s, Cap newCap, Slot src, Slot dest) {
        s = s.withCap(dest, newCap).withCap(src, Cap.NULL);
        Map<Slot, Slot> cdt = new HashMap<>();
        s.cdt().forEach((child, parent) -> {
            if (!child.equals(src)) {
                cdt.put(child, parent.equals(src) ? dest : parent);
            }
        });
        Slot parent = s.parent(src);
        if (parent != null) {
            cdt.put(dest, parent);
        }
        Map<Slot, List<Slot>> list = new HashMap<>();
        s.cdtList().forEach((p, kids) -> list.put(p.equals(src) ? dest : p, replace(kids, src, dest)));
        boolean original = s.isOriginal(src);
        return s.withCdt(cdt, list).withOriginal(dest, original).withOriginal(src, false);
    }

    /**
     * {@code cap_swap cap1 slot1 cap2 slot2}: slot1 receives cap2 and slot2 cap1; the two slots
     * trade their places in the cdt (a renaming of the two nodes) and their original flags.
     */
    SpecState capSwap(SpecState s, Cap cap1, Slot slot1, Cap cap2, Slot slot2) {
        boolean original1 = s.isOriginal(slot1);
        boolean original2 = s.isOriginal(slot2);
        s = s.withCap(slot1, cap2).withCap(slot2, cap1);
        Map<Slot, Slot> cdt = new HashMap<>();
        s.cdt().forEach((child, parent) -> cdt.put(swapName(child, slot1, slot2), swapName(parent, slot1, slot2)));
        Map<Slot, List<Slot>> list = new HashMap<>();
        s.cdtList().forEach((p, kids) -> {
            List<Slot> renamed = new ArrayList<>();
            for (Slot k : kids) {
                renamed.add(swapName(k, slot1, slot2));
            }
            list.put(swapName(p, slot1, slot2), renamed);
        });
        return s.withCdt(cdt, list).withOriginal(slot1, original2).withOriginal(slot2, original1);
    }

    private static Slot swapName(Slot x, Slot a, Slot b) {
        return x.equals(a) ? b : x.equals(b) ? a : x;
    }

    private static List<Slot> replace(List<Slot> xs, Slot from, Slot to) {
        List<Slot> out = new ArrayList<>(xs.size());
        for (Slot x : xs) {
            out.add(x.equals(from) ? to : x);
        }
        return out;
    }

    // ========================================================================================
    // Deletion (CSpace_A rec_del, finalise_cap, cap_removeable, cap_cyclic_zombie,
    // cap_swap_for_delete; IpcCancel_A empty_slot, is_final_cap')

    /** {@code rec_del (CTEDeleteCall slot exposed)}: finalise the slot, then empty it. */
    SpecState cteDelete(SpecState s, Slot slot, boolean exposed) {
        Finalised f = finaliseSlot(s, slot, exposed);
        s = f.state();
        if (exposed || f.success()) {
            s = emptySlot(s, slot, f.cleanupIrq());
        }
        return s;
    }

    /**
     * {@code rec_del (FinaliseSlotCall slot exposed)}'s result: the state, whether the slot may now
     * be emptied, and the IRQ whose handler was released (-1 if none): post_cap_deletion's cleanup.
     */
    private record Finalised(SpecState state, boolean success, int cleanupIrq) {
    }

    /** {@code finalise_cap}'s result: what remains of the cap, and the IRQ released (or -1). */
    private record Remainder(SpecState state, Cap remainder, int cleanupIrq) {
    }

    /**
     * {@code rec_del (FinaliseSlotCall slot exposed)}: finalise the cap until what remains can be
     * removed, storing and reducing Zombies on the way. An unexposed call stops at a Zombie that
     * sits in slot 0 of its own object (a cyclic Zombie), leaving it there.
     */
    private Finalised finaliseSlot(SpecState s, Slot slot, boolean exposed) {
        while (true) {
            Cap cap = s.cap(slot);
            if (cap.type() == CapType.Null) {
                return new Finalised(s, true, -1);
            }
            boolean fin = isFinalCap(s, cap);
            Remainder r = finaliseCap(s, cap, fin);
            s = r.state();
            if (capRemovable(r.remainder(), slot)) {
                return new Finalised(s, true, r.cleanupIrq());
            }
            s = s.withCap(slot, r.remainder());
            if (capCyclicZombie(r.remainder(), slot) && !exposed) {
                return new Finalised(s, false, -1);
            }
            s = reduceZombie(s, r.remainder(), slot, exposed);
            // preemption_point: this specification always runs to completion
        }
    }

    /**
     * {@code is_final_cap'}: exactly one slot in the whole system holds a cap whose object
     * references overlap this cap's (the slot holding the cap itself). Untyped and IRQControl caps
     * name no object, so they are never final.
     */
    static boolean isFinalCap(SpecState s, Cap cap) {
        int holders = 0;
        for (Cap c : s.caps().values()) {
            if (Caps.refsOverlap(cap, c)) {
                holders++;
            }
        }
        return holders == 1;
    }

    /**
     * {@code finalise_cap cap final}: release the object's kernel state if this is its last cap.
     * A final CNode cap becomes a Zombie covering its 2^radix slots; a final Thread cap suspends
     * the thread and becomes a Zombie covering its 5 slots; a final IRQHandler cap releases the IRQ
     * (after the slot is emptied); a Zombie stays as it is. Endpoints, notifications and frames have
     * no state here to release (no IPC queues, no mappings).
     */
    private static Remainder finaliseCap(SpecState s, Cap cap, boolean fin) {
        switch (cap.type()) {
            case CNode:
                return new Remainder(s, fin ? Caps.cnodeZombie(cap.paddr(), cap.radix(), 1L << cap.radix()) : Cap.NULL,
                        -1);
            case Thread:
                if (fin) {
                    return new Remainder(s.withSuspended(cap.paddr()), Caps.tcbZombie(cap.paddr(), Caps.TCB_SLOTS), -1);
                }
                return new Remainder(s, Cap.NULL, -1);
            case Zombie:
                return new Remainder(s, cap, -1);
            case IRQHandler:
                return new Remainder(s, Cap.NULL, fin ? cap.irq() : -1);
            default: // Null, Untyped, Endpoint, Notification, Frame, IRQControl
                return new Remainder(s, Cap.NULL, -1);
        }
    }

    /** A Zombie's first slot ({@code first_cslot_of}): slot 0 of the object it covers. */
    private static Slot firstSlotOf(Cap zombie) {
        return new Slot(zombie.paddr(), 0);
    }

    /** {@code cap_removeable}: the null cap, or a Zombie with no slots left, or only its own slot 0. */
    private static boolean capRemovable(Cap cap, Slot slot) {
        if (cap.type() == CapType.Null) {
            return true;
        }
        if (cap.type() != CapType.Zombie) {
            throw new IllegalStateException("finalise_cap left " + cap);
        }
        long n = cap.zombieSlots();
        return n == 0 || (n == 1 && firstSlotOf(cap).equals(slot));
    }

    /** {@code cap_cyclic_zombie}: a Zombie stored in slot 0 of the object it covers. */
    private static boolean capCyclicZombie(Cap cap, Slot slot) {
        return cap.type() == CapType.Zombie && firstSlotOf(cap).equals(slot);
    }

    /**
     * {@code rec_del (ReduceZombieCall zombie slot exposed)}. Unexposed: swap the Zombie into slot 0
     * of its own object ({@code cap_swap_for_delete}). Exposed: delete (unexposed) the last slot the
     * Zombie still covers, then, if the Zombie is still in place, cover one slot fewer.
     */
    private SpecState reduceZombie(SpecState s, Cap zombie, Slot slot, boolean exposed) {
        long n = zombie.zombieSlots();
        if (n < 1) {
            throw new IllegalStateException("reducing an empty Zombie");
        }
        if (!exposed) {
            Slot first = firstSlotOf(zombie);
            if (first.equals(slot)) {
                throw new IllegalStateException("unexposed reduce of a cyclic Zombie");
            }
            return capSwapForDelete(s, first, slot);
        }
        Slot end = new Slot(zombie.paddr(), n - 1);
        s = cteDelete(s, end, false);
        Cap now = s.cap(slot);
        if (now.equals(zombie)) {
            return s.withCap(slot, Caps.zombieWithSlots(zombie, n - 1));
        }
        if (!(now.type() == CapType.Null || now.type() == CapType.Zombie && firstSlotOf(now).equals(slot))) {
            throw new IllegalStateException("reduce_zombie: slot " + slot + " now holds " + now);
        }
        return s;
    }

    /** {@code cap_swap_for_delete}: swap two slots' caps unchanged (nothing if they are the same slot). */
    private SpecState capSwapForDelete(SpecState s, Slot slot1, Slot slot2) {
        if (slot1.equals(slot2)) {
            return s;
        }
        return capSwap(s, s.cap(slot1), slot1, s.cap(slot2), slot2);
    }

    /**
     * {@code empty_slot slot cleanup}: the slot's children move up to its parent (taking its place
     * among that parent's children), the slot loses its parent and original flag and becomes empty,
     * and a released IRQ becomes inactive ({@code post_cap_deletion}). An empty slot is left as is.
     */
    SpecState emptySlot(SpecState s, Slot slot, int cleanupIrq) {
        if (s.isNull(slot)) {
            return s;
        }
        Slot parent = s.parent(slot);
        SpecState before = s;
        for (Map.Entry<Slot, Slot> e : before.cdt().entrySet()) {
            if (e.getValue().equals(slot)) {
                s = s.withParent(e.getKey(), parent); // a child moves up (parentless if slot had no parent)
            }
        }
        s = s.withParent(slot, null).withChildren(slot, List.of());
        if (parent != null) {
            List<Slot> siblings = new ArrayList<>();
            for (Slot x : before.children(parent)) {
                if (x.equals(slot)) {
                    siblings.addAll(before.children(slot));
                } else {
                    siblings.add(x);
                }
            }
            s = s.withChildren(parent, siblings);
        }
        s = s.withOriginal(slot, false).withCap(slot, Cap.NULL);
        if (cleanupIrq >= 0) {
            s = s.withIrqActive(cleanupIrq, false);
        }
        return s;
    }

    // ========================================================================================
    // Revocation (CSpace_A cap_revoke, next_revoke_cap)

    /**
     * {@code cap_revoke slot}: while the slot holds a cap with descendants, delete its first child
     * ({@code next_revoke_cap}: the head of its cdt_list). Deleting a child moves the child's own
     * children up, so every descendant goes. It stops early if the revoked cap itself is deleted
     * on the way (when it lives inside an object being destroyed).
     */
    SpecState capRevoke(SpecState s, Slot slot) {
        while (true) {
            if (s.isNull(slot) || !s.cdt().containsValue(slot)) { // descendants_of is empty: no slot's parent is slot
                return s;
            }
            Slot child = s.children(slot).get(0);
            if (s.isNull(child)) {
                throw new IllegalStateException("revoke: empty child " + child);
            }
            s = cteDelete(s, child, true);
        }
    }

    // ========================================================================================
    // Untyped_Retype (Decode_A decode_untyped_invocation; Retype_A invoke_untyped,
    // reset_untyped_cap, retype_region, create_cap)

    /** The object type numbers capcheck uses (cap-core's {@link ObjectType#number()}). */
    private static ObjectType objectType(long n) {
        for (ObjectType t : ObjectType.values()) {
            if (t.number() == n) {
                return t;
            }
        }
        return null;
    }

    /** {@code obj_bits_api}: log2 of an object's size; the user size is the radix or the size. */
    private static long objectBits(ObjectType t, long userSize) {
        switch (t) {
            case Untyped:
                return userSize;
            case CNode:
                return userSize + Caps.SLOT_BITS;
            case TCB:
                return Caps.TCB_BITS;
            case Endpoint:
                return Caps.EP_BITS;
            case Notification:
                return Caps.NTFN_BITS;
            case Frame:
                return Caps.FRAME_BITS;
            default:
                throw new IllegalArgumentException(t.toString());
        }
    }

    public Outcome untypedRetype(SpecState s, long service, long type, long sizeBits, long root, long nodeIndex,
                                 long nodeDepth, long nodeOffset, long numObjects) {
        return run(s, d -> {
            Slot untyped = invokedSlot(d, s, service);
            if (untyped == null) {
                return null;
            }
            Cap rootCap = extraCap(d, s, root);
            if (rootCap == null) {
                return null;
            }
            Cap ut = s.cap(untyped);
            if (ut.type() != CapType.Untyped) {
                return d.fail(SeL4Error.IllegalOperation);
            }
            ObjectType t = objectType(type);
            if (t == null) {
                return d.fail(Failure.invalidArgument(0));
            }
            if (Long.compareUnsigned(sizeBits, Caps.WORD_BITS) >= 0
                    || objectBits(t, sizeBits) > ObjectType.MAX_UNTYPED_BITS) {
                return d.fail(Failure.rangeError(0, ObjectType.MAX_UNTYPED_BITS));
            }
            if (t == ObjectType.CNode && sizeBits == 0) {
                return d.fail(Failure.invalidArgument(1));
            }
            if (t == ObjectType.Untyped && sizeBits < ObjectType.MIN_UNTYPED_BITS) {
                return d.fail(Failure.invalidArgument(1));
            }
            Cap nodeCap = rootCap;
            if (nodeDepth != 0) {
                Slot node = lookupSlotForCNodeOp(d, s, false, rootCap, nodeIndex, nodeDepth);
                if (node == null) {
                    return null;
                }
                nodeCap = s.cap(node);
            }
            if (nodeCap.type() != CapType.CNode) {
                return d.fail(Failure.failedLookup(false,
                        Failure.lookupFault(LookupFailure.MissingCapability, nodeDepth, 0, 0)));
            }
            long nodeSize = 1L << nodeCap.radix();
            if (Long.compareUnsigned(nodeOffset, nodeSize - 1) > 0) {
                return d.fail(Failure.rangeError(0, nodeSize - 1));
            }
            long fanout = config.fanoutLimit();
            if (Long.compareUnsigned(numObjects, 1) < 0 || Long.compareUnsigned(numObjects, fanout) > 0) {
                return d.fail(Failure.rangeError(1, fanout));
            }
            if (Long.compareUnsigned(numObjects, nodeSize - nodeOffset) > 0) {
                return d.fail(Failure.rangeError(1, nodeSize - nodeOffset));
            }
            List<Slot> slots = new ArrayList<>();
            for (long i = nodeOffset; i < nodeOffset + numObjects; i++) {
                slots.add(new Slot(nodeCap.paddr(), i));
            }
            for (Slot dest : slots) {
                if (!ensureEmpty(d, s, dest)) {
                    return null;
                }
            }
            boolean reset = !s.cdt().containsValue(untyped);
            long freeIndex = reset ? 0 : ut.freeIndex();
            long freeBytes = (1L << ut.sizeBits()) - freeIndex;
            int objBits = (int) objectBits(t, sizeBits);
            if (Long.compareUnsigned(freeBytes >>> objBits, numObjects) < 0) {
                return d.fail(Failure.notEnoughMemory(freeBytes));
            }
            if (ut.device() && t != ObjectType.Frame && t != ObjectType.Untyped) {
                return d.fail(Failure.invalidArgument(1));
            }
            long alignedBase = alignUp(ut.paddr() + freeIndex, objBits);
            return st -> invokeRetype(st, untyped, reset, alignedBase, t, (int) sizeBits, objBits, slots);
        });
    }

    private static long alignUp(long x, int bits) {
        long size = 1L << bits;
        return (x + size - 1) & -size;
    }

    /**
     * {@code invoke_untyped (Retype ...)}: reset the untyped if it has no children (its objects are
     * gone: {@code delete_objects}, free index 0), move the free index past the new objects, then
     * create each object at its aligned address with its default cap, an original child of the
     * untyped ({@code create_cap}; each new cap comes first among the untyped's children).
     */
    private SpecState invokeRetype(SpecState s, Slot untyped, boolean reset, long base, ObjectType t, int userSize,
                                   int objBits, List<Slot> slots) {
        Cap ut = s.cap(untyped);
        if (reset && ut.freeIndex() != 0) {
            s = deleteObjects(s, ut.paddr(), ut.sizeBits());
            ut = Caps.withFreeIndex(ut, 0);
            s = s.withCap(untyped, ut);
        }
        long n = slots.size();
        s = s.withCap(untyped, Caps.withFreeIndex(ut, base + (n << objBits) - ut.paddr()));
        for (int i = 0; i < n; i++) {
            long addr = base + ((long) i << objBits);
            s = createCap(s, untyped, slots.get(i), defaultCap(t, addr, userSize, ut.device()));
        }
        return s;
    }

    /** {@code default_cap}: full rights, badge 0, empty guard, untyped free index 0, device inherited. */
    private static Cap defaultCap(ObjectType t, long addr, int userSize, boolean device) {
        switch (t) {
            case Untyped:
                return Caps.untyped(addr, userSize, 0, device);
            case Endpoint:
                return Caps.endpoint(addr, 0, Rights.ALL);
            case Notification:
                return Caps.notification(addr, 0, Rights.ALL);
            case Frame:
                return Caps.frame(addr, Rights.READ | Rights.WRITE, device);
            case CNode:
                return Caps.cnode(addr, userSize, 0, 0);
            case TCB:
                return Caps.thread(addr);
            default:
                throw new IllegalArgumentException(t.toString());
        }
    }

    /** {@code create_cap}: the new cap in dest, an original child of the untyped, first among its children. */
    private static SpecState createCap(SpecState s, Slot untyped, Slot dest, Cap cap) {
        List<Slot> kids = new ArrayList<>(s.children(untyped));
        kids.add(0, dest);
        return s.withCap(dest, cap).withParent(dest, untyped).withChildren(untyped, kids).withOriginal(dest, true);
    }

    /**
     * {@code delete_objects} (detype): every object inside the region is gone, with the caps stored
     * in it. Retype resets only an untyped with no children, and every cap to memory inside the
     * region descends from it ({@code untyped_mdb}), so under seL4's invariants no such object still
     * holds a cap and this changes nothing; it is stated for fidelity.
     */
    private static SpecState deleteObjects(SpecState s, long base, int bits) {
        long last = base + ((1L << bits) - 1);
        for (Slot slot : new ArrayList<>(s.caps().keySet())) {
            if (Long.compareUnsigned(base, slot.object()) <= 0 && Long.compareUnsigned(slot.object(), last) <= 0) {
                s = s.withCap(slot, Cap.NULL);
            }
        }
        return s;
    }

    // ========================================================================================
    // IRQControl_Get (Decode_A decode_irq_control_invocation; Interrupt_A invoke_irq_control)

    public Outcome irqControlGet(SpecState s, long service, long irq, long root, long index, long depth) {
        return run(s, d -> {
            Slot control = invokedSlot(d, s, service);
            if (control == null) {
                return null;
            }
            Cap rootCap = extraCap(d, s, root);
            if (rootCap == null) {
                return null;
            }
            if (s.cap(control).type() != CapType.IRQControl) {
                return d.fail(SeL4Error.IllegalOperation);
            }
            if (Long.compareUnsigned(irq, config.maxIrq()) > 0) { // arch_check_irq
                return d.fail(Failure.rangeError(0, config.maxIrq()));
            }
            if (s.isIrqActive((int) irq)) {
                return d.fail(SeL4Error.RevokeFirst);
            }
            Slot dest = lookupSlotForCNodeOp(d, s, false, rootCap, index, depth);
            if (dest == null || !ensureEmpty(d, s, dest)) {
                return null;
            }
            int n = (int) irq;
            return st -> capInsert(st.withIrqActive(n, true), Caps.irqHandler(n), control, dest);
        });
    }

    // ========================================================================================
    // Objects no cap names

    /** Whether some cap (a Thread cap or a TCB's Zombie) names the TCB at {@code tcb}. */
    private static boolean namesTcb(SpecState s, long tcb) {
        for (Cap c : s.caps().values()) {
            if ((c.type() == CapType.Thread || Caps.isTcbZombie(c)) && c.paddr() == tcb) {
                return true;
            }
        }
        return false;
    }

    /**
     * After an operation: a TCB that no cap (Thread cap or Zombie) names any more is gone, so it is
     * no longer listed as suspended, and if it was the current thread there is none. (seL4 leaves a
     * dead object's memory in place until its untyped is reset; nothing can reach it, so the
     * abstraction of cap-core, which forgets such objects at once, and this state agree.)
     */
    static SpecState forgetUnnamedObjects(SpecState s) {
        if (s.suspended().isEmpty() && (s.currentThread() == SpecState.NO_THREAD || namesTcb(s, s.currentThread()))) {
            return s; // nothing listed to forget (the usual case): no sets built
        }
        Set<Long> tcbs = new TreeSet<>();
        for (Cap c : s.caps().values()) {
            if (c.type() == CapType.Thread || Caps.isTcbZombie(c)) {
                tcbs.add(c.paddr());
            }
        }
        TreeSet<Long> suspended = new TreeSet<>(s.suspended());
        suspended.retainAll(tcbs);
        long current = tcbs.contains(s.currentThread()) ? s.currentThread() : SpecState.NO_THREAD;
        if (suspended.equals(s.suspended()) && current == s.currentThread()) {
            return s;
        }
        return s.withThreads(suspended, current);
    }
}
