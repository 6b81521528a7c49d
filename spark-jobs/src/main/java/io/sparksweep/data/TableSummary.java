package io.sparksweep.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep's table turned into, in terms a user checks before trusting a single number: the rows
 * read and dropped (and why), the parts, each column's type and encoding (or why it was left out),
 * the features after encoding, the task and why, and the class balance or the target's range.
 * Printed before training ({@code console.TableSummaryPrinter}) and stored as the sweep's
 * {@code dataset.json}.
 *
 * @param rowsRead        rows in the table (the training table, with a separate test table)
 * @param rowsDropped     rows left out for a missing value ({@code missing: drop})
 * @param missing         per column, the rows that had a missing value there
 * @param trainRows       rows in the training part
 * @param validationRows  rows in the validation part; null without one
 * @param testRows        rows in the test part (or the separate test table)
 * @param columns         every column of the table the sweep considered, the label first
 * @param features        the network's inputs after encoding
 * @param task            classification or regression
 * @param taskReason      why that task
 * @param classes         classification: rows per class over the whole table, in class order; null otherwise
 * @param target          regression: the training part's minimum, maximum, mean and deviation of the label; null otherwise
 */
public record TableSummary(
        String source,
        int rowsRead,
        int rowsDropped,
        Map<String, Long> missing,
        int trainRows,
        Integer validationRows,
        int testRows,
        List<ColumnLine> columns,
        int features,
        String task,
        String taskReason,
        Map<String, Long> classes,
        Range target)
        implements Serializable {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * Reads the {@code summary} block of a sweep's {@code dataset.json}.
     *
     * @throws IllegalArgumentException a malformed block
     */
    public static TableSummary fromJson(JsonNode node) {
        try {
            return JSON.treeToValue(node, TableSummary.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("malformed table summary: " + e.getMessage(), e);
        }
    }

    public TableSummary {
        missing = Collections.unmodifiableMap(new LinkedHashMap<>(missing));
        columns = List.copyOf(columns);
        classes = classes == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    }

    /**
     * One column: its name, what it holds ({@code label}, {@code numeric}, {@code boolean}, {@code text}) and
     * what it became ({@code z-scored}, {@code one-hot, 3 categories}, {@code excluded: why}, ...).
     */
    public record ColumnLine(String name, String type, String encoding) implements Serializable {}

    /** A regression target's spread on the training part, in the label's units. */
    public record Range(double min, double max, double mean, double std) implements Serializable {}
}
