package org.capcheck.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical encoding of a kernel's capability state. Objects are written in order of physical
 * address, slots by index within their object, and every derivation-list link as the canonical
 * number of the slot it points to, so that cap-core's internal indices (which depend on the order
 * objects were created and destroyed) never show.
 */
final class StateEncoder {
    private byte[] buf = new byte[256];
    private int len;

    void writeByte(int b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = (byte) b;
    }

    void writeLong(long v) {
        for (int i = 0; i < 8; i++) {
            writeByte((int) (v >>> (8 * i)));
        }
    }

    void writeInt(int v) {
        for (int i = 0; i < 4; i++) {
            writeByte(v >>> (8 * i));
        }
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }

    static byte[] encode(Kernel k) {
        List<Integer> objects = KernelView.liveObjectsByAddress(k);
        Map<Integer, Integer> canonical = new HashMap<>();
        int next = 0;
        for (int obj : objects) {
            int n = k.objects.slotCount(obj);
            for (int i = 0; i < n; i++) {
                canonical.put(k.objects.slot(obj, i), next++);
            }
        }
        StateEncoder out = new StateEncoder();
        out.writeInt(objects.size());
        for (int obj : objects) {
            out.writeByte(k.objects.kind(obj));
            out.writeLong(k.objects.paddr(obj));
            out.writeByte(k.objects.radix(obj));
            out.writeByte(k.objects.isSuspended(obj) ? 1 : 0);
            out.writeByte(obj == k.currentThread ? 1 : 0);
            int n = k.objects.slotCount(obj);
            for (int i = 0; i < n; i++) {
                int s = k.objects.slot(obj, i);
                k.caps.encode(s, out);
                if (!k.caps.isNull(s)) {
                    out.writeInt(link(canonical, k.mdb.prev(s)));
                    out.writeInt(link(canonical, k.mdb.next(s)));
                    out.writeByte((k.mdb.isRevocable(s) ? 1 : 0) | (k.mdb.isFirstBadged(s) ? 2 : 0));
                }
            }
        }
        for (boolean active : k.irqActive) {
            out.writeByte(active ? 1 : 0);
        }
        return out.toBytes();
    }

    private static int link(Map<Integer, Integer> canonical, int slot) {
        return slot == DerivationTree.NIL ? -1 : canonical.getOrDefault(slot, -2);
    }
}
