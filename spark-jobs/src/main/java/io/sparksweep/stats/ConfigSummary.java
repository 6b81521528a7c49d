package io.sparksweep.stats;

import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One row of {@code summary/}: a configuration and the statistics over its repeats.
 * {@code pValueVsBest}: two-sided Welch t-test of this configuration's test accuracies against the
 * best-ranked one's (of the ranking metric's values); null for the best itself or with fewer than two OK repeats on either side.
 * {@code metrics}: the validation and regression metrics the trials have ({@link Metrics#EXTRA});
 * {@code rankedOn}: the metric the rank orders by (validation metrics when there is a validation part).
 * {@code robustness}: per noise level of the sweep's robustness block, or null without one.
 * {@code lastRung}: where early stopping left its stopped repeats; null when none was stopped.
 * {@code declaredMetrics}: a user network's declared metrics by column ({@code val_<name>},
 * {@code test_<name>}), over the OK repeats; empty for built-in sweeps.
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
        Map<String, MetricSummary> declaredMetrics,
        RaceStanding race)
        implements Serializable {

    public ConfigSummary {
        metrics = Map.copyOf(metrics);
        declaredMetrics = Collections.unmodifiableMap(new TreeMap<>(declaredMetrics));
    }

    /** A summary without declared metrics: a built-in sweep's. */
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
                Map.of(),
                null);
    }

    /** A configuration of a sweep without racing, with a user network's declared metrics. */
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
            RungValue lastRung,
            Map<String, MetricSummary> declaredMetrics) {
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
                declaredMetrics,
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
                declaredMetrics,
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

    /**
     * The declared-metric columns these summaries have, as the table and the report show them: each
     * declared metric's {@code val_} then {@code test_} column, in declaration order; then any column
     * without a declaration (a report of results whose plan.json is missing), by metric name.
     */
    public static List<String> declaredColumns(List<ConfigSummary> summaries, List<DeclaredMetric> declared) {
        Set<String> present = new TreeSet<>();
        summaries.forEach(s -> present.addAll(s.declaredMetrics().keySet()));
        List<String> out = new ArrayList<>();
        for (DeclaredMetric m : declared) {
            for (String column : List.of(m.validationColumn(), m.testColumn())) {
                if (present.remove(column)) {
                    out.add(column);
                }
            }
        }
        List<String> rest = new ArrayList<>(present);
        rest.sort(Comparator.comparing((String c) -> c.substring(c.indexOf('_') + 1))
                .thenComparing(c -> !c.startsWith(DeclaredMetric.VALIDATION_PREFIX)));
        out.addAll(rest);
        return out;
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
