package io.sparksweep.sweepfile;

import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.TableSpec;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the block form of {@code dataset:}: a table ({@code format:}, {@code path:}, {@code label:}, ...)
 * or a named/IDX dataset with a validation part ({@code name: mnist}, {@code validation_fraction:}).
 */
final class DatasetBlockReader {

    private static final Set<String> TABLE_KEYS = Set.of(
            "format",
            "path",
            "label",
            "features",
            "exclude",
            "na_values",
            "task",
            "test",
            "test_fraction",
            "validation_fraction",
            "standardize",
            "missing",
            "sample");
    private static final Set<String> NAMED_KEYS = Set.of("name", "validation_fraction");

    private final KeyLineIndex lines;
    private final ScalarReader scalars;

    DatasetBlockReader(KeyLineIndex lines, ScalarReader scalars) {
        this.lines = lines;
        this.scalars = scalars;
    }

    DatasetSpec read(JsonNode block) {
        boolean named = block.has("name");
        if (named && block.has("format")) {
            throw lines.fault(
                    "dataset.name",
                    "give either name: (mnist, fashion-mnist, idx:<dir>) or format: (a table), not both");
        }
        if (!named && !block.has("format")) {
            throw lines.fault(
                    "dataset",
                    "a dataset block needs format: (csv or parquet) and path:, or name: (mnist, fashion-mnist, idx:<dir>)");
        }
        Set<String> allowed = named ? NAMED_KEYS : TABLE_KEYS;
        for (Iterator<String> it = block.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw lines.fault(
                        "dataset." + key, "unknown key; expected one of " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        Double validation = block.has("validation_fraction") ? fraction(block, "validation_fraction") : null;
        if (named) {
            String text = scalars.text(block.get("name"), "dataset.name");
            DatasetSpec spec = DatasetSpec.parse(text);
            if (spec == null) {
                throw lines.fault(
                        "dataset.name", "must be mnist, fashion-mnist or idx:<directory or URI> (got '" + text + "')");
            }
            return spec.withValidation(validation);
        }
        String format = scalars.text(block.get("format"), "dataset.format");
        if (!format.equals("csv") && !format.equals("parquet")) {
            throw lines.fault("dataset.format", "must be csv or parquet (got '" + format + "')");
        }
        String path = required(block, "path");
        String label = required(block, "label");
        List<String> features = columnList(block, "features", label);
        List<String> exclude = columnList(block, "exclude", label);
        if (!features.isEmpty() && !exclude.isEmpty()) {
            throw lines.fault(
                    "dataset.exclude",
                    "give either features: (the columns to use) or exclude: (the columns to leave out), not both");
        }
        List<String> naValues = TableSpec.DEFAULT_NA_VALUES;
        if (block.has("na_values")) {
            JsonNode list = block.get("na_values");
            if (!list.isArray()) {
                throw lines.fault(
                        "dataset.na_values",
                        "must be a list of the cell texts that mean missing, e.g. [\"\", NA, \"-\"] (got "
                                + ScalarReader.describe(list) + ")");
            }
            naValues = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                naValues.add(list.get(i).isNull() ? "null" : scalars.text(list.get(i), "dataset.na_values[" + i + "]"));
            }
        }
        TableSpec.Task task = null;
        if (block.has("task")) {
            String t = scalars.text(block.get("task"), "dataset.task");
            task = switch (t) {
                case "classification" -> TableSpec.Task.CLASSIFICATION;
                case "regression" -> TableSpec.Task.REGRESSION;
                default -> throw lines.fault("dataset.task", "must be classification or regression (got '" + t + "')");
            };
        }
        String test = block.has("test") ? scalars.text(block.get("test"), "dataset.test") : null;
        if (test != null && block.has("test_fraction")) {
            throw lines.fault(
                    "dataset.test_fraction", "give either test: (a separate table) or test_fraction:, not both");
        }
        double testFraction =
                block.has("test_fraction") ? fraction(block, "test_fraction") : TableSpec.DEFAULT_TEST_FRACTION;
        if (test == null && validation != null && testFraction + validation >= 1) {
            throw lines.fault(
                    "dataset.validation_fraction",
                    "test_fraction " + testFraction + " and validation_fraction " + validation
                            + " leave no training examples");
        }
        boolean standardize = true;
        if (block.has("standardize")) {
            JsonNode s = block.get("standardize");
            if (!s.isBoolean()) {
                throw lines.fault(
                        "dataset.standardize", "must be true or false (got " + ScalarReader.describe(s) + ")");
            }
            standardize = s.booleanValue();
        }
        boolean drop = false;
        if (block.has("missing")) {
            String m = scalars.text(block.get("missing"), "dataset.missing");
            if (!m.equals("drop")) {
                throw lines.fault(
                        "dataset.missing",
                        "must be drop (drop rows with a missing value; without it such rows are refused) (got '" + m
                                + "')");
            }
            drop = true;
        }
        TableSpec.Sample sample = block.has("sample") ? sample(block.get("sample")) : null;
        return DatasetSpec.table(new TableSpec(
                format,
                path,
                label,
                features,
                exclude,
                naValues,
                task,
                test,
                testFraction,
                validation,
                standardize,
                drop,
                sample));
    }

    /**
     * {@code sample:} as written: a whole number (no decimal point) is a row count, at least 1; a number
     * with a decimal point is a share, above 0 and at most 1 ({@code 1.0} is every row, {@code 1} one row).
     */
    private TableSpec.Sample sample(JsonNode node) {
        String key = "dataset.sample";
        if (node.isIntegralNumber()) {
            long rows = node.longValue();
            if (rows < 1 || !node.canConvertToLong()) {
                throw lines.fault(key, "a row count must be at least 1 (got " + node.asText() + ")");
            }
            return new TableSpec.Sample(null, rows);
        }
        if (node.isNumber()) {
            double f = node.doubleValue();
            if (!(f > 0 && f <= 1)) {
                throw lines.fault(
                        key,
                        "a fraction must be above 0 and at most 1, or a row count a whole number of at least 1 (got "
                                + node.asText() + ")");
            }
            return new TableSpec.Sample(f, null);
        }
        throw lines.fault(
                key,
                "must be a fraction of the rows (0 < f <= 1, e.g. 0.05) or a row count (e.g. 100000) (got "
                        + ScalarReader.describe(node) + ")");
    }

    private String required(JsonNode block, String key) {
        if (!block.has(key) || block.get(key).isNull()) {
            throw lines.fault("dataset", "a table needs " + key + ":");
        }
        String v = scalars.text(block.get(key), "dataset." + key);
        if (v.isBlank()) {
            throw lines.fault("dataset." + key, "must not be empty");
        }
        return v;
    }

    private List<String> columnList(JsonNode block, String name, String label) {
        List<String> features = new ArrayList<>();
        if (!block.has(name)) {
            return features;
        }
        JsonNode list = block.get(name);
        if (!list.isArray() || list.isEmpty()) {
            throw lines.fault(
                    "dataset." + name,
                    "must be a non-empty list of column names (got " + ScalarReader.describe(list) + ")");
        }
        for (int i = 0; i < list.size(); i++) {
            String key = "dataset." + name + "[" + i + "]";
            String f = scalars.text(list.get(i), key);
            if (f.equals(label)) {
                throw lines.fault(key, "'" + f + "' is the label; it cannot also be a feature");
            }
            if (features.contains(f)) {
                throw lines.fault(key, "'" + f + "' is listed twice");
            }
            features.add(f);
        }
        return features;
    }

    /** A share strictly between 0 and 1. */
    private double fraction(JsonNode block, String name) {
        String key = "dataset." + name;
        double v = scalars.real(block.get(key.substring("dataset.".length())), key);
        if (!(v > 0 && v < 1)) {
            throw lines.fault(key, "must be between 0 and 1, both excluded (got " + v + ")");
        }
        return v;
    }
}
