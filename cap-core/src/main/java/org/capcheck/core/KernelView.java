package org.capcheck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Read-only inspection of a kernel's state, for the callers that look rather than invoke: replay's
 * check lines, the refinement checker's abstraction function, the models and the harnesses. Get it
 * with {@link Kernel#view()}; it reads the kernel's current state on every call. Methods that return
 * a collection or a {@link Cap} allocate it; the rest allocate nothing (the {@code ...At} methods read one
 * field of {@link #capAt} that way).
 *
 * <p>Slots are named by opaque handles, as {@link #resolveSlot}, {@link #lookupCPtr} and
 * {@link #rootSlot} return them. A handle that names no slot (negative, or beyond the preallocated
 * slots) reads as an empty slot: {@link Cap#NULL}, not original, no parent (-1), no descendants, the
 * same object as nothing, no address (null). No method throws.
 */
public final class KernelView {
    private final Kernel k;

    KernelView(Kernel k) {
        this.k = k;
    }

    private boolean isSlot(int slot) {
        return slot >= 0 && slot < k.scratchBase;
    }

    /**
     * Looks up a slot the way a CNode invocation does ({@code lookupSlotForCNodeOp}), with
     * {@code root} resolved as an extra-cap CPtr. Returns the slot's handle, or -1 with the reason
     * in {@link Kernel#lastError()} (FailedLookup with its failure, or RangeError). Changes no state
     * but the last error's details.
     */
    public int resolveSlot(long root, long index, long depth) {
        k.error.clear();
        if (!k.canInvoke() || !k.lookup.lookupCapAndSlot(root)) {
            k.error.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0);
            k.error.failedLookup(false);
            return -1;
        }
        SeL4Error e = k.lookup.lookupForCNodeOp(false, k.lookup.slot, index, depth);
        return e == SeL4Error.NoError ? k.lookup.slot : -1;
    }

    /**
     * The slot an invoked or extra-cap CPtr names: resolved with depth 64 in the current thread's
     * CSpace as seL4's lookupCapAndSlot does (a walk that meets a non-CNode cap stops there). Returns
     * -1 with the lookup failure in {@link Kernel#lastError()} if it names none.
     */
    public int lookupCPtr(long cptr) {
        k.error.clear();
        if (!k.canInvoke()) {
            k.error.lookupFault(LookupFailure.InvalidRoot, 0, 0, 0);
            return -1;
        }
        return k.lookup.lookupCapAndSlot(cptr) ? k.lookup.slot : -1;
    }

    /** The handle of slot {@code index} of the initial thread's root CNode, or -1 if out of range. */
    public int rootSlot(long index) {
        ObjectTable objects = k.objects;
        if (!objects.isLive(k.rootCNode) || index < 0 || index >= objects.slotCount(k.rootCNode)) {
            return -1;
        }
        return objects.slot(k.rootCNode, index);
    }

    /** The TCB handle (for {@link Kernel#switchThread}) of the Thread cap in the slot, or -1. */
    public int threadOf(int slot) {
        return isSlot(slot) && k.caps.is(slot, CapType.Thread) ? k.caps.object(slot) : -1;
    }

    /** The cap in a slot; {@link Cap#NULL} for an empty slot or a handle that names none. */
    public Cap capAt(int slot) {
        return isSlot(slot) ? k.caps.toCap(slot) : Cap.NULL;
    }

    /** {@code capAt(slot).type()}, without allocating: for callers that read many slots often (a fuzz generator). */
    public CapType typeAt(int slot) {
        return isSlot(slot) ? k.caps.type(slot) : CapType.Null;
    }

    /** {@code capAt(slot).sizeBits()}, without allocating. */
    public int sizeBitsAt(int slot) {
        return isSlot(slot) ? k.caps.objectBits(slot) : 0;
    }

    /** {@code capAt(slot).radix()}, without allocating. */
    public int radixAt(int slot) {
        if (!isSlot(slot)) {
            return 0;
        }
        CapTable caps = k.caps;
        return caps.is(slot, CapType.CNode) || caps.is(slot, CapType.Zombie) && !caps.isTcbZombie(slot)
                ? caps.radix(slot) : 0;
    }

    /** {@code capAt(slot).guardSize()}, without allocating. */
    public int guardSizeAt(int slot) {
        return isSlot(slot) && k.caps.is(slot, CapType.CNode) ? k.caps.guardSize(slot) : 0;
    }

    /** Whether the cap in the slot is original (seL4's mdbRevocable / is_original_cap). */
    public boolean isOriginal(int slot) {
        return isSlot(slot) && k.mdb.isRevocable(slot);
    }

    /**
     * Whether the cap in the slot is first-badged (seL4's mdbFirstBadged: the first of a run of caps
     * with the same badge, where valid_badges lets a Revoke stop); false for a handle that names no slot.
     */
    public boolean isFirstBadged(int slot) {
        return isSlot(slot) && !k.caps.isNull(slot) && k.mdb.isFirstBadged(slot);
    }

    /** The derivation-tree parent of the cap in the slot, or -1. Walks the list. */
    public int parentOf(int slot) {
        return !isSlot(slot) || k.caps.isNull(slot) ? -1 : k.mdb.parentOf(slot);
    }

    /** The number of derivation-tree descendants of the cap in the slot. */
    public int descendantCount(int slot) {
        return !isSlot(slot) || k.caps.isNull(slot) ? 0 : k.mdb.descendantCount(slot);
    }

    /**
     * Whether two slots hold caps to the same kernel object (for untyped caps: the same region;
     * for IRQHandler caps: the same IRQ).
     */
    public boolean sameObject(int a, int b) {
        CapTable caps = k.caps;
        if (!isSlot(a) || !isSlot(b) || caps.isNull(a) || caps.isNull(b) || caps.type(a) != caps.type(b)) {
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

    /** Where a slot lives: its object's physical address and kind, and its index there; null if nowhere. */
    public SlotAddress addressOf(int slot) {
        ObjectTable objects = k.objects;
        int obj = objects.ownerOf(slot);
        if (obj < 0) {
            return null;
        }
        return new SlotAddress(objects.paddr(obj), objects.kind(obj) == ObjectTable.CNODE ? "CNode" : "TCB",
                objects.indexInOwner(slot), obj == k.rootCNode);
    }

    /** The handles of every slot that holds a cap, in a canonical order (by object address, then index). */
    public List<Integer> occupiedSlots() {
        int[] live = liveObjectsByAddress(k);
        int[] slots = new int[occupiedSlots(live, null)]; // counted first: a slot pool may be large
        int n = occupiedSlots(live, slots);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(slots[i]);
        }
        return out;
    }

    /**
     * As {@link #occupiedSlots()}, without boxing: writes the handles, in the same order, to the start
     * of {@code into} as far as it has room, and returns how many slots hold a cap (an array of
     * 2^bits, the slot capacity given to {@link BootConfig#withCapacity}, always has room). Allocates
     * one array of the live objects. For a caller that runs under Java PathFinder, where boxing makes JPF keep
     * its Integer cache in every state it stores.
     */
    public int occupiedSlots(int[] into) {
        return occupiedSlots(liveObjectsByAddress(k), into);
    }

    private int occupiedSlots(int[] live, int[] into) {
        int n = 0;
        ObjectTable objects = k.objects;
        for (int obj : live) {
            if (obj < 0) {
                break;
            }
            int count = objects.slotCount(obj);
            for (int i = 0; i < count; i++) {
                int s = objects.slot(obj, i);
                if (!k.caps.isNull(s)) {
                    if (into != null && n < into.length) {
                        into[n] = s;
                    }
                    n++;
                }
            }
        }
        return n;
    }

    /** Whether an IRQ has a handler (seL4's IRQ state is not Inactive); false for a number out of range. */
    public boolean irqHasHandler(int irq) {
        return irq >= 0 && irq < k.irqActive.length && k.irqActive[irq];
    }

    /**
     * The occupied slots in derivation-list order: each chain of the MDB list from its head, in
     * turn. Siblings appear in the order seL4's list (and l4v's cdt_list) gives them.
     */
    public List<Integer> derivationOrder() {
        // The chains' heads are found walking the occupied slots in occupiedSlots() order, without
        // listing those first: a refinement check asks for this order on every step that changes the state.
        int[] live = liveObjectsByAddress(k);
        List<Integer> out = new ArrayList<>(occupiedSlots(live, null)); // each chain's slots are occupied ones
        DerivationTree mdb = k.mdb;
        ObjectTable objects = k.objects;
        int limit = k.caps.size();
        for (int obj : live) {
            if (obj < 0) {
                break;
            }
            int count = objects.slotCount(obj);
            for (int i = 0; i < count; i++) {
                int s = objects.slot(obj, i);
                if (!k.caps.isNull(s) && mdb.prev(s) == DerivationTree.NIL) {
                    for (int x = s; x != DerivationTree.NIL && out.size() <= limit; x = mdb.next(x)) {
                        out.add(x);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The whole derivation tree in one pass, for a caller that reads all of it (an abstraction
     * function): given the {@code n} occupied slots as {@link #occupiedSlots(int[])} writes them, writes
     * the same slots to {@code order} in {@link #derivationOrder()}'s order, and to {@code parents[j]}
     * the derivation-tree parent of {@code order[j]} as {@link #parentOf} gives it, or -1. Each slot's
     * parent is the nearest slot before it whose descendant run (seL4's {@code isMDBParentOf}, slot
     * after slot) still reaches it, so one walk down each chain keeps the slots whose runs are unbroken
     * and the parent is the last of them. Returns false, with the arrays partly written, if the list is
     * not well formed over exactly these slots (a successor that does not link back, a listed slot that
     * holds no cap, an occupied slot that no chain reaches): {@link #parentOf} then answers slot by slot.
     * Allocates one array of {@code n} ints.
     */
    public boolean derivationTree(int[] occupied, int n, int[] order, int[] parents) {
        DerivationTree mdb = k.mdb;
        int[] unbroken = new int[n];
        int listed = 0;
        for (int i = 0; i < n; i++) {
            int head = occupied[i];
            if (mdb.prev(head) != DerivationTree.NIL) {
                continue;
            }
            int runs = 0;
            for (int x = head, before = DerivationTree.NIL; x != DerivationTree.NIL; before = x, x = mdb.next(x)) {
                if (listed == n || !isSlot(x) || k.caps.isNull(x) || mdb.prev(x) != before) {
                    return false;
                }
                int kept = 0;
                for (int r = 0; r < runs; r++) {
                    if (mdb.isMDBParentOf(unbroken[r], x)) {
                        unbroken[kept++] = unbroken[r];
                    }
                }
                order[listed] = x;
                parents[listed++] = kept == 0 ? -1 : unbroken[kept - 1];
                unbroken[kept] = x;
                runs = kept + 1;
            }
        }
        return listed == n;
    }

    /** The physical address of the current thread's TCB, or -1 if there is none. */
    public long currentThreadAddress() {
        int t = k.currentThread;
        return k.objects.isLive(t) && k.objects.kind(t) == ObjectTable.TCB ? k.objects.paddr(t) : -1;
    }

    /** How many live TCBs deletion suspended: {@code suspendedThreadAddresses().size()}, without allocating. */
    public int suspendedThreadCount() {
        ObjectTable objects = k.objects;
        int n = 0;
        for (int obj = 0; obj < objects.capacity(); obj++) {
            if (objects.isLive(obj) && objects.kind(obj) == ObjectTable.TCB && objects.isSuspended(obj)) {
                n++;
            }
        }
        return n;
    }

    /** The physical addresses of the live TCBs that deletion suspended, in ascending order. */
    public List<Long> suspendedThreadAddresses() {
        List<Long> out = new ArrayList<>();
        for (int obj : liveObjectsByAddress(k)) {
            if (obj < 0) {
                break;
            }
            if (k.objects.kind(obj) == ObjectTable.TCB && k.objects.isSuspended(obj)) {
                out.add(k.objects.paddr(obj));
            }
        }
        return out;
    }

    /**
     * The live objects in canonical order (by physical address, then kind), then -1s to the end of
     * the array. An insertion sort, not a comparator lambda: Java PathFinder's invokedynamic support
     * is not dependable (docs/jpf.md); and ints, not a boxed list (see {@link #occupiedSlots(int[])}).
     */
    static int[] liveObjectsByAddress(Kernel k) {
        ObjectTable objects = k.objects;
        int[] live = new int[objects.capacity()];
        int n = 0;
        for (int obj = 0; obj < objects.capacity(); obj++) {
            if (!objects.isLive(obj)) {
                continue;
            }
            int at = n++;
            while (at > 0 && comesBefore(objects, obj, live[at - 1])) {
                live[at] = live[at - 1];
                at--;
            }
            live[at] = obj;
        }
        java.util.Arrays.fill(live, n, live.length, -1);
        return live;
    }

    private static boolean comesBefore(ObjectTable objects, int a, int b) {
        int c = Long.compareUnsigned(objects.paddr(a), objects.paddr(b));
        return c != 0 ? c < 0 : objects.kind(a) < objects.kind(b);
    }
}
