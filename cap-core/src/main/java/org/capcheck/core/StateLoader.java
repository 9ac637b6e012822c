package org.capcheck.core;

/**
 * Loads a state from its canonical encoding ({@link StateEncoder}) into an existing kernel booted
 * with the same configuration, allocating nothing: the inverse of {@link Kernel#encode()}, so that a
 * model checker can keep states as their encodings and step a scratch kernel through them.
 *
 * <p>Objects are created in the encoding's order (by address), so their internal handles and slot
 * blocks may differ from the encoded kernel's; the encoding does not show them, and nothing an
 * invocation does depends on them. A CNode, Thread or Zombie cap names the loaded object at its
 * address (of its kind). Links are canonical slot numbers, turned back into slots through the
 * objects' slot counts.
 */
final class StateLoader {
    private final Kernel k;
    private byte[] in;
    private int pos;
    private boolean bad;
    /** Per loaded object (by handle, which is its position in the encoding): its first canonical slot number. */
    private final int[] firstCanonical;

    StateLoader(Kernel k) {
        this.k = k;
        firstCanonical = new int[k.objects.capacity() + 1];
    }

    private int readByte() {
        if (pos >= in.length) {
            bad = true;
            return 0;
        }
        return in[pos++] & 0xFF;
    }

    private int readInt() {
        int at = pos;
        byte[] b = in;
        if (at + 4 > b.length) {
            pos = b.length;
            bad = true;
            return 0;
        }
        pos = at + 4;
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private long readLong() {
        long low = readInt() & 0xFFFFFFFFL;
        return low | (long) readInt() << 32;
    }

    /** Loads the state; false if the bytes are not an encoding of this configuration's states. */
    boolean load(byte[] encoding) {
        in = encoding;
        pos = 0;
        bad = encoding == null;
        if (bad) {
            return false;
        }
        boolean ok = loadObjects() && loadSlots();
        in = null;
        return ok;
    }

    /** Pass 1: the objects, skipping their slots. */
    private boolean loadObjects() {
        ObjectTable objects = k.objects;
        objects.reset();
        k.caps.clearAll();
        k.currentThread = -1;
        int count = readInt();
        if (count < 0 || count > objects.capacity()) {
            return false;
        }
        int canonical = 0;
        for (int j = 0; j < count && !bad; j++) {
            byte kind = (byte) readByte();
            long paddr = readLong();
            int radix = readByte();
            boolean suspended = readByte() != 0;
            boolean current = readByte() != 0;
            if (kind != ObjectTable.CNODE && kind != ObjectTable.TCB
                    || kind == ObjectTable.CNODE && (radix < 1 || radix > 30)
                    || !objects.canCreate(kind, radix, 1)) {
                return false;
            }
            int obj = objects.create(kind, paddr, kind == ObjectTable.CNODE ? radix : 0);
            if (obj != j) {
                return false; // a fresh table hands out handles 0, 1, 2, ... in order
            }
            if (suspended) {
                objects.suspend(obj);
            }
            if (current) {
                k.currentThread = obj;
            }
            firstCanonical[j] = canonical;
            int n = objects.slotCount(obj);
            canonical += n;
            for (int i = 0; i < n && !bad; i++) {
                skipSlot();
            }
        }
        firstCanonical[count] = canonical;
        return !bad;
    }

    private void skipSlot() {
        if (readByte() != 0) {
            pos += 8 + 1 + 8 + 1 + 1 + 1 + 4 + 4 + 1;
            if (pos > in.length) {
                bad = true;
            }
        }
    }

    /** Pass 2: the caps, their links and flags, then the IRQs. */
    private boolean loadSlots() {
        ObjectTable objects = k.objects;
        pos = 4;
        int count = objects.liveCount();
        for (int obj = 0; obj < count; obj++) {
            pos += 1 + 8 + 1 + 1 + 1;
            int n = objects.slotCount(obj);
            for (int i = 0; i < n; i++) {
                int s = objects.slot(obj, i);
                int type = readByte();
                if (type == 0) {
                    continue;
                }
                long ref = readLong();
                int bits = readByte();
                long word = readLong();
                int rights = readByte();
                int guardSize = readByte();
                int flags = readByte();
                int prev = slotOf(readInt());
                int next = slotOf(readInt());
                int mdbFlags = readByte();
                if (bad || prev == -2 || next == -2
                        || !k.caps.decode(s, type, ref, bits, word, rights, guardSize, flags, -1)) {
                    return false;
                }
                k.mdb.decode(s, prev, next, (mdbFlags & 1) != 0, (mdbFlags & 2) != 0);
                if (k.caps.is(s, CapType.CNode) || k.caps.is(s, CapType.Thread) || k.caps.is(s, CapType.Zombie)) {
                    boolean tcb = k.caps.is(s, CapType.Thread) || k.caps.is(s, CapType.Zombie) && k.caps.isTcbZombie(s);
                    int named = objectAt(ref, tcb ? ObjectTable.TCB : ObjectTable.CNODE);
                    if (named < 0) {
                        return false; // a CNode, Thread or Zombie cap always names a live object of its kind
                    }
                    k.caps.setObject(s, named);
                }
            }
        }
        for (int irq = 0; irq < k.irqActive.length; irq++) {
            k.irqActive[irq] = readByte() != 0;
        }
        return !bad && pos == in.length;
    }

    /** The slot with canonical number c: -1 for none, -2 if c is out of range. */
    private int slotOf(int c) {
        if (c == -1) {
            return DerivationTree.NIL;
        }
        int count = k.objects.liveCount();
        if (c < 0 || c >= firstCanonical[count]) {
            return -2;
        }
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) { // the last object whose first canonical number is at most c
            int mid = (lo + hi + 1) >>> 1;
            if (firstCanonical[mid] <= c) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return k.objects.slot(lo, c - firstCanonical[lo]);
    }

    /** The loaded object of the kind at the address (objects are in address, then kind, order), or -1. */
    int objectAt(long paddr, byte kind) {
        ObjectTable objects = k.objects;
        int lo = 0;
        int hi = objects.liveCount() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(objects.paddr(mid), paddr);
            if (c == 0) {
                c = Integer.compare(objects.kind(mid), kind);
            }
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }
}
