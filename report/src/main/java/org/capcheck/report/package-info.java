/**
 * The HTML reports of {@code capcheck check}, {@code replay} and {@code fuzz}: each turns a run's result
 * (the engine's report, a replay's outcome, a campaign's result) into one self-contained page, drawing
 * seL4's derivation tree at each step of a cap-core trace and a message sequence chart for a multikernel
 * trace with the drawing package {@link org.capcheck.report.html}, which knows nothing of capabilities.
 */
package org.capcheck.report;
