/**
 * Reading sweep files: the YAML parser that keeps each key's line ({@link io.sparksweep.sweepfile.SweepYaml}),
 * the readers of each block, the validator that refuses a bad file with the key and line at fault, and
 * the canonical form whose hash says whether a stored sweep is the same sweep. The entry point is
 * {@link io.sparksweep.sweepfile.SweepFileLoader}; what it builds lives in {@link io.sparksweep.space}.
 * Pure Java (an ArchUnit test keeps Spark, Hadoop, DL4J and ND4J out).
 */
package io.sparksweep.sweepfile;
