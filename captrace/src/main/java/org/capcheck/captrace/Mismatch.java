package org.capcheck.captrace;

/**
 * One key of a line whose result differs: what the trace expected and what the model produced.
 * The key is an {@code expect} key ({@code error}, {@code range}, {@code type}, ...) or {@code invariants}.
 */
public record Mismatch(String key, String expected, String actual) {
}
