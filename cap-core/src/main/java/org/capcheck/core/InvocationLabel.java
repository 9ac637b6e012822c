package org.capcheck.core;

/**
 * Invocation labels of the raw ABI ({@link Kernel#invoke}), numbered as libsel4's generated
 * {@code invocation_label} enum for a non-MCS, single-core kernel without the hardware debug API
 * (seL4's {@code invocation.h}, generated from {@code syscall.xml} and {@code object-api.xml}).
 * Labels of operations cap-core does not model are listed so that the numbering is whole; invoking
 * them gives IllegalOperation.
 */
public final class InvocationLabel {
    public static final int INVALID_INVOCATION = 0;
    public static final int UNTYPED_RETYPE = 1;
    public static final int TCB_READ_REGISTERS = 2;
    public static final int TCB_WRITE_REGISTERS = 3;
    public static final int TCB_COPY_REGISTERS = 4;
    public static final int TCB_CONFIGURE = 5;
    public static final int TCB_SET_PRIORITY = 6;
    public static final int TCB_SET_MC_PRIORITY = 7;
    public static final int TCB_SET_SCHED_PARAMS = 8;
    public static final int TCB_SET_IPC_BUFFER = 9;
    public static final int TCB_SET_SPACE = 10;
    public static final int TCB_SUSPEND = 11;
    public static final int TCB_RESUME = 12;
    public static final int TCB_BIND_NOTIFICATION = 13;
    public static final int TCB_UNBIND_NOTIFICATION = 14;
    public static final int TCB_SET_TLS_BASE = 15;
    public static final int CNODE_REVOKE = 16;
    public static final int CNODE_DELETE = 17;
    public static final int CNODE_CANCEL_BADGED_SENDS = 18;
    public static final int CNODE_COPY = 19;
    public static final int CNODE_MINT = 20;
    public static final int CNODE_MOVE = 21;
    public static final int CNODE_MUTATE = 22;
    public static final int CNODE_ROTATE = 23;
    public static final int CNODE_SAVE_CALLER = 24;
    public static final int IRQ_ISSUE_IRQ_HANDLER = 25;
    public static final int IRQ_ACK_IRQ = 26;
    public static final int IRQ_SET_IRQ_HANDLER = 27;
    public static final int IRQ_CLEAR_IRQ_HANDLER = 28;
    public static final int DOMAIN_SET_SET = 29;

    /** seL4_MsgMaxLength: message words an invocation can carry. */
    public static final int MSG_MAX_LENGTH = 120;
    /** seL4_MsgMaxExtraCaps. */
    public static final int MSG_MAX_EXTRA_CAPS = 3;

    private InvocationLabel() {
    }
}
