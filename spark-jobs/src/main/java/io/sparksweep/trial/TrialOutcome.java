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
        Map<String, List<Double>> metricCurves)
        implements Serializable {

    public TrialOutcome {
        TreeMap<String, List<Double>> curves = new TreeMap<>();
        metricCurves.forEach((k, v) -> curves.put(k, List.copyOf(v)));
        metricCurves = Collections.unmodifiableMap(curves);
        trainLoss = List.copyOf(trainLoss);
        trainAccuracy = List.copyOf(trainAccuracy);
        testAccuracyCurve = List.copyOf(testAccuracyCurve);
        testLossCurve = List.copyOf(testLossCurve);
        epochSeconds = List.copyOf(epochSeconds);
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
                && metricCurves.equals(other.metricCurves);
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
