package io.sparksweep.stats;

import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;

import java.io.Serializable;
import java.util.Map;

/**
 * One row of {@code summary/}: a configuration and the statistics over its repeats.
 * {@code pValueVsBest}: two-sided Welch t-test of this configuration's test accuracies against the
 * best-ranked one's (of the ranking metric's values); null for the best itself or with fewer than two OK repeats on either side.
 * {@code metrics}: the validation and regression metrics the trials have ({@link Metrics#EXTRA});
 * {@code rankedOn}: the metric the rank orders by (validation metrics when there is a validation part).
 * {@code robustness}: per noise level of the sweep's robustness block, or null without one.
 * {@code lastRung}: where early stopping left its stopped repeats; null when none was stopped.
 * {@code race}: where racing left it (best, tied at the top, or eliminated); null without racing.
 */
public record ConfigSummary(
        String sweep,
        String configId,
        Config config,
        int nTrials,
        int nOk,
        int nDiverged,
        int nFailed,
        MetricSummary testAccuracy,
        MetricSummary testLoss,
        MetricSummary bestTestAccuracy,
        Integer rank,
        Double pValueVsBest,
        Map<String, MetricSummary> metrics,
        String rankedOn,
        RobustnessSummary robustness,
        RungValue lastRung,
        RaceStanding race)
        implements Serializable {

    public ConfigSummary {
        metrics = Map.copyOf(metrics);
    }

    /** A configuration of a sweep without racing. */
    public ConfigSummary(
            String sweep,
            String configId,
            Config config,
            int nTrials,
            int nOk,
            int nDiverged,
            int nFailed,
            MetricSummary testAccuracy,
            MetricSummary testLoss,
            MetricSummary bestTestAccuracy,
            Integer rank,
            Double pValueVsBest,
            Map<String, MetricSummary> metrics,
            String rankedOn,
            RobustnessSummary robustness,
            RungValue lastRung) {
        this(
                sweep,
                configId,
                config,
                nTrials,
                nOk,
                nDiverged,
                nFailed,
                testAccuracy,
                testLoss,
                bestTestAccuracy,
                rank,
                pValueVsBest,
                metrics,
                rankedOn,
                robustness,
                lastRung,
                null);
    }

    /** The same row with where racing left it. */
    public ConfigSummary withRace(RaceStanding standing) {
        return new ConfigSummary(
                sweep,
                configId,
                config,
                nTrials,
                nOk,
                nDiverged,
                nFailed,
                testAccuracy,
                testLoss,
                bestTestAccuracy,
                rank,
                pValueVsBest,
                metrics,
                rankedOn,
                robustness,
                lastRung,
                standing);
    }

    /** The statistics of any metric: test_accuracy, test_loss, best_test_accuracy or one of {@link Metrics#EXTRA}; null if it has none. */
    public MetricSummary metric(String name) {
        return switch (name) {
            case Metrics.TEST_ACCURACY -> testAccuracy;
            case "test_loss" -> testLoss;
            case "best_test_accuracy" -> bestTestAccuracy;
            default -> metrics.get(name);
        };
    }

    /** Repeats ended by early stopping: every trial that is neither OK, diverged nor failed. */
    public int nStopped() {
        return nTrials - nOk - nDiverged - nFailed;
    }

    /** The statistics of the metric the ranking used. */
    public MetricSummary rankMetric() {
        return metric(rankedOn);
    }
}
