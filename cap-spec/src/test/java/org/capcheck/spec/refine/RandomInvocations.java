package org.capcheck.spec.refine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.UntypedRegion;
import org.capcheck.spec.CapSpec;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * Seeded random invocations over small argument domains (java.util.Random with fixed seeds), and
 * an explorer that checks refinement on every step of a number of runs, each from a freshly
 * booted kernel. The generator looks at the abstract state to aim most slot arguments at occupied
 * slots (sources) or empty ones (destinations), in the root CNode or in CNodes it holds caps to;
 * the rest are drawn from small domains that include bad values.
 */
final class RandomInvocations {
    /** A small system: a root CNode of 32 slots, a 16 KiB untyped, a 4 KiB device untyped, IRQs 0..3. */
    static final BootConfig CONFIG = BootConfig.defaults().withRootCNodeBits(5)
            .withUntyped(List.of(new UntypedRegion(0x100000, 14, false), new UntypedRegion(0x200000, 12, true)))
            .withMaxIrq(3).withCapacity(14, 512);

    private static final long ROOT = CapSpec.rootCNodeAddress(CONFIG);

    private final Random r;
    private SpecState s;

    RandomInvocations(long seed) {
        r = new Random(seed);
    }

    private long pick(long... xs) {
        return xs[r.nextInt(xs.length)];
    }

    private <T> T pick(List<T> xs) {
        return xs.get(r.nextInt(xs.size()));
    }

    /** A slot reference: the CNode cap to look it up in (a CPtr), the index, the depth. */
    private record Ref(long root, long index, long depth) {
    }

