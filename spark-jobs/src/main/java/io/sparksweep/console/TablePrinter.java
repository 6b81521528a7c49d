package io.sparksweep.console;

import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.Examples;
import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TableSummary;
import io.sparksweep.space.TableSpec;
import io.sparksweep.util.MemorySize;

import java.io.PrintStream;
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
            label = String.format(
                    Locale.ROOT,
                    "regression on '%s' (training part from %.4g to %.4g%s)",
                    spec.label(),
                    min,
                    max,
                    spec.standardize()
                            ? String.format(
                                    Locale.ROOT,
                                    ", standardized with mean %.4g and deviation %.4g",
                                    t.targetMean(),
                                    t.targetStd())
                            : "");
        } else {
            label = t.numClasses() + " classes of '" + spec.label() + "'"
                    + (t.numClasses() <= 12 ? " (" + String.join(", ", t.classNames()) + ")" : "");
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
        int width = s.columns().stream().mapToInt(c -> c.name().length()).max().orElse(4);
        for (TableSummary.ColumnLine c : s.columns()) {
            out.printf("    %-" + width + "s  %-14s  %s%n", c.name(), c.type(), c.encoding());
        }
    }
}
