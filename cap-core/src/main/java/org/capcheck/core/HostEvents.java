package org.capcheck.core;

/**
 * What an invocation asks of its host, since cap-core itself does no I/O and touches no memory:
 * objects created and destroyed, threads that must stop running, IRQ handlers released, and memory
 * that must be zeroed. The queue is preallocated; each invocation starts it empty, and the host
 * drains it after the invocation returns (also after a preempted one, before restarting it).
 *
 * <p>Each event is a kind and up to three words: see {@link Kind}. Reading allocates nothing.
 */
public final class HostEvents {
    /** Event kinds and what their words mean. */
    public enum Kind {
        /** An object was created by Untyped_Retype: a = object type number, b = paddr, c = size bits. */
        OBJECT_CREATED,
        /**
         * The last cap to an object went: a = cap type (CapType ordinal), b = paddr, c = size bits.
         * For CNodes and TCBs this comes once their slots are all cleared.
         */
        OBJECT_DESTROYED,
        /** A thread's last cap went: it must never run again. b = TCB paddr. */
        THREAD_SUSPENDED,
        /** An IRQ lost its last handler cap and is inactive: a = IRQ number. */
        IRQ_RELEASED,
        /** Memory to zero before it is handed out again: b = paddr, c = bytes. */
        ZERO_MEMORY
    }

    private static final Kind[] KINDS = Kind.values();

    private final byte[] kind;
    private final long[] a;
    private final long[] b;
    private final long[] c;
    private int size;

    HostEvents(int capacity) {
        kind = new byte[capacity];
        a = new long[capacity];
        b = new long[capacity];
        c = new long[capacity];
    }

    HostEvents(HostEvents o) {
        kind = o.kind.clone();
        a = o.a.clone();
        b = o.b.clone();
        c = o.c.clone();
        size = o.size;
    }

    /** Makes the queue {@code o}'s (a queue of the same capacity): its events, not the words past them. */
    void copyFrom(HostEvents o) {
        System.arraycopy(o.kind, 0, kind, 0, o.size);
        System.arraycopy(o.a, 0, a, 0, o.size);
        System.arraycopy(o.b, 0, b, 0, o.size);
        System.arraycopy(o.c, 0, c, 0, o.size);
        size = o.size;
    }

    /** Number of events the last invocation produced. */
    public int size() {
        return size;
    }

    public int capacity() {
        return kind.length;
    }

    private boolean has(int i) {
        return i >= 0 && i < size;
    }

    /** Event i's kind, for i in 0..size()-1; null for any other index (there is no such event). */
    public Kind kind(int i) {
        return has(i) ? KINDS[kind[i]] : null;
    }

    /** Event i's first word; 0 for an index that names no event. */
    public long a(int i) {
        return has(i) ? a[i] : 0;
    }

    /** Event i's second word; 0 for an index that names no event. */
    public long b(int i) {
        return has(i) ? b[i] : 0;
    }

    /** Event i's third word; 0 for an index that names no event. */
    public long c(int i) {
        return has(i) ? c[i] : 0;
    }

    /** Room left; long-running operations stop at a preemption point when it runs low. */
    int free() {
        return kind.length - size;
    }

    void clear() {
        size = 0;
    }

    /** Empty, with no trace of earlier events (clear() leaves their words in place). */
    void reset() {
        size = 0;
        java.util.Arrays.fill(kind, (byte) 0);
        java.util.Arrays.fill(a, 0);
        java.util.Arrays.fill(b, 0);
        java.util.Arrays.fill(c, 0);
    }

    void add(Kind k, long wa, long wb, long wc) {
        if (size == kind.length) {
            return; // cannot happen: preemption points keep room (see Kernel#preemptionPoint)
        }
        kind[size] = (byte) k.ordinal();
        a[size] = wa;
        b[size] = wb;
        c[size] = wc;
        size++;
    }

    /** A readable form of event i, for logs and tests; "no event" for an index that names none. */
    public String describe(int i) {
        if (!has(i)) {
            return "no event";
        }
        switch (kind(i)) {
            case OBJECT_CREATED:
                return "created " + ObjectType.ofNumber(a[i]) + " @0x" + Long.toHexString(b[i]) + " (2^" + c[i] + " bytes)";
            case OBJECT_DESTROYED:
                return "destroyed " + CapType.ofCode((int) a[i]) + " @0x" + Long.toHexString(b[i]);
            case THREAD_SUSPENDED:
                return "suspended thread @0x" + Long.toHexString(b[i]);
            case IRQ_RELEASED:
                return "released IRQ " + a[i];
            default:
                return "zero 0x" + Long.toHexString(c[i]) + " bytes @0x" + Long.toHexString(b[i]);
        }
    }
}