    private List<Long> rootSlots(boolean occupied) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < 32; i++) {
            if (s.isNull(new Slot(ROOT, i)) != occupied) {
                out.add(i);
            }
        }
        return out;
    }

    /** Root slots holding CNode caps other than the root CNode's own, which name other CNodes. */
    private List<Long> nestedCNodes() {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < 32; i++) {
            Cap c = s.cap(new Slot(ROOT, i));
            if (c.type() == CapType.CNode && c.paddr() != ROOT && c.guardSize() == 0) {
                out.add(i);
            }
        }
        return out;
    }

    private long garbageCptr() {
        return pick(0xdeadL, -1L, 1L << 60, 3);
    }

    private long depth() {
        return pick(0, 1, 2, 3, 5, 63, 65, 256);
    }

    /** A reference to a slot, an occupied one if {@code occupied}, else an empty one (mostly). */
    private Ref ref(boolean occupied) {
        int c = r.nextInt(60);
        List<Long> nested = nestedCNodes();
        if (c < 9 && !nested.isEmpty()) {
            long j = pick(nested);
            int radix = s.cap(new Slot(ROOT, j)).radix();
            return new Ref(j, r.nextInt(1 << radix), r.nextInt(8) == 0 ? depth() : radix);
        }
        if (c < 12) {
            return new Ref(r.nextInt(4) == 0 ? garbageCptr() : 2, r.nextInt(32), depth());
        }
        if (c == 4) {
            return new Ref(2, pick(0, 1, 2, 4, 16), 64);
        }
        List<Long> slots = rootSlots(occupied);
        slots.remove(1L);
        slots.remove(2L);
        if (slots.isEmpty()) {
            slots = rootSlots(!occupied);
        }
        return new Ref(r.nextInt(30) == 0 ? garbageCptr() : 2, pick(slots), 64);
    }

    /** A CPtr to an occupied root slot (or garbage, rarely). */
    private long capPtr() {
        if (r.nextInt(20) == 0) {
            return garbageCptr();
        }
        List<Long> slots = rootSlots(true);
        slots.remove(1L);
        slots.remove(2L);
        return slots.isEmpty() ? 2 : pick(slots);
    }

    /** The invoked CNode: mostly the root CNode's cap, sometimes another CNode or anything. */
    private long cnodeService() {
        List<Long> nested = nestedCNodes();
        int c = r.nextInt(10);
        if (c < 2 && !nested.isEmpty()) {
            return pick(nested);
        }
        return c == 2 ? capPtr() : 2;
    }

    /** A CPtr to a root slot holding a cap of this type, if there is one. */
    private long slotOfType(CapType t, long otherwise) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < 32; i++) {
            if (s.cap(new Slot(ROOT, i)).type() == t) {
                out.add(i);
            }
        }
        return out.isEmpty() ? otherwise : pick(out);
    }

    /**
     * A reference to a root slot holding an Endpoint or Notification cap, badged or not (if there
     * is one, else any occupied slot): badges are where the derivation tree is most intricate.
     */
    private Ref badgeable(boolean badged) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < 32; i++) {
            Cap c = s.cap(new Slot(ROOT, i));
            if ((c.type() == CapType.Endpoint || c.type() == CapType.Notification) && (c.badge() != 0) == badged) {
                out.add(i);
            }
        }
        return out.isEmpty() ? ref(true) : new Ref(2, pick(out), 64);
    }

    private long badge() {
        return pick(0, 5, 5, 5, 5, 1, 59, 61, (1 << 6) | 1, 58 | (3L << 6));
    }

    /** The next invocation, given the current abstract state. */
    Invocation next(SpecState state) {
        s = state;
        switch (r.nextInt(16)) {
            case 0:
            case 6: {
                Ref d = ref(false);
                Ref src = r.nextInt(3) == 0 ? badgeable(true) : ref(true);
                return Invocation.cnodeCopy(r.nextInt(10) == 0 ? cnodeService() : d.root, d.index, d.depth, src.root,
                        src.index, src.depth, r.nextInt(16));
            }
            case 1:
            case 13:
            case 14:
            case 15: {
                Ref d = ref(false);
                Ref src = r.nextBoolean() ? badgeable(false) : ref(true);
                return Invocation.cnodeMint(r.nextInt(10) == 0 ? cnodeService() : d.root, d.index, d.depth, src.root,
                        src.index, src.depth, r.nextInt(16), r.nextBoolean() ? 5 : badge());
            }
            case 2: {
                Ref d = ref(false);
                Ref src = ref(true);
                return Invocation.cnodeMove(d.root, d.index, d.depth, src.root, src.index, src.depth);
            }
            case 3: {
                Ref d = ref(false);
                Ref src = ref(true);
                return Invocation.cnodeMutate(d.root, d.index, d.depth, src.root, src.index, src.depth, badge());
            }
            case 4: {
                Ref src = ref(true);
                Ref pivot = ref(true);
                Ref d = r.nextBoolean() ? src : ref(false);
                return Invocation.cnodeRotate(d.root, d.index, d.depth, pivot.root, pivot.index, pivot.depth,
                        badge(), src.root, src.index, src.depth, badge());
            }
            case 5: {
                Ref d = r.nextInt(3) == 0 ? badgeable(true) : ref(true);
                return Invocation.cnodeDelete(d.root, d.index, d.depth);
            }
            case 7: {
                Ref d = ref(true);
                return Invocation.cnodeRevoke(d.root, d.index, d.depth);
            }
            case 8: {
                Ref d = ref(true);
                return Invocation.cnodeCancelBadgedSends(r.nextInt(10) == 0 ? cnodeService() : d.root, d.index, d.depth);
            }
            case 9:
            case 10:
            case 11: {
                long service = r.nextInt(8) == 0 ? capPtr() : slotOfType(CapType.Untyped, 16);
                long type = r.nextInt(10) == 0 ? pick(6, 7, -1) : pick(0, 1, 2, 2, 3, 4, 4, 5);
                long size = pick(0, 1, 2, 2, 3, 4, 4, 5, 6, 12, 64);
                long num = pick(1, 1, 1, 1, 2, 3, 0, 300);
                Ref node = ref(false);
                boolean toRoot = r.nextInt(3) > 0;
                long depthArg = toRoot ? 0 : pick(64, 64, 1, 2);
                long nodeCptr = toRoot ? 2 : capPtr();
                if (!toRoot && !nestedCNodes().isEmpty() && r.nextBoolean()) {
                    nodeCptr = 2;
                    depthArg = 64;
                    return Invocation.untypedRetype(service, type, size, nodeCptr, pick(nestedCNodes()), depthArg,
                            r.nextInt(4), num);
                }
                return Invocation.untypedRetype(service, type, size, nodeCptr, node.index, depthArg,
                        toRoot ? node.index : r.nextInt(8), num);
            }
            default: {
                Ref d = ref(false);
                return Invocation.irqControlGet(r.nextInt(8) == 0 ? capPtr() : slotOfType(CapType.IRQControl, 4), pick(0, 1, 2, 3, 4, -1), d.root,
                        d.index, d.depth);
            }
        }
    }

    /** The first refinement failure (a report), or null; {@code steps[0]} counts the steps checked. */
    static String explore(Function<BootConfig, Kernel> boot, long seed, int runs, int stepsPerRun, int[] steps) {
        RefinementChecker checker = new RefinementChecker(CONFIG);
        RandomInvocations gen = new RandomInvocations(seed);
        for (int run = 0; run < runs; run++) {
            Kernel k = boot.apply(CONFIG);
            String bootDiff = checker.checkBoot(k);
            if (bootDiff != null) {
                return bootDiff;
            }
            SpecState before = Abstraction.of(k);
            StringBuilder trace = new StringBuilder();
            for (int i = 0; i < stepsPerRun && k.canInvoke(); i++) {
                Invocation inv = gen.next(before);
                RefinementChecker.Step st = checker.step(before, k, inv);
                steps[0]++;
                trace.append("  ").append(inv).append(" -> ").append(st.kernelResult()).append('\n');
                if (!st.ok()) {
                    return "seed " + seed + " run " + run + " step " + i + "\ntrace:\n" + trace + st.mismatch();
                }
                before = st.kernelAfter();
            }
        }
        return null;
    }
}
