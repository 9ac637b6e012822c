package org.capcheck.proofs.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.ObjectType;
import org.capcheck.core.Operation;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;
import org.capcheck.spec.refine.Invocation;

/**
 * Seeded random invocations of every operation in {@link Operation#values()}, over small domains,
 * aimed by the current abstract state: sources mostly at occupied root-CNode slots, destinations
 * mostly at empty ones, sometimes into CNodes the root holds caps to; the rest of the words from
 * small domains that include bad values, so that error paths are walked too.
 */
public final class RandomWalk {
    private final Random r;
    private final BootConfig config;
    private final long root;
    private final int rootSlots;

    public RandomWalk(long seed, BootConfig config) {
        this.r = new Random(seed);
        this.config = config;
        this.root = CapSpec.rootCNodeAddress(config);
        this.rootSlots = 1 << config.rootCNodeBits();
    }

    private long pick(long... xs) {
        return xs[r.nextInt(xs.length)];
    }

    private long rootIndex(SpecState s, boolean occupied) {
        List<Long> xs = new ArrayList<>();
        for (long i = 0; i < rootSlots; i++) {
            if (s.isNull(new Slot(root, i)) != occupied) {
                xs.add(i);
            }
        }
        if (xs.isEmpty() || r.nextInt(10) == 0) {
            return r.nextInt(rootSlots);
        }
        return xs.get(r.nextInt(xs.size()));
    }

    /** Root slots holding CNode caps to other CNodes (guard 0), which name a CNode by CPtr. */
    private List<Long> nested(SpecState s) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < rootSlots; i++) {
            Cap c = s.cap(new Slot(root, i));
            if (c.type() == CapType.CNode && c.paddr() != root && c.guardSize() == 0) {
                out.add(i);
            }
        }
        return out;
    }

    private long[] destIn(SpecState s) {
        List<Long> n = nested(s);
        if (!n.isEmpty() && r.nextInt(3) == 0) {
            long j = n.get(r.nextInt(n.size()));
            int radix = s.cap(new Slot(root, j)).radix();
            return new long[] {j, r.nextInt(1 << radix), radix};
        }
        return new long[] {2, rootIndex(s, false), 64};
    }

    private long untypedSlot(SpecState s) {
        List<Long> xs = new ArrayList<>();
        for (long i = 0; i < rootSlots; i++) {
            if (s.cap(new Slot(root, i)).type() == CapType.Untyped) {
                xs.add(i);
            }
        }
        return xs.isEmpty() || r.nextInt(8) == 0 ? rootIndex(s, true) : xs.get(r.nextInt(xs.size()));
    }

    /** The next invocation from state s. */
    public Invocation next(SpecState s) {
        Operation op = Operation.values()[r.nextInt(Operation.values().length)];
        long src = rootIndex(s, true);
        long[] d = destIn(s);
        switch (op) {
            case CNode_Copy:
                return Invocation.cnodeCopy(d[0], d[1], d[2], 2, src, 64, r.nextInt(16));
            case CNode_Mint:
                return Invocation.cnodeMint(d[0], d[1], d[2], 2, src, 64, r.nextInt(16), pick(0, 5, 7, 5));
            case CNode_Move:
                return Invocation.cnodeMove(d[0], d[1], d[2], 2, src, 64);
            case CNode_Mutate:
                return Invocation.cnodeMutate(d[0], d[1], d[2], 2, src, 64, pick(0, 5, 1 << 6));
            case CNode_Rotate: {
                long pivot = rootIndex(s, r.nextBoolean());
                long dest = r.nextInt(4) == 0 ? src : d[1];
                return Invocation.cnodeRotate(2, dest, 64, 2, pivot, 64, 0, 2, src, 64, 0);
            }
            case CNode_Delete:
                return Invocation.cnodeDelete(2, rootIndex(s, r.nextInt(6) != 0), 64);
            case CNode_Revoke:
                return Invocation.cnodeRevoke(2, rootIndex(s, r.nextInt(6) != 0), 64);
            case CNode_CancelBadgedSends:
                return Invocation.cnodeCancelBadgedSends(2, src, 64);
            case Untyped_Retype: {
                ObjectType t = ObjectType.values()[r.nextInt(ObjectType.values().length)];
                long size = t == ObjectType.Untyped ? pick(4, 5, 6, 12) : t == ObjectType.CNode ? pick(1, 2) : 0;
                List<Long> n = nested(s);
                if (!n.isEmpty() && r.nextInt(3) == 0) {
                    long j = n.get(r.nextInt(n.size()));
                    int radix = s.cap(new Slot(root, j)).radix();
                    return Invocation.untypedRetype(untypedSlot(s), t.number(), size, 2, j, 64,
                            r.nextInt(1 << radix), 1);
                }
                return Invocation.untypedRetype(untypedSlot(s), t.number(), size, 2, 0, 0, rootIndex(s, false),
                        pick(1, 1, 2));
            }
            case IRQControl_Get:
            default:
                return Invocation.irqControlGet(r.nextInt(8) == 0 ? src : BootConfig.IRQ_CONTROL_SLOT,
                        r.nextInt(config.maxIrq() + 2), 2, d[0] == 2 ? d[1] : rootIndex(s, false), 64);
        }
    }
}
