/**
 * The plain records that travel between planning, executors and storage: a configuration, a trial's
 * spec and segment, its outcome and result row, and the provenance of the stack that trained it.
 * Pure Java (an ArchUnit test keeps it so).
 */
package io.sparksweep.trial;
