package io.sparksweep.examples.fromcode;

import org.apache.spark.sql.Row;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints summary rows (one per configuration, the schema of docs/output.md) as a table: rank, the
 * {@code param_*} columns, and mean ± std of validation and test accuracy over the repeats.
 */
final class SummaryTable {

    private SummaryTable() {}

    static void print(List<Row> rows, PrintStream out) {
        if (rows.isEmpty()) {
            out.println("(no configurations)");
            return;
        }
        List<String> params = new ArrayList<>();
        for (String field : rows.get(0).schema().fieldNames()) {
            if (field.startsWith("param_")) {
                params.add(field);
            }
        }
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-5s", "rank"));
        for (String p : params) {
            header.append(String.format(Locale.ROOT, "  %-14s", p.substring("param_".length())));
        }
        header.append(String.format(Locale.ROOT, "  %-17s  %-17s  %s", "validation acc", "test acc", "ok/all"));
        out.println(header);
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5s", text(r.getAs("rank"))));
            for (String p : params) {
                line.append(String.format(Locale.ROOT, "  %-14s", text(r.getAs(p))));
            }
            line.append(String.format(
                    Locale.ROOT,
                    "  %-17s  %-17s  %s/%s",
                    meanStd(r, "validation_accuracy"),
                    meanStd(r, "test_accuracy"),
                    r.getAs("n_ok"),
                    r.getAs("n_trials")));
            out.println(line);
        }
    }

    /** "0.9624 ± 0.0020"; the mean alone with one repeat; "-" without the metric. */
    static String meanStd(Row r, String metric) {
        Double mean = value(r, metric + "_mean");
        Double std = value(r, metric + "_std");
        if (mean == null) {
            return "-";
        }
        return std == null
                ? String.format(Locale.ROOT, "%.4f", mean)
                : String.format(Locale.ROOT, "%.4f ± %.4f", mean, std);
    }

    private static Double value(Row r, String column) {
        int i;
        try {
            i = r.fieldIndex(column);
        } catch (IllegalArgumentException absent) {
            return null;
        }
        return r.isNullAt(i) ? null : r.getDouble(i);
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString(); // a value as the sweep wrote it: 0.003, not 0.003000
    }
}
