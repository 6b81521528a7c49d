package io.sparksweep.stats;

import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A configuration's robustness curves over its OK repeats: per noise level, the statistics of the
 * test accuracy and of the mean per-class recall on the corrupted test set.
 *
 * @param levels   the noise levels, as the sweep's robustness block lists them
 * @param accuracy one summary per level (mean, std, 95 % Student-t interval over the repeats)
 * @param recall   the same for the mean per-class recall
 */
public record RobustnessSummary(List<Double> levels, List<MetricSummary> accuracy, List<MetricSummary> recall)
        implements Serializable {

    public RobustnessSummary {
        levels = List.copyOf(levels);
        accuracy = List.copyOf(accuracy);
        recall = List.copyOf(recall);
    }

    /**
     * Over the OK outcomes that have robustness curves at the same levels as the first of them; null
     * when none has any.
     */
    static RobustnessSummary of(List<TrialOutcome> ok) {
        List<Double> levels = null;
        List<TrialOutcome> with = new ArrayList<>();
        for (TrialOutcome o : ok) {
            List<Double> l = o.curve(Metrics.ROBUSTNESS_LEVELS);
            if (l.isEmpty()
                    || o.curve(Metrics.ROBUSTNESS_ACCURACY).size() != l.size()
                    || o.curve(Metrics.ROBUSTNESS_RECALL).size() != l.size()) {
                continue;
            }
            if (levels == null) {
                levels = l;
            }
            if (l.equals(levels)) {
                with.add(o);
            }
        }
        if (levels == null) {
            return null;
        }
        List<MetricSummary> accuracy = new ArrayList<>(), recall = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            final int level = i;
            accuracy.add(MetricSummary.of(with.stream()
                    .mapToDouble(o -> o.curve(Metrics.ROBUSTNESS_ACCURACY).get(level))
                    .toArray()));
            recall.add(MetricSummary.of(with.stream()
                    .mapToDouble(o -> o.curve(Metrics.ROBUSTNESS_RECALL).get(level))
                    .toArray()));
        }
        return new RobustnessSummary(levels, accuracy, recall);
    }
}
