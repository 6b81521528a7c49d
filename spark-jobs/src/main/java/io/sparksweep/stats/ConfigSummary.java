package io.sparksweep.stats;

import io.sparksweep.trial.Config;

import java.io.Serializable;

/** One row of {@code summary/}: a configuration and the statistics over its repeats. */
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
        Integer rank) implements Serializable {
}
