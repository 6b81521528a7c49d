package io.sparksweep.job;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The ranked table printed at the end of a sweep. */
final class SummaryPrinter {

    private static final int SHOWN = 10;

    private SummaryPrinter() {
    }

    static void print(List<ConfigSummary> summaries, List<Hyperparameter> searched, PrintStream out) {
        out.println();
        out.printf("%-4s  %-8s  %-22s  %-19s  %s%n", "rank", "ok/all", "test accuracy (mean±std)", "95% CI", "configuration");
        for (ConfigSummary s : summaries.subList(0, Math.min(SHOWN, summaries.size()))) {
            MetricSummary a = s.testAccuracy();
            String mean = a.mean() == null ? "-" : String.format(Locale.ROOT, "%.4f", a.mean());
            String std = a.std() == null ? "" : String.format(Locale.ROOT, " ± %.4f", a.std());
            String ci = a.ci95Low() == null ? "-" : String.format(Locale.ROOT, "[%.4f, %.4f]", a.ci95Low(), a.ci95High());
            String config = s.config().describe(searched);
            out.printf("%-4s  %-8s  %-24s  %-19s  %s%n", s.rank() == null ? "-" : s.rank(),
                    s.nOk() + "/" + s.nTrials(), mean + std, ci, config.isEmpty() ? s.configId() : config);
        }
        if (summaries.size() > SHOWN) {
            out.printf("... %d more configurations in summary/%n", summaries.size() - SHOWN);
        }
        out.println();
    }
}
