package io.sparksweep.report;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;

/**
 * A retrained network's headline test metric after each epoch of the retrain, beside the sweep's own
 * repeats of the configuration (mean line and min–max band), as {@link LearningCurveChart} draws them.
 */
final class RetrainedCurveChart {

    private static final Color RETRAINED = new Color(214, 39, 40);
    // grey, not the blue of the learning curves' train line: this one is the sweep's test curve
    private static final Color SWEPT = new Color(110, 110, 110);

    private RetrainedCurveChart() {}

    /** The file the chart of a configuration is stored under, in report/. */
    static String file(RetrainedModel r) {
        return "retrained-" + r.configId() + ".png";
    }

    /**
     * The chart, or null when the sidecar has no curve of its headline metric.
     *
     * @param s the configuration's row of the summary, or null when the summary no longer has it
     */
    static XYChart of(RetrainedModel r, ConfigSummary s, List<ParameterKey> searched, List<TrialResult> trials) {
        List<Double> retrained = r.headlineCurve();
        if (retrained.isEmpty()) {
            return null;
        }
        List<List<Double>> swept = trials.stream()
                .filter(t ->
                        t.spec().configId().equals(r.configId()) && t.outcome().status() == TrialStatus.OK)
                .map(t -> t.outcome().curveOf(r.headline()))
                .filter(c -> !c.isEmpty())
                .toList();
        String name = s == null ? r.configId() : SweepReport.describe(s, searched);
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title("Retrained" + (s == null || s.rank() == null ? "" : " rank " + s.rank()) + ": " + name)
                .xAxisTitle("epoch")
                .yAxisTitle(label(r.headline()))
                .build();
        ChartStyle.apply(chart.getStyler());
        int epochs = swept.stream().mapToInt(List::size).min().orElse(0);
        if (epochs > 0) {
            double[] x = new double[epochs],
                    mean = new double[epochs],
                    low = new double[epochs],
                    high = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                x[e] = e + 1;
                final int epoch = e;
                double[] v = swept.stream().mapToDouble(c -> c.get(epoch)).toArray();
                mean[e] = Arrays.stream(v).average().orElse(Double.NaN);
                low[e] = Arrays.stream(v).min().orElse(Double.NaN);
                high[e] = Arrays.stream(v).max().orElse(Double.NaN);
            }
            if (swept.size() > 1) {
                ChartStyle.band(chart, "sweep's repeats (min-max)", x, low, high, SWEPT, 60, true);
            }
            XYSeries line = chart.addSeries(
                    "sweep: mean of " + swept.size() + (swept.size() == 1 ? " repeat" : " repeats"), x, mean);
            line.setLineColor(SWEPT);
            line.setMarkerColor(SWEPT);
            line.setMarker(SeriesMarkers.CIRCLE);
        }
        double[] x = new double[retrained.size()], y = new double[retrained.size()];
        for (int e = 0; e < x.length; e++) {
            x[e] = e + 1;
            y[e] = retrained.get(e);
        }
        XYSeries line = chart.addSeries("retrained on all the data (" + r.rowsTrainedOn() + " rows)", x, y);
        line.setLineColor(RETRAINED);
        line.setMarkerColor(RETRAINED);
        line.setMarker(SeriesMarkers.DIAMOND);
        line.setLineStyle(new BasicStroke(2.5f));
        return chart;
    }

    /** "test accuracy", "test RMSE", "reconstruction loss". */
    static String label(String metric) {
        return metric == null
                ? ""
                : metric.replace('_', ' ')
                        .replace("rmse", "RMSE")
                        .replace("mae", "MAE")
                        .replace(" r2", " R²");
    }
}
