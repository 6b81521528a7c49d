package io.sparksweep.report;

import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.stats.ShownInterval;

import java.util.List;
import java.util.Locale;

/**
 * The metric the report plots and tabulates: the one the ranking used ({@code ranked_on}) — test
 * accuracy, validation accuracy with a validation part, test or validation RMSE for regression, an
 * autoencoder's reconstruction loss —
 * so that the plots show what chose the best, with test metrics beside it in the table.
 */
final class ReportMetric {

    private ReportMetric() {}

    /** The ranking metric's statistics of a configuration (test accuracy when the summary names none). */
    static MetricSummary of(ConfigSummary s) {
        MetricSummary m = s.rankedOn() == null ? null : s.rankMetric();
        return m == null ? s.testAccuracy() : m;
    }

    static Double mean(ConfigSummary s) {
        return of(s).mean();
    }

    /** Its shown interval: an accuracy's clipped to [0, 1], an error's to [0, ∞). */
    static ShownInterval interval(ConfigSummary s) {
        return interval(s, of(s));
    }

    /** The shown interval of statistics {@code m} of the configuration's ranking metric (e.g. at a rung). */
    static ShownInterval interval(ConfigSummary s, MetricSummary m) {
        return fraction(s) ? ShownInterval.accuracy(m) : ShownInterval.of(m, 0, Double.POSITIVE_INFINITY);
    }

    static boolean fraction(ConfigSummary s) {
        return column(s).endsWith("accuracy");
    }

    /** Accuracies: higher is better; errors (RMSE) and losses (an autoencoder's reconstruction loss): lower. */
    static boolean higherIsBetter(List<ConfigSummary> summary) {
        return summary.isEmpty() || fraction(summary.get(0));
    }

    /** "test accuracy", "validation accuracy", "test RMSE", ... */
    static String label(List<ConfigSummary> summary) {
        String c = summary.isEmpty() ? "test_accuracy" : column(summary.get(0));
        return c.replace("_rmse", " RMSE")
                .replace("_mae", " MAE")
                .replace('_', ' ')
                .toLowerCase(Locale.ROOT)
                .replace("rmse", "RMSE")
                .replace("mae", "MAE");
    }

    /** What an effect plot's file is named after: "accuracy", "rmse", "reconstruction-loss". */
    static String fileStem(List<ConfigSummary> summary) {
        String c = summary.isEmpty() ? "test_accuracy" : column(summary.get(0));
        return c.replaceFirst("^(test|validation)_", "").replace('_', '-');
    }

    /** "Test accuracy", ... */
    static String title(List<ConfigSummary> summary) {
        String l = label(summary);
        return Character.toUpperCase(l.charAt(0)) + l.substring(1);
    }

    private static String column(ConfigSummary s) {
        return s.rankedOn() == null ? "test_accuracy" : s.rankedOn();
    }
}
