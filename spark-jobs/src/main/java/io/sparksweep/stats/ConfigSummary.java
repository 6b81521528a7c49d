package io.sparksweep.stats;

import io.sparksweep.trial.Config;

import java.io.Serializable;

/**
 * One row of {@code summary/}: a configuration and the statistics over its repeats.
 * {@code pValueVsBest}: two-sided Welch t-test of this configuration's test accuracies against the
 * best-ranked one's; null for the best itself or with fewer than two OK repeats on either side.
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
        Double pValueVsBest) implements Serializable {
}
