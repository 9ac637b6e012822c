package org.capcheck.report;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.capcheck.core.Cap;
import org.capcheck.core.Rights;
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

    /**
     * A cap as a box shows it, in at most about 24 characters: its type and what tells caps to the same
     * object apart in a derivation tree (an untyped's size and watermark, a badge, the rights, a CNode's
     * radix, an IRQ), and whether it is original (seL4's mdbRevocable); the whole cap is in the tooltip.
     */
    static String capLabel(Cap cap, boolean original) {
        StringBuilder s = new StringBuilder(cap.type().name());
        switch (cap.type()) {
            case Untyped:
                s.append(" 2^").append(cap.sizeBits()).append(" free=").append(cap.freeIndex());
                break;
            case CNode:
                s.append(" radix=").append(cap.radix());
                break;
            case IRQHandler:
                s.append(" irq=").append(cap.irq());
                break;
            case Zombie:
                s.append(" left=").append(cap.zombieSlots());
                break;
            default:
                if (cap.type().isBadged()) {
                    s.append(" b=").append(cap.badge());
                }
                if (cap.carriesRights()) {
                    String r = Rights.toLetters(cap.rights());
                    s.append(' ').append(r.isEmpty() ? "-" : r);
                }
        }
        return s.append(original ? " orig" : "").toString();
    }
}
