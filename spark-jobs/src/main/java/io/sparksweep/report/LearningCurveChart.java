package io.sparksweep.report;

import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;

/**
 * Train and test accuracy per epoch of one configuration (an autoencoder: its train loss and noisy and clean
 * test reconstruction losses): mean line and min–max band over its OK repeats.
 */
final class LearningCurveChart {

    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color TEST = new Color(214, 39, 40);
    private static final Color CLEAN = new Color(44, 160, 44);

    private LearningCurveChart() {}

    /** The chart, or null when no repeat finished OK (there is no curve to draw). */
    static XYChart of(ConfigSummary s, List<ParameterKey> searched, List<TrialResult> trials) {
        List<TrialOutcome> ok = trials.stream()
                .filter(t -> t.spec().configId().equals(s.configId()))
                .map(TrialResult::outcome)
                .filter(o -> o.status() == TrialStatus.OK)
                .toList();
        boolean autoencoder =
                ok.stream().anyMatch(o -> !o.curve(Metrics.RECONSTRUCTION_LOSS).isEmpty());
        if (!autoencoder
                && ok.stream().anyMatch(o -> !o.curve(Metrics.TEST_RMSE).isEmpty())) {
            return regression(s, searched, ok);
        }
        int epochs = ok.stream()
                .mapToInt(o -> autoencoder
                        ? Math.min(
                                o.trainLoss().size(),
                                Math.min(
                                        o.curve(Metrics.RECONSTRUCTION_LOSS).size(),
                                        o.curve(Metrics.RECONSTRUCTION_LOSS_NOISY)
                                                .size()))
                        : Math.min(
                                o.trainAccuracy().size(), o.testAccuracyCurve().size()))
                .min()
                .orElse(0);
        if (epochs == 0) {
            return null;
        }
        String config = SweepReport.describe(s, searched);
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title("Rank " + s.rank() + ": " + config + " (" + ok.size() + " repeats)")
                .xAxisTitle("epoch")
                .yAxisTitle(autoencoder ? "reconstruction loss (BCE)" : "accuracy")
                .build();
        ChartStyle.apply(chart.getStyler());
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        if (autoencoder) {
            // train: the minibatch losses on noisy inputs during the epoch, as Keras' "loss"
            addCurve(
                    chart,
                    "train (noisy)",
                    " loss",
                    x,
                    ok.stream().map(TrialOutcome::trainLoss).toList(),
                    TRAIN);
            addCurve(
                    chart,
                    "test (noisy)",
                    " loss",
                    x,
                    ok.stream()
                            .map(o -> o.curve(Metrics.RECONSTRUCTION_LOSS_NOISY))
                            .toList(),
                    TEST);
            addCurve(
                    chart,
                    "test (clean)",
                    " loss",
                    x,
                    ok.stream().map(o -> o.curve(Metrics.RECONSTRUCTION_LOSS)).toList(),
                    CLEAN);
            return chart;
        }
        addCurve(
                chart,
                "train",
                " accuracy",
                x,
                ok.stream().map(TrialOutcome::trainAccuracy).toList(),
                TRAIN);
        addCurve(
                chart,
                "test",
                " accuracy",
                x,
                ok.stream().map(TrialOutcome::testAccuracyCurve).toList(),
                TEST);
        return chart;
    }

    /** A regression's curves: test RMSE per epoch, and validation RMSE with a validation part, in the label's units. */
    private static XYChart regression(ConfigSummary s, List<ParameterKey> searched, List<TrialOutcome> ok) {
        boolean validation =
                ok.stream().allMatch(o -> !o.curve(Metrics.VALIDATION_RMSE).isEmpty());
        int epochs = ok.stream()
                .mapToInt(o -> validation
                        ? Math.min(
                                o.curve(Metrics.TEST_RMSE).size(),
                                o.curve(Metrics.VALIDATION_RMSE).size())
                        : o.curve(Metrics.TEST_RMSE).size())
                .min()
                .orElse(0);
        if (epochs == 0) {
            return null;
        }
        XYChart chart = new XYChartBuilder()
                .width(ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT)
                .title("Rank " + s.rank() + ": " + SweepReport.describe(s, searched) + " (" + ok.size() + " repeats)")
                .xAxisTitle("epoch")
                .yAxisTitle("RMSE (the label's units)")
                .build();
        ChartStyle.apply(chart.getStyler());
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        if (validation) {
            addCurve(
                    chart,
                    "validation",
                    " RMSE",
                    x,
                    ok.stream().map(o -> o.curve(Metrics.VALIDATION_RMSE)).toList(),
                    CLEAN);
        }
        addCurve(
                chart,
                "test",
                " RMSE",
                x,
                ok.stream().map(o -> o.curve(Metrics.TEST_RMSE)).toList(),
                TEST);
        return chart;
    }

    private static void addCurve(
            XYChart chart, String name, String what, double[] x, List<List<Double>> curves, Color color) {
        int n = x.length;
        double[] mean = new double[n], low = new double[n], high = new double[n];
        for (int e = 0; e < n; e++) {
            final int epoch = e;
            double[] v = curves.stream().mapToDouble(c -> c.get(epoch)).toArray();
            mean[e] = Arrays.stream(v).average().orElse(Double.NaN);
            low[e] = Arrays.stream(v).min().orElse(Double.NaN);
            high[e] = Arrays.stream(v).max().orElse(Double.NaN);
        }
        if (curves.size() > 1) {
            ChartStyle.band(chart, name + " (min-max)", x, low, high, color, 60, true);
        }
        XYSeries line = chart.addSeries(name + what + " (mean)", x, mean);
        line.setLineColor(color);
        line.setMarkerColor(color);
        line.setMarker(SeriesMarkers.CIRCLE);
    }
}
