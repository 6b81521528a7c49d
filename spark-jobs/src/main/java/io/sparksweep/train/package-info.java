/**
 * Training one trial on one JVM: the DL4J network built from a configuration
 * ({@link io.sparksweep.train.NetworkFactory}), the epoch loop with evaluation and divergence checks
 * ({@link io.sparksweep.train.TrialRunner}), the reusable batch buffers, and the two fast steps
 * (dense networks, convolutional networks) that replace DL4J's {@code fit} where they apply, built
 * from {@link io.sparksweep.train.ops}. It knows nothing of Spark.
 */
package io.sparksweep.train;
