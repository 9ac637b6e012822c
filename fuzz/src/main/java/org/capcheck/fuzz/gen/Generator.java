package org.capcheck.fuzz.gen;

import org.capcheck.core.BootConfig;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.KernelView;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;

/**
 * Draws invocations over the whole table of operations ({@link Operation}), aimed at where seL4's
 * capability rules are subtle. It keeps a cheap picture of the root CNode (which slots hold which
 * kind of cap), refreshed from the kernel after invocations that change it, and uses it to make
 * most CPtrs name existing caps and most destinations empty slots, so that invocations get past
 * decoding and reach cteInsert, cteMove, cteRevoke and resetUntypedCap. The rest probe the edges:
 * CNode boundaries (the last index and one past it), depths 0, 1 and 64 (and 65, 255), badges 0
 * and not 0 (and all ones), untyped sizes that fill the region exactly, revokes of the slots at the
 * root of long derivation chains (Mint from the last destination builds them).
 *
 * <p>The picture may be stale (it is a bias, not a model); drawing allocates nothing.
 */
public final class Generator {
    private static final long[] DEPTHS = {0, 1, 63, 64, 65, 255};
    private static final long[] BADGES = {0, 0, 1, 2, 7, 0xFFL, -1L, 1L << 63};
    private static final long[] GARBAGE_CPTRS = {0, 3, 0xdeadL, -1L, 1L << 60};
    private static final long[] BAD_SIZES = {63, 64, 48, 47, 200};

    private final BootConfig config;
    private final Weights weights;
    private final Rng rng;
    private final int rootBits;
    private final int rootSlots;
    /** Per root slot: the cap type's ordinal (0 = Null), its size/radix, a CNode cap's guard size. */
    private final byte[] type;
    private final int[] bits;
    private final int[] guardSize;
    /**
     * Per cap type ordinal, the root slots holding that type as bits (bit i: slot i), kept beside
     * {@link #type} when the root has at most 64 slots: the slot searches below then find their slot
     * with a bit scan instead of a loop over the root, with the same result and the same draws.
     */
    private final long[] typeMask;
    private final boolean masks;
    private int lastDest = -1;
    private int lastSource = -1;
    private int stepsSinceScan;
    /** The kernel the picture was last scanned from, and its {@link Kernel#modifications()} then. */
    private Kernel scanned;
    private long scannedAt;

    /** Where an index argument is looked up: the root CNode (2, depth 64) or a nested CNode cap in the root. */
    private long ctxCptr;
    private int ctxRadix;
    private int ctxDepth;

    private static final int NULL = CapType.Null.ordinal();
    private static final int UNTYPED = CapType.Untyped.ordinal();
    private static final int CNODE = CapType.CNode.ordinal();

    public Generator(BootConfig config, Weights weights, long seed) {
        this.config = config;
        this.weights = weights;
        this.rng = new Rng(seed);
        this.rootBits = config.rootCNodeBits();
        this.rootSlots = 1 << rootBits;
        this.type = new byte[rootSlots];
        this.bits = new int[rootSlots];
        this.guardSize = new int[rootSlots];
        this.masks = rootSlots <= 64;
        this.typeMask = new long[CapType.values().length];
        if (masks) {
            typeMask[NULL] = rootSlots == 64 ? -1L : (1L << rootSlots) - 1;
        }
    }

    private void setType(int i, int t) {
        if (masks) {
            typeMask[type[i]] &= ~(1L << i);
            typeMask[t] |= 1L << i;
        }
        type[i] = (byte) t;
    }

    /** The first slot at or after {@code start}, cyclically, whose bit is set in {@code m}, or -1. */
    private static int firstFrom(long m, int start) {
        long high = m & (-1L << start);
        if (high != 0) {
            return Long.numberOfTrailingZeros(high);
        }
        long low = m & ((1L << start) - 1);
        return low != 0 ? Long.numberOfTrailingZeros(low) : -1;
    }

    /** The random source, shared with the campaign so that one seed determines everything. */
    public Rng rng() {
        return rng;
    }

    /** Forgets the old picture and takes a new one (after a boot, or a kernel restored to its boot state). */
    public void reset(Kernel k) {
        lastDest = -1;
        lastSource = -1;
        scanned = null;
        rescan(k);
    }

