package org.capcheck.core;

import java.util.Arrays;

/**
 * The canonical encoding of a kernel's capability state. Objects are written in order of physical
 * address, slots by index within their object, and every derivation-list link as the canonical
 * number of the slot it points to, so that cap-core's internal indices (which depend on the order
 * objects were created and destroyed) never show.
 *
 * <p>One encoder per kernel, made on its first encoding and never copied: the bytes go to a buffer
 * it keeps, and the objects' canonical order and numbering to arrays it keeps, so that encoding
 * allocates nothing but the copy handed out ({@link Kernel#encode()}), or nothing at all when the
 * caller gives the buffer ({@link Kernel#encode(byte[])}).
 */
final class StateEncoder {
    private final Kernel k;
    private byte[] buf = new byte[256];
    private int len;
    /** The live objects, by handle, in canonical order (address, then kind). */
    private final int[] order;
    /** Per object handle: the canonical number of its first slot (valid for live objects while encoding). */
    private final int[] firstCanonical;

    StateEncoder(Kernel k) {
        this.k = k;
        order = new int[k.objects.capacity()];
        firstCanonical = new int[k.objects.capacity()];
    }

    /** Bytes at most per object (kind, address, radix, suspended, current) and per slot (a cap and its links). */
    private static final int OBJECT_BYTES = 1 + 8 + 1 + 1 + 1;
    private static final int SLOT_BYTES = 1 + 8 + 1 + 8 + 1 + 1 + 1 + 4 + 4 + 1;

    /** The buffer has room for the whole encoding: {@link #encode} makes sure of it before it writes. */
    void writeByte(int b) {
        buf[len++] = (byte) b;
    }

    void writeLong(long v) {
        writeInt((int) v);
        writeInt((int) (v >>> 32));
    }

    void writeInt(int v) {
        byte[] b = buf;
        int at = len;
        b[at + 3] = (byte) (v >>> 24); // the highest index first: one bounds check covers the four
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        len = at + 4;
    }

    /** Encodes the kernel's state into this encoder's buffer; returns its length. */
    int encode() {
        ObjectTable objects = k.objects;
        int count = sortLiveObjects(objects);
        int next = 0;
        for (int j = 0; j < count; j++) {
            int obj = order[j];
            firstCanonical[obj] = next;
            next += objects.slotCount(obj);
        }
        int most = 4 + OBJECT_BYTES * count + SLOT_BYTES * next + k.irqActive.length;
        if (buf.length < most) {
            buf = new byte[Math.max(most, 2 * buf.length)]; // only while the buffer grows to the largest state
        }
        len = 0;
        writeInt(count);
        for (int j = 0; j < count; j++) {
            int obj = order[j];
            writeByte(objects.kind(obj));
            writeLong(objects.paddr(obj));
            writeByte(objects.radix(obj));
            writeByte(objects.isSuspended(obj) ? 1 : 0);
            writeByte(obj == k.currentThread ? 1 : 0);
            int n = objects.slotCount(obj);
            for (int i = 0; i < n; i++) {
                int s = objects.slot(obj, i);
                k.caps.encode(s, this);
                if (!k.caps.isNull(s)) {
                    writeInt(link(k.mdb.prev(s)));
                    writeInt(link(k.mdb.next(s)));
                    writeByte((k.mdb.isRevocable(s) ? 1 : 0) | (k.mdb.isFirstBadged(s) ? 2 : 0));
                }
            }
        }
        for (boolean active : k.irqActive) {
            writeByte(active ? 1 : 0);
        }
        return len;
    }

    /** A copy of the last encoding. */
    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    /** Copies the last encoding into {@code into} if it fits; returns its length either way. */
    int copyTo(byte[] into) {
        if (into != null && len <= into.length) {
            System.arraycopy(buf, 0, into, 0, len);
        }
        return len;
    }

    /**
     * Puts the live objects' handles into {@link #order} in canonical order (address, then kind) and
     * returns how many there are. An insertion sort: few objects, mostly in order already, and no
     * comparator lambda (Java PathFinder's invokedynamic support is not dependable, docs/jpf.md).
     */
    private int sortLiveObjects(ObjectTable objects) {
        int count = 0;
        for (int obj = 0; obj < objects.capacity(); obj++) {
            if (!objects.isLive(obj)) {
                continue;
            }
            int at = count++;
            while (at > 0 && comesBefore(objects, obj, order[at - 1])) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = obj;
        }
        return count;
    }

    private static boolean comesBefore(ObjectTable objects, int a, int b) {
        int c = Long.compareUnsigned(objects.paddr(a), objects.paddr(b));
        return c != 0 ? c < 0 : objects.kind(a) < objects.kind(b);
    }

    /** A link's canonical number: -1 for none, -2 for a slot no live object holds (a corrupt link). */
    private int link(int slot) {
        if (slot == DerivationTree.NIL) {
            return -1;
        }
        int owner = k.objects.ownerOf(slot);
        if (owner < 0 || !k.objects.isLive(owner)) {
            return -2;
        }
        return firstCanonical[owner] + k.objects.indexInOwner(slot);
    }
}
