package io.sparksweep.report;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.trial.TrialResult;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The human-readable report of a sweep: {@code index.html} ({@link ReportPage}) with a ranked
 * table and PNG plots drawn by XChart — mean test accuracy with 95 % confidence intervals against
 * each searched hyperparameter ({@link AccuracyEffectChart}), and learning curves of the best
 * configurations ({@link LearningCurveChart}). Builds the files in memory; {@code SweepOutput}
 * writes them.
 */
public final class SweepReport {

    /** Learning curves are drawn for this many of the best configurations. */
    static final int CURVES = 3;

    private SweepReport() {
    }

    /** File name (relative to report/) to contents: index.html and its PNGs. */
    public static Map<String, byte[]> build(String sweepName, String description, List<TrialResult> trials,
                                           List<ConfigSummary> summary) {
        System.setProperty("java.awt.headless", "true");
        List<Hyperparameter> searched = searched(summary);
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> figures = new ArrayList<>();
        for (Hyperparameter h : searched) {
            Chart<?, ?> chart = effectChart(h, searched, summary);
            if (chart != null) {
                String name = "accuracy-vs-" + h.key() + ".png";
                files.put(name, ChartStyle.png(chart));
                figures.add(name);
            }
        }
        List<ConfigSummary> best = summary.stream().filter(s -> s.rank() != null)
                .sorted(Comparator.comparing(ConfigSummary::rank)).limit(CURVES).toList();
        for (ConfigSummary s : best) {
            XYChart chart = LearningCurveChart.of(s, searched, trials);
            if (chart != null) {
                String name = "curves-rank-" + s.rank() + ".png";
                files.put(name, ChartStyle.png(chart));
                figures.add(name);
            }
        }
        files.put("index.html", ReportPage.html(sweepName, description, trials, summary, searched, figures)
                .getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The hyperparameters that take more than one value across the configurations. */
    static List<Hyperparameter> searched(List<ConfigSummary> summary) {
        return Arrays.stream(Hyperparameter.values())
                .filter(h -> summary.stream().map(s -> s.config().get(h)).distinct().count() > 1).toList();
    }

    /** The effect plot of one hyperparameter, as {@link #build} draws it. */
    static Chart<?, ?> effectChart(Hyperparameter h, List<Hyperparameter> searched, List<ConfigSummary> summary) {
        return AccuracyEffectChart.of(h, searched, summary);
    }
}
