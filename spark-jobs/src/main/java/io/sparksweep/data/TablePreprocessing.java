package io.sparksweep.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything that turns a raw row of a user's table into the network's input, and the network's
 * output back into the label: the feature columns in order with their encoding (numbers z-scored
 * with the training part's mean and deviation, booleans as 0/1, text one-hot over the training
 * part's categories), the missing-value markers, and the label's classes or the target's scaling.
 * Built when the table is encoded for a sweep ({@link TableEncoder}) and kept beside every model
 * trained on it (the {@code preprocessing} block of its JSON sidecar), so {@code predict} can score
 * new rows exactly as training saw them. Versioned: a reader refuses a version it does not know.
 *
 * @param version    {@link #VERSION}
 * @param naValues   cell texts that count as missing (compared trimmed, ignoring case)
 * @param missing    what training did with rows holding a missing value: {@code refuse} or {@code drop}
 * @param columns    the feature columns, in the order their encodings fill the input
 * @param label      the label column's name
 * @param task       {@code classification} or {@code regression}
 * @param classes    classification: the class names in output order; null for regression
 * @param targetMean regression: the network predicts (y - targetMean) / targetStd
 * @param targetStd  regression: see targetMean
 */
public record TablePreprocessing(
        int version,
        List<String> naValues,
        String missing,
        List<FeatureColumn> columns,
        String label,
        String task,
        List<String> classes,
        double targetMean,
        double targetStd)
        implements Serializable {

    /** The format this code writes and reads. */
    public static final int VERSION = 1;

    /** A column's encoding. */
    public enum Kind {
        /** A number, z-scored with {@code mean} and {@code std} when {@code standardized}. */
        NUMERIC,
        /** true/false as 1/0 (also z-scored when standardized, as training did). */
        BOOLEAN,
        /** Text, one input per category (1 for the row's category, 0 for the others). */
        CATEGORICAL
    }

    /**
     * One feature column.
     *
     * @param name         the column's name in the table
     * @param kind         its encoding
     * @param standardized whether numbers were z-scored
     * @param mean         the training part's mean (0 when not standardized or categorical)
     * @param std          the training part's deviation, a constant column's 1
     * @param categories   categorical: the categories in input order; null otherwise
     */
    public record FeatureColumn(
            String name, Kind kind, boolean standardized, double mean, double std, List<String> categories)
            implements Serializable {

        /** How many inputs this column fills. */
        @JsonIgnore
        public int width() {
            return kind == Kind.CATEGORICAL ? categories.size() : 1;
        }
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public TablePreprocessing {
        naValues = List.copyOf(naValues);
        columns = List.copyOf(columns);
        classes = classes == null ? null : List.copyOf(classes);
    }

    /** Whether the network is a classifier (else it predicts one standardized number). */
    @JsonIgnore
    public boolean classification() {
        return classes != null;
    }

    /** The network's input width: every column's encoding side by side. */
    @JsonIgnore
    public int width() {
        return columns.stream().mapToInt(FeatureColumn::width).sum();
    }

    /** Whether a cell's text counts as missing. */
    public boolean isMissing(String cell) {
        if (cell == null) {
            return true;
        }
        String t = cell.trim();
        for (String na : naValues) {
            if (na.equalsIgnoreCase(t)) {
                return true;
            }
        }
        return false;
    }

    /** A row's value the encoding cannot take: a missing value, text where a number belongs, an unseen category. */
    public static final class BadValue extends RuntimeException {
        private final boolean unknownCategory;

        BadValue(String message, boolean unknownCategory) {
            super(message);
            this.unknownCategory = unknownCategory;
        }

        /** Whether the value is a category training never saw. */
        public boolean unknownCategory() {
            return unknownCategory;
        }
    }

    /**
     * Encodes one row into {@code out[offset .. offset + width())}, as training encoded its rows.
     *
     * @param values                   the row's value per feature column, in {@link #columns} order: a
     *                                 number, a boolean or text as read (null: missing)
     * @param ignoreUnknownCategories  an unseen category encodes as all zeros instead of failing
     * @throws BadValue a missing value, text that is not a number where one belongs, or (unless
     *                  ignored) a category training never saw
     */
    public void encode(Object[] values, float[] out, int offset, boolean ignoreUnknownCategories) {
        int at = offset;
        for (int c = 0; c < columns.size(); c++) {
            FeatureColumn col = columns.get(c);
            Object v = values[c];
            if (v == null || (v instanceof String s && isMissing(s)) || (v instanceof Number n && !isFinite(n))) {
                throw new BadValue("column '" + col.name() + "' is missing", false);
            }
            if (col.kind() == Kind.CATEGORICAL) {
                String s = v instanceof String str ? str.trim() : String.valueOf(v);
                int j = col.categories().indexOf(s);
                if (j < 0 && !ignoreUnknownCategories) {
                    throw new BadValue(
                            "column '" + col.name() + "' has category '" + s + "', which training never saw", true);
                }
                for (int k = 0; k < col.width(); k++) {
                    out[at + k] = k == j ? 1f : 0f;
                }
                at += col.width();
                continue;
            }
            double x = number(col, v);
            float f = (float) x;
            if (col.standardized()) {
                // the arithmetic TableEncoder.standardize does: float mean, float 1/std
                f = (f - (float) col.mean()) * (float) (1.0 / col.std());
            }
            out[at++] = f;
        }
    }

    private static boolean isFinite(Number n) {
        return !(n instanceof Double d && !Double.isFinite(d)) && !(n instanceof Float f && !Float.isFinite(f));
    }

    private static double number(FeatureColumn col, Object v) {
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        String s = v.toString().trim();
        if (col.kind() == Kind.BOOLEAN) {
            if (s.equalsIgnoreCase("true")) {
                return 1;
            }
            if (s.equalsIgnoreCase("false")) {
                return 0;
            }
            throw new BadValue("column '" + col.name() + "' holds '" + s + "', not true or false", false);
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadValue("column '" + col.name() + "' holds '" + s + "', not a number", false);
    }

    /** A regression network's output in the label's units. */
    public double target(float output) {
        return output * targetStd + targetMean;
    }

    /** The names of the columns a table must have for {@link #encode}. */
    @JsonIgnore
    public Set<String> columnNames() {
        return columns.stream().map(FeatureColumn::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** This as a JSON tree, for a model's sidecar. */
    public JsonNode toJson() {
        return JSON.valueToTree(this);
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @throws IllegalArgumentException a version this code does not know, or a malformed block
     */
    public static TablePreprocessing fromJson(JsonNode node) {
        int version = node.path("version").asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException(
                    "preprocessing version " + version + " is not one this sparksweep reads (" + VERSION
                            + "); score the model with the sparksweep that trained it");
        }
        try {
            return JSON.treeToValue(node, TablePreprocessing.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed preprocessing block: " + e.getMessage(), e);
        }
    }

    /** "classification" or "regression", as stored. */
    static String taskName(boolean classification) {
        return classification ? "classification" : "regression";
    }
}
