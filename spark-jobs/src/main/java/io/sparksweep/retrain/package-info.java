/**
 * {@code sparksweep retrain}: a stored sweep's winner trained again on all of its training data,
 * data-parallel across the cluster through DL4J Spark, measured on the test part and kept in models/.
 */
package io.sparksweep.retrain;
