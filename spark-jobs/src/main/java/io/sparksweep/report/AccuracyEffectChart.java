package io.sparksweep.report;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.Numbers;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small grids: mean test accuracy with its 95 % interval against one searched hyperparameter, one
 * line per setting of the other searched ones (as the seeds plot by hand). Larger searches get
 * {@link ConfigScatterChart} instead ({@link PlotSelection}).
 */
final class AccuracyEffectChart {

    private AccuracyEffectChart() {}

    /**
     * The chart, or null when no configuration has a mean (nothing finished OK).
     *
     * @param at " at epoch 3" when the means are at a common epoch ({@link PlotBasis}), else ""
     */
    static XYChart of(ParameterKey h, List<ParameterKey> searched, List<ConfigSummary> summary, String at) {
        List<ParameterKey> others = searched.stream().filter(o -> o != h).toList();
        List<ConfigSummary> rated =
                summary.stream().filter(s -> ReportMetric.mean(s) != null).toList();
        Map<String, List<ConfigSummary>> series = new TreeMap<>();
        for (ConfigSummary s : rated) {
            series.computeIfAbsent(
                            others.isEmpty()
                                    ? "mean " + ReportMetric.label(summary)
                                    : Numbers.describe(s.config(), others),
                            k -> new ArrayList<>())
                    .add(s);
        }
        if (series.isEmpty()) {
            return null;
        }
        EffectAxis axis = EffectAxis.of(h, rated);
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title(ReportMetric.title(summary) + at + " vs " + h.key() + " (mean, 95 % CI)")
                .yAxisTitle(ReportMetric.label(summary) + at)
                .build();
        ChartStyle.apply(chart.getStyler());
        int i = 0;
        for (Map.Entry<String, List<ConfigSummary>> e : series.entrySet()) {
            Color color = ChartStyle.PALETTE[i % ChartStyle.PALETTE.length];
            // categories: lines side by side, so their interval bars do not hide each other
            double dodge = axis.numeric ? 0 : (i - (series.size() - 1) / 2.0) * Math.min(0.08, 0.5 / series.size());
            List<ConfigSummary> points = e.getValue().stream()
                    .sorted(Comparator.comparingDouble(axis::x))
                    .toList();
            double[] x = points.stream().mapToDouble(s -> axis.x(s) + dodge).toArray();
            double[] y = points.stream().mapToDouble(ReportMetric::mean).toArray();
            XYSeries line = chart.addSeries(e.getKey(), x, y);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineColor(color);
            line.setMarkerColor(color);
            for (int p = 0; p < points.size(); p++) {
                ChartStyle.intervalBar(chart, e.getKey() + " " + p, x[p], ReportMetric.interval(points.get(p)), color);
            }
            i++;
        }
        double[] y = EffectAxis.yRange(rated);
        axis.style(chart, y[0], y[1]);
        return chart;
    }
}
