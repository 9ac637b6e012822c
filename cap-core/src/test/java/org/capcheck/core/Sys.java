package org.capcheck.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/**
 * A booted kernel for tests, addressed the way captrace addresses it: every CPtr is a root-CNode
 * slot resolved with depth 64. Every invocation made through it checks all invariants afterwards,
 * so every test checks invariants after every step.
 */
final class Sys {
    static final int D = 64;
    static final int TCB = 1;
    static final int ROOT = 2;
    static final int IRQ_CONTROL = 4;
    static final int UT = 16;
    static final long UT_BASE = 0x100000;

    final Kernel k;

    Sys(Kernel k) {
        this.k = k;
        assertInvariants();
    }

    /** Root CNode of radix 8, one 1 MiB untyped at 1 MiB in slot 16, IRQs 0..31. */
    static Sys standard() {
        return new Sys(Kernel.boot(BootConfig.defaults()
                .withUntyped(List.of(new UntypedRegion(UT_BASE, 20, false)))));
    }

    static Sys with(BootConfig c) {
        return new Sys(Kernel.boot(c));
    }

    /** A kernel with seeded faults ({@link Faults}). */
    static Sys with(BootConfig c, int faults) {
        return new Sys(Kernel.boot(c, faults));
    }

    void assertInvariants() {
        assertEquals(List.of(), k.checkInvariants(), "invariants");
    }

    SeL4Error done(SeL4Error e) {
        assertInvariants();
        return e;
    }

    SeL4Error copy(long dest, long src, String rights) {
        return done(k.cnodeCopy(ROOT, dest, D, ROOT, src, D, Rights.parseLetters(rights)));
    }

    SeL4Error mint(long dest, long src, String rights, long badge) {
        return done(k.cnodeMint(ROOT, dest, D, ROOT, src, D, Rights.parseLetters(rights), badge));
    }

    SeL4Error move(long dest, long src) {
        return done(k.cnodeMove(ROOT, dest, D, ROOT, src, D));
    }

    SeL4Error mutate(long dest, long src, long data) {
        return done(k.cnodeMutate(ROOT, dest, D, ROOT, src, D, data));
    }

    SeL4Error rotate(long dest, long pivot, long pivotData, long src, long srcData) {
        return done(k.cnodeRotate(ROOT, dest, D, ROOT, pivot, D, pivotData, ROOT, src, D, srcData));
    }

    SeL4Error delete(long slot) {
        return done(k.cnodeDelete(ROOT, slot, D));
    }

    SeL4Error revoke(long slot) {
        return done(k.cnodeRevoke(ROOT, slot, D));
    }

    SeL4Error retype(long untyped, ObjectType type, long size, long offset, long n) {
        return done(k.untypedRetype(untyped, type, size, ROOT, 0, 0, offset, n));
    }

    SeL4Error irqGet(long irq, long dest) {
        return done(k.irqControlGet(IRQ_CONTROL, irq, ROOT, dest, D));
    }

    int slot(long index) {
        return k.view().rootSlot(index);
    }

    Cap cap(long index) {
        return k.view().capAt(slot(index));
    }

    /** Root index of the parent of the cap in root slot {@code index}, -1 if none, -2 if not in the root. */
    long parent(long index) {
        int p = k.view().parentOf(slot(index));
        if (p < 0) {
            return -1;
        }
        SlotAddress a = k.view().addressOf(p);
        return a.inRootCNode() ? a.index() : -2;
    }

    int descendants(long index) {
        return k.view().descendantCount(slot(index));
    }

    boolean original(long index) {
        return k.view().isOriginal(slot(index));
    }

    SyscallError err() {
        return k.lastError();
    }
}
