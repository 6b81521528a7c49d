package io.sparksweep.console;

import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.stats.Numbers;
import io.sparksweep.stats.RaceSentence;
import io.sparksweep.stats.Ranking;
import io.sparksweep.stats.ShownInterval;
import io.sparksweep.trial.Metrics;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/** The ranked table printed at the end of a sweep (numbers to 4 significant digits; summary/ keeps them all). */
public final class SummaryPrinter {

    private static final int SHOWN = 10;

    private SummaryPrinter() {}

    public static void print(List<ConfigSummary> summaries, List<ParameterKey> searched, PrintStream out) {
        print(summaries, searched, List.of(), out);
    }

    /**
     * The table, with a column per declared-metric column the summaries have (val_ and test_ of each
     * metric, in declaration order) before the configuration; none for a built-in sweep.
     */
    public static void print(
            List<ConfigSummary> summaries, List<ParameterKey> searched, List<DeclaredMetric> metrics, PrintStream out) {
        List<String> declared = ConfigSummary.declaredColumns(summaries, metrics);
        out.println();
        String rankedOn =
                summaries.isEmpty() ? Metrics.TEST_ACCURACY : summaries.get(0).rankedOn();
        // with a validation part the rank follows validation; the test metric is shown beside it, never used to choose
        String test = rankedOn.startsWith("validation_") ? rankedOn.replace("validation_", "test_") : null;
        boolean racing = summaries.stream().anyMatch(s -> s.race() != null);
        out.printf(
                "%-4s  %-20s  %-24s  %-20s  %s%s%s%s%n",
                "rank",
                "ok/all",
                title(rankedOn),
                "95% CI",
                test == null ? "" : String.format("%-24s  ", title(test)),
                declared.stream().map(c -> cell(declaredTitle(c), c)).collect(Collectors.joining()),
                racing ? String.format("%-24s  ", "race") : "",
                "configuration");
        boolean clipped = false;
        for (ConfigSummary s : summaries.subList(0, Math.min(SHOWN, summaries.size()))) {
            // stopped early: its values at the rung it reached; diverged or failed throughout: none
            MetricSummary m = Ranking.stoppedEarly(s)
                    ? s.lastRung().value()
                    : s.rankMetric() == null ? MetricSummary.of(new double[0]) : s.rankMetric();
            // accuracies and R² are clipped to their range; errors are not bounded above
            ShownInterval ci = rankedOn.endsWith("accuracy")
                    ? ShownInterval.accuracy(m)
                    : ShownInterval.of(
                            m,
                            Metrics.lowerIsBetter(rankedOn) ? 0 : Double.NEGATIVE_INFINITY,
                            Double.POSITIVE_INFINITY);
            clipped |= ci.clipped();
            String config = Numbers.describe(s.config(), searched);
            out.printf(
                    "%-4s  %-20s  %-24s  %-20s  %s%s%s%s%n",
                    s.rank() == null ? "-" : s.rank(),
                    status(s),
                    Numbers.meanStd(m, "-"),
                    ci.shown() ? ci.text() : ci.n() == 0 ? "-" : "n=" + ci.n() + ": too few",
                    test == null
                            ? ""
                            : String.format(
                                    "%-24s  ", s.metric(test) == null ? "-" : Numbers.meanStd(s.metric(test), "-")),
                    declared.stream()
                            .map(c -> cell(
                                    s.declaredMetrics().get(c) == null
                                            ? "-"
                                            : Numbers.meanStd(
                                                    s.declaredMetrics().get(c), "-"),
                                    c))
                            .collect(Collectors.joining()),
                    racing ? String.format("%-24s  ", RaceSentence.label(s)) : "",
                    config.isEmpty() ? s.configId() : config);
        }
        if (summaries.size() > SHOWN) {
            out.printf("... %d more configurations in summary/%n", summaries.size() - SHOWN);
        }
        out.println(
                "Ranked: configurations whose repeats all ended OK first, then by share of OK repeats, then by mean.");
        if (summaries.stream().anyMatch(Ranking::stoppedEarly)) {
            out.println("Stopped early: unranked, after them, by the rung reached (deepest first), then by the mean "
                    + "there; their values are at that epoch.");
        }
        if (racing) {
            out.println("Race: one-sided t-tests against the leader (Welch; paired by repeat with paired: true), "
                    + "Holm-corrected, once per round of repeats; "
                    + "tied = not significantly worse than the leader.");
        }
        out.println("Intervals from " + ShownInterval.MIN_REPEATS + " OK repeats on (fewer: " + ShownInterval.TOO_FEW
                + ")" + (clipped ? "; " + ShownInterval.CLIP_MARK + " = clipped to [0, 1]" : "") + ".");
        String sentence = RaceSentence.of(summaries, searched);
        if (sentence != null) {
            out.println(sentence);
        }
        out.println();
    }

    /** "val top3_accuracy (mean±std)": the metric's own name, as the user wrote it. */
    private static String declaredTitle(String column) {
        return column.replaceFirst("_", " ") + " (mean±std)";
    }

    /** A declared metric's cell, as wide as its title (a name may be 40 characters) and at least 24. */
    private static String cell(String text, String column) {
        return String.format("%-" + Math.max(24, declaredTitle(column).length()) + "s  ", text);
    }

    private static String title(String metric) {
        return metric.replace("validation_", "val. ")
                        .replace('_', ' ')
                        .replace("rmse", "RMSE")
                        .replace("mae", "MAE")
                        .replace("r2", "R²")
                + " (mean±std)";
    }

    /**
     * "3/3", or "1/2 !1 diverged" so that a partly trained configuration stands out; "stopped at epoch 3"
     * for one early stopping left at a rung (its faults, if any, after a "!").
     */
    public static String status(ConfigSummary s) {
        String counts = s.nOk() + "/" + s.nTrials();
        if (Ranking.allOk(s)) {
            return counts;
        }
        boolean stoppedEarly = Ranking.stoppedEarly(s);
        String head = stoppedEarly ? "stopped at epoch " + s.lastRung().epoch() : counts;
        if (s.nDiverged() + s.nFailed() == 0) {
            return stoppedEarly ? head : counts + " stopped"; // the scheduler's decision, not a fault: no "!"
        }
        StringBuilder b = new StringBuilder(head).append(" !");
        if (s.nDiverged() > 0) {
            b.append(s.nDiverged()).append(" diverged");
        }
        if (s.nFailed() > 0) {
            b.append(s.nDiverged() > 0 ? ", " : "").append(s.nFailed()).append(" failed");
        }
        if (s.nStopped() > 0 && !stoppedEarly) {
            b.append(", ").append(s.nStopped()).append(" stopped");
        }
        return b.toString();
    }
}
