package org.capcheck.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The state seL4's boot code leaves for the initial thread (captrace v1's boot state): where the
 * root CNode and the initial TCB lie in physical memory (clear of every untyped region), and which
 * caps the root CNode holds. Runs once, from {@link Kernel#boot}; it may allocate.
 */
final class BootLayout {
    private BootLayout() {
    }

    /**
     * Root CNode slot 1 the TCB cap, slot 2 the root CNode cap with guard size
     * {@code 64 - rootCNodeBits} and guard 0, slot 4 IRQControl, slots 16.. the untyped caps; every
     * boot cap original and parentless; the TCB's CSpace-root slot a copy of slot 2, its child.
     */
    static void createInitialThread(Kernel k) {
        BootConfig config = k.config;
        ObjectTable objects = k.objects;
        CapTable caps = k.caps;
        DerivationTree mdb = k.mdb;
        int bits = config.rootCNodeBits();
        List<long[]> taken = new ArrayList<>();
        for (UntypedRegion u : config.untyped()) {
            taken.add(new long[] {u.paddr(), u.lastByte()});
        }
        long cnodeAddr = freeAddress(bits + ObjectType.SLOT_BITS, taken);
        taken.add(new long[] {cnodeAddr, cnodeAddr + (1L << (bits + ObjectType.SLOT_BITS)) - 1});
        long tcbAddr = freeAddress(ObjectType.TCB.fixedBits(), taken);
        k.bootTcbAddress = tcbAddr;
        k.rootCNodeAddress = cnodeAddr;

        int rootCNode = objects.create(ObjectTable.CNODE, cnodeAddr, bits);
        int thread = objects.create(ObjectTable.TCB, tcbAddr, 0);
        k.rootCNode = rootCNode;
        k.currentThread = thread;
        k.bootThread = thread;

        int tcbCapSlot = objects.slot(rootCNode, BootConfig.TCB_SLOT);
        caps.setThread(tcbCapSlot, tcbAddr, thread);
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
        int cspaceRoot = objects.slot(thread, 0);
        caps.copy(cnodeCapSlot, cspaceRoot);
        mdb.insertAfter(cnodeCapSlot, cspaceRoot, false);
    }

    /** The lowest address at or above 4 KiB, aligned to 2^bits, whose object overlaps nothing taken. */
    private static long freeAddress(int bits, List<long[]> taken) {
        long size = 1L << bits;
        // A plain array, not a List<Long>: boxing would make Java PathFinder keep its Long cache in
        // every state it stores (docs/jpf.md).
        long[] candidates = new long[taken.size() + 1];
        candidates[0] = Math.max(size, 1L << 12);
        for (int i = 0; i < taken.size(); i++) {
            candidates[i + 1] = Kernel.alignUp(taken.get(i)[1] + 1, bits);
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

}
