package org.capcheck.captrace;

/**
 * A check line: looks up {@code slot} like a CNode operation and compares what it finds.
 *
 * @param line   1-based line number
 * @param text   the line's text
 * @param slot   the slot to look up
 * @param expect the keys to compare
 */
public record Check(int line, String text, SlotRef slot, CheckExpect expect) implements TraceLine {
}
