package org.capcheck.multikernel;

/**
 * Where a {@link Core}'s outputs go. The host owns delivery: it must deliver the messages sent from one core to
 * another in the order they were sent (FIFO per ordered pair of cores, Barrelfish's intermon channels), and
 * may interleave channels and application invocations in any order.
 */
public interface Host {

    /** Core {@code from} sends {@code message} (see {@link Message}) to core {@code to}. */
    void send(int from, int to, int message);

    /** The application operation {@code op} of {@link Ops} on {@code core} finished with {@code result}. */
    void complete(int core, int op, int kind, int result);

    /** A host event on {@code core}: {@link Ops#EVENT_CLEANUP} (object cleanup ran) or {@link Ops#EVENT_CREATED}. */
    void event(int core, int event, int kind);
}
