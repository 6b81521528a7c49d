package io.sparksweep.data;

import java.util.List;

/**
 * A table's columns as read, before encoding: each feature column is numbers (booleans as 0/1) or
 * text; the label is numbers or text. Rows with a missing value are already dropped or refused.
 */
public record RawTable(String source, List<Column> features, Label label, int rows) {

    /** One feature column: {@code numbers} for numeric and boolean columns, {@code text} for string ones. */
    public record Column(String name, float[] numbers, String[] text) {
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
