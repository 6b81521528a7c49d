package io.sparksweep.report;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** The report's {@code index.html}: counts, the ranked table of configurations, the plots, the fixed settings. */
final class ReportPage {

    private ReportPage() {
    }

    /** @param figures PNG file names, relative to the page, in the order they are shown */
    static String html(String sweepName, String description, List<TrialResult> trials,
                       List<ConfigSummary> summary, List<Hyperparameter> searched, List<String> figures) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(sweepName)).append(" — sparksweep report</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}")
                .append("table{border-collapse:collapse;font-size:14px}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
                .append("td.c,th.c{text-align:left}img{max-width:100%;margin:1em 0;border:1px solid #eee}.muted{color:#777}")
                .append("</style></head><body>\n");
        h.append("<h1>").append(esc(sweepName)).append("</h1>\n");
        if (description != null && !description.isBlank()) {
            h.append("<p>").append(esc(description)).append("</p>\n");
        }
        long ok = trials.stream().filter(t -> t.outcome().status() == TrialStatus.OK).count();
        long diverged = trials.stream().filter(t -> t.outcome().status() == TrialStatus.DIVERGED).count();
        long failed = trials.stream().filter(t -> t.outcome().status() == TrialStatus.FAILED).count();
        h.append(String.format(Locale.ROOT, "<p>%d trials: %d OK, %d diverged, %d failed; %d configurations. "
                        + "Searched: %s.</p>%n", trials.size(), ok, diverged, failed, summary.size(),
                searched.isEmpty() ? "nothing (repeats of one configuration)"
                        : searched.stream().map(Hyperparameter::key).collect(Collectors.joining(", "))));
        rankedTable(h, summary, searched);
        h.append("<h2>Plots</h2>\n");
        for (String f : figures) {
            h.append("<img src=\"").append(f).append("\" alt=\"").append(esc(f)).append("\">\n");
        }
        h.append("<p class=\"muted\">Fixed: ").append(esc(fixedDescription(summary, searched))).append("</p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void rankedTable(StringBuilder h, List<ConfigSummary> summary, List<Hyperparameter> searched) {
        String rankedOn = summary.isEmpty() ? "test_accuracy" : summary.get(0).rankedOn();
        // ranked on validation: the test metric is shown beside it, never used to choose
        String test = rankedOn.startsWith("validation_") ? rankedOn.replace("validation_", "test_") : null;
        h.append("<h2>Configurations, best first</h2>\n<table><tr><th>rank</th><th class=\"c\">configuration</th>"
                + "<th>OK/all</th><th>diverged</th><th>failed</th><th>" + rankedOn.replace('_', ' ') + " mean ± std</th><th>95 % CI</th>"
                + (test == null ? "" : "<th>" + test.replace('_', ' ') + " mean ± std</th>")
                + "<th title=\"two-sided Welch t-test of the ranking metric against the best configuration's\">"
                + "p vs best</th></tr>\n");
        for (ConfigSummary s : summary) {
            MetricSummary m = s.rankMetric() == null ? s.testAccuracy() : s.rankMetric();
            MetricSummary t = test == null ? null : s.metric(test);
            h.append("<tr><td>").append(s.rank() == null ? "—" : s.rank()).append("</td><td class=\"c\">")
                    .append(esc(searched.isEmpty() ? s.configId() : s.config().describe(searched))).append("</td><td>")
                    .append(s.nOk()).append('/').append(s.nTrials()).append("</td><td>").append(s.nDiverged())
                    .append("</td><td>").append(s.nFailed()).append("</td><td>")
                    .append(m.mean() == null ? "—" : fmt(m.mean()) + (m.std() == null ? "" : " ± " + fmt(m.std())))
                    .append("</td><td>").append(m.ci95Low() == null ? "—" : "[" + fmt(m.ci95Low()) + ", " + fmt(m.ci95High()) + "]")
                    .append(test == null ? "" : "</td><td>" + (t == null || t.mean() == null ? "—"
                            : fmt(t.mean()) + (t.std() == null ? "" : " ± " + fmt(t.std()))))
                    .append("</td><td>").append(s.pValueVsBest() == null ? "—" : String.format(Locale.ROOT, "%.3g", s.pValueVsBest()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"muted\">Statistics over OK repeats only; the interval is the Student-t 95 % "
                + "interval of the mean; p is a two-sided Welch t-test against the rank-1 configuration.</p>\n");
    }

    /** The hyperparameters not searched, at their one value: "learning_rate=0.01, epochs=10, ...". */
    private static String fixedDescription(List<ConfigSummary> summary, List<Hyperparameter> searched) {
        if (summary.isEmpty()) {
            return "";
        }
        Config c = summary.get(0).config();
        return Arrays.stream(Hyperparameter.values()).filter(h -> !searched.contains(h))
                .map(h -> h.key() + "=" + c.get(h)).collect(Collectors.joining(", "));
    }

    private static String fmt(double v) {
        return Math.abs(v) <= 1 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String esc(String s) {
        return Objects.toString(s, "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
