package io.sparksweep.spark;

import io.sparksweep.data.DatasetException;
import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.TableDataset;
import io.sparksweep.util.MemorySize;

import org.apache.spark.SparkConf;

/**
 * Refuses a table that executors cannot hold, before any task starts: otherwise every executor
 * would die of OutOfMemoryError receiving the broadcast, and Spark would retry until the job fails.
 * An executor holds the table twice while it receives it (the broadcast's serialized blocks and the
 * decoded arrays) in Spark's storage memory: (heap - 300 MB reserved) x spark.memory.fraction.
 */
final class ExecutorMemory {

    private static final long RESERVED = 300L << 20;

    private ExecutorMemory() {}

    /** The Spark setting of the most an executor may hold of an encoded table (e.g. {@code 600m}). */
    static final String TABLE_MEMORY = "spark.sparksweep.tableMemory";

    /**
     * Refuses a streamed table whose parts an executor could not hold: each executor reads every part
     * once (no broadcast copy), bounded by {@value #TABLE_MEMORY} or else its storage memory.
     */
    static void requireFits(EncodedTable table, SparkConf conf) {
        String master = conf.get("spark.master", "local[*]");
        boolean local = master.startsWith("local");
        long heap =
                local ? Runtime.getRuntime().maxMemory() : MemorySize.parse(conf.get("spark.executor.memory", "1g"));
        String set = conf.get(TABLE_MEMORY, System.getProperty(TABLE_MEMORY));
        long bound = set != null
                ? MemorySize.parse(set)
                : (long) ((heap - RESERVED) * conf.getDouble("spark.memory.fraction", 0.6));
        if (table.bytes() > bound) {
            throw new DatasetException(table.source() + ": the encoded parts (" + table.trainRows() + " train / "
                    + (table.hasValidation() ? table.validationRows() + " validation / " : "")
                    + table.testRows() + " test rows x " + table.features() + " features) take "
                    + MemorySize.format(table.bytes()) + ", more than the "
                    + MemorySize.format(Math.max(0, bound)) + " an executor may hold ("
                    + (set != null ? TABLE_MEMORY + " " + set : "its storage memory") + "); sweep on a part of it with "
                    + "sample: in the dataset block (a fraction or a row count), or raise "
                    + (set != null ? TABLE_MEMORY : local ? "the driver's heap (-Xmx)" : "spark.executor.memory"));
        }
    }

    static void requireFits(TableDataset table, SparkConf conf) {
        String master = conf.get("spark.master", "local[*]");
        // in local mode the executor is this JVM
        boolean local = master.startsWith("local");
        long heap =
                local ? Runtime.getRuntime().maxMemory() : MemorySize.parse(conf.get("spark.executor.memory", "1g"));
        long usable = (long) ((heap - RESERVED) * conf.getDouble("spark.memory.fraction", 0.6));
        long need = 2 * table.bytes();
        if (need > usable) {
            throw new DatasetException(table.source() + ": the encoded table takes " + MemorySize.format(table.bytes())
                    + "; an executor JVM needs about " + MemorySize.format(need)
                    + " of storage memory to receive it but has "
                    + MemorySize.format(Math.max(0, usable)) + " ("
                    + (local
                            ? "driver heap " + MemorySize.format(heap)
                            : "spark.executor.memory " + conf.get("spark.executor.memory", "1g"))
                    + " - 300 MB, x spark.memory.fraction); raise "
                    + (local ? "the driver's heap (-Xmx, SPARKSWEEP_JAVA_OPTS)" : "spark.executor.memory")
                    + ", or use fewer rows or features");
        }
    }
}
