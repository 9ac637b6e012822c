package org.capcheck.report;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.capcheck.core.Cap;
import org.capcheck.engine.Trace;
import org.capcheck.model.local.LocalModel;
import org.capcheck.model.local.LocalState;
import org.capcheck.report.html.Mark;
import org.capcheck.report.html.TreeDiagram;
import org.capcheck.spec.Slot;
import org.capcheck.spec.SpecState;

/**
 * The local model's derivation tree at a step of a trace, from the specification's view of the state
 * (l4v's cdt: each cap under the cap it was derived from, siblings in cdt_list order), with the slots
 * the step changed marked as the model's own per-step diff names them. Caps the step deleted (a
 * Delete, or a Revoke's descendants) are drawn dashed where they stood before the step.
 */
final class LocalTrees {
    private LocalTrees() {
    }

    static TreeDiagram at(LocalModel model, Trace.Step<LocalState, ?> step, LocalState before) {
        SpecState s = step.state().abstraction();
        Map<String, Trace.Change> changes = step.changes();
        TreeDiagram tree = new TreeDiagram();
        Set<Slot> drawn = new HashSet<>();
        for (Slot slot : s.caps().keySet()) {
            if (s.parent(slot) == null) {
                add(model, s, slot, tree, changes, drawn);
            }
        }
        for (Slot slot : s.caps().keySet()) {
            add(model, s, slot, tree, changes, drawn); // a slot no root reaches (a broken tree is what a finding shows)
        }
        if (before != null) {
            SpecState b = before.abstraction();
            for (Map.Entry<Slot, Cap> e : b.caps().entrySet()) {
                String name = model.slotName(e.getKey());
                if (!s.caps().containsKey(e.getKey()) || s.cap(e.getKey()).isNull()) {
                    Slot parent = b.parent(e.getKey());
                    tree.add(new TreeDiagram.Node(name, parent == null ? null : model.slotName(parent), name,
                            capLabel(e.getValue(), b.isOriginal(e.getKey())), name + ": " + e.getValue(), Mark.DELETED));
                }
            }
        }
        return tree;
    }

    private static void add(LocalModel model, SpecState s, Slot slot, TreeDiagram tree, Map<String, Trace.Change> changes,
            Set<Slot> drawn) {
        if (!drawn.add(slot) || s.cap(slot).isNull()) {
            return;
        }
        String name = model.slotName(slot);
        Slot parent = s.parent(slot);
        tree.add(new TreeDiagram.Node(name, parent == null ? null : model.slotName(parent), name,
                capLabel(s.cap(slot), s.isOriginal(slot)), name + ": " + s.cap(slot), mark(changes.get(name))));
        for (Slot child : s.children(slot)) {
            add(model, s, child, tree, changes, drawn);
        }
    }

    static Mark mark(Trace.Change change) {
        if (change == null) {
            return Mark.UNCHANGED;
        }
        return change.before() == null ? Mark.ADDED : change.after() == null ? Mark.DELETED : Mark.CHANGED;
    }

    /** A cap as a box shows it: its type, badge and rights, without the object's address (in the tooltip). */
    static String capLabel(Cap cap, boolean original) {
        String text = cap.toString().replaceFirst("@0x[0-9a-f]+", "");
        return text + (original ? " (orig)" : "");
    }
}
