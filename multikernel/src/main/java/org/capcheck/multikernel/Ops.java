package org.capcheck.multikernel;

/**
 * The vocabulary shared by cores and hosts: capability kinds, application operations, result codes and
 * events. Codes, not enums, so that a core's state and a message are plain ints.
 */
public final class Ops {
    private Ops() {
    }

    /** The root region: Barrelfish RAM (needs locality, moveable). */
    public static final int RAM = 0;
    /** A Frame retyped from the whole RAM region (needs locality, moveable); any two overlap. */
    public static final int FRAME = 1;
    public static final int KINDS = 2;

    /** Send a copy to another core (capops_copy). Argument: the destination core. */
    public static final int COPY = 0;
    /** Delete one local copy (cap_delete, then capops_delete). */
    public static final int DELETE = 1;
    /** Revoke: delete every other copy and every descendant on every core (capops_revoke). RAM only. */
    public static final int REVOKE = 2;
    /** Retype the RAM into a Frame covering it (cap_retype, then capops_retype). RAM only. */
    public static final int RETYPE = 3;

    public static final int OK = 0;
    /** MON_ERR_REMOTE_CAP_RETRY, SYS_ERR_CAP_LOCKED: busy, the application may try again. */
    public static final int RETRY = 1;
    /** MON_ERR_CAP_FOREIGN: the core asked is not the owner. */
    public static final int FOREIGN = 2;
    /** SYS_ERR_CAP_NOT_FOUND. */
    public static final int NOT_FOUND = 3;
    /** SYS_ERR_REVOKE_FIRST: an overlapping descendant exists. */
    public static final int REVOKE_FIRST = 4;
    /**
     * MON_ERR_NO_MONITOR_FOR_CORE: a request named a core that has no monitor (capsend_target finds no intermon
     * binding for it). No correct peer sends such a request; the owner answers it with this code.
     */
    public static final int NO_MONITOR = 5;

    /** Type-specific cleanup of the last copy of an object ran on this core (cleanup_last, caps_delete_last). */
    public static final int EVENT_CLEANUP = 0;
    /** A retype created a new object (a Frame) on this core. */
    public static final int EVENT_CREATED = 1;
    /**
     * Barrelfish's kernel or monitor would stop here (an assert, panic or PANIC_IF_ERR on this input); the
     * core carries on as described in docs/MULTIKERNEL.md so that the model can show what follows.
     */
    public static final int EVENT_PANIC = 2;

    private static final String[] KIND_NAMES = {"RAM", "Frame"};
    private static final String[] OP_NAMES = {"copy", "delete", "revoke", "retype"};
    private static final String[] RESULT_NAMES = {"OK", "RETRY", "FOREIGN", "NOT_FOUND", "REVOKE_FIRST", "NO_MONITOR"};

    public static String kindName(int kind) {
        return KIND_NAMES[kind];
    }

    public static String opName(int op) {
        return OP_NAMES[op];
    }

    public static String resultName(int result) {
        return result >= 0 && result < RESULT_NAMES.length ? RESULT_NAMES[result] : "E" + result;
    }
}