    /** Draws the next invocation: its operation is returned, its arguments written to {@code args}. */
    public Operation next(long[] args) {
        Operation op = weights.draw(rng);
        switch (op) {
            case CNode_Copy:
            case CNode_Mint:
            case CNode_Move:
            case CNode_Mutate:
                cnodeTransfer(op, args);
                break;
            case CNode_Rotate:
                rotate(args);
                break;
            case CNode_Delete:
            case CNode_Revoke:
            case CNode_CancelBadgedSends:
                oneSlot(op, args);
                break;
            case Untyped_Retype:
                retype(args);
                break;
            case IRQControl_Get:
            default:
                irqGet(args);
                break;
        }
        if (rng.chance(6)) {
            mangle(op, args);
        }
        return op;
    }

    /**
     * Updates the picture after an invocation: a successful one changed the slots it names (and a
     * revoke perhaps many more), so those are read back; every 32 invocations the whole root is.
     */
    public void observe(Kernel k, Operation op, long[] a, SeL4Error e) {
        if (++stepsSinceScan >= 32 || (e == SeL4Error.NoError && (op == Operation.CNode_Revoke
                || op == Operation.Untyped_Retype || op == Operation.CNode_Delete))) {
            rescan(k);
            return;
        }
        if (e != SeL4Error.NoError) {
            return;
        }
        switch (op) {
            case CNode_Copy:
            case CNode_Mint:
            case CNode_Move:
            case CNode_Mutate:
                probe(k, a[0], a[1], a[2]);
                probe(k, a[3], a[4], a[5]);
                if (a[0] == BootConfig.ROOT_CNODE_SLOT && a[1] < rootSlots) {
                    lastDest = (int) a[1];
                    lastSource = (int) a[4];
                }
                break;
            case CNode_Rotate:
                probe(k, a[0], a[1], a[2]);
                probe(k, a[3], a[4], a[5]);
                probe(k, a[7], a[8], a[9]);
                break;
            case IRQControl_Get:
                probe(k, a[2], a[3], a[4]);
                break;
            default:
                rescan(k);
        }
    }

    private void probe(Kernel k, long root, long index, long depth) {
        if (root == BootConfig.ROOT_CNODE_SLOT && depth == 64 && index >= 0 && index < rootSlots) {
            read(k, (int) index);
        }
    }

    private void rescan(Kernel k) {
        stepsSinceScan = 0;
        if (k == scanned && k.modifications() == scannedAt) {
            return; // nothing written since the last scan of this kernel: the picture is what a scan would read
        }
        KernelView v = k.view();
        for (int i = 0; i < rootSlots; i++) {
            read(v, i);
        }
        scanned = k;
        scannedAt = k.modifications();
    }

    private void read(Kernel k, int i) {
        read(k.view(), i);
    }

    private void read(KernelView v, int i) {
        int h = v.rootSlot(i);
        if (h < 0) {
            setType(i, NULL);
            return;
        }
        CapType t = v.typeAt(h);
        setType(i, t.ordinal());
        bits[i] = t == CapType.CNode ? v.radixAt(h) : v.sizeBitsAt(h);
        guardSize[i] = v.guardSizeAt(h);
    }

    // ----------------------------------------------------------------------------------------
    // Choosing slots

    /** A root index holding a cap (mostly), or any index if none is known. */
    private int occupiedRoot() {
        int start = rng.nextInt(rootSlots);
        if (masks) {
            // The loop below, over the occupied slots only: slots 0..2 are taken with probability 3%.
            long occupied = ~typeMask[NULL] & (rootSlots == 64 ? -1L : (1L << rootSlots) - 1);
            for (long m = occupied & (-1L << start); m != 0; m &= m - 1) {
                int i = Long.numberOfTrailingZeros(m);
                if (i > 2 || rng.chance(3)) {
                    return i;
                }
            }
            for (long m = occupied & ((1L << start) - 1); m != 0; m &= m - 1) {
                int i = Long.numberOfTrailingZeros(m);
                if (i > 2 || rng.chance(3)) {
                    return i;
                }
            }
            return start;
        }
        for (int n = 0; n < rootSlots; n++) {
            int i = (start + n) & (rootSlots - 1);
            if (type[i] != NULL && (i > 2 || rng.chance(3))) {
                return i;
            }
        }
        return start;
    }

    private int emptyRoot() {
        int start = rng.nextInt(rootSlots);
        if (masks) {
            int i = firstFrom(typeMask[NULL] & ~1L, start);
            return i >= 0 ? i : start;
        }
        for (int n = 0; n < rootSlots; n++) {
            int i = (start + n) & (rootSlots - 1);
            if (type[i] == NULL && i != 0) {
                return i;
            }
        }
        return start;
    }

