package io.sparksweep.trial;

import java.io.Serializable;
import java.util.List;

/**
 * What training one trial produced, before Spark adds where and when it ran.
 * Per-epoch lists hold one entry per completed epoch. Final metrics are null unless status is OK.
 * {@code trainSeconds} sums the epochs' training time; {@code evalSeconds} the evaluations after them.
 * {@code trainer} names the code path that trained it (fast-dense, fast-conv, dl4j-fit), null if none started.
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
        String trainer) implements Serializable {

    public TrialOutcome {
        trainLoss = List.copyOf(trainLoss);
        trainAccuracy = List.copyOf(trainAccuracy);
        testAccuracyCurve = List.copyOf(testAccuracyCurve);
        testLossCurve = List.copyOf(testLossCurve);
        epochSeconds = List.copyOf(epochSeconds);
    }

    /**
     * Same status and the same loss and accuracy of every epoch: what "reproduced" means for a
     * re-run trial or the same sweep on another cluster (timings are allowed to differ).
     */
    public boolean sameMetrics(TrialOutcome other) {
        return status == other.status && trainLoss.equals(other.trainLoss) && trainAccuracy.equals(other.trainAccuracy)
                && testAccuracyCurve.equals(other.testAccuracyCurve) && testLossCurve.equals(other.testLossCurve);
    }

    public static TrialOutcome failed(String message) {
        return new TrialOutcome(TrialStatus.FAILED, message, null, null, null,
                List.of(), List.of(), List.of(), List.of(), List.of(), 0.0, 0.0, 0L, null);
    }
}
