/**
 * The HTML report of a sweep: one page with the ranked table, learning curves, effect and scatter
 * charts (XChart PNGs) and parallel coordinates (Plotly), built from stored trials and their summary.
 * It reads records only; it touches neither Spark nor DL4J.
 */
package io.sparksweep.report;
