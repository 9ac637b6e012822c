package org.capcheck.model.local;

import org.capcheck.core.ObjectType;

/**
 * Where each object and slot sits in cap-core's canonical encoding ({@code Kernel.encode()}), read from
 * the bytes alone: a count of objects, then per object, in order of physical address, a 12-byte header
 * (kind, address, radix, suspended, current) and its slots, each a type byte, and for a cap 29 more
 * bytes (address, size bits, word, rights, guard size, flags, the derivation-list links prev and next
 * as canonical slot numbers, and the original and first-badged flags); then one byte per IRQ. A slot's
 * canonical number is its position in that order. {@link ProcessSymmetry} moves slots and renumbers
 * links with it; the layout is cap-core's, so {@code ProcessSymmetryTest} loads every image back into a
 * kernel and asks that it encode to the same bytes.
 */
final class EncodedSlots {
    static final int OBJECT_HEADER = 1 + 8 + 1 + 1 + 1;
    static final int CAP_BYTES = 1 + 8 + 1 + 8 + 1 + 1 + 1 + 4 + 4 + 1;
    /** Offsets within a cap's bytes. */
    static final int ADDRESS = 1;
    static final int PREV = 1 + 8 + 1 + 8 + 1 + 1 + 1;
    static final int NEXT = PREV + 4;
    /** cap-core's object kind for a TCB in the header (a CNode is 1); a TCB has {@link ObjectType#TCB_SLOTS} slots. */
    private static final int TCB_KIND = 2;

    final int objects;
    /** Per object: the offset of its header, its address, its first slot's canonical number. */
    final int[] objectOffset;
    final long[] objectAddress;
    final int[] firstSlot;
    /** Per canonical slot number: the offset of its type byte. */
    final int[] slotOffset;
    final int slots;
    /** Where the IRQ bytes start. */
    final int tail;

    private EncodedSlots(int objects, int[] objectOffset, long[] objectAddress, int[] firstSlot, int[] slotOffset,
                         int slots, int tail) {
        this.objects = objects;
        this.objectOffset = objectOffset;
        this.objectAddress = objectAddress;
        this.firstSlot = firstSlot;
        this.slotOffset = slotOffset;
        this.slots = slots;
        this.tail = tail;
    }

    /** The layout of {@code e}, or null if the bytes do not parse as an encoding. */
    static EncodedSlots read(byte[] e) {
        if (e.length < 4) {
            return null;
        }
        int count = readInt(e, 0);
        if (count < 0 || count > e.length / OBJECT_HEADER) {
            return null;
        }
        int[] objectOffset = new int[count];
        long[] objectAddress = new long[count];
        int[] firstSlot = new int[count + 1];
        int[] slotOffset = new int[Math.max(16, e.length / 2)];
        int at = 4;
        int n = 0;
        for (int j = 0; j < count; j++) {
            if (at + OBJECT_HEADER > e.length) {
                return null;
            }
            objectOffset[j] = at;
            objectAddress[j] = readLong(e, at + 1);
            int kind = e[at];
            int radix = e[at + 9];
            int slotCount = kind == TCB_KIND ? ObjectType.TCB_SLOTS : radix >= 1 && radix <= 30 ? 1 << radix : -1;
            if (slotCount < 0 || slotCount > e.length) {
                return null;
            }
            at += OBJECT_HEADER;
            firstSlot[j] = n;
            for (int i = 0; i < slotCount; i++) {
                if (at >= e.length) {
                    return null;
                }
                if (n == slotOffset.length) {
                    slotOffset = java.util.Arrays.copyOf(slotOffset, 2 * n);
                }
                slotOffset[n++] = at;
                at += e[at] == 0 ? 1 : CAP_BYTES;
            }
        }
        if (at > e.length) {
            return null;
        }
        firstSlot[count] = n;
        return new EncodedSlots(count, objectOffset, objectAddress, firstSlot, slotOffset, n, at);
    }

    /** The object at {@code address}, or -1. */
    int objectAt(long address) {
        for (int j = 0; j < objects; j++) {
            if (objectAddress[j] == address) {
                return j;
            }
        }
        return -1;
    }

    int slotCount(int object) {
        return firstSlot[object + 1] - firstSlot[object];
    }

    /** The number of bytes slot {@code n} takes in {@code e}. */
    int size(byte[] e, int n) {
        return e[slotOffset[n]] == 0 ? 1 : CAP_BYTES;
    }

    boolean isNull(byte[] e, int n) {
        return e[slotOffset[n]] == 0;
    }

    int type(byte[] e, int n) {
        return e[slotOffset[n]] & 0xff;
    }

    long address(byte[] e, int n) {
        return readLong(e, slotOffset[n] + ADDRESS);
    }

    int prev(byte[] e, int n) {
        return readInt(e, slotOffset[n] + PREV);
    }

    int next(byte[] e, int n) {
        return readInt(e, slotOffset[n] + NEXT);
    }

    static int readInt(byte[] e, int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (e[at + i] & 0xff) << (8 * i);
        }
        return v;
    }

    static long readLong(byte[] e, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (e[at + i] & 0xff) << (8 * i);
        }
        return v;
    }

    static void writeInt(byte[] e, int at, int v) {
        for (int i = 0; i < 4; i++) {
            e[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
