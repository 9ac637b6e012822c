package org.capcheck.fuzz.vectors;

import java.util.ArrayList;
import java.util.List;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.KernelView;
import org.capcheck.fuzz.gen.Rng;

/**
 * What the initial thread's root CNode holds, slot by slot: the capability, its derivation-tree
 * parent (as a root index) and its number of descendants. The vectors aim their invocations with it
 * and write check lines for the slots that differ between two pictures.
 */
final class Picture {
    /** {@link #parent} of a capability whose parent lives outside the root CNode. */
    static final int ELSEWHERE = -2;

    final Cap[] caps;
    /** Per slot: the parent's root index, -1 for none, {@link #ELSEWHERE}. */
    final int[] parent;
    final int[] descendants;

    private Picture(int slots) {
        caps = new Cap[slots];
        parent = new int[slots];
        descendants = new int[slots];
    }

    static Picture of(Kernel k) {
        KernelView v = k.view();
        int n = 0;
        while (v.rootSlot(n) >= 0) {
            n++;
        }
        Picture p = new Picture(n);
        int[] handles = new int[n];
        for (int i = 0; i < n; i++) {
            handles[i] = v.rootSlot(i);
        }
        for (int i = 0; i < n; i++) {
            Cap c = v.capAt(handles[i]);
            p.caps[i] = c;
            p.parent[i] = -1;
            if (!c.isNull()) {
                int h = v.parentOf(handles[i]);
                if (h >= 0) {
                    p.parent[i] = ELSEWHERE;
                    for (int j = 0; j < n; j++) {
                        if (handles[j] == h) {
                            p.parent[i] = j;
                            break;
                        }
                    }
                }
                p.descendants[i] = v.descendantCount(handles[i]);
            }
        }
        return p;
    }

    int slots() {
        return caps.length;
    }

    boolean sameAt(Picture o, int i) {
        return caps[i].equals(o.caps[i]) && parent[i] == o.parent[i] && descendants[i] == o.descendants[i];
    }

    CapType type(int i) {
        return caps[i].type();
    }

    /** The root indexes holding a cap of one of these types. */
    List<Integer> ofType(CapType... types) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < caps.length; i++) {
            for (CapType t : types) {
                if (caps[i].type() == t) {
                    out.add(i);
                    break;
                }
            }
        }
        return out;
    }

    /** The root indexes holding any cap. */
    List<Integer> occupied() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < caps.length; i++) {
            if (!caps[i].isNull()) {
                out.add(i);
            }
        }
        return out;
    }

    /** The root indexes (slot 0, the null cap's by convention, left out) holding no cap. */
    List<Integer> empty() {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < caps.length; i++) {
            if (caps[i].isNull()) {
                out.add(i);
            }
        }
        return out;
    }

    /** A random element, or -1 for an empty list. */
    static int pick(Rng rng, List<Integer> xs) {
        return xs.isEmpty() ? -1 : xs.get(rng.nextInt(xs.size()));
    }
}
