package io.sparksweep.job;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.trial.Metrics;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The ranked table printed at the end of a sweep. */
final class SummaryPrinter {

    private static final int SHOWN = 10;
    private static final int WIDTH = 24;

    private SummaryPrinter() {
    }

    static void print(List<ConfigSummary> summaries, List<Hyperparameter> searched, PrintStream out) {
        out.println();
        String rankedOn = summaries.isEmpty() ? Metrics.TEST_ACCURACY : summaries.get(0).rankedOn();
        // with a validation part the rank follows validation; the test metric is shown beside it
        String test = rankedOn.startsWith("validation_") ? rankedOn.replace("validation_", "test_") : null;
        out.printf("%-4s  %-8s  %-" + WIDTH + "s  %-19s  %s%s%n", "rank", "ok/all", title(rankedOn), "95% CI",
                test == null ? "" : String.format("%-" + WIDTH + "s  ", title(test)), "configuration");
        for (ConfigSummary s : summaries.subList(0, Math.min(SHOWN, summaries.size()))) {
            MetricSummary a = s.rankMetric();
            String ci = a == null || a.ci95Low() == null ? "-" : String.format(Locale.ROOT, "[%s, %s]", number(a.ci95Low()), number(a.ci95High()));
            String config = s.config().describe(searched);
            out.printf("%-4s  %-8s  %-" + WIDTH + "s  %-19s  %s%s%n", s.rank() == null ? "-" : s.rank(),
                    s.nOk() + "/" + s.nTrials(), meanStd(a), ci, test == null ? "" : String.format("%-" + WIDTH + "s  ", meanStd(s.metric(test))),
                    config.isEmpty() ? s.configId() : config);
        }
        if (summaries.size() > SHOWN) {
            out.printf("... %d more configurations in summary/%n", summaries.size() - SHOWN);
        }
        out.println();
    }

    private static String title(String metric) {
        return metric.replace("validation_", "val. ").replace('_', ' ').replace("rmse", "RMSE").replace("mae", "MAE").replace("r2", "R²") + " (mean±std)";
    }

    private static String meanStd(MetricSummary m) {
        if (m == null || m.mean() == null) {
            return "-";
        }
        return number(m.mean()) + (m.std() == null ? "" : " ± " + number(m.std()));
    }

    /** Accuracies as 0.9734; errors in the label's units with four significant digits. */
    private static String number(double v) {
        return Math.abs(v) <= 1 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
