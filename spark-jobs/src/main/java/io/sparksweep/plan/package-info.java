/**
 * Pure planning: a sweep definition becomes configurations and seeded trials (grid, random, the tpe
 * start-up), early-stopping decisions on the mean over repeats ({@link io.sparksweep.plan.RungScheduler}),
 * and tpe proposals. It may use Arbiter's parameter spaces and nothing else of DL4J, and no Spark.
 */
package io.sparksweep.plan;
