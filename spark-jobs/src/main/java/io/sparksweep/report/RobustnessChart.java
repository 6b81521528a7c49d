package io.sparksweep.report;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.Robustness;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.stats.RobustnessSummary;
import io.sparksweep.stats.ShownInterval;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.Comparator;
import java.util.List;

/**
 * Robustness curves: test accuracy on the test set corrupted at each noise level of the sweep's
 * robustness block, one line per configuration (mean over its OK repeats) with its 95 % interval as a
 * band; and the single curve of {@code evaluate} on a stored model.
 */
public final class RobustnessChart {

    /** Lines drawn at most: the best configurations by rank (the palette's distinct colours). */
    static final int MAX_LINES = 8;

    static final String FILE = "robustness.png";

    private RobustnessChart() {}

    /** The report's chart, or null when no ranked configuration has robustness curves. */
    static XYChart of(List<ConfigSummary> summary, List<ParameterKey> searched, Robustness robustness) {
        List<ConfigSummary> drawn = drawn(summary);
        if (drawn.isEmpty()) {
            return null;
        }
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title("Test accuracy on corrupted test images")
                .xAxisTitle(robustness == null ? "noise level" : robustness.axisLabel())
                .yAxisTitle("test accuracy")
                .build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        int i = 0;
        for (ConfigSummary s : drawn) {
            Color color = ChartStyle.PALETTE[i++ % ChartStyle.PALETTE.length];
            RobustnessSummary r = s.robustness();
            String name = "#" + s.rank() + " " + SweepReport.describe(s, searched);
            addLine(chart, name, r.levels(), r.accuracy(), color);
        }
        return chart;
    }

    /** What the report's caption says about the chart. */
    static String caption(List<ConfigSummary> summary, Robustness robustness) {
        long with = summary.stream()
                .filter(s -> s.rank() != null && s.robustness() != null)
                .count();
        return "Each configuration's mean test accuracy over its OK repeats on the test set corrupted "
                + (robustness == null ? "" : "with " + robustness.noise().key() + " noise ")
                + "at each level (seeded per level: every configuration sees the same corrupted images; level 0 is the clean "
                + "test set). Band: the 95 % Student-t interval of the mean, from " + ShownInterval.MIN_REPEATS
                + " OK repeats on, clipped to [0, 1]. "
                + (with > MAX_LINES
                        ? "The best " + MAX_LINES + " of " + with + " configurations by rank; summary/ has all."
                        : "Every ranked configuration, labelled by rank.");
    }

    static List<ConfigSummary> drawn(List<ConfigSummary> summary) {
        return summary.stream()
                .filter(s -> s.rank() != null && s.robustness() != null)
                .sorted(Comparator.comparing(ConfigSummary::rank))
                .limit(MAX_LINES)
                .toList();
    }

    private static void addLine(
            XYChart chart, String name, List<Double> levels, List<MetricSummary> stats, Color color) {
        int n = levels.size();
        double[] x = new double[n], mean = new double[n], low = new double[n], high = new double[n];
        boolean band = true;
        for (int e = 0; e < n; e++) {
            x[e] = levels.get(e);
            MetricSummary m = stats.get(e);
            mean[e] = m.mean() == null ? Double.NaN : m.mean();
            ShownInterval ci = ShownInterval.accuracy(m);
            band &= ci.shown();
            low[e] = ci.shown() ? ci.low() : Double.NaN;
            high[e] = ci.shown() ? ci.high() : Double.NaN;
        }
        if (band) {
            ChartStyle.band(chart, name + " (95 % CI)", x, low, high, color, 50, false);
        }
        XYSeries line = chart.addSeries(name, x, mean);
        line.setLineColor(color);
        line.setMarkerColor(color);
        line.setMarker(SeriesMarkers.CIRCLE);
    }

    /**
     * {@code evaluate}'s chart: accuracy and mean per-class recall of one stored model against the
     * noise level, as a PNG.
     */
    public static byte[] evaluationPng(
            String title, String xLabel, double[] levels, double[] accuracy, double[] meanRecall) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle("on the corrupted test set")
                .build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        XYSeries a = chart.addSeries("accuracy", levels, accuracy);
        a.setLineColor(ChartStyle.PALETTE[0]);
        a.setMarkerColor(ChartStyle.PALETTE[0]);
        a.setMarker(SeriesMarkers.CIRCLE);
        XYSeries r = chart.addSeries("mean per-class recall", levels, meanRecall);
        r.setLineColor(ChartStyle.PALETTE[1]);
        r.setMarkerColor(ChartStyle.PALETTE[1]);
        r.setMarker(SeriesMarkers.DIAMOND);
        return ChartStyle.png(chart);
    }
}