    /** A root index holding a cap of the given type, or -1. */
    private int rootOfType(int t) {
        int start = rng.nextInt(rootSlots);
        if (masks) {
            return firstFrom(t == CNODE ? typeMask[t] & ~(1L << BootConfig.ROOT_CNODE_SLOT) : typeMask[t], start);
        }
        for (int n = 0; n < rootSlots; n++) {
            int i = (start + n) & (rootSlots - 1);
            if (type[i] == t && !(t == CNODE && i == BootConfig.ROOT_CNODE_SLOT)) {
                return i;
            }
        }
        return -1;
    }

    /** An index at a CNode's edge: 0, the last slot, one past it, far past it. */
    private long boundary(int radix) {
        switch (rng.nextInt(4)) {
            case 0:
                return 0;
            case 1:
                return (1L << radix) - 1;
            case 2:
                return 1L << radix;
            default:
                return rng.nextLong() >>> rng.nextInt(64);
        }
    }

    /** Picks the CNode that index arguments are resolved in: mostly the root, sometimes a nested one. */
    private void chooseContext() {
        int j = rng.chance(15) ? rootOfType(CNODE) : -1;
        if (j >= 0) {
            ctxCptr = j;
            ctxRadix = bits[j];
            ctxDepth = Math.min(64, bits[j] + guardSize[j]);
        } else {
            ctxCptr = BootConfig.ROOT_CNODE_SLOT;
            ctxRadix = rootBits;
            ctxDepth = 64;
        }
    }

    private boolean inRoot() {
        return ctxCptr == BootConfig.ROOT_CNODE_SLOT;
    }

    private long destIndex() {
        int c = rng.nextInt(100);
        if (c < 8) {
            return boundary(ctxRadix);
        }
        if (!inRoot()) {
            return rng.nextInt(1 << ctxRadix);
        }
        return c < 16 ? occupiedRoot() : emptyRoot();
    }

    private long srcIndex() {
        int c = rng.nextInt(100);
        if (c < 5) {
            return boundary(rootBits);
        }
        if (c < 35 && lastDest >= 0 && type[lastDest] != NULL) {
            return lastDest; // derive from the newest cap: builds deep derivation chains
        }
        return occupiedRoot();
    }

    private long depthFor(int right) {
        return rng.chance(92) ? right : rng.pick(DEPTHS);
    }

    private long cnodeService() {
        return rng.chance(97) ? ctxCptr : rng.pick(GARBAGE_CPTRS);
    }

    private long badge() {
        return rng.chance(50) ? 0 : rng.chance(80) ? 1 + rng.nextInt(7) : rng.pick(BADGES);
    }

    private long rights() {
        return rng.chance(50) ? Rights.ALL : rng.nextInt(16);
    }

    // ----------------------------------------------------------------------------------------
    // Operations

    private void cnodeTransfer(Operation op, long[] a) {
        chooseContext();
        a[0] = cnodeService();
        a[1] = destIndex();
        a[2] = depthFor(ctxDepth);
        a[3] = rng.chance(97) ? BootConfig.ROOT_CNODE_SLOT : rng.pick(GARBAGE_CPTRS);
        a[4] = srcIndex();
        a[5] = depthFor(64);
        if (op == Operation.CNode_Copy || op == Operation.CNode_Mint) {
            a[6] = rights();
        }
        if (op == Operation.CNode_Mint) {
            a[7] = badge();
        } else if (op == Operation.CNode_Mutate) {
            a[6] = badge();
        }
    }

    private void rotate(long[] a) {
        chooseContext();
        a[0] = cnodeService();
        a[1] = destIndex();
        a[2] = depthFor(ctxDepth);
        a[3] = BootConfig.ROOT_CNODE_SLOT;
        a[4] = srcIndex();
        a[5] = depthFor(64);
        a[6] = badge();
        a[7] = BootConfig.ROOT_CNODE_SLOT;
        a[8] = rng.chance(20) ? a[1] : srcIndex(); // dest == src: seL4's swap case
        a[9] = depthFor(64);
        a[10] = badge();
    }

