/**
 * Statistics over repeats: mean, standard deviation, median, confidence intervals, Welch p-values
 * against the best, the ranking and hyperparameter importance, as pure functions over commons-math3.
 * No Spark, DL4J or Hadoop (an ArchUnit test keeps it so).
 */
package io.sparksweep.stats;
