/**
 * What a sweep is: the vocabulary of hyperparameters with their types and ranges
 * ({@link io.sparksweep.space.Hyperparameter}), how each is searched ({@link io.sparksweep.space.ParamSpec}),
 * the choice values, layer layouts, and the validated {@link io.sparksweep.space.SweepDefinition} with its
 * dataset, early-stopping, tpe and robustness blocks. {@link io.sparksweep.sweepfile} reads them from YAML.
 * Pure Java (an ArchUnit test keeps Spark, Hadoop, DL4J and ND4J out).
 */
package io.sparksweep.space;
