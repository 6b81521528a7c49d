/**
 * Datasets as arrays: IDX images (read over any Hadoop file system, resolved from a data folder, the
 * cache or a verified download, cached per JVM) and tables encoded for training (standardized
 * features, one-hot categories, a label index). No Spark here: tables are read by
 * {@link io.sparksweep.spark.TableReader} and encoded by {@link io.sparksweep.data.TableEncoder}.
 */
package io.sparksweep.data;
