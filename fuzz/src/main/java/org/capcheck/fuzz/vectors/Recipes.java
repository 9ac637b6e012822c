package org.capcheck.fuzz.vectors;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.core.Rights;
import org.capcheck.core.SeL4Error;
import org.capcheck.fuzz.gen.Rng;

/**
 * Invocations aimed at one (operation, error) pair from the current state, following the order in
 * which seL4's decode functions check (decodeCNodeInvocation, decodeUntypedInvocation,
 * IRQControl's decode): each recipe passes every check before the one it wants to fail. A recipe
 * whose pair needs some state first (an untyped with children for Copy's RevokeFirst, an endpoint
 * for CancelBadgedSends, an IRQ with a handler) returns the invocation that makes it instead. The
 * result is only aimed: the vectors' expectations are always what the model returns.
 */
final class Recipes {
    /** The root CNode's CPtr (and every CNode operation's service here). */
    private static final long ROOT = BootConfig.ROOT_CNODE_SLOT;
    private static final long DEPTH = 64;
    /** A CPtr whose high bits miss the root CNode cap's guard of zeros. */
    private static final long GUARD_MISS = 1L << 60;

    /** One invocation: the operation and its arguments in {@link Operation#args()} order. */
    record Candidate(Operation op, long[] args) {
    }

    private final BootConfig config;
    private final Rng rng;

    Recipes(BootConfig config, Rng rng) {
        this.config = config;
        this.rng = rng;
    }

    /** An invocation aimed at the pair (or at the state it needs), or null if the state offers none. */
    Candidate aim(Operation op, SeL4Error e, Picture p, Kernel k) {
        switch (op) {
            case CNode_Copy:
            case CNode_Mint:
            case CNode_Move:
            case CNode_Mutate:
                return transfer(op, e, p);
            case CNode_Rotate:
                return rotate(e, p);
            case CNode_Delete:
            case CNode_Revoke:
            case CNode_CancelBadgedSends:
                return oneSlot(op, e, p);
            case Untyped_Retype:
                return retype(e, p);
            case IRQControl_Get:
            default:
                return irq(e, p, k);
        }
    }

    // -------------------------------------------------------------------------------------------
    // Shared choices

    private int empty(Picture p) {
        return Picture.pick(rng, p.empty());
    }

    /** A CPtr that names no capability: an empty slot, or one whose guard does not match. */
    private long noCap(Picture p) {
        int e = empty(p);
        return e < 0 || rng.chance(30) ? GUARD_MISS : e;
    }

    /** A cap whose type the operation does not apply to (the invoked cap must be {@code serviceType}). */
    private int wrongService(Picture p, CapType serviceType) {
        List<Integer> xs = new ArrayList<>();
        for (int i : p.occupied()) {
            if (p.type(i) != serviceType) {
                xs.add(i);
            }
        }
        return Picture.pick(rng, xs);
    }

    /** A CPtr that names a cap, but not a CNode cap: an extra-cap root lookup fails with InvalidRoot. */
    private long notACNode(Picture p) {
        List<Integer> xs = new ArrayList<>();
        for (int i : p.occupied()) {
            if (p.type(i) != CapType.CNode) {
                xs.add(i);
            }
        }
        int x = Picture.pick(rng, xs);
        return x < 0 || rng.chance(30) ? noCap(p) : x;
    }

    private long badDepth() {
        return rng.chance(50) ? 0 : rng.chance(50) ? 65 : 255;
    }

    /** A depth that is in range but does not consume the root CNode cap's guard and radix exactly. */
    private long shortDepth() {
        return rng.chance(50) ? config.rootCNodeBits() : 63;
    }

    private long smallBadge() {
        return 1 + rng.nextInt(rng.chance(50) ? 7 : 1000);
    }

    private long rights() {
        return rng.chance(50) ? Rights.ALL : rng.nextInt(16);
    }

    /** An untyped cap with children (for RevokeFirst), or -1. */
    private int parentUntyped(Picture p) {
        List<Integer> xs = new ArrayList<>();
        for (int i : p.ofType(CapType.Untyped)) {
            if (p.descendants[i] > 0) {
                xs.add(i);
            }
        }
        return Picture.pick(rng, xs);
    }

