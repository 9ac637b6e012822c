package org.capcheck.fuzz.vectors;

import java.util.List;
import org.capcheck.captrace.CapTypes;
import org.capcheck.captrace.CheckExpect;
import org.capcheck.captrace.SlotRef;
import org.capcheck.captrace.TraceWriter;
import org.capcheck.core.BootConfig;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.UntypedRegion;

/**
 * Check lines for the root slots an invocation changed: what the slot must hold afterwards, with the
 * fields captrace defines for its type, its derivation-tree parent (when that lives in the root
 * CNode, or none) and its number of descendants. Addresses are stated only where the contract fixes
 * them: objects carved from the header's untyped regions (seL4's retype places them), not the boot
 * CNode and TCB, whose addresses the contract leaves to the kernel.
 */
final class StateChecks {
    private static final long ROOT = BootConfig.ROOT_CNODE_SLOT;

    private StateChecks() {
    }

    /** One check line per root slot that differs between the pictures. */
    static void changed(Picture before, Picture after, long step, List<UntypedRegion> regions, List<String> out) {
        for (int i = 0; i < after.slots(); i++) {
            if (!before.sameAt(after, i)) {
                out.add(line(after, i, step, regions));
            }
        }
    }

    static String line(Picture p, int i, long step, List<UntypedRegion> regions) {
        Cap c = p.caps[i];
        SlotRef at = new SlotRef(ROOT, i, 64);
        if (c.isNull()) {
            return TraceWriter.check(step, at, new CheckExpect(null, null, true, null, null, null, null, null, null,
                    null, null, null, null, null, null, false, null, null));
        }
        CapType t = c.type();
        boolean cnode = t == CapType.CNode;
        boolean untyped = t == CapType.Untyped;
        boolean placed = t.isPhysical() && inRegions(c.paddr(), regions);
        int parent = p.parent[i];
        return TraceWriter.check(step, at, new CheckExpect(null, null, false, CapTypes.nameOf(t),
                t.isBadged() ? c.badge() : null,
                c.carriesRights() ? c.rights() : null,
                cnode ? c.guard() : null,
                cnode ? (long) c.guardSize() : null,
                cnode ? (long) c.radix() : null,
                untyped ? (long) c.sizeBits() : null,
                placed ? c.paddr() : null,
                untyped ? c.freeIndex() : null,
                untyped || t == CapType.Frame ? c.device() : null,
                t == CapType.IRQHandler ? (long) c.irq() : null,
                null,
                parent != Picture.ELSEWHERE,
                parent >= 0 ? new SlotRef(ROOT, parent, 64) : null,
                (long) p.descendants[i]));
    }

    private static boolean inRegions(long paddr, List<UntypedRegion> regions) {
        for (UntypedRegion r : regions) {
            if (Long.compareUnsigned(paddr, r.paddr()) >= 0 && Long.compareUnsigned(paddr, r.lastByte()) <= 0) {
                return true;
            }
        }
        return false;
    }
}
