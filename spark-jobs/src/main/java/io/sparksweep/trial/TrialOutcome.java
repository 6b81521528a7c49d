package io.sparksweep.trial;

import java.io.Serializable;
import java.util.List;

/**
 * What training one trial produced, before Spark adds where and when it ran.
 * Per-epoch lists hold one entry per completed epoch. Final metrics are null unless status is OK.
 * {@code trainSeconds} sums the epochs' training time; {@code evalSeconds} the evaluations after them.
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
        double trainSeconds,
        double evalSeconds,
        long nParams) implements Serializable {

    public TrialOutcome {
        trainLoss = List.copyOf(trainLoss);
        trainAccuracy = List.copyOf(trainAccuracy);
        testAccuracyCurve = List.copyOf(testAccuracyCurve);
        testLossCurve = List.copyOf(testLossCurve);
        epochSeconds = List.copyOf(epochSeconds);
    }

    public static TrialOutcome failed(String message) {
        return new TrialOutcome(TrialStatus.FAILED, message, null, null, null,
                List.of(), List.of(), List.of(), List.of(), List.of(), 0.0, 0.0, 0L);
    }
}
