package org.capcheck.core;

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
    /** Events one step between two preemption points can produce, at most; kept free in the queue. */
    static final int EVENT_RESERVE = 8;
    /** Event-queue room beyond the fan-out limit (one Retype's creations come without a preemption point). */
    private static final int EVENT_ROOM = 64;
    /** A budget meaning: never preempt. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    final BootConfig config;
    final CapTable caps;
    final DerivationTree mdb;
    final ObjectTable objects;
    final boolean[] irqActive;
    final SyscallError error = new SyscallError();
    final CSpaceLookup lookup;
    final CNode cnode;
    final Deletion deletion;
    final Retype retype;
    final CNodeInvocation cnodeInvocation;
    final IrqControlInvocation irqControl;
    final TcbInvocation tcbInvocation;
    final HostEvents events;
    private final KernelView view = new KernelView(this);
    /** First scratch slot: the pool's slots come before it. */
    final int scratchBase;
    /** Seeded deviations from seL4 ({@link Faults}); 0 in every kernel {@link #boot} makes. */
    final int faults;
    int currentThread;
    /** Writes outside the cap and object tables (IRQ states, the current thread): see {@link #modifications()}. */
    long otherWrites;
    int rootCNode;
    int bootThread;
    /** Where the boot TCB lies: a later TCB reusing its handle is not the initial thread. */
    long bootTcbAddress;
    /** Where the root CNode lies (see {@link BootLayout}). */
    long rootCNodeAddress;
    /** Made on the first {@link #load}, never copied. */
    private StateLoader loader;

    /**
     * The most internal steps (iterations of deletion's finaliseSlot and cteRevoke loops) one
     * operation may take, restarts after preemption included: {@link #STEPS_PER_ENTRY} per slot and
     * per object entry of the preallocated capacity. A correct kernel needs at most one step per
     * slot emptied or Zombie moved, so reaching it means a kernel that does not make progress.
     */
    final long stepBound;
    /** How many steps per preallocated slot and object entry {@link #stepBound} allows. */
    static final int STEPS_PER_ENTRY = 8;
    long stepsLeft;
    boolean stepBoundExceeded;

    /** Work units left before the running operation is preempted; see {@link #setWorkBudget}. */
    long workLeft = UNLIMITED;
    long workBudget = UNLIMITED;
    boolean preempted;

    private Kernel(BootConfig config, int faults) {
        this.config = config;
        this.faults = faults;
        objects = new ObjectTable(config.objectCapacity(), config.slotPoolBits());
        scratchBase = objects.slotCapacity();
        caps = new CapTable(scratchBase + SCRATCH_COUNT);
        mdb = new DerivationTree(caps, !Faults.has(faults, Faults.EMPTY_SLOT_DROPS_FIRST_BADGED));
        irqActive = new boolean[config.maxIrq() + 1];
        lookup = new CSpaceLookup(this);
        cnode = new CNode(this);
        deletion = new Deletion(this);
        retype = new Retype(this);
        cnodeInvocation = new CNodeInvocation(this);
        irqControl = new IrqControlInvocation(this);
        tcbInvocation = new TcbInvocation(this);
        events = new HostEvents(config.fanoutLimit() + EVENT_ROOM);
        stepBound = STEPS_PER_ENTRY * ((long) caps.size() + config.objectCapacity()) + 64;
        stepsLeft = stepBound;
    }

    private Kernel(Kernel o) {
        config = o.config;
        faults = o.faults;
        objects = new ObjectTable(o.objects);
        scratchBase = o.scratchBase;
        caps = new CapTable(o.caps);
        if (o.caps.log != null) {
            caps.log = new ChangeLog(o.caps.log);
        }
        mdb = new DerivationTree(o.mdb, caps);
        irqActive = o.irqActive.clone();
        error.copyFrom(o.error);
        lookup = new CSpaceLookup(this);
        cnode = new CNode(this);
        deletion = new Deletion(this);
        retype = new Retype(this);
        cnodeInvocation = new CNodeInvocation(this);
        irqControl = new IrqControlInvocation(this);
        tcbInvocation = new TcbInvocation(this);
        events = new HostEvents(o.events);
        currentThread = o.currentThread;
        otherWrites = o.otherWrites;
        rootCNode = o.rootCNode;
        bootThread = o.bootThread;
        bootTcbAddress = o.bootTcbAddress;
        rootCNodeAddress = o.rootCNodeAddress;
        workLeft = o.workLeft;
        workBudget = o.workBudget;
        preempted = o.preempted;
        stepBound = o.stepBound;
        stepsLeft = o.stepsLeft;
        stepBoundExceeded = o.stepBoundExceeded;
    }

    /**
     * Boots the system as seL4's boot code leaves it for the initial thread (captrace v1's boot
     * state): root CNode slot 1 the TCB cap, slot 2 the root CNode cap with guard size
     * {@code 64 - rootCNodeBits} and guard 0, slot 4 IRQControl, slots 16.. the untyped caps; every
     * boot cap original and parentless; the TCB's CSpace-root slot a copy of slot 2, its child.
     *
     * @throws IllegalArgumentException if the configuration is null or invalid (see {@link BootConfig#problems()});
     *         booting is not an invocation, and a kernel cannot boot from nonsense
     */
    public static Kernel boot(BootConfig config) {
        return boot(config, Faults.NONE);
    }

    /** Boots with seeded faults: reachable only through the package-private {@link Faults} seam. */
    static Kernel boot(BootConfig config, int faults) {
        if (config == null) {
            throw new IllegalArgumentException("invalid boot configuration: none given (null)");
        }
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid boot configuration: " + String.join("; ", problems));
        }
        Kernel k = new Kernel(config, faults);
        BootLayout.createInitialThread(k);
        return k;
    }

    static long alignUp(long x, int bits) {
        long m = (1L << bits) - 1;
        return (x + m) & ~m;
    }

    /** A deep copy: the copy and this kernel share nothing and evolve independently. */
    public Kernel copy() {
        return new Kernel(this);
    }

    /** The kernel {@link #copyFrom} last copied from, its {@link #modifications()} then, and this kernel's object writes then. */
    private Kernel copiedFrom;
    private long copiedModifications;
    private long objectWritesAtCopy;

    /**
     * Makes this kernel what {@link #copy()} of {@code source} would be, in place: this kernel's tables are
     * overwritten, nothing is allocated (after the first call), and its invariant checker and encoder are
     * kept. So a host that starts many runs from one state (a fuzz campaign's booted kernel) restores it
     * into one scratch kernel instead of copying it each time. When {@code source} is the kernel of the last
     * call and has not been modified since ({@link #modifications()}), only the slots this kernel wrote since
     * are copied, and the object table only if an object was created, destroyed or suspended here; otherwise
     * everything is. The change log for incremental invariant checks is copied as {@link #copy()} copies it.
     * Returns false, changing nothing, if {@code source} is null, this kernel, or of another
     * {@link #config()} or seeded fault set.
     */
    public boolean copyFrom(Kernel source) {
        if (source == null || source == this || faults != source.faults || !config.equals(source.config)) {
            return false;
        }
        boolean onlyWritten = copiedFrom == source && copiedModifications == source.modifications();
        caps.copyFrom(source.caps, onlyWritten);
        if (!onlyWritten || objects.writes != objectWritesAtCopy) {
            objects.copyFrom(source.objects);
        }
        objects.writes = source.objects.writes;
        if (source.caps.log == null) {
            caps.log = null;
        } else if (caps.log == null) {
            caps.log = new ChangeLog(source.caps.log);
        } else {
            caps.log.copyFrom(source.caps.log);
        }
        System.arraycopy(source.irqActive, 0, irqActive, 0, irqActive.length);
        error.copyFrom(source.error);
        events.copyFrom(source.events);
        currentThread = source.currentThread;
        otherWrites = source.otherWrites;
        rootCNode = source.rootCNode;
        bootThread = source.bootThread;
        bootTcbAddress = source.bootTcbAddress;
        rootCNodeAddress = source.rootCNodeAddress;
        workLeft = source.workLeft;
        workBudget = source.workBudget;
        preempted = source.preempted;
        stepsLeft = source.stepsLeft;
        stepBoundExceeded = source.stepBoundExceeded;
        copiedFrom = source;
        copiedModifications = source.modifications();
        objectWritesAtCopy = objects.writes;
        return true;
    }

    /**
     * A copy of the capability state alone, in this kernel's internal layout, with nothing left of the
     * last invocation: as after {@link #load}, the last error is cleared (its details too), the event
     * queue is empty, nothing is preempted, and the scratch slots where invocations build caps are
     * empty; the work budget and the seeded faults are this kernel's. It behaves as this kernel does on
     * every following invocation, and encodes to the same bytes. So the copies of two kernels whose
     * internal tables agree are equal field by field, whatever their last invocations left in scratch
     * space: what a checker that compares whole heaps (Java PathFinder) needs, at the cost of a copy
     * rather than of {@link #encode()} and {@link #load}. Its {@link #modifications()} count starts
     * from zero: the count says how often this kernel was written, which is history, not state. (A
     * change log for incremental invariant checks is copied as {@link #copy()} copies it.)
     */
    public Kernel copyState() {
        Kernel c = new Kernel(this);
        c.caps.writes = 0;
        c.objects.writes = 0;
        c.otherWrites = 0;
        c.error.reset();
        c.events.reset();
        c.caps.clear(scratchBase, c.caps.size());
        c.preempted = false;
        c.stepsLeft = stepBound;
        c.stepBoundExceeded = false;
        c.workLeft = workBudget;
        return c;
    }

    private boolean sameIrqs(Kernel other) {
        if (irqActive.length != other.irqActive.length) {
            return false;
        }
        for (int i = 0; i < irqActive.length; i++) {
            if (irqActive[i] != other.irqActive[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this kernel and {@code other} are in the same capability state: {@link #encode()} would
     * give them equal bytes. Cheap when their internal layouts agree (one a {@link #copy()} of the other,
     * with no object created or destroyed since): the tables are then compared directly; otherwise
     * both are encoded. Use it to see whether an invocation changed anything (seL4: one that fails has
     * no effect). Allocates only when the layouts differ.
     */
    public boolean sameStateAs(Kernel other) {
        if (other == this) {
            return true;
        }
        if (other == null) {
            return false;
        }
        if (scratchBase == other.scratchBase && currentThread == other.currentThread
                && objects.sameAs(other.objects) && caps.sameAs(other.caps, scratchBase)
                && sameIrqs(other)) {
            return true;
        }
        return java.util.Arrays.equals(encode(), other.encode());
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
                && objects.paddr(bootThread) == bootTcbAddress ? bootThread : -1;
    }

    /** Whether a TCB handle names a live thread that was not suspended (one {@link #switchThread} accepts). */
    public boolean isRunnable(int tcb) {
        return objects.isLive(tcb) && objects.kind(tcb) == ObjectTable.TCB && !objects.isSuspended(tcb);
    }

    /**
     * Makes another TCB (by handle) the current thread, as seL4's scheduler would. Returns
     * IllegalOperation, and changes nothing, if the handle is not a live, unsuspended TCB.
     */
    public SeL4Error switchThread(int tcb) {
        error.clear();
        if (!isRunnable(tcb)) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (currentThread != tcb) {
            otherWrites++;
            currentThread = tcb;
        }
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
    // Preemption and host events

    /**
     * Sets how many preemption points a long-running operation (Delete, Revoke, Retype's reset)
     * may pass per invocation. At the point that spends the budget the operation stops, with
     * {@link #wasPreempted()} true and its progress kept in the state, as seL4's preemptionPoint
     * does when its work-unit count is reached and an interrupt is pending: budget n here is seL4
     * with CONFIG_MAX_NUM_WORK_UNITS_PER_PREEMPTION = n and an interrupt always pending. Restart the
     * same invocation to continue. {@link #UNLIMITED} (the default) preempts only to keep room in
     * the host-event queue.
     */
    public void setWorkBudget(long units) {
        workBudget = units < 1 ? 1 : units;
    }

    public long workBudget() {
        return workBudget;
    }

    /** Whether the last invocation stopped at a preemption point; restart it to continue. */
    public boolean wasPreempted() {
        return preempted;
    }

    /** What the last invocation asks of the host (see {@link HostEvents}); drain it after each one. */
    public HostEvents events() {
        return events;
    }

    /**
     * seL4's {@code preemptionPoint}: one unit of work done. True, and the invocation must stop, if
     * the budget is spent or the event queue is nearly full.
     */
    boolean preemptionPoint() {
        if (events.free() < EVENT_RESERVE) {
            preempted = true;
            return true;
        }
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
    // The raw invocation ABI

    /** The current invocation's message words and their count (seL4's syscall arguments). */
    private long[] args;
    int argc;
    /** Slots of the current invocation's extra caps (seL4's current_extra_caps). */
    private final int[] extraSlots = new int[InvocationLabel.MSG_MAX_EXTRA_CAPS];
    int extraCount;
    /** Message buffers the typed methods marshal into, as libsel4 does into the IPC buffer. */
    private final long[] typedWords = new long[8];
    private final long[] typedExtra = new long[InvocationLabel.MSG_MAX_EXTRA_CAPS];

    long arg(int i) {
        return args[i];
    }

    int extraSlot(int i) {
        return extraSlots[i];
    }

    /**
     * Whether the last invocation was stopped by the termination guard: it (with the restarts
     * before it, if it continued a preempted operation) took more than {@link #stepBound()}
     * internal steps, which a correct kernel never does. It then returned IllegalOperation, not
     * preempted, and left the state part-way; {@link #checkInvariants()} reports
     * {@code invocation_terminates} until the next invocation.
     */
    public boolean stepBoundExceeded() {
        return stepBoundExceeded;
    }

    /**
     * The termination bound: the most internal steps one operation takes, its restarts after
     * preemption included; {@link #STEPS_PER_ENTRY} per preallocated slot and object entry, plus 64.
     */
    public long stepBound() {
        return stepBound;
    }

    /** One internal step of a loop; true, and the operation must stop, once the bound is spent. */
    boolean overran() {
        if (--stepsLeft >= 0) {
            return false;
        }
        stepBoundExceeded = true;
        return true;
    }

    /**
     * {@code points} preemption points passed at once (a loop whose iterations do nothing else, such
     * as resetUntypedCap's chunks). Returns which point (from 1) preempted, or 0 if none did.
     */
    long preemptionPoints(long points) {
        if (points <= 0) {
            return 0;
        }
        if (events.free() < EVENT_RESERVE) {
            preempted = true;
            return 1;
        }
        if (workBudget == UNLIMITED) {
            return 0;
        }
        if (workLeft <= points) {
            long at = Math.max(1, workLeft);
            workLeft = 0;
            preempted = true;
            return at;
        }
        workLeft -= points;
        return 0;
    }

    private SeL4Error begin() {
        if (!preempted) {
            stepsLeft = stepBound; // a restart of a preempted operation continues its count
        }
        stepBoundExceeded = false;
        preempted = false;
        workLeft = workBudget;
        events.clear();
        return error.clear();
    }

    /**
     * The raw entry point, taking what a kernel's system-call path holds: the invoked CPtr, the
     * invocation label ({@link InvocationLabel}), the first {@code length} message words and the
     * first {@code extraCount} extra-cap CPtrs. Lengths beyond the arrays or seL4's limits are
     * clamped; message words beyond what an invocation reads are ignored, as in seL4. The invoked
     * cap's type picks the decoder (CNode, Untyped, IRQControl); any other cap gives
     * IllegalOperation. Allocates nothing and never throws.
     */
    public SeL4Error invoke(long service, long label, long[] words, int length, long[] extraCaps, int extraCount) {
        return invokeRaw(service, label, words, length, extraCaps, extraCount);
    }

    private SeL4Error invokeRaw(long service, long label, long[] words, int length, long[] extra, int extraN) {
        begin();
        int wordCount = words == null ? 0
                : Math.max(0, Math.min(length, Math.min(words.length, InvocationLabel.MSG_MAX_LENGTH)));
        int extraCountClamped = extra == null ? 0
                : Math.max(0, Math.min(extraN, Math.min(extra.length, InvocationLabel.MSG_MAX_EXTRA_CAPS)));
        if (!canInvoke()) {
            return error.set(SeL4Error.IllegalOperation);
        }
        // The invoked cap: a CPtr that names no capability is InvalidCapability (captrace departure).
        if (!lookup.lookupCapAndSlot(service)) {
            return error.set(SeL4Error.InvalidCapability);
        }
        int invoked = lookup.slot;
        if (caps.isNull(invoked)) {
            error.lookupFault(LookupFailure.MissingCapability, 0, 0, 0);
            return error.set(SeL4Error.InvalidCapability);
        }
        // Extra caps are looked up before decoding (lookupExtraCaps). A failed lookup stands in for
        // seL4's capability fault as FailedLookup/InvalidRoot; an empty slot is passed on as null.
        for (int i = 0; i < extraCountClamped; i++) {
            if (!lookup.lookupCapAndSlot(extra[i])) {
                error.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0);
                return error.failedLookup(false);
            }
            extraSlots[i] = lookup.slot;
        }
        if (args != words) {
            args = words; // a reference store costs a GC barrier: the typed path keeps the same buffer
        }
        argc = wordCount;
        extraCount = extraCountClamped;
        switch (caps.type(invoked)) {
            case CNode:
                return guarded(cnodeInvocation.decode(label, invoked));
            case Untyped:
                return guarded(retype.decode(label, invoked));
            case IRQControl:
                return irqControl.decode(label, invoked);
            case Thread:
                return guarded(tcbInvocation.decode(label, invoked));
            default:
                return error.set(SeL4Error.IllegalOperation);
        }
    }

    private SeL4Error typed(long service, int label, int words, int extra) {
        return invokeRaw(service, label, typedWords, words, typedExtra, extra);
    }

    /** The termination guard's verdict over an invocation's result. */
    private SeL4Error guarded(SeL4Error e) {
        if (!stepBoundExceeded) {
            return e;
        }
        preempted = false;
        return error.set(SeL4Error.IllegalOperation);
    }

    // =====================================================================================
    // The typed API: one method per libsel4 function, libsel4's arguments in libsel4's order.
    // Each marshals its arguments as libsel4 does and takes the raw path, so both behave alike.

    public SeL4Error cnodeCopy(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                               long srcDepth, long rights) {
        typedWords[0] = destIndex;
        typedWords[1] = destDepth;
        typedWords[2] = srcIndex;
        typedWords[3] = srcDepth;
        typedWords[4] = rights;
        typedExtra[0] = srcRoot;
        return typed(service, InvocationLabel.CNODE_COPY, 5, 1);
    }

    public SeL4Error cnodeMint(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                               long srcDepth, long rights, long badge) {
        typedWords[0] = destIndex;
        typedWords[1] = destDepth;
        typedWords[2] = srcIndex;
        typedWords[3] = srcDepth;
        typedWords[4] = rights;
        typedWords[5] = badge;
        typedExtra[0] = srcRoot;
        return typed(service, InvocationLabel.CNODE_MINT, 6, 1);
    }

    public SeL4Error cnodeMove(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                               long srcDepth) {
        typedWords[0] = destIndex;
        typedWords[1] = destDepth;
        typedWords[2] = srcIndex;
        typedWords[3] = srcDepth;
        typedExtra[0] = srcRoot;
        return typed(service, InvocationLabel.CNODE_MOVE, 4, 1);
    }

    public SeL4Error cnodeMutate(long service, long destIndex, long destDepth, long srcRoot, long srcIndex,
                                 long srcDepth, long badge) {
        typedWords[0] = destIndex;
        typedWords[1] = destDepth;
        typedWords[2] = srcIndex;
        typedWords[3] = srcDepth;
        typedWords[4] = badge;
        typedExtra[0] = srcRoot;
        return typed(service, InvocationLabel.CNODE_MUTATE, 5, 1);
    }

    public SeL4Error cnodeRotate(long service, long destIndex, long destDepth, long pivotRoot, long pivotIndex,
                                 long pivotDepth, long pivotBadge, long srcRoot, long srcIndex, long srcDepth,
                                 long srcBadge) {
        typedWords[0] = destIndex;
        typedWords[1] = destDepth;
        typedWords[2] = pivotBadge;
        typedWords[3] = pivotIndex;
        typedWords[4] = pivotDepth;
        typedWords[5] = srcBadge;
        typedWords[6] = srcIndex;
        typedWords[7] = srcDepth;
        typedExtra[0] = pivotRoot;
        typedExtra[1] = srcRoot;
        return typed(service, InvocationLabel.CNODE_ROTATE, 8, 2);
    }

    /** CNode_Delete: seL4's cteDelete(slot, exposed = true). Deleting an empty slot does nothing. */
    public SeL4Error cnodeDelete(long service, long index, long depth) {
        return cnodeSlotOp(service, InvocationLabel.CNODE_DELETE, index, depth);
    }

    /** CNode_Revoke: deletes every descendant of the cap; the cap itself stays. */
    public SeL4Error cnodeRevoke(long service, long index, long depth) {
        return cnodeSlotOp(service, InvocationLabel.CNODE_REVOKE, index, depth);
    }

    /** CNode_CancelBadgedSends: validation only, as cap-core has no IPC queues. */
    public SeL4Error cnodeCancelBadgedSends(long service, long index, long depth) {
        return cnodeSlotOp(service, InvocationLabel.CNODE_CANCEL_BADGED_SENDS, index, depth);
    }

    /** CNode_SaveCaller: the caller slot is always empty here, so only the destination is checked. */
    public SeL4Error cnodeSaveCaller(long service, long index, long depth) {
        return cnodeSlotOp(service, InvocationLabel.CNODE_SAVE_CALLER, index, depth);
    }

    private SeL4Error cnodeSlotOp(long service, int label, long index, long depth) {
        typedWords[0] = index;
        typedWords[1] = depth;
        return typed(service, label, 2, 0);
    }

    /**
     * Untyped_Retype with seL4's object type number ({@link ObjectType#number()}); an unknown number
     * gives InvalidArgument 0.
     */
    public SeL4Error untypedRetype(long service, long type, long sizeBits, long root, long nodeIndex,
                                   long nodeDepth, long nodeOffset, long numObjects) {
        typedWords[0] = type;
        typedWords[1] = sizeBits;
        typedWords[2] = nodeIndex;
        typedWords[3] = nodeDepth;
        typedWords[4] = nodeOffset;
        typedWords[5] = numObjects;
        typedExtra[0] = root;
        return typed(service, InvocationLabel.UNTYPED_RETYPE, 6, 1);
    }

    /** Untyped_Retype with a typed object type; a null type is an unknown one (InvalidArgument 0). */
    public SeL4Error untypedRetype(long service, ObjectType type, long sizeBits, long root, long nodeIndex,
                                   long nodeDepth, long nodeOffset, long numObjects) {
        return untypedRetype(service, type == null ? -1 : type.number(), sizeBits, root, nodeIndex, nodeDepth,
                nodeOffset, numObjects);
    }

    /** IRQControl_Get (seL4's generic IRQIssueIRQHandler, as on ARM and RISC-V). */
    public SeL4Error irqControlGet(long service, long irq, long root, long index, long depth) {
        typedWords[0] = irq;
        typedWords[1] = index;
        typedWords[2] = depth;
        typedExtra[0] = root;
        return typed(service, InvocationLabel.IRQ_ISSUE_IRQ_HANDLER, 3, 1);
    }

    /**
     * TCB_SetSpace, the CSpace half of seL4's TCB_SetSpace (decodeSetSpace, invokeTCB_ThreadControl):
     * the thread's CSpace root becomes a derived copy of {@code cspaceRoot} (with its guard set from
     * {@code cspaceRootData} if non-zero), a child of it. cap-core has no VSpace objects, so
     * {@code vspaceRoot} must resolve but is otherwise not checked, and {@code faultEp} and
     * {@code vspaceRootData} are ignored.
     */
    public SeL4Error tcbSetSpace(long service, long faultEp, long cspaceRoot, long cspaceRootData, long vspaceRoot,
                                 long vspaceRootData) {
        typedWords[0] = faultEp;
        typedWords[1] = cspaceRootData;
        typedWords[2] = vspaceRootData;
        typedExtra[0] = cspaceRoot;
        typedExtra[1] = vspaceRoot;
        return typed(service, InvocationLabel.TCB_SET_SPACE, 3, 2);
    }

    // =====================================================================================
    // Scratch slots: where invocations build caps (seL4 builds them in C locals)

    int scratch(int i) {
        return scratchBase + i;
    }

    // =====================================================================================
    // Inspection

    /** Read-only inspection of this kernel's state (the same object on every call). */
    public KernelView view() {
        return view;
    }

    // =====================================================================================
    // Invariants and encoding

    /** This kernel's invariant checker and its scratch space: made on the first check, never copied. */
    private Invariants checker;

    private Invariants checker() {
        if (checker == null) {
            checker = new Invariants(this);
        }
        return checker;
    }

    /**
     * Every invariant the state violates, by name (see {@link Invariants}); empty if all hold.
     * Looks at every slot: its cost grows with the slot pool ({@link BootConfig#slotPoolBits()}).
     * Allocates only a result that names a violation (and its scratch space on the first call).
     */
    public List<String> checkInvariants() {
        return checker().full();
    }

    /**
     * What {@link #checkInvariants()} would return, looking only at what changed since the last
     * call of this method (or, on a copy, since the original's last call): the slots the
     * invocations wrote and the derivation chains they sit in. The first call, and every call after
     * one that found a violation, is a full check. Cost on a state reached by invocations: the
     * written chains times the occupied slots, independent of the slot pool's size; allocates
     * nothing while every invariant holds (the first call allocates the change log).
     */
    public List<String> checkInvariantsIncrementally() {
        if (caps.log == null) {
            caps.log = new ChangeLog(caps, scratchBase);
        }
        return checker().incremental(caps.log);
    }

    /**
     * A count that grows with every write to the state {@link #encode()} describes (a cap, a derivation
     * link, an object created, destroyed or suspended, an IRQ's state, the current thread): when it is
     * the same after an invocation as before, the invocation changed nothing, and the encoding, the
     * abstraction and the invariants are as they were. (The converse does not hold: a write may store
     * what was there.) Most invocations a model checker tries fail in decode and write nothing, so this
     * lets it skip re-encoding them. Free to read; counting costs one increment per write.
     */
    public long modifications() {
        return caps.writes + objects.writes + otherWrites;
    }

    /**
     * A canonical encoding of the whole capability state: two kernels in equal states encode to
     * equal bytes, whatever history and internal layout brought them there.
     */
    public byte[] encode() {
        encoder().encode();
        return encoder.toBytes();
    }

    /**
     * As {@link #encode()}, into a buffer the caller keeps: returns the encoding's length, having
     * written it to the start of {@code into} if it fits (if not, or {@code into} is null, nothing is
     * written, and the caller may try again with a buffer of at least that length). Allocates nothing
     * once this kernel has encoded a state of that size before.
     */
    public int encode(byte[] into) {
        encoder().encode();
        return encoder.copyTo(into);
    }

    /** Made on the first encoding, never copied. */
    private StateEncoder encoder;

    private StateEncoder encoder() {
        if (encoder == null) {
            encoder = new StateEncoder(this);
        }
        return encoder;
    }

    /**
     * Replaces this kernel's state with the one {@code encoding} ({@link #encode()}) describes; the
     * encoding must come from a kernel of this kernel's {@link #config()}. Afterwards this kernel
     * encodes to the same bytes and behaves as the encoded one would on every following invocation
     * (its work budget stays its own; nothing is preempted; the last error and the event queue are
     * cleared; the next incremental invariant check is a full one). Allocates nothing after the
     * first load into this kernel, so that a model checker can keep states as encodings and step one
     * scratch kernel through them. Returns false, never throwing, if the bytes are not such an
     * encoding; the state is then unspecified until a load succeeds.
     */
    public boolean load(byte[] encoding) {
        if (loader == null) {
            loader = new StateLoader(this);
        }
        copiedFrom = null; // the load wrote slots without recording them: the next copyFrom copies everything
        boolean ok = loader.load(encoding);
        rootCNode = loader.objectAt(rootCNodeAddress, ObjectTable.CNODE);
        int boot = loader.objectAt(bootTcbAddress, ObjectTable.TCB);
        bootThread = boot;
        preempted = false;
        stepsLeft = stepBound;
        stepBoundExceeded = false;
        workLeft = workBudget;
        error.clear();
        events.clear();
        if (caps.log != null) {
            caps.log.reset();
            caps.log.rebuild(caps);
            caps.log.clean = false;
        }
        return ok;
    }
}
