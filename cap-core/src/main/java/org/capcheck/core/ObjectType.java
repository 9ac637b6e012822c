package org.capcheck.core;

/**
 * The object types Untyped_Retype can create, with seL4's type numbers for the non-arch types and
 * their sizes on x86-64 (libsel4 {@code constants.h}). Frame is seL4's 4 KiB page
 * ({@code seL4_X86_4K}); cap-core numbers it after the non-arch types (see docs/raw-abi.md).
 */
public enum ObjectType {
    Untyped(0, CapType.Untyped),
    TCB(11, CapType.Thread),
    Endpoint(4, CapType.Endpoint),
    Notification(5, CapType.Notification),
    CNode(5, CapType.CNode),
    Frame(12, CapType.Frame);

    /** seL4_MaxUntypedBits on x86-64. */
    public static final int MAX_UNTYPED_BITS = 47;
    /** seL4_MinUntypedBits. */
    public static final int MIN_UNTYPED_BITS = 4;
    /** seL4_SlotBits on 64-bit: a CNode slot is 32 bytes. */
    public static final int SLOT_BITS = 5;
    /** Number of capability slots in a TCB (CSpace root, VSpace root, reply, caller, IPC buffer). */
    public static final int TCB_SLOTS = 5;

    private static final ObjectType[] BY_NUMBER = values();

    private final int fixedBits;

    private final CapType capType;

    ObjectType(int fixedBits, CapType capType) {
        this.fixedBits = fixedBits;
        this.capType = capType;
    }

    /** The type for seL4 object type number {@code n}, or null (the caller reports InvalidArgument 0). */
    public static ObjectType ofNumber(long n) {
        return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[(int) n] : null;
    }

    /** The type with this name (as captrace spells it), or null. */
    public static ObjectType ofName(String name) {
        for (ObjectType t : BY_NUMBER) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** log2 of the size of objects of a fixed-size type (0 for Untyped and CNode, whose size varies). */
    int fixedBits() {
        return this == Untyped ? 0 : fixedBits;
    }

    public int number() {
        return ordinal();
    }

    /** The kind of capability Retype makes to an object of this type. */
    public CapType capType() {
        return capType;
    }

    /**
     * seL4's {@code getObjectSize}: log2 of the object's size in bytes. {@code userSize} is the
     * radix for CNodes and the size for Untyped; other types ignore it. May exceed 63 for absurd
     * user sizes; callers range-check first.
     */
    public long objectBits(long userSize) {
        switch (this) {
            case Untyped:
                return userSize;
            case CNode:
                return userSize + SLOT_BITS;
            default:
                return fixedBits;
        }
    }
}
