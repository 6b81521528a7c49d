/**
 * The only code that touches Spark (an ArchUnit test keeps it so):
 * {@link io.sparksweep.spark.SweepSpark} starts the application and reads tables on the driver,
 * {@link io.sparksweep.spark.SparkTrials} runs trial segments as jobs and hands back results as they
 * finish, and {@link io.sparksweep.spark.TrialTask} is what one task does on an executor.
 */
package io.sparksweep.spark;
