package io.sparksweep.report;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.Ranking;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Random searches and large grids: one point per configuration — its mean test accuracy and 95 %
 * interval against one hyperparameter's value — coloured by rank, with no legend (a legend entry per
 * configuration would outgrow the plot). A cross marks a configuration with a diverged or failed repeat.
 * Points of one category are spread sideways so that none hides another.
 */
final class ConfigScatterChart {

    static final String CAPTION =
            "one point per configuration: mean and 95 % interval (none with fewer than 3 OK repeats; "
                    + "a triangle marks an end clipped to [0, 1]); " + RankColours.DESCRIPTION
                    + "; a cross marks a configuration with a diverged or failed repeat";

    private ConfigScatterChart() {}

    /**
     * The chart, or null when no configuration has a mean.
     *
     * @param at " at epoch 3" when the means are at a common epoch ({@link PlotBasis}), else ""
     */
    static XYChart of(ParameterKey h, List<ConfigSummary> summary, String at) {
        List<ConfigSummary> rated = summary.stream()
                .filter(s -> s.rank() != null && ReportMetric.mean(s) != null)
                // the worst drawn first, so the best are on top
                .sorted(Comparator.comparing(ConfigSummary::rank).reversed())
                .toList();
        if (rated.isEmpty()) {
            return null;
        }
        EffectAxis axis = EffectAxis.of(h, rated);
        int worst = rated.get(0).rank();
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title(ReportMetric.title(summary) + at + " vs " + h.key() + ": " + rated.size()
                        + " configurations (mean, 95 % CI)")
                .yAxisTitle(
                        ReportMetric.label(summary) + at + " (mean over " + (at.isEmpty() ? "OK " : "") + "repeats)")
                .build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        Map<String, Integer> inCategory = new HashMap<>();
        Map<String, Long> categorySize = new HashMap<>();
        if (!axis.numeric) {
            for (ConfigSummary s : rated) {
                categorySize.merge(String.valueOf(s.config().get(h)), 1L, Long::sum);
            }
        }
        for (ConfigSummary s : rated) {
            double x = axis.x(s);
            if (!axis.numeric) {
                String c = String.valueOf(s.config().get(h));
                int j = inCategory.merge(c, 1, Integer::sum) - 1;
                long n = categorySize.get(c);
                x += n == 1 ? 0 : -0.3 + 0.6 * j / (n - 1); // spread over [-0.3, 0.3] of the category
            }
            Color color = RankColours.of(s.rank(), worst);
            String name = "rank " + s.rank();
            ChartStyle.intervalBar(chart, name, x, ReportMetric.interval(s), color);
            XYSeries point = chart.addSeries(name, new double[] {x}, new double[] {ReportMetric.mean(s)});
            point.setMarker(Ranking.allOk(s) ? SeriesMarkers.CIRCLE : SeriesMarkers.CROSS);
            point.setMarkerColor(color);
        }
        double[] y = EffectAxis.yRange(rated);
        axis.style(chart, y[0], y[1]);
        return chart;
    }
}