    /** A retype of one small object into an empty root slot: the set-up other recipes need. */
    private Candidate makeObject(Picture p, ObjectType type) {
        int u = Picture.pick(rng, p.ofType(CapType.Untyped));
        int e = empty(p);
        if (u < 0 || e < 0) {
            return null;
        }
        if (p.caps[u].device() && type != ObjectType.Frame) {
            type = ObjectType.Frame;
        }
        return new Candidate(Operation.Untyped_Retype, new long[] {u, type.number(), 0, ROOT, 0, 0, e, 1});
    }

    // -------------------------------------------------------------------------------------------
    // Copy, Mint, Move, Mutate: service, dest_index, dest_depth, src_root, src_index, src_depth, ...

    private Candidate transfer(Operation op, SeL4Error e, Picture p) {
        long[] a = new long[op.arity()];
        int dest = empty(p);
        if (dest < 0) {
            return null;
        }
        long badge = rng.chance(40) ? 0 : smallBadge();
        int src = copyable(op, p, badge);
        a[0] = ROOT;
        a[1] = dest;
        a[2] = DEPTH;
        a[3] = ROOT;
        a[4] = src < 0 ? BootConfig.TCB_SLOT : src;
        a[5] = DEPTH;
        switch (e) {
            case NoError:
                if (src < 0) {
                    return null;
                }
                break;
            case InvalidCapability:
                a[0] = noCap(p);
                break;
            case IllegalOperation:
                if (!illegal(op, p, a)) {
                    return null;
                }
                break;
            case RangeError:
                if (rng.chance(50)) {
                    a[2] = badDepth();
                } else {
                    a[5] = badDepth();
                }
                break;
            case FailedLookup:
                switch (rng.nextInt(4)) {
                    case 0:
                        a[3] = notACNode(p); // InvalidRoot
                        break;
                    case 1: {
                        int hole = empty(p); // MissingCapability
                        if (hole == dest) {
                            return null;
                        }
                        a[4] = hole;
                        break;
                    }
                    case 2:
                        a[2] = shortDepth(); // GuardMismatch or DepthMismatch
                        break;
                    default:
                        a[4] = GUARD_MISS;
                        break;
                }
                break;
            case DeleteFirst:
                a[1] = Picture.pick(rng, p.occupied());
                break;
            case RevokeFirst: {
                int u = parentUntyped(p);
                if (u < 0) {
                    return makeObject(p, ObjectType.Endpoint);
                }
                a[4] = u;
                break;
            }
            default:
                return null;
        }
        if (op == Operation.CNode_Copy) {
            a[6] = rights();
        } else if (op == Operation.CNode_Mint) {
            a[6] = rights();
            a[7] = badge;
        } else if (op == Operation.CNode_Mutate) {
            a[6] = badge;
        }
        return new Candidate(op, a);
    }

    /** A source slot this transfer moves or derives without failing, or -1. */
    private int copyable(Operation op, Picture p, long badge) {
        List<Integer> xs = new ArrayList<>();
        for (int i : p.occupied()) {
            Cap c = p.caps[i];
            boolean ok;
            switch (op) {
                case CNode_Copy:
                    ok = derivable(c, p.descendants[i]);
                    break;
                case CNode_Mint:
                    // updateCapData: an already badged Endpoint or Notification cap cannot be rebadged.
                    ok = derivable(c, p.descendants[i]) && !(c.type().isBadged() && c.badge() != 0 && badge != 0)
                            && !(c.type() == CapType.CNode && (badge & 63) + c.radix() > 64);
                    break;
                case CNode_Move:
                    ok = i != ROOT;
                    break;
                default: // Mutate preserves derivation, so an Endpoint or Notification cap becomes null.
                    ok = i != ROOT && !c.type().isBadged() && !(c.type() == CapType.CNode && (badge & 63) + c.radix() > 64);
                    break;
            }
            if (ok) {
                xs.add(i);
            }
        }
        return Picture.pick(rng, xs);
    }

