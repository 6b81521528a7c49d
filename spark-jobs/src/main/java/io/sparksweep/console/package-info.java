/**
 * What people read on the terminal while a sweep runs: the plan of a dry run, progress lines with an
 * ETA, the ranked summary table and a table dataset's description. Printers only: they format
 * records from {@code trial}, {@code stats}, {@code plan} and {@code data} and touch neither Spark nor DL4J.
 */
package io.sparksweep.console;
