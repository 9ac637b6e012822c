package org.capcheck.model.local;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.capcheck.core.Cap;
import org.capcheck.core.CapType;
import org.capcheck.core.Kernel;
import org.capcheck.core.KernelView;
import org.capcheck.core.Rights;
import org.capcheck.core.SlotAddress;
import org.capcheck.spec.Slot;

/**
 * Explains a violation of "cap-core invariants hold" in the terms a kernel developer acts on: which of
 * cap-core's invariants broke (by their l4v names, e.g. {@code valid_badges}), and, for every slot, the
 * fields those invariants read in the states before and after the step (through {@link Kernel#view()}),
 * with each changed slot marked {@code *}. seL4's first-badged flag is not shown: cap-core's view does
 * not expose it; the badge and the derivation order it depends on are.
 */
final class InvariantExplanation {
    /** A field of a slot that some invariant reads. */
    enum Field { OBJECT, BADGE, FIRST_BADGED, RIGHTS, PARENT, ORIGINAL, FREE_INDEX, ORDER }

    private InvariantExplanation() {
    }

    /** What each invariant reads; the default is the object, the parent link and the original flag. */
    static Set<Field> reads(String invariant) {
        switch (invariant) {
            case "valid_badges":
                return EnumSet.of(Field.OBJECT, Field.BADGE, Field.FIRST_BADGED, Field.PARENT, Field.ORDER);
            case "valid_dlist": case "mdb_cte_at": case "no_mloop": case "mdb_chunked": case "class_links":
                return EnumSet.of(Field.OBJECT, Field.PARENT, Field.ORDER);
            case "untyped_free_index_bounds": case "untyped_no_reuse_of_live":
                return EnumSet.of(Field.OBJECT, Field.FREE_INDEX, Field.PARENT);
            case "untyped_inc": case "untyped_mdb": case "descendants_inc":
                return EnumSet.of(Field.OBJECT, Field.FREE_INDEX, Field.PARENT);
            case "ut_revocable": case "irq_revocable": case "valid_ioc":
                return EnumSet.of(Field.OBJECT, Field.ORIGINAL);
            case "caps_of_state_live": case "objs_reachable": case "caps_name_live_objects": case "valid_cap":
            case "zombies_final": case "objects_disjoint":
                return EnumSet.of(Field.OBJECT);
            default:
                return EnumSet.of(Field.OBJECT, Field.PARENT, Field.ORIGINAL);
        }
    }

    /**
     * Lines explaining the invariants {@code broken} that {@code after} breaks; {@code before} is the
     * state the step was taken from (null for an initial state). {@code name} names a slot as the rest
     * of the trace does.
     */
    static List<String> lines(Kernel before, Kernel after, List<String> broken, Function<Slot, String> name) {
        List<String> out = new ArrayList<>();
        if (broken.isEmpty()) {
            return out;
        }
        out.add("Invariants broken: " + String.join(", ", broken)
                + " (see docs/cap-core.md for each, by its l4v name)");
        if (broken.contains("invocation_terminates")) {
            out.add("  invocation_terminates: the step took more than " + after.stepBound() + " internal steps "
                    + "(Kernel.stepBound): cap-core stopped it rather than loop");
        }
        Set<Field> fields = EnumSet.noneOf(Field.class);
        for (String b : broken) {
            fields.addAll(reads(b));
        }
        Map<String, String> was = before == null ? Map.of() : fieldsOf(before, fields, name);
        Map<String, String> now = fieldsOf(after, fields, name);
        Set<String> slots = new LinkedHashSet<>(was.keySet());
        slots.addAll(now.keySet());
        List<String> shown = new ArrayList<>();
        for (Field f : fields) {
            if (f != Field.ORDER) {
                shown.add(f.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
        out.add("  Fields they read, per slot (" + String.join(", ", shown) + "); * marks what the step changed:");
        for (String slot : slots) {
            String a = was.getOrDefault(slot, "empty");
            String b = now.getOrDefault(slot, "empty");
            out.add((a.equals(b) ? "    " : "  * ") + slot + ": " + (before == null || a.equals(b) ? b : a + "  ->  " + b));
        }
        if (fields.contains(Field.ORDER)) {
            String a = before == null ? null : order(before, name);
            String b = order(after, name);
            out.add((a == null || a.equals(b) ? "    " : "  * ") + "derivation order: "
                    + (a == null || a.equals(b) ? b : a + "  ->  " + b));
        }
        return out;
    }

    private static Map<String, String> fieldsOf(Kernel k, Set<Field> fields, Function<Slot, String> name) {
        KernelView v = k.view();
        Map<String, String> out = new LinkedHashMap<>();
        for (int s : v.occupiedSlots()) {
            Cap c = v.capAt(s);
            StringBuilder b = new StringBuilder();
            if (fields.contains(Field.OBJECT)) {
                b.append(c.type()).append(c.type() == CapType.IRQControl ? "" : "@0x" + Long.toHexString(c.paddr()));
            }
            if (fields.contains(Field.BADGE) && c.type().isBadged()) {
                b.append(" badge=").append(c.badge());
            }
            if (fields.contains(Field.FIRST_BADGED) && v.isFirstBadged(s)) {
                b.append(" first_badged");
            }
            if (fields.contains(Field.RIGHTS) && c.rights() != 0) {
                b.append(" rights=").append(Rights.toLetters(c.rights()));
            }
            if (fields.contains(Field.FREE_INDEX) && c.type() == CapType.Untyped) {
                b.append(" free_index=").append(c.freeIndex());
            }
            if (fields.contains(Field.PARENT)) {
                int p = v.parentOf(s);
                b.append(" parent=").append(p < 0 ? "none" : slotName(v, p, name));
            }
            if (fields.contains(Field.ORIGINAL) && v.isOriginal(s)) {
                b.append(" original");
            }
            out.put(slotName(v, s, name), b.toString().trim());
        }
        return out;
    }

    private static String order(Kernel k, Function<Slot, String> name) {
        KernelView v = k.view();
        List<String> names = new ArrayList<>();
        for (int s : v.derivationOrder()) {
            names.add(slotName(v, s, name));
        }
        return String.join(" ", names);
    }

    private static String slotName(KernelView v, int slot, Function<Slot, String> name) {
        SlotAddress a = v.addressOf(slot);
        return a == null ? "slot#" + slot : name.apply(new Slot(a.objectPaddr(), a.index()));
    }
}