    /** seL4's deriveCap refuses IRQControl and Zombie caps, and untyped caps with children. */
    private static boolean derivable(Cap c, int descendants) {
        return c.type() != CapType.IRQControl && c.type() != CapType.Zombie
                && !(c.type() == CapType.Untyped && descendants > 0);
    }

    /** IllegalOperation for a transfer: a service that is no CNode, or a source that derives to null. */
    private boolean illegal(Operation op, Picture p, long[] a) {
        List<Runnable> ways = new ArrayList<>();
        int svc = wrongService(p, CapType.CNode);
        if (svc >= 0) {
            ways.add(() -> a[0] = svc);
        }
        int irqControl = Picture.pick(rng, p.ofType(CapType.IRQControl));
        if (irqControl >= 0 && (op == Operation.CNode_Copy || op == Operation.CNode_Mint)) {
            ways.add(() -> a[4] = irqControl);
        }
        List<Integer> badged = new ArrayList<>();
        for (int i : p.ofType(CapType.Endpoint, CapType.Notification)) {
            if (op == Operation.CNode_Mutate || p.caps[i].badge() != 0) {
                badged.add(i);
            }
        }
        int b = Picture.pick(rng, badged);
        if (b >= 0 && (op == Operation.CNode_Mint || op == Operation.CNode_Mutate)) {
            ways.add(() -> a[4] = b); // Mint forces a new badge below
        }
        if (ways.isEmpty()) {
            return false;
        }
        ways.get(rng.nextInt(ways.size())).run();
        if (op == Operation.CNode_Mint && a[4] == b) {
            a[7] = smallBadge();
        }
        return true;
    }

    // -------------------------------------------------------------------------------------------
    // Rotate: service, dest_index, dest_depth, pivot_root, pivot_index, pivot_depth, pivot_badge,
    //         src_root, src_index, src_depth, src_badge

    private Candidate rotate(SeL4Error e, Picture p) {
        // Rotate preserves derivation (updateCapData with preserve): Endpoint and Notification caps
        // become null, so the caps rotated without error are of other types; slot 2 stays put.
        List<Integer> movable = new ArrayList<>();
        for (int i : p.occupied()) {
            if (!p.type(i).isBadged() && i != ROOT && p.type(i) != CapType.CNode) {
                movable.add(i);
            }
        }
        if (movable.size() < 2) {
            return null;
        }
        int src = Picture.pick(rng, movable);
        int pivot;
        do {
            pivot = Picture.pick(rng, movable);
        } while (pivot == src);
        int dest = empty(p);
        if (dest < 0) {
            return null;
        }
        long[] a = {ROOT, dest, DEPTH, ROOT, pivot, DEPTH, 0, ROOT, src, DEPTH, 0};
        switch (e) {
            case NoError:
                if (rng.chance(25)) {
                    a[1] = src; // dest == src: seL4's cteSwap
                }
                break;
            case InvalidCapability:
                a[0] = noCap(p);
                break;
            case IllegalOperation:
                if (rng.chance(50)) {
                    a[4] = src; // the pivot is the source
                } else {
                    int svc = wrongService(p, CapType.CNode);
                    if (svc < 0) {
                        return null;
                    }
                    a[0] = svc;
                }
                break;
            case RangeError:
                a[new int[] {2, 5, 9}[rng.nextInt(3)]] = badDepth();
                break;
            case FailedLookup:
                switch (rng.nextInt(3)) {
                    case 0:
                        a[3] = notACNode(p);
                        break;
                    case 1:
                        a[7] = notACNode(p);
                        break;
                    default: {
                        List<Integer> holes = p.empty();
                        holes.remove(Integer.valueOf(dest));
                        int hole = Picture.pick(rng, holes); // the source is empty: MissingCapability
                        if (hole < 0) {
                            return null;
                        }
                        a[8] = hole;
                    }
                }
                break;
            case DeleteFirst: {
                List<Integer> full = p.occupied();
                full.remove(Integer.valueOf(src));
                full.remove(Integer.valueOf(pivot));
                int d = Picture.pick(rng, full);
                if (d < 0) {
                    return null;
                }
                a[1] = d;
                break;
            }
            default:
                return null;
        }
        return new Candidate(Operation.CNode_Rotate, a);
    }

