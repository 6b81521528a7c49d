package io.sparksweep.trial;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What training one trial produced, before Spark adds where and when it ran.
 * Per-epoch lists hold one entry per completed epoch. Final metrics are null unless status is OK.
 * {@code trainSeconds} sums the epochs' training time; {@code evalSeconds} the evaluations after them.
 * {@code metricCurves}: per-epoch validation and regression metrics by name ({@link Metrics#EXTRA}); a
 * regression trial has no accuracies, and its test loss is the mean squared error in the label's units.
 * {@code trainer} names the code path that trained it (fast-dense, fast-conv, dl4j-fit, dl4j-fit+onednn), null if none started.
 * The timings and {@code nParams} are null only in rows read back from a version that did not store them.
 * {@code declaredMetrics}: the metrics a user's network declares, measured after its last epoch, by
 * column ({@code val_<name>}, {@code test_<name>}); empty unless OK, and for every other trial.
 */
public record TrialOutcome(
        TrialStatus status,
        String errorMessage,
        Double testAccuracy,
        Double testLoss,
        Double bestTestAccuracy,
        List<Double> trainLoss,
        List<Double> trainAccuracy,
        List<Double> testAccuracyCurve,
        List<Double> testLossCurve,
        List<Double> epochSeconds,
        Double trainSeconds,
        Double evalSeconds,
        Long nParams,
        String trainer,
        Map<String, List<Double>> metricCurves,
        Map<String, Double> declaredMetrics)
        implements Serializable {

    public TrialOutcome {
        TreeMap<String, List<Double>> curves = new TreeMap<>();
        metricCurves.forEach((k, v) -> curves.put(k, List.copyOf(v)));
        metricCurves = Collections.unmodifiableMap(curves);
        // null in a checkpoint written before the component existed
        declaredMetrics =
                declaredMetrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(declaredMetrics));
        trainLoss = List.copyOf(trainLoss);
        trainAccuracy = List.copyOf(trainAccuracy);
        testAccuracyCurve = List.copyOf(testAccuracyCurve);
        testLossCurve = List.copyOf(testLossCurve);
        epochSeconds = List.copyOf(epochSeconds);
    }

    /** An outcome without declared metrics: every built-in trial's, and a user network's before its last epoch. */
    public TrialOutcome(
            TrialStatus status,
            String errorMessage,
            Double testAccuracy,
            Double testLoss,
            Double bestTestAccuracy,
            List<Double> trainLoss,
            List<Double> trainAccuracy,
            List<Double> testAccuracyCurve,
            List<Double> testLossCurve,
            List<Double> epochSeconds,
            Double trainSeconds,
            Double evalSeconds,
            Long nParams,
            String trainer,
            Map<String, List<Double>> metricCurves) {
        this(
                status,
                errorMessage,
                testAccuracy,
                testLoss,
                bestTestAccuracy,
                trainLoss,
                trainAccuracy,
                testAccuracyCurve,
                testLossCurve,
                epochSeconds,
                trainSeconds,
                evalSeconds,
                nParams,
                trainer,
                metricCurves,
                Map.of());
    }

    /** The same outcome with these declared metrics (by column name). */
    public TrialOutcome withDeclaredMetrics(Map<String, Double> values) {
        return new TrialOutcome(
                status,
                errorMessage,
                testAccuracy,
                testLoss,
                bestTestAccuracy,
                trainLoss,
                trainAccuracy,
                testAccuracyCurve,
                testLossCurve,
                epochSeconds,
                trainSeconds,
                evalSeconds,
                nParams,
                trainer,
                metricCurves,
                values);
    }

    /** A declared metric's column ({@code test_macro_f1}); null unless OK or when the trial has no such value. */
    public Double declaredMetric(String column) {
        return status != TrialStatus.OK ? null : declaredMetrics.get(column);
    }

    /** A metric of {@link Metrics#EXTRA} after the last epoch; null unless OK or when the trial has no such metric. */
    public Double metric(String name) {
        List<Double> curve = metricCurves.get(name);
        return status != TrialStatus.OK || curve == null || curve.isEmpty() ? null : curve.get(curve.size() - 1);
    }

    /** The epoch early stopping ended this trial at; null unless STOPPED. */
    public Integer stoppedAtEpoch() {
        return status == TrialStatus.STOPPED ? epochSeconds.size() : null;
    }

    /** This trial's curves so far, ended by early stopping. */
    public TrialOutcome stopped() {
        return new TrialOutcome(
                TrialStatus.STOPPED,
                null,
                null,
                null,
                null,
                trainLoss,
                trainAccuracy,
                testAccuracyCurve,
                testLossCurve,
                epochSeconds,
                trainSeconds,
                evalSeconds,
                nParams,
                trainer,
                metricCurves);
    }

    /** The per-epoch values of a metric of {@link Metrics#EXTRA}; empty when the trial has no such metric. */
    public List<Double> curve(String name) {
        return metricCurves.getOrDefault(name, List.of());
    }

    /** The per-epoch values of any metric a summary ranks on: test_accuracy, test_loss or one of {@link Metrics#EXTRA}. */
    public List<Double> curveOf(String metric) {
        return switch (metric) {
            case Metrics.TEST_ACCURACY -> testAccuracyCurve;
            case "test_loss" -> testLossCurve;
            default -> curve(metric);
        };
    }

    /**
     * This trial as it stood after {@code epoch} epochs (no more than it trained): OK, with that
     * epoch's values as its final metrics and its curves cut there; robustness and declared metrics
     * (measured after the last epoch only) left out. How an early-stopped trial compares with one trained further.
     */
    public TrialOutcome asOfEpoch(int epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch " + epoch + ": epochs count from 1");
        }
        Map<String, List<Double>> curves = new TreeMap<>();
        metricCurves.forEach((k, v) -> {
            if (!Metrics.ROBUSTNESS.contains(k)) {
                curves.put(k, head(v, epoch));
            }
        });
        List<Double> accuracy = head(testAccuracyCurve, epoch);
        List<Double> seconds = head(epochSeconds, epoch);
        return new TrialOutcome(
                TrialStatus.OK,
                null,
                at(testAccuracyCurve, epoch),
                at(testLossCurve, epoch),
                at(testAccuracyCurve, epoch) == null
                        ? null
                        : accuracy.stream().max(Double::compare).orElseThrow(),
                head(trainLoss, epoch),
                head(trainAccuracy, epoch),
                accuracy,
                head(testLossCurve, epoch),
                seconds,
                seconds.stream().mapToDouble(Double::doubleValue).sum(),
                evalSeconds,
                nParams,
                trainer,
                curves);
    }

    /** The value after {@code epoch}, or null if the curve stops before. */
    private static Double at(List<Double> curve, int epoch) {
        return curve.size() < epoch ? null : curve.get(epoch - 1);
    }

    private static List<Double> head(List<Double> values, int n) {
        return values.subList(0, Math.min(n, values.size()));
    }

    /**
     * Same status and the same loss and accuracy of every epoch: what "reproduced" means for a
     * re-run trial or the same sweep on another cluster (timings are allowed to differ).
     */
    public boolean sameMetrics(TrialOutcome other) {
        return status == other.status
                && trainLoss.equals(other.trainLoss)
                && trainAccuracy.equals(other.trainAccuracy)
                && testAccuracyCurve.equals(other.testAccuracyCurve)
                && testLossCurve.equals(other.testLossCurve)
                && metricCurves.equals(other.metricCurves)
                && declaredMetrics.equals(other.declaredMetrics);
    }

    public static TrialOutcome failed(String message) {
        return new TrialOutcome(
                TrialStatus.FAILED,
                message,
                null,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                0.0,
                0.0,
                0L,
                null,
                Map.of());
    }
}
