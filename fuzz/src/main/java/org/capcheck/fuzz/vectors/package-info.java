/**
 * Test vectors for other kernels ({@code capcheck vectors}, docs/CONFORMANCE.md): captrace v1 files
 * whose every expected result is cap-core's, cross-checked against the abstract specification
 * (cap-spec) on every invocation, generated so that every (operation, error) pair captrace can reach
 * appears ({@link org.capcheck.fuzz.vectors.ReachablePairs}).
 */
package org.capcheck.fuzz.vectors;
