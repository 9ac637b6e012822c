package org.capcheck.spec;

/**
 * What an invocation does in the specification: its result and the state after it. A failed
 * invocation leaves the state unchanged (decode checks everything before execute changes anything).
 */
public record Outcome(Failure result, SpecState state) {
}
