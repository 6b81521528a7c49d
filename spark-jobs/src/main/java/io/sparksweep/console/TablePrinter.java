package io.sparksweep.console;

import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.Examples;
import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TableSummary;
import io.sparksweep.space.TableSpec;
import io.sparksweep.util.MemorySize;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a run prints about its table: one line (rows per part, features, classes or the label's range,
 * hash, origin), then the summary a user checks before trusting any number: rows read and dropped,
 * the task and why, the class balance or the target's range, and each column's type and encoding.
 */
public final class TablePrinter {

    private TablePrinter() {}

    public static void print(TableDataset t, TableSpec spec, double seconds, PrintStream out) {
        String parts = t.train().size() + " train / "
                + (t.validation() == null ? "" : t.validation().size() + " validation / ")
                + t.test().size() + " test rows";
        String label;
        if (t.regression()) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            Examples e = t.train();
            for (int r : e.rows()) {
                min = Math.min(min, e.targets()[r]);
                max = Math.max(max, e.targets()[r]);
            }
            label = regressionLabel(spec, min, max, t.targetMean(), t.targetStd());
        } else {
            label = classesLabel(spec, t.numClasses(), t.classNames());
        }
        out.printf(
                Locale.ROOT,
                "dataset %s:%s: %s, %d features%s, %s, sha256 %s... (read with Spark in %.1f s from %s; %s in memory)%n",
                spec.format(),
                spec.path(),
                parts,
                t.features(),
                spec.standardize() ? " (standardized on the training part)" : "",
                label,
                t.sha256().substring(0, 12),
                seconds,
                DatasetResolver.toUri(spec.path())
                        + (spec.test() == null ? "" : " and " + DatasetResolver.toUri(spec.test())),
                MemorySize.format(t.bytes()));
        summary(t.summary(), out);
    }

    /** "regression on 'y' (training part from a to b[, standardized with ...])": both ways of reading a table say it alike. */
    private static String regressionLabel(TableSpec spec, double min, double max, double mean, double std) {
        return String.format(
                Locale.ROOT,
                "regression on '%s' (training part from %.4g to %.4g%s)",
                spec.label(),
                min,
                max,
                spec.standardize()
                        ? String.format(Locale.ROOT, ", standardized with mean %.4g and deviation %.4g", mean, std)
                        : "");
    }

    /** "3 classes of 'y' (a, b, c)": the names only while there are few. */
    private static String classesLabel(TableSpec spec, int numClasses, List<String> classNames) {
        return numClasses + " classes of '" + spec.label() + "'"
                + (numClasses <= 12 ? " (" + String.join(", ", classNames) + ")" : "");
    }

    /**
     * The line and summary of a table encoded by Spark into files (never collected on the driver):
     * the parts' rows, the sample drawn, and what an executor holds.
     *
     * @param sampleNote how the sample was drawn, or null without {@code sample:}
     */
    public static void print(EncodedTable t, String sampleNote, TableSpec spec, double seconds, PrintStream out) {
        String parts = t.trainRows() + " train / "
                + (t.hasValidation() ? t.validationRows() + " validation / " : "")
                + t.testRows() + " test rows";
        TableSummary s = t.summary();
        String label = t.regression()
                ? regressionLabel(spec, s.target().min(), s.target().max(), t.targetMean(), t.targetStd())
                : classesLabel(spec, t.numClasses(), t.classNames());
        out.printf(
                Locale.ROOT,
                "dataset %s:%s: %s, %d features%s, %s, sha256 %s... (statistics from Spark jobs in %.1f s over %s;"
                        + " encoded into files that executors read, %s each)%n",
                spec.format(),
                spec.path(),
                parts,
                t.features(),
                spec.standardize() ? " (standardized on the training part)" : "",
                label,
                t.sha256().substring(0, 12),
                seconds,
                DatasetResolver.toUri(spec.path())
                        + (spec.test() == null ? "" : " and " + DatasetResolver.toUri(spec.test())),
                MemorySize.format(t.bytes()));
        if (sampleNote != null) {
            out.println("  sample: " + sampleNote);
        }
        summary(s, out);
    }

    /** The summary block under the line, indented. */
    public static void summary(TableSummary s, PrintStream out) {
        out.printf(
                "  rows: %d read%s%n",
                s.rowsRead(),
                s.rowsDropped() == 0
                        ? ", none dropped"
                        : ", " + s.rowsDropped() + " dropped for a missing value ("
                                + s.missing().entrySet().stream()
                                        .map(e -> "'" + e.getKey() + "' " + e.getValue())
                                        .collect(Collectors.joining(", "))
                                + ")");
        out.printf("  task: %s: %s%n", s.task(), s.taskReason());
        if (s.classes() != null) {
            long total =
                    s.classes().values().stream().mapToLong(Long::longValue).sum();
            out.println("  classes: "
                    + s.classes().entrySet().stream()
                            .limit(12)
                            .map(e -> String.format(
                                    Locale.ROOT,
                                    "%s %d (%.1f %%)",
                                    e.getKey(),
                                    e.getValue(),
                                    100.0 * e.getValue() / total))
                            .collect(Collectors.joining(", "))
                    + (s.classes().size() > 12 ? ", ... (" + s.classes().size() + " classes)" : ""));
        } else {
            out.printf(
                    Locale.ROOT,
                    "  target: %.4g to %.4g, mean %.4g, deviation %.4g (training part)%n",
                    s.target().min(),
                    s.target().max(),
                    s.target().mean(),
                    s.target().std());
        }
        out.printf("  columns -> %d features:%n", s.features());
        List<String[]> lines = columnLines(s.columns());
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(4);
        for (String[] l : lines) {
            out.printf("    %-" + width + "s  %-14s  %s%n", l[0], l[1], l[2]);
        }
    }

    /**
     * One line per column, except that a run of {@value #RUN} or more neighbouring columns of the same
     * type and encoding (the 64 pixels of the digits table) is one line naming its first and last
     * column and how many: a person reads the exceptions, not 64 equal lines. dataset.json keeps them all.
     */
    static List<String[]> columnLines(List<TableSummary.ColumnLine> columns) {
        List<String[]> lines = new ArrayList<>();
        for (int i = 0; i < columns.size(); ) {
            TableSummary.ColumnLine c = columns.get(i);
            int j = i + 1;
            while (j < columns.size()
                    && columns.get(j).type().equals(c.type())
                    && columns.get(j).encoding().equals(c.encoding())) {
                j++;
            }
            if (j - i >= RUN) {
                String name = c.name() + " ... " + columns.get(j - 1).name() + " (" + (j - i) + " columns)";
                lines.add(new String[] {name, c.type(), c.encoding()});
                i = j;
            } else {
                lines.add(new String[] {c.name(), c.type(), c.encoding()});
                i++;
            }
        }
        return lines;
    }

    /** The shortest run of alike columns printed as one line. */
    static final int RUN = 5;
}
