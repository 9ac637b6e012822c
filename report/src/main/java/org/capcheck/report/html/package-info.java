/**
 * Drawing for reports, JDK only: escaped HTML, a page with inline style, and inline SVG figures (a tree
 * with marked nodes, a message sequence chart, bar charts, a grid of counts). It knows nothing of
 * capabilities or models.
 */
package org.capcheck.report.html;
