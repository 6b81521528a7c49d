package io.sparksweep.console;

import io.sparksweep.data.DatasetResolver;
import io.sparksweep.data.Examples;
import io.sparksweep.data.TableDataset;
import io.sparksweep.space.TableSpec;
import io.sparksweep.util.MemorySize;

import java.io.PrintStream;
import java.util.Locale;

/** The line a run prints about its table: rows per part, features, classes or the label's range, hash, origin. */
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
    }
}
