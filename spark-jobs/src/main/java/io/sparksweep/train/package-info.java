/**
 * Training one trial on one JVM: the DL4J network built from a configuration, the epoch loop with
 * evaluation and divergence checks, and the fast in-place steps (dense and convolutional networks on
 * ND4J custom ops) that DL4J's {@code fit} falls back from. It knows nothing of Spark.
 */
package io.sparksweep.train;
