package org.capcheck.captrace;

/**
 * The model's view of one slot a line names, taken after the line ran.
 *
 * @param role        what the line calls the slot: service, dest, src, pivot, slot, root, node, dest[i],
 *                    same_object_as, parent (the expected parent)
 * @param ref         how the line names it (a CPtr, or root/index/depth)
 * @param resolves    whether the name reaches a slot now
 * @param lookupError why it does not resolve, else null
 * @param slot        where the slot lives (e.g. {@code root[40]}, {@code CNode@0x101000[3]}), else null
 * @param empty       whether the slot holds no capability (false if it does not resolve)
 * @param capability  the capability ({@link org.capcheck.core.Cap#toString()}), null if empty or unresolved
 * @param original    whether the capability is original (revocable), null without one
 * @param parent      where its derivation-tree parent lives, {@code "none"}, or null without a capability
 * @param descendants its number of derivation-tree descendants, null without a capability
 */
public record SlotView(String role, String ref, boolean resolves, String lookupError, String slot, boolean empty,
                       String capability, Boolean original, String parent, Integer descendants) {

    /** One line for people, e.g. {@code dest root=2 index=40 depth=64 -> root[40]: Endpoint@0x100000 ...}. */
    public String describe() {
        StringBuilder s = new StringBuilder(role).append(' ').append(ref).append(" -> ");
        if (!resolves) {
            return s.append("does not resolve: ").append(lookupError).toString();
        }
        s.append(slot).append(": ");
        if (empty) {
            return s.append("empty").toString();
        }
        s.append(capability).append("; ").append(Boolean.TRUE.equals(original) ? "original" : "not original")
                .append("; parent ").append(parent).append("; ").append(descendants)
                .append(descendants == 1 ? " descendant" : " descendants");
        return s.toString();
    }
}
