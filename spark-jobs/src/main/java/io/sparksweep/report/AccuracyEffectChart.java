package io.sparksweep.report;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Mean test accuracy ± 95 % CI half-width against one searched hyperparameter, one series per
 * setting of the other searched ones (as the seeds plot by hand). Numbers on an x axis, choices
 * and layouts as categories.
 */
final class AccuracyEffectChart {

    private AccuracyEffectChart() {
    }

    /** The chart, or null when no configuration has a mean (nothing finished OK). */
    static Chart<?, ?> of(Hyperparameter h, List<Hyperparameter> searched, List<ConfigSummary> summary) {
        List<Hyperparameter> others = searched.stream().filter(o -> o != h).toList();
        Map<String, List<ConfigSummary>> series = new TreeMap<>();
        for (ConfigSummary s : summary) {
            if (s.rankMetric() != null && s.rankMetric().mean() != null) {
                series.computeIfAbsent(others.isEmpty() ? "mean " + s.rankedOn().replace('_', ' ') : s.config().describe(others),
                        k -> new ArrayList<>()).add(s);
            }
        }
        if (series.isEmpty()) {
            return null;
        }
        // the metric the ranking uses: validation when there is a validation part, RMSE for regression
        String metric = summary.get(0).rankedOn().replace('_', ' ');
        String title = Character.toUpperCase(metric.charAt(0)) + metric.substring(1) + " vs " + h.key() + " (mean, 95 % CI)";
        boolean numeric = h.kind() == Hyperparameter.Kind.REAL || h.kind() == Hyperparameter.Kind.INT;
        return numeric ? numeric(h, title, series) : categories(h, title, series, summary);
    }

    private static XYChart numeric(Hyperparameter h, String title, Map<String, List<ConfigSummary>> series) {
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle(h.key()).yAxisTitle("test accuracy").build();
        ChartStyle.apply(chart.getStyler());
        double min = Double.MAX_VALUE, max = 0;
        for (Map.Entry<String, List<ConfigSummary>> e : series.entrySet()) {
            List<ConfigSummary> points = e.getValue().stream()
                    .sorted(Comparator.comparingDouble(s -> ((Number) s.config().get(h)).doubleValue())).toList();
            double[] x = points.stream().mapToDouble(s -> ((Number) s.config().get(h)).doubleValue()).toArray();
            for (double v : x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            chart.addSeries(e.getKey(), x, means(points), halfWidths(points)).setMarker(SeriesMarkers.CIRCLE);
        }
        // learning rates, L2 factors, noise levels: spread over decades, so a log axis (as the seeds plot them)
        chart.getStyler().setXAxisLogarithmic(min > 0 && max / min >= 50);
        return chart;
    }

    private static CategoryChart categories(Hyperparameter h, String title, Map<String, List<ConfigSummary>> series,
                                            List<ConfigSummary> summary) {
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle(h.key()).yAxisTitle("test accuracy").build();
        ChartStyle.apply(chart.getStyler());
        // points with error bars, not bars from zero: differences of tenths of a point must show
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        List<String> categories = summary.stream().map(s -> String.valueOf(s.config().get(h))).distinct().sorted().toList();
        for (Map.Entry<String, List<ConfigSummary>> e : series.entrySet()) {
            Map<String, ConfigSummary> byCategory = e.getValue().stream()
                    .collect(Collectors.toMap(s -> String.valueOf(s.config().get(h)), s -> s, (a, b) -> a));
            List<String> xs = categories.stream().filter(byCategory::containsKey).toList();
            List<ConfigSummary> points = xs.stream().map(byCategory::get).toList();
            chart.addSeries(e.getKey(), xs, boxed(means(points)), boxed(halfWidths(points)));
        }
        return chart;
    }

    private static double[] means(List<ConfigSummary> points) {
        return points.stream().mapToDouble(s -> s.rankMetric().mean()).toArray();
    }

    /** Half-width of the 95 % interval; 0 where there is none (a single repeat). */
    private static double[] halfWidths(List<ConfigSummary> points) {
        return points.stream().mapToDouble(s -> {
            MetricSummary m = s.rankMetric();
            return m.ci95Low() == null ? 0 : m.mean() - m.ci95Low();
        }).toArray();
    }

    private static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
