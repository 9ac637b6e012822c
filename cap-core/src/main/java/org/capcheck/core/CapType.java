package org.capcheck.core;

/** The kinds of capability cap-core models (seL4's non-arch caps, plus the x86-64 4 KiB frame). */
public enum CapType {
    Null,
    Untyped,
    Endpoint,
    Notification,
    CNode,
    Thread,
    Frame,
    IRQControl,
    IRQHandler,
    /** A capability part-way through deletion: it covers the slots of a CNode or TCB still to clear. */
    Zombie;

    private static final CapType[] BY_CODE = values();

    static CapType ofCode(int code) {
        return BY_CODE[code];
    }

    /** Whether {@code code} is some cap type's code. */
    static boolean isCode(int code) {
        return code >= 0 && code < BY_CODE.length;
    }

    byte code() {
        return (byte) ordinal();
    }

    /**
     * seL4's {@code is_physical}: caps that name a region of memory. Null, IRQControl and IRQHandler
     * caps do not (Reply and Domain caps, which cap-core does not model, neither).
     */
    public boolean isPhysical() {
        return this != Null && this != IRQControl && this != IRQHandler;
    }

    /** Caps whose badge seL4 keeps: Endpoint and Notification. */
    public boolean isBadged() {
        return this == Endpoint || this == Notification;
    }
}
