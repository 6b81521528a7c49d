package io.sparksweep.report;

import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Early stopping at a glance: every configuration's mean of the ranking metric over its repeats,
 * per epoch, as far as it trained. Configurations stopped at a rung are faded grey; the ones that
 * reached the last epoch are coloured by rank.
 */
final class RungChart {

    static final String CAPTION =
            "each line: one configuration's mean over its repeats, per epoch, as far as it trained; "
                    + "grey: stopped early at a rung; coloured: trained to the last epoch (" + RankColours.DESCRIPTION
                    + ")";
    private static final Color STOPPED = new Color(120, 120, 120, 70);

    private RungChart() {}

    /** The chart, or null when no trial was stopped early. */
    static XYChart of(List<ConfigSummary> summary, List<TrialResult> trials) {
        if (trials.stream().noneMatch(t -> t.outcome().status() == TrialStatus.STOPPED) || summary.isEmpty()) {
            return null;
        }
        String metric = summary.get(0).rankedOn();
        Map<String, List<TrialOutcome>> byConfig = trials.stream()
                .filter(t ->
                        t.outcome().status() == TrialStatus.OK || t.outcome().status() == TrialStatus.STOPPED)
                .collect(Collectors.groupingBy(
                        t -> t.spec().configId(), Collectors.mapping(TrialResult::outcome, Collectors.toList())));
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title("Early stopping: " + metric.replace('_', ' ') + " per epoch, every configuration")
                .xAxisTitle("epoch")
                .yAxisTitle(metric.replace('_', ' '))
                .build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(5);
        int worst = summary.stream()
                .filter(s -> s.rank() != null)
                .mapToInt(ConfigSummary::rank)
                .max()
                .orElse(1);
        // stopped ones first, so the finished lines are drawn over them
        List<ConfigSummary> order = summary.stream()
                .sorted((a, b) -> Boolean.compare(a.rank() != null, b.rank() != null))
                .toList();
        for (ConfigSummary s : order) {
            List<TrialOutcome> outcomes = byConfig.get(s.configId());
            if (outcomes == null) {
                continue;
            }
            int epochs = outcomes.stream()
                    .mapToInt(o -> o.curveOf(metric).size())
                    .min()
                    .orElse(0);
            if (epochs == 0) {
                continue;
            }
            double[] x = new double[epochs], y = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                final int epoch = e;
                x[e] = e + 1;
                y[e] = outcomes.stream()
                        .mapToDouble(o -> o.curveOf(metric).get(epoch))
                        .average()
                        .orElse(Double.NaN);
            }
            XYSeries line = chart.addSeries(s.configId(), x, y);
            boolean finished = s.rank() != null;
            line.setLineColor(finished ? RankColours.of(s.rank(), worst) : STOPPED);
            line.setMarker(SeriesMarkers.CIRCLE); // a configuration stopped at the first rung is a single point
            line.setMarkerColor(finished ? RankColours.of(s.rank(), worst) : STOPPED);
        }
        return chart.getSeriesMap().isEmpty() ? null : chart;
    }
}
