package io.sparksweep.space;

import java.io.Serializable;
import java.util.List;

/**
 * A table named by the block form of {@code dataset:}. Everything here is checked when the sweep
 * file is read; what can only be checked against the data (columns, types, classes) is checked when
 * the table is read, before anything is written.
 *
 * @param format             csv or parquet
 * @param path               any Hadoop URI or local path (a folder of part files too)
 * @param features           the feature columns, each used as it is; empty means every column but the label
 *                           and {@code exclude}, with identifiers left out and many-category text refused
 * @param exclude            columns left out when {@code features} is empty
 * @param naValues           cell texts that count as missing (trimmed, ignoring case)
 * @param task               null: from the label's type (text, boolean, integer: classification; real: regression)
 * @param test               a separate test table of the same schema, or null to split one off
 * @param testFraction       share of the rows held out for testing when {@code test} is null
 * @param validationFraction share of the remaining rows held out for model selection; null for none
 * @param standardize        z-score features (and a regression target) with the training part's mean and deviation
 * @param dropMissing        drop rows with a missing value instead of refusing the table
 * @param sample             sweep on a seeded, stratified part of the rows outside the test part; null for all
 */
public record TableSpec(
        String format,
        String path,
        String label,
        List<String> features,
        List<String> exclude,
        List<String> naValues,
        Task task,
        String test,
        double testFraction,
        Double validationFraction,
        boolean standardize,
        boolean dropMissing,
        Sample sample)
        implements Serializable {

    /**
     * {@code sample:}: a share of the rows (0 < fraction <= 1) or a number of rows (>= 1); exactly one is set.
     *
     * @param fraction the share of the rows outside the test part, or null
     * @param rows     about this many rows (within a few per cent), or null
     */
    public record Sample(Double fraction, Long rows) implements Serializable {
        @Override
        public String toString() {
            return fraction != null ? String.valueOf(fraction) : rows + " rows";
        }
    }

    /** A table of these columns, without {@code sample:}. */
    public TableSpec(
            String format,
            String path,
            String label,
            List<String> features,
            List<String> exclude,
            List<String> naValues,
            Task task,
            String test,
            double testFraction,
            Double validationFraction,
            boolean standardize,
            boolean dropMissing) {
        this(
                format,
                path,
                label,
                features,
                exclude,
                naValues,
                task,
                test,
                testFraction,
                validationFraction,
                standardize,
                dropMissing,
                null);
    }

    public static final double DEFAULT_TEST_FRACTION = 0.2;

    /** The cell texts counted as missing unless a sweep's {@code na_values:} says otherwise. */
    public static final List<String> DEFAULT_NA_VALUES = List.of("", "NA", "N/A", "null", "NaN", "?");

    public enum Task {
        CLASSIFICATION,
        REGRESSION
    }

    /**
     * The text a sweep's hash covers ({@code DatasetSpec.toString}): the record's own form from before
     * {@code exclude}, {@code na_values} and {@code sample} existed, those added only when set, so that the stored
     * sweeps of earlier versions keep their hash and resume.
     */
    @Override
    public String toString() {
        return "TableSpec[format=" + format + ", path=" + path + ", label=" + label + ", features=" + features
                + ", task=" + task + ", test=" + test + ", testFraction=" + testFraction + ", validationFraction="
                + validationFraction + ", standardize=" + standardize + ", dropMissing=" + dropMissing
                + (exclude.isEmpty() ? "" : ", exclude=" + exclude)
                + (naValues.equals(DEFAULT_NA_VALUES) ? "" : ", naValues=" + naValues)
                + (sample == null ? "" : ", sample=" + sample) + "]";
    }

    public TableSpec {
        features = List.copyOf(features);
        exclude = List.copyOf(exclude);
        naValues = List.copyOf(naValues);
    }
}
