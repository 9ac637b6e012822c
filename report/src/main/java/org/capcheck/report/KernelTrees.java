package org.capcheck.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.capcheck.core.Cap;
import org.capcheck.core.KernelView;
import org.capcheck.core.SlotAddress;
import org.capcheck.report.html.Mark;
import org.capcheck.report.html.TreeDiagram;

/**
 * cap-core's derivation tree as a kernel holds it (seL4's MDB: each cap under its parent by
 * isMDBParentOf, siblings in list order), taken as a snapshot after each line of a captrace replay; a
 * snapshot compared with the one before marks the caps the line added, changed (its cap, its
 * originality or its parent) or deleted. Slots are named by address as captrace names them
 * ({@code root[3]}, {@code CNode@0x...[0]}).
 */
final class KernelTrees {
    /** One slot's cap as drawn. */
    record Entry(String parent, Cap cap, boolean original) {
    }

    private KernelTrees() {
    }

    /** The occupied slots of {@code view}, in derivation-list order (a parent before its descendants). */
    static Map<String, Entry> snapshot(KernelView view) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (int slot : view.derivationOrder()) {
            int parent = view.parentOf(slot);
            out.put(name(view.addressOf(slot), slot), new Entry(parent < 0 ? null : name(view.addressOf(parent), parent),
                    view.capAt(slot), view.isOriginal(slot)));
        }
        return out;
    }

    private static String name(SlotAddress address, int slot) {
        return address == null ? "slot#" + slot : address.toString();
    }

    /** The tree of {@code now}, marked against {@code before} (null: nothing marked). */
    static TreeDiagram diagram(Map<String, Entry> now, Map<String, Entry> before) {
        TreeDiagram tree = new TreeDiagram();
        for (Map.Entry<String, Entry> e : now.entrySet()) {
            Entry x = e.getValue();
            Mark mark = Mark.UNCHANGED;
            if (before != null) {
                Entry old = before.get(e.getKey());
                mark = old == null ? Mark.ADDED : old.equals(x) ? Mark.UNCHANGED : Mark.CHANGED;
            }
            tree.add(new TreeDiagram.Node(e.getKey(), x.parent(), e.getKey(), LocalTrees.capLabel(x.cap(), x.original()),
                    e.getKey() + ": " + x.cap() + (x.original() ? " original" : ""), mark));
        }
        if (before != null) {
            for (Map.Entry<String, Entry> e : before.entrySet()) {
                if (!now.containsKey(e.getKey())) {
                    Entry x = e.getValue();
                    tree.add(new TreeDiagram.Node(e.getKey(), x.parent(), e.getKey(),
                            LocalTrees.capLabel(x.cap(), x.original()), e.getKey() + ": " + x.cap(), Mark.DELETED));
                }
            }
        }
        return tree;
    }

    /** Whether two snapshots differ. */
    static boolean changed(Map<String, Entry> a, Map<String, Entry> b) {
        return !a.equals(b);
    }
}