    // -------------------------------------------------------------------------------------------
    // Delete, Revoke, CancelBadgedSends: service, index, depth

    private Candidate oneSlot(Operation op, SeL4Error e, Picture p) {
        long[] a = {ROOT, 0, DEPTH};
        int any = Picture.pick(rng, p.occupied());
        a[1] = any;
        switch (e) {
            case NoError:
                if (op == Operation.CNode_CancelBadgedSends) {
                    int ep = fullEndpoint(p);
                    if (ep < 0) {
                        return makeObject(p, ObjectType.Endpoint);
                    }
                    a[1] = ep;
                } else if (op == Operation.CNode_Revoke) {
                    int u = parentUntyped(p);
                    a[1] = u >= 0 && rng.chance(70) ? u : any;
                } else {
                    a[1] = rng.chance(25) ? empty(p) : any;
                }
                break;
            case InvalidCapability:
                a[0] = noCap(p);
                break;
            case IllegalOperation: {
                int svc = wrongService(p, CapType.CNode);
                if (op == Operation.CNode_CancelBadgedSends && (svc < 0 || rng.chance(50))) {
                    // hasCancelSendRights: anything but an Endpoint cap with all four rights.
                    List<Integer> xs = new ArrayList<>();
                    for (int i = 1; i < p.slots(); i++) {
                        if (!(p.type(i) == CapType.Endpoint && p.caps[i].rights() == Rights.ALL)) {
                            xs.add(i);
                        }
                    }
                    a[1] = Picture.pick(rng, xs);
                } else if (svc < 0) {
                    return null;
                } else {
                    a[0] = svc;
                }
                break;
            }
            case RangeError:
                a[2] = badDepth();
                break;
            case FailedLookup:
                if (rng.chance(50)) {
                    a[2] = shortDepth();
                } else {
                    a[1] = GUARD_MISS;
                }
                break;
            default:
                return null;
        }
        return new Candidate(op, a);
    }

    private int fullEndpoint(Picture p) {
        List<Integer> xs = new ArrayList<>();
        for (int i : p.ofType(CapType.Endpoint)) {
            if (p.caps[i].rights() == Rights.ALL) {
                xs.add(i);
            }
        }
        return Picture.pick(rng, xs);
    }

    // -------------------------------------------------------------------------------------------
    // Untyped_Retype: service, type, size_bits, root, node_index, node_depth, node_offset, num_objects

