/**
 * The output folder of a sweep on any Hadoop file system: the Parquet tables of trials and summary,
 * the plan, checkpoints, kept models, the report files, and the lock that keeps two runs apart.
 * Writes are atomic (temporary name, then rename), so a killed run leaves no half-written file.
 */
package io.sparksweep.store;
