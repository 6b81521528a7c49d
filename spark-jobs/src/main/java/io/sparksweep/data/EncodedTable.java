package io.sparksweep.data;

import java.io.Serializable;
import java.util.List;

/**
 * A table encoded by a Spark job into files ({@link EncodedTableFiles}) rather than collected on the
 * driver: what the driver knows about it, and what executors need to read it. Small: it travels with
 * every task. The rows themselves are read by each executor once per JVM ({@link EncodedTableFiles#load}).
 *
 * @param source         the table as the run names it
 * @param location       the folder of the encoded files (a Hadoop URI); null until they are written
 * @param featureNames   the network's inputs, in order
 * @param classNames     the label's classes in index order; null for regression
 * @param trainRows      rows of the training part
 * @param validationRows rows of the validation part (0 without one)
 * @param testRows       rows of the test part
 * @param hasValidation  whether the dataset has a validation part
 * @param targetMean     regression: what the trainer subtracts from targets (0 when not standardized)
 * @param targetStd      regression: what the trainer divides targets by (1 when not standardized)
 * @param sha256         over what decides the encoded rows: the table's files, the preprocessing, the parts
 * @param preprocessing  the statistics every trial and every resume encodes with
 * @param summary        what the table turned into, for the console and dataset.json
 */
public record EncodedTable(
        String source,
        String location,
        List<String> featureNames,
        List<String> classNames,
        long trainRows,
        long validationRows,
        long testRows,
        boolean hasValidation,
        double targetMean,
        double targetStd,
        String sha256,
        TablePreprocessing preprocessing,
        TableSummary summary)
        implements Serializable {

    public EncodedTable {
        featureNames = List.copyOf(featureNames);
        classNames = classNames == null ? null : List.copyOf(classNames);
    }

    /** The same table, its files written to {@code location}. */
    public EncodedTable at(String location) {
        return new EncodedTable(
                source,
                location,
                featureNames,
                classNames,
                trainRows,
                validationRows,
                testRows,
                hasValidation,
                targetMean,
                targetStd,
                sha256,
                preprocessing,
                summary);
    }

    public boolean regression() {
        return classNames == null;
    }

    public int features() {
        return featureNames.size();
    }

    public int numClasses() {
        return regression() ? 0 : classNames.size();
    }

    /** Rows of all three parts. */
    public long rows() {
        return trainRows + validationRows + testRows;
    }

    /**
     * Bytes an executor holds once it has read the parts: the float matrix, a class index (or an
     * 8-byte target) and a row index per row, as {@link TableDataset#bytes()} counts them.
     */
    public long bytes() {
        return rows() * (4L * features() + (regression() ? 8 : 4) + 4);
    }
}
