package org.capcheck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * seL4's capability system as a sans-IO state machine: boot it from a {@link BootConfig}, then make
 * invocations through the typed methods below, one per libsel4 function with libsel4's arguments in
 * libsel4's order. Every invocation returns one {@link SeL4Error}; {@link #lastError()} holds the
 * details. Invocations never throw, perform no I/O and allocate nothing; a failed invocation changes
 * no state, because each one decodes (checks everything) before it executes, as seL4 does.
 *
 * <p>The invoking thread is the current thread ({@link #currentThread()}), initially the boot thread.
 * Its CSpace root is the cap in its TCB's CSpace-root slot. Departures from seL4, as captrace v1
 * defines them (there are no fault handlers and no IPC): an invoked CPtr that does not resolve to a
 * capability gives InvalidCapability; an invoked cap of a type the operation does not apply to gives
 * IllegalOperation; an extra-cap CPtr whose lookup fails gives FailedLookup with InvalidRoot.
 */
public final class Kernel {
    static final int SCRATCH_A = 0;
    static final int SCRATCH_B = 1;
    static final int SCRATCH_FINALISE = 2;
    private static final int SCRATCH_COUNT = 3;
    /** A budget meaning: never preempt. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    final BootConfig config;
    final CapTable caps;
    final DerivationTree mdb;
    final ObjectTable objects;
    final boolean[] irqActive;
    final SyscallError error = new SyscallError();
    final CSpaceLookup lookup;
    final Deletion deletion;
    final Retype retype;
    /** First scratch slot: the pool's slots come before it. */
    final int scratchBase;
    final Mutant mutant;
    int currentThread;
    int rootCNode;
    int bootThread;
    private final long[] bootObjectAddress = new long[2];

    /** Work units left before the running operation is preempted; see {@link #setWorkBudget}. */
    long workLeft = UNLIMITED;
    long workBudget = UNLIMITED;
    boolean preempted;

    private Kernel(BootConfig config, Mutant mutant) {
        this.config = config;
        this.mutant = mutant;
        objects = new ObjectTable(config.objectCapacity(), config.slotPoolBits());
        scratchBase = objects.slotCapacity();
        caps = new CapTable(scratchBase + SCRATCH_COUNT);
        mdb = new DerivationTree(scratchBase + SCRATCH_COUNT, caps, mutant != Mutant.DELETE_DROPS_FIRST_BADGED);
        irqActive = new boolean[config.maxIrq() + 1];
        lookup = new CSpaceLookup(this);
        deletion = new Deletion(this);
        retype = new Retype(this);
    }

    private Kernel(Kernel o) {
        config = o.config;
        mutant = o.mutant;
        objects = new ObjectTable(o.objects);
        scratchBase = o.scratchBase;
        caps = new CapTable(o.caps);
        mdb = new DerivationTree(o.mdb, caps);
        irqActive = o.irqActive.clone();
        error.copyFrom(o.error);
        lookup = new CSpaceLookup(this);
        deletion = new Deletion(this);
        retype = new Retype(this);
        currentThread = o.currentThread;
        rootCNode = o.rootCNode;
        bootThread = o.bootThread;
        bootObjectAddress[0] = o.bootObjectAddress[0];
        bootObjectAddress[1] = o.bootObjectAddress[1];
        workLeft = o.workLeft;
        workBudget = o.workBudget;
        preempted = o.preempted;
    }

    /**
     * Boots the system as seL4's boot code leaves it for the initial thread (captrace v1's boot
     * state): root CNode slot 1 the TCB cap, slot 2 the root CNode cap with guard size
     * {@code 64 - rootCNodeBits} and guard 0, slot 4 IRQControl, slots 16.. the untyped caps; every
     * boot cap original and parentless; the TCB's CSpace-root slot a copy of slot 2, its child.
     *
     * @throws IllegalArgumentException if the configuration is invalid (see {@link BootConfig#problems()});
     *         booting is not an invocation, and a kernel cannot boot from nonsense
     */
    public static Kernel boot(BootConfig config) {
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid boot configuration: " + String.join("; ", problems));
        }
        Kernel k = new Kernel(config, Mutant.NONE);
        k.bootInitialThread();
        return k;
    }

    /**
     * Boots a kernel that breaks one of seL4's rules on purpose (see {@link Mutant}), so that tests
     * can show a checker catching it.
     */
    public static Kernel bootMutant(BootConfig config, Mutant mutant) {
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid boot configuration: " + String.join("; ", problems));
        }
        Kernel k = new Kernel(config, mutant);
        k.bootInitialThread();
        return k;
    }

    private void bootInitialThread() {
        int bits = config.rootCNodeBits();
        List<long[]> taken = new ArrayList<>();
        for (UntypedRegion u : config.untyped()) {
            taken.add(new long[] {u.paddr(), u.lastByte()});
        }
        long cnodeAddr = freeAddress(bits + ObjectType.SLOT_BITS, taken);
        taken.add(new long[] {cnodeAddr, cnodeAddr + (1L << (bits + ObjectType.SLOT_BITS)) - 1});
        long tcbAddr = freeAddress(ObjectType.TCB.fixedBits(), taken);
        bootObjectAddress[0] = cnodeAddr;
        bootObjectAddress[1] = tcbAddr;

        rootCNode = objects.create(ObjectTable.CNODE, cnodeAddr, bits);
        currentThread = objects.create(ObjectTable.TCB, tcbAddr, 0);
        bootThread = currentThread;

        int tcbCapSlot = objects.slot(rootCNode, BootConfig.TCB_SLOT);
        caps.setThread(tcbCapSlot, tcbAddr, currentThread);
        mdb.insertRoot(tcbCapSlot);

        int cnodeCapSlot = objects.slot(rootCNode, BootConfig.ROOT_CNODE_SLOT);
        caps.setCNode(cnodeCapSlot, cnodeAddr, rootCNode, bits, 0, CSpaceLookup.WORD_BITS - bits);
        mdb.insertRoot(cnodeCapSlot);

        int irqControlSlot = objects.slot(rootCNode, BootConfig.IRQ_CONTROL_SLOT);
        caps.setIrqControl(irqControlSlot);
        mdb.insertRoot(irqControlSlot);

        int s = BootConfig.FIRST_UNTYPED_SLOT;
        for (UntypedRegion u : config.untyped()) {
            int slot = objects.slot(rootCNode, s++);
            caps.setUntyped(slot, u.paddr(), u.sizeBits(), 0, u.device());
            mdb.insertRoot(slot);
        }

        // The TCB's CSpace root: a copy of the root CNode cap, derived from it as seL4's boot does.
        int cspaceRoot = objects.slot(currentThread, 0);
        caps.copy(cnodeCapSlot, cspaceRoot);
        mdb.insertAfter(cnodeCapSlot, cspaceRoot, false);
    }

    /** The lowest address at or above 4 KiB, aligned to 2^bits, whose object overlaps nothing taken. */
    private static long freeAddress(int bits, List<long[]> taken) {
        long size = 1L << bits;
        List<Long> candidates = new ArrayList<>();
        candidates.add(Math.max(size, 1L << 12));
        for (long[] t : taken) {
            candidates.add(alignUp(t[1] + 1, bits));
        }
        long best = -1;
        for (long c : candidates) {
            if (c == 0 || Long.compareUnsigned(c + size - 1, c) < 0) {
                continue; // wrapped past the top of memory
            }
            boolean clear = true;
            for (long[] t : taken) {
                if (Long.compareUnsigned(c, t[1]) <= 0 && Long.compareUnsigned(t[0], c + size - 1) <= 0) {
                    clear = false;
                    break;
                }
            }
            if (clear && (best == -1 || Long.compareUnsigned(c, best) < 0)) {
                best = c;
            }
        }
        return best;
    }

    static long alignUp(long x, int bits) {
        long m = (1L << bits) - 1;
        return (x + m) & ~m;
    }

    /** A deep copy: the copy and this kernel share nothing and evolve independently. */
    public Kernel copy() {
        return new Kernel(this);
    }

    public BootConfig config() {
        return config;
    }

    /** The details of the last invocation's result (overwritten by the next invocation). */
    public SyscallError lastError() {
        return error;
    }

    // =====================================================================================
    // Threads

    /** The TCB whose CSpace invocations resolve in (an opaque handle), or -1 if it is gone. */
    public int currentThread() {
        return currentThread;
    }

    /** The boot thread's handle, or -1 once its TCB is gone. */
    public int initialThread() {
        return objects.isLive(bootThread) && objects.kind(bootThread) == ObjectTable.TCB
                && objects.paddr(bootThread) == bootObjectAddress[1] ? bootThread : -1;
    }

    /**
     * Makes another TCB (by handle) the current thread, as seL4's scheduler would. Returns
     * IllegalOperation, and changes nothing, if the handle is not a live, unsuspended TCB.
     */
    public SeL4Error switchThread(int tcb) {
        begin();
        if (!objects.isLive(tcb) || objects.kind(tcb) != ObjectTable.TCB || objects.isSuspended(tcb)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        currentThread = tcb;
        return SeL4Error.NoError;
    }

    /**
     * Whether an invocation can be made: the current thread exists and was not suspended by the
     * deletion of its last cap. seL4 never runs a deleted thread; captrace forbids invoking after it.
     */
    public boolean canInvoke() {
        return currentThread >= 0 && objects.isLive(currentThread)
                && objects.kind(currentThread) == ObjectTable.TCB && !objects.isSuspended(currentThread);
    }

    int cspaceRootSlot() {
        return objects.slot(currentThread, 0);
    }

    // =====================================================================================
    // Preemption

    /**
     * Sets how many preemption points a long-running operation (Delete, Revoke, Retype's reset)
     * may pass before it stops with {@link #wasPreempted()} true and its progress kept in the
     * state, as seL4's preemption points do. {@link #UNLIMITED} (the default) never preempts.
     */
    public void setWorkBudget(long units) {
        workBudget = units < 1 ? 1 : units;
    }

    /** Whether the last invocation stopped at a preemption point; restart it to continue. */
    public boolean wasPreempted() {
        return preempted;
    }

    /** seL4's {@code preemptionPoint}: one unit of work done; true if the budget is spent. */
    boolean preemptionPoint() {
        if (workBudget == UNLIMITED) {
            return false;
        }
        if (--workLeft <= 0) {
            preempted = true;
            return true;
        }
        return false;
    }

    // =====================================================================================
    // Invocation prologue: the invoked cap, the extra caps, the invoked cap's type.

    /** Slot of the invoked cap, set by {@link #invoke}. */
    private int invoked;

    private SeL4Error begin() {
        preempted = false;
        workLeft = workBudget;
        return error.clear();
    }

    /** Resolves the invoked CPtr; InvalidCapability if it names no capability (captrace departure). */
    private SeL4Error invoke(long service) {
        begin();
        if (!canInvoke()) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (!lookup.lookupCapAndSlot(service)) {
            return error.set(SeL4Error.InvalidCapability);
        }
        invoked = lookup.slot;
        if (caps.isNull(invoked)) {
            error.lookupFault(LookupFailure.MissingCapability, 0, 0, 0);
            return error.set(SeL4Error.InvalidCapability);
        }
        return SeL4Error.NoError;
    }

    /**
     * Resolves an extra-cap CPtr as seL4's lookupExtraCaps does; returns the slot, or -1 with
     * FailedLookup/InvalidRoot recorded (captrace's stand-in for seL4's capability fault). A CPtr
     * that reaches an empty slot resolves; decode then treats it as the null cap.
     */
    private int extraCap(long cptr) {
        if (!lookup.lookupCapAndSlot(cptr)) {
            error.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0);
            error.failedLookup(false);
            return -1;
        }
        return lookup.slot;
    }

    private boolean invokedIs(CapType t) {
        return caps.is(invoked, t);
    }

    // =====================================================================================
    // CNode invocations (decodeCNodeInvocation / invokeCNode*)

    public SeL4Error cnodeCopy(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                               long srcDepth, long rights) {
        return copyMintMoveMutate(CNodeOp.COPY, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth,
                rights, 0);
    }

    public SeL4Error cnodeMint(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                               long srcDepth, long rights, long badge) {
        return copyMintMoveMutate(CNodeOp.MINT, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth,
                rights, badge);
    }

    public SeL4Error cnodeMove(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                               long srcDepth) {
        return copyMintMoveMutate(CNodeOp.MOVE, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth, 0, 0);
    }

    public SeL4Error cnodeMutate(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                                 long srcDepth, long badge) {
        return copyMintMoveMutate(CNodeOp.MUTATE, service, destIndex, destDepth, srcRoot, srcIndex, srcDepth,
                0, badge);
    }

    enum CNodeOp { COPY, MINT, MOVE, MUTATE }

    private SeL4Error copyMintMoveMutate(CNodeOp op, long service, long destIndex, long destDepth, long srcRoot,
                                         long srcIndex, long srcDepth, long rights, long data) {
        SeL4Error e = invoke(service);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int srcRootSlot = extraCap(srcRoot);
        if (srcRootSlot < 0) {
            return error.error();
        }
        if (!invokedIs(CapType.CNode)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        e = lookup.lookupForCNodeOp(false, invoked, destIndex, destDepth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int dest = lookup.slot;
        if (!caps.isNull(dest)) {
            return error.set(SeL4Error.DeleteFirst);
        }
        e = lookup.lookupForCNodeOp(true, srcRootSlot, srcIndex, srcDepth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int src = lookup.slot;
        if (caps.isNull(src)) {
            error.lookupFault(LookupFailure.MissingCapability, srcDepth, 0, 0);
            return error.failedLookup(true);
        }
        int newCap = scratch(SCRATCH_A);
        caps.copy(src, newCap);
        switch (op) {
            case COPY:
                CapRules.maskRights(caps, newCap, Rights.fromWord(rights));
                e = deriveCap(src, newCap);
                break;
            case MINT:
                CapRules.maskRights(caps, newCap, Rights.fromWord(rights));
                CapRules.updateCapData(caps, newCap, false, data);
                e = deriveCap(src, newCap);
                break;
            case MUTATE:
                CapRules.updateCapData(caps, newCap, true, data);
                break;
            default:
                break;
        }
        if (e != SeL4Error.NoError) {
            return e;
        }
        if (caps.isNull(newCap)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (op == CNodeOp.COPY || op == CNodeOp.MINT) {
            cteInsert(newCap, src, dest);
        } else {
            cteMove(newCap, src, dest);
        }
        return SeL4Error.NoError;
    }

    public SeL4Error cnodeRotate(long service, long destIndex, long destDepth, long pivotRoot, long pivotIndex,
                                 long pivotDepth, long pivotBadge, long srcRoot, long srcIndex, long srcDepth,
                                 long srcBadge) {
        SeL4Error e = invoke(service);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int pivotRootSlot = extraCap(pivotRoot);
        if (pivotRootSlot < 0) {
            return error.error();
        }
        int srcRootSlot = extraCap(srcRoot);
        if (srcRootSlot < 0) {
            return error.error();
        }
        if (!invokedIs(CapType.CNode)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        e = lookup.lookupForCNodeOp(false, invoked, destIndex, destDepth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int dest = lookup.slot;
        e = lookup.lookupForCNodeOp(true, srcRootSlot, srcIndex, srcDepth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int src = lookup.slot;
        e = lookup.lookupForCNodeOp(true, pivotRootSlot, pivotIndex, pivotDepth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int pivot = lookup.slot;
        if (pivot == src || pivot == dest) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (src != dest && !caps.isNull(dest)) {
            return error.set(SeL4Error.DeleteFirst);
        }
        if (caps.isNull(src)) {
            error.lookupFault(LookupFailure.MissingCapability, srcDepth, 0, 0);
            return error.failedLookup(true);
        }
        if (caps.isNull(pivot)) {
            error.lookupFault(LookupFailure.MissingCapability, pivotDepth, 0, 0);
            return error.failedLookup(false);
        }
        int newSrc = scratch(SCRATCH_A);
        int newPivot = scratch(SCRATCH_B);
        caps.copy(src, newSrc);
        CapRules.updateCapData(caps, newSrc, true, srcBadge);
        caps.copy(pivot, newPivot);
        CapRules.updateCapData(caps, newPivot, true, pivotBadge);
        if (caps.isNull(newSrc) || caps.isNull(newPivot)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (src == dest) {
            // cteSwap: the caps trade places, and so do their derivation-tree positions.
            caps.copy(newPivot, src);
            caps.copy(newSrc, pivot);
            mdb.swap(src, pivot);
        } else {
            cteMove(newPivot, pivot, dest);
            cteMove(newSrc, src, pivot);
        }
        return SeL4Error.NoError;
    }

    /** CNode_Delete: seL4's cteDelete(slot, exposed = true). Deleting an empty slot does nothing. */
    public SeL4Error cnodeDelete(long service, long index, long depth) {
        SeL4Error e = cnodeSlotOp(service, index, depth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        deletion.cteDelete(lookup.slot, true);
        return SeL4Error.NoError;
    }

    /** CNode_Revoke: deletes every descendant of the cap; the cap itself stays. */
    public SeL4Error cnodeRevoke(long service, long index, long depth) {
        SeL4Error e = cnodeSlotOp(service, index, depth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        deletion.cteRevoke(lookup.slot);
        return SeL4Error.NoError;
    }

    /**
     * CNode_CancelBadgedSends: the slot must hold an Endpoint cap with all four rights (seL4's
     * hasCancelSendRights). cap-core has no IPC queues, so a valid call changes nothing.
     */
    public SeL4Error cnodeCancelBadgedSends(long service, long index, long depth) {
        SeL4Error e = cnodeSlotOp(service, index, depth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int s = lookup.slot;
        if (!caps.is(s, CapType.Endpoint) || caps.rights(s) != Rights.ALL) {
            return error.set(SeL4Error.IllegalOperation);
        }
        return SeL4Error.NoError;
    }

    private SeL4Error cnodeSlotOp(long service, long index, long depth) {
        SeL4Error e = invoke(service);
        if (e != SeL4Error.NoError) {
            return e;
        }
        if (!invokedIs(CapType.CNode)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        return lookup.lookupForCNodeOp(false, invoked, index, depth);
    }

    // =====================================================================================
    // Untyped_Retype

    /**
     * Untyped_Retype with seL4's object type number ({@link ObjectType#number()}); an unknown number
     * gives InvalidArgument 0.
     */
    public SeL4Error untypedRetype(long service, long type, long sizeBits, long root, long nodeIndex,
                                   long nodeDepth, long nodeOffset, long numObjects) {
        SeL4Error e = invoke(service);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int rootSlot = extraCap(root);
        if (rootSlot < 0) {
            return error.error();
        }
        if (!invokedIs(CapType.Untyped)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        return retype.decodeAndInvoke(invoked, type, sizeBits, rootSlot, nodeIndex, nodeDepth, nodeOffset,
                numObjects);
    }

    public SeL4Error untypedRetype(long service, ObjectType type, long sizeBits, long root, long nodeIndex,
                                   long nodeDepth, long nodeOffset, long numObjects) {
        return untypedRetype(service, type.number(), sizeBits, root, nodeIndex, nodeDepth, nodeOffset, numObjects);
    }

    // =====================================================================================
    // IRQControl_Get (seL4's generic IRQIssueIRQHandler, as on ARM and RISC-V)

    public SeL4Error irqControlGet(long service, long irq, long root, long index, long depth) {
        SeL4Error e = invoke(service);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int rootSlot = extraCap(root);
        if (rootSlot < 0) {
            return error.error();
        }
        if (!invokedIs(CapType.IRQControl)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (Long.compareUnsigned(irq, config.maxIrq()) > 0) {
            return error.rangeError(0, config.maxIrq());
        }
        if (irqActive[(int) irq]) {
            return error.set(SeL4Error.RevokeFirst);
        }
        e = lookup.lookupForCNodeOp(false, rootSlot, index, depth);
        if (e != SeL4Error.NoError) {
            return e;
        }
        int dest = lookup.slot;
        if (!caps.isNull(dest)) {
            return error.set(SeL4Error.DeleteFirst);
        }
        irqActive[(int) irq] = true;
        int handler = scratch(SCRATCH_A);
        caps.setIrqHandler(handler, (int) irq);
        cteInsert(handler, invoked, dest);
        return SeL4Error.NoError;
    }

    // =====================================================================================
    // Cap insertion and movement (cteInsert, cteMove), shared by the invocations

    int scratch(int i) {
        return scratchBase + i;
    }

    /**
     * seL4's {@code deriveCap}: the cap a Copy or Mint may place. IRQControl and Zombie caps cannot
     * be copied (they become null, hence IllegalOperation), and an untyped cap only while it has no
     * children (else RevokeFirst), so that a copy never claims memory already handed out.
     */
    private SeL4Error deriveCap(int srcSlot, int cap) {
        switch (caps.type(cap)) {
            case IRQControl:
            case Zombie:
                caps.clear(cap);
                return SeL4Error.NoError;
            case Untyped:
                if (mdb.hasChildren(srcSlot)) {
                    return error.set(SeL4Error.RevokeFirst);
                }
                return SeL4Error.NoError;
            default:
                return SeL4Error.NoError;
        }
    }

    /**
     * seL4's {@code cteInsert}: places the cap right after its source in the derivation list, as an
     * original if {@code isCapRevocable} says so. A same-sized untyped copy marks its source full,
     * so the two cannot both retype the same memory.
     */
    void cteInsert(int newCap, int src, int dest) {
        boolean revocable = CapRules.isCapRevocable(caps, newCap, src);
        if (mutant == Mutant.COPY_OF_NON_ORIGINAL_IS_CHILD && !revocable && !mdb.isRevocable(src)) {
            mdb.corruptFlags(src, true, mdb.isFirstBadged(src));
        }
        if (mutant != Mutant.UNTYPED_COPY_NOT_FULL && caps.is(src, CapType.Untyped) && caps.is(newCap, CapType.Untyped)
                && caps.paddr(src) == caps.paddr(newCap) && caps.untypedBits(src) == caps.untypedBits(newCap)) {
            caps.setFreeIndex(src, 1L << caps.untypedBits(src));
        }
        caps.copy(newCap, dest);
        mdb.insertAfter(src, dest, revocable);
    }

    /** seL4's {@code cteMove}: the cap keeps its derivation-tree position and original flag. */
    void cteMove(int newCap, int src, int dest) {
        caps.copy(newCap, dest);
        caps.clear(src);
        mdb.move(src, dest);
    }

    // =====================================================================================
    // Inspection (allocates; not for invocation paths)

    /**
     * Looks up a slot the way a CNode invocation does ({@code lookupSlotForCNodeOp}), with
     * {@code root} resolved as an extra-cap CPtr. Returns the slot's handle, or -1 with the reason
     * in {@link #lastError()} (FailedLookup with its failure, or RangeError). Changes no state.
     */
    public int resolveSlot(long root, long index, long depth) {
        begin();
        if (!canInvoke() || !lookup.lookupCapAndSlot(root)) {
            error.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0);
            error.failedLookup(false);
            return -1;
        }
        SeL4Error e = lookup.lookupForCNodeOp(false, lookup.slot, index, depth);
        return e == SeL4Error.NoError ? lookup.slot : -1;
    }

    /** The handle of slot {@code index} of the initial thread's root CNode, or -1 if out of range. */
    public int rootSlot(long index) {
        if (!objects.isLive(rootCNode) || index < 0 || index >= objects.slotCount(rootCNode)) {
            return -1;
        }
        return objects.slot(rootCNode, index);
    }

    /** The cap in a slot (by handle). */
    public Cap capAt(int slot) {
        return caps.toCap(slot);
    }

    /** Whether the cap in the slot is original (seL4's mdbRevocable / is_original_cap). */
    public boolean isOriginal(int slot) {
        return mdb.isRevocable(slot);
    }

    /** The derivation-tree parent of the cap in the slot, or -1. */
    public int parentOf(int slot) {
        return caps.isNull(slot) ? -1 : mdb.parentOf(slot);
    }

    /** The number of derivation-tree descendants of the cap in the slot. */
    public int descendantCount(int slot) {
        return caps.isNull(slot) ? 0 : mdb.descendantCount(slot);
    }

    /**
     * Whether two slots hold caps to the same kernel object (for untyped caps: the same region;
     * for IRQHandler caps: the same IRQ).
     */
    public boolean sameObject(int a, int b) {
        if (caps.isNull(a) || caps.isNull(b) || caps.type(a) != caps.type(b)) {
            return false;
        }
        if (caps.is(a, CapType.Untyped)) {
            return caps.paddr(a) == caps.paddr(b) && caps.untypedBits(a) == caps.untypedBits(b);
        }
        if (caps.is(a, CapType.IRQControl)) {
            return true;
        }
        return caps.sameObjectAs(a, b);
    }

    /** Where a slot lives: its object's physical address and kind, and its index there. */
    public SlotAddress addressOf(int slot) {
        int obj = objects.ownerOf(slot);
        if (obj < 0) {
            return null;
        }
        return new SlotAddress(objects.paddr(obj), objects.kind(obj) == ObjectTable.CNODE ? "CNode" : "TCB",
                objects.indexInOwner(slot), obj == rootCNode);
    }

    /** The handles of every slot that holds a cap, in a canonical order (by object address, then index). */
    public List<Integer> occupiedSlots() {
        List<Integer> out = new ArrayList<>();
        for (int obj : liveObjectsByAddress()) {
            int n = objects.slotCount(obj);
            for (int i = 0; i < n; i++) {
                int s = objects.slot(obj, i);
                if (!caps.isNull(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Whether an IRQ has a handler (seL4's IRQ state is not Inactive). */
    public boolean irqHasHandler(int irq) {
        return irq >= 0 && irq < irqActive.length && irqActive[irq];
    }

    List<Integer> liveObjectsByAddress() {
        List<Integer> live = new ArrayList<>();
        for (int obj = 0; obj < objects.capacity(); obj++) {
            if (objects.isLive(obj)) {
                live.add(obj);
            }
        }
        live.sort((a, b) -> {
            int c = Long.compareUnsigned(objects.paddr(a), objects.paddr(b));
            return c != 0 ? c : Integer.compare(objects.kind(a), objects.kind(b));
        });
        return live;
    }

    // =====================================================================================
    // Invariants and encoding

    /** Every invariant the state violates, by name (see {@link Invariants}); empty if all hold. */
    public List<String> checkInvariants() {
        return new Invariants(this).violations();
    }

    /**
     * A canonical encoding of the whole capability state: two kernels in equal states encode to
     * equal bytes, whatever history and internal layout brought them there.
     */
    public byte[] encode() {
        return StateEncoder.encode(this);
    }
}