    private void oneSlot(Operation op, long[] a) {
        chooseContext();
        a[0] = cnodeService();
        long index;
        if (!inRoot()) {
            index = rng.chance(90) ? rng.nextInt(1 << ctxRadix) : boundary(ctxRadix);
        } else if (op == Operation.CNode_Revoke && rng.chance(40)) {
            // Revoke where the trees are deep: an untyped, or the source of the last derivation.
            int u = rootOfType(UNTYPED);
            index = lastSource >= 0 && rng.chance(50) ? lastSource : u >= 0 ? u : occupiedRoot();
        } else if (op == Operation.CNode_CancelBadgedSends) {
            int ep = rootOfType(CapType.Endpoint.ordinal());
            index = ep >= 0 && rng.chance(80) ? ep : occupiedRoot();
        } else {
            index = rng.chance(6) ? boundary(rootBits) : occupiedRoot();
        }
        a[1] = index;
        a[2] = depthFor(ctxDepth);
    }

    private void retype(long[] a) {
        int u = rootOfType(UNTYPED);
        a[0] = u >= 0 && rng.chance(95) ? u : rng.chance(50) ? occupiedRoot() : rng.pick(GARBAGE_CPTRS);
        int ubits = u >= 0 ? bits[u] : 12;
        int t = rng.nextInt(ObjectType.values().length);
        if (rng.chance(3)) {
            t = 6 + rng.nextInt(60);
        }
        a[1] = t;
        long size;
        long count = rng.chance(75) ? 1 : 2 + rng.nextInt(4);
        if (t == ObjectType.Untyped.number()) {
            // Sizes near full: the whole region, half of it twice, or a little less.
            int c = rng.nextInt(4);
            size = c == 0 ? ubits : c == 1 ? ubits - 1 : 4 + rng.nextInt(Math.max(1, ubits - 3));
            if (c == 1 && rng.chance(50)) {
                count = 2;
            }
        } else if (t == ObjectType.CNode.number()) {
            size = rng.chance(90) ? 1 + rng.nextInt(4) : rng.chance(50) ? 0 : ubits;
        } else {
            size = 0;
        }
        if (rng.chance(3)) {
            size = rng.pick(BAD_SIZES);
        }
        a[2] = size;
        a[3] = BootConfig.ROOT_CNODE_SLOT;
        int nested = rng.chance(12) ? rootOfType(CNODE) : -1;
        if (nested >= 0) {
            a[4] = nested;
            a[5] = 64;
            a[6] = rng.nextInt(1 << bits[nested]);
        } else {
            a[4] = 0;
            a[5] = rng.chance(95) ? 0 : rng.pick(DEPTHS);
            a[6] = rng.chance(90) ? emptyRoot() : boundary(rootBits);
        }
        if (rng.chance(4)) {
            count = rng.chance(50) ? 0 : config.fanoutLimit() + 1;
        }
        a[7] = count;
    }

    private void irqGet(long[] a) {
        a[0] = rng.chance(95) ? BootConfig.IRQ_CONTROL_SLOT : occupiedRoot();
        int max = config.maxIrq();
        a[1] = rng.chance(80) ? rng.nextInt(max + 1) : rng.chance(50) ? max + 1 : rng.nextLong();
        a[2] = BootConfig.ROOT_CNODE_SLOT;
        a[3] = rng.chance(90) ? emptyRoot() : boundary(rootBits);
        a[4] = depthFor(64);
    }

    /** Replaces one argument by an edge value of its kind. */
    private void mangle(Operation op, long[] a) {
        int i = rng.nextInt(op.arity());
        switch (op.args().get(i).kind()) {
            case CPTR:
                a[i] = rng.chance(50) ? occupiedRoot() : rng.pick(GARBAGE_CPTRS);
                break;
            case INDEX:
            case OFFSET:
                a[i] = boundary(rootBits);
                break;
            case DEPTH:
                a[i] = rng.pick(DEPTHS);
                break;
            case RIGHTS:
                a[i] = rng.nextLong() & (rng.chance(50) ? 0xF : -1L);
                break;
            case BADGE:
                a[i] = rng.pick(BADGES);
                break;
            case OBJECT_TYPE:
                a[i] = rng.chance(50) ? rng.nextInt(8) : rng.nextLong();
                break;
            case SIZE_BITS:
                a[i] = rng.pick(BAD_SIZES);
                break;
            case COUNT:
                a[i] = rng.chance(50) ? 0 : rng.nextInt(config.fanoutLimit() + 2);
                break;
            case IRQ:
            default:
                a[i] = rng.nextLong() >>> rng.nextInt(64);
                break;
        }
    }
}
