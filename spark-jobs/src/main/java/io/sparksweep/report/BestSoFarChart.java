package io.sparksweep.report;

import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.Ranking;
import io.sparksweep.trial.TrialResult;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the search progressed: each configuration's mean test accuracy against the number of
 * configurations finished (in the order they finished: when their last repeat ended), and the best
 * so far — over configurations whose repeats all ended OK, as the ranking counts them.
 */
final class BestSoFarChart {

    private static final Color POINT = new Color(150, 150, 150);
    private static final Color BEST = new Color(68, 1, 84);

    private BestSoFarChart() {}

    /** The chart, or null without end times or without a configuration whose repeats all ended OK. */
    static XYChart of(List<ConfigSummary> summary, List<TrialResult> trials) {
        Map<String, Long> end = new HashMap<>();
        for (TrialResult t : trials) {
            if (t.endMillis() == null) {
                return null; // rows of a version that stored no times
            }
            end.merge(t.spec().configId(), t.endMillis(), Math::max);
        }
        int repeats = summary.stream().mapToInt(ConfigSummary::nTrials).max().orElse(0);
        // finished: every repeat stored (while a sweep runs, some have only part of theirs)
        List<ConfigSummary> finished = summary.stream()
                .filter(s -> s.nTrials() == repeats && end.containsKey(s.configId()))
                .sorted(Comparator.comparing((ConfigSummary s) -> end.get(s.configId()))
                        .thenComparing(ConfigSummary::configId))
                .toList();
        List<Double> px = new ArrayList<>(), py = new ArrayList<>(), bx = new ArrayList<>(), by = new ArrayList<>();
        boolean higher = ReportMetric.higherIsBetter(summary);
        double best = Double.NaN;
        for (int i = 0; i < finished.size(); i++) {
            ConfigSummary s = finished.get(i);
            Double mean = ReportMetric.mean(s);
            if (mean != null) {
                px.add(i + 1.0);
                py.add(mean);
            }
            if (mean != null && Ranking.allOk(s)) {
                best = Double.isNaN(best) ? mean : higher ? Math.max(best, mean) : Math.min(best, mean);
            }
            if (!Double.isNaN(best)) {
                bx.add(i + 1.0);
                by.add(best);
            }
        }
        if (bx.isEmpty()) {
            return null;
        }
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title("Best so far: " + finished.size() + " configurations in the order they finished")
                .xAxisTitle("configurations finished")
                .yAxisTitle(ReportMetric.label(summary) + " (mean)")
                .build();
        ChartStyle.apply(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#");
        XYSeries points = chart.addSeries("each configuration", px, py);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(POINT);
        XYSeries line = chart.addSeries("best so far (repeats all OK)", bx, by);
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(BEST);
        return chart;
    }
}
