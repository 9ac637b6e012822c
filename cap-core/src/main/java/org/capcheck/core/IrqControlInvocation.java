package org.capcheck.core;

/**
 * IRQControl_Get ({@code IRQIssueIRQHandler}), following seL4's generic decode as on ARM and
 * RISC-V: words 0 the IRQ, 1 the destination index, 2 its depth; extra cap 0 the destination root.
 * The IRQ number is checked first, then whether it already has a handler, then the destination.
 */
final class IrqControlInvocation {
    private final Kernel k;

    IrqControlInvocation(Kernel k) {
        this.k = k;
    }

    SeL4Error decode(long label, int controlSlot) {
        SyscallError error = k.error;
        if (label != InvocationLabel.IRQ_ISSUE_IRQ_HANDLER) {
            return error.set(SeL4Error.IllegalOperation);
        }
        if (k.argc < 3 || k.extraCount < 1) {
            return error.set(SeL4Error.TruncatedMessage);
        }
        long irq = k.arg(0);
        if (Long.compareUnsigned(irq, k.config.maxIrq()) > 0) {
            return error.rangeError(0, k.config.maxIrq());
        }
        if (k.irqActive[(int) irq]) {
            return error.set(SeL4Error.RevokeFirst);
        }
        SeL4Error e = k.lookup.lookupForCNodeOp(false, k.extraSlot(0), k.arg(1), k.arg(2));
        if (e != SeL4Error.NoError) {
            return e;
        }
        int dest = k.lookup.slot;
        if (!k.caps.isNull(dest)) {
            return error.set(SeL4Error.DeleteFirst);
        }
        // invokeIRQControl: the IRQ becomes active and its handler cap an original child of IRQControl.
        k.irqActive[(int) irq] = true;
        k.otherWrites++;
        int handler = k.scratch(Kernel.SCRATCH_A);
        k.caps.setIrqHandler(handler, (int) irq);
        k.cnode.cteInsert(handler, controlSlot, dest);
        return SeL4Error.NoError;
    }
}
