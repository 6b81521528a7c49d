package io.sparksweep.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table's columns as read, before encoding: each feature column is numbers (booleans as 0/1) or
 * text; the label is numbers or text. Rows with a missing value are already dropped or refused.
 *
 * @param rowsRead  the rows the file held, before any was dropped
 * @param missing   per column with missing cells, how many rows had one (the rows dropped for it)
 * @param excluded  columns left out of the features, each with why
 */
public record RawTable(
        String source,
        List<Column> features,
        Label label,
        int rows,
        int rowsRead,
        Map<String, Long> missing,
        Map<String, String> excluded) {

    public RawTable {
        features = List.copyOf(features);
        missing = Collections.unmodifiableMap(new LinkedHashMap<>(missing)); // in the table's column order
        excluded = Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
    }

    /** How a feature column was read. */
    public enum ColumnKind {
        NUMERIC,
        BOOLEAN,
        TEXT
    }

    /** One feature column: {@code numbers} for numeric and boolean columns, {@code text} for text ones. */
    public record Column(String name, ColumnKind kind, float[] numbers, String[] text) {
        public boolean isText() {
            return text != null;
        }
    }

    public enum LabelKind {
        TEXT,
        BOOLEAN,
        INTEGER,
        REAL
    }

    /** The label: {@code numbers} unless it is text (booleans as 0/1). */
    public record Label(String name, LabelKind kind, double[] numbers, String[] text) {}
}
