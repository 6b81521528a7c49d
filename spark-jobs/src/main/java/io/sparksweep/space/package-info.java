/**
 * Sweep files: the YAML reader, the vocabulary of hyperparameters with their types and ranges, and
 * every check that refuses a bad file with the key and line at fault. Pure Java (an ArchUnit test
 * keeps Spark, Hadoop, DL4J and ND4J out), so it runs in milliseconds on the driver.
 */
package io.sparksweep.space;