    private Candidate retype(SeL4Error e, Picture p) {
        List<Integer> untyped = p.ofType(CapType.Untyped);
        int u = Picture.pick(rng, untyped);
        int dest = empty(p);
        if (u < 0 || dest < 0) {
            return null;
        }
        Cap uc = p.caps[u];
        long[] a = {u, ObjectType.Endpoint.number(), 0, ROOT, 0, 0, dest, 1};
        if (uc.device()) {
            a[1] = ObjectType.Frame.number();
        }
        switch (e) {
            case NoError: {
                ObjectType t = uc.device() ? (rng.chance(70) ? ObjectType.Frame : ObjectType.Untyped)
                        : ObjectType.values()[rng.nextInt(ObjectType.values().length)];
                a[1] = t.number();
                if (t == ObjectType.Untyped) {
                    a[2] = ObjectType.MIN_UNTYPED_BITS + rng.nextInt(Math.max(1, uc.sizeBits() - 5));
                } else if (t == ObjectType.CNode) {
                    a[2] = 1 + rng.nextInt(3);
                }
                if (dest + 1 < p.slots() && p.caps[dest + 1].isNull() && rng.chance(30)) {
                    a[7] = 2;
                }
                break;
            }
            case InvalidCapability:
                a[0] = noCap(p);
                break;
            case IllegalOperation: {
                int svc = wrongService(p, CapType.Untyped);
                if (svc < 0) {
                    return null;
                }
                a[0] = svc;
                break;
            }
            case RangeError:
                switch (rng.nextInt(4)) {
                    case 0:
                        a[2] = 64 + rng.nextInt(3); // seL4: any size_bits of 64 or more
                        break;
                    case 1:
                        a[6] = 1L << config.rootCNodeBits(); // node_offset past the CNode
                        break;
                    case 2:
                        a[7] = 0;
                        break;
                    default:
                        a[7] = config.fanoutLimit() + 1L;
                        break;
                }
                break;
            case InvalidArgument:
                switch (rng.nextInt(uc.device() ? 3 : 2)) {
                    case 0:
                        a[1] = ObjectType.CNode.number();
                        a[2] = 0;
                        break;
                    case 1:
                        a[1] = ObjectType.Untyped.number();
                        a[2] = rng.nextInt(ObjectType.MIN_UNTYPED_BITS);
                        break;
                    default:
                        a[1] = ObjectType.Endpoint.number(); // device memory holds frames and untypeds only
                        break;
                }
                break;
            case FailedLookup:
                switch (rng.nextInt(3)) {
                    case 0:
                        a[3] = notACNode(p); // depth 0: the root itself must be a CNode cap
                        break;
                    case 1: {
                        List<Integer> xs = p.occupied();
                        xs.removeAll(p.ofType(CapType.CNode));
                        int x = Picture.pick(rng, xs);
                        a[4] = x < 0 ? dest : x; // the slot found holds no CNode cap
                        a[5] = DEPTH;
                        break;
                    }
                    default:
                        a[4] = dest;
                        a[5] = shortDepth();
                        break;
                }
                break;
            case DeleteFirst:
                a[6] = Picture.pick(rng, p.occupied());
                break;
            case NotEnoughMemory:
                a[1] = ObjectType.Untyped.number();
                a[2] = Math.min(ObjectType.MAX_UNTYPED_BITS, uc.sizeBits() + 1);
                break;
            default:
                return null;
        }
        return new Candidate(Operation.Untyped_Retype, a);
    }

    // -------------------------------------------------------------------------------------------
    // IRQControl_Get: service, irq, root, index, depth

    private Candidate irq(SeL4Error e, Picture p, Kernel k) {
        int control = Picture.pick(rng, p.ofType(CapType.IRQControl));
        int dest = empty(p);
        if (control < 0 || dest < 0) {
            return null;
        }
        List<Integer> free = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i <= config.maxIrq(); i++) {
            (k.view().irqHasHandler(i) ? taken : free).add(i);
        }
        int irq = Picture.pick(rng, free);
        long[] a = {control, irq, ROOT, dest, DEPTH};
        if (irq < 0 && e != SeL4Error.RevokeFirst && e != SeL4Error.RangeError) {
            return null;
        }
        switch (e) {
            case NoError:
                break;
            case InvalidCapability:
                a[0] = noCap(p);
                break;
            case IllegalOperation: {
                int svc = wrongService(p, CapType.IRQControl);
                if (svc < 0) {
                    return null;
                }
                a[0] = svc;
                break;
            }
            case RangeError:
                if (irq < 0 || rng.chance(60)) {
                    a[1] = config.maxIrq() + 1L + (rng.chance(50) ? 0 : rng.nextInt(1000));
                } else {
                    a[4] = badDepth();
                }
                break;
            case RevokeFirst: {
                int t = Picture.pick(rng, taken);
                if (t < 0) {
                    return irq < 0 ? null : new Candidate(Operation.IRQControl_Get, a); // give one a handler first
                }
                a[1] = t;
                break;
            }
            case FailedLookup:
                if (rng.chance(50)) {
                    a[2] = notACNode(p);
                } else {
                    a[4] = shortDepth();
                }
                break;
            case DeleteFirst:
                a[3] = Picture.pick(rng, p.occupied());
                break;
            default:
                return null;
        }
        return new Candidate(Operation.IRQControl_Get, a);
    }
}
