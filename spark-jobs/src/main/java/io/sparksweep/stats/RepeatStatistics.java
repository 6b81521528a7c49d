package io.sparksweep.stats;

import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns trial rows into one summary row per configuration. A pure function: no I/O, no Spark.
 * Only OK trials enter the statistics; diverged and failed ones are counted, and stopped ones give
 * the configuration's {@link RungValue} from their curves.
 */
public final class RepeatStatistics {

    private RepeatStatistics() {}

    public static List<ConfigSummary> summarize(List<TrialResult> trials) {
        Map<String, List<TrialResult>> byConfig = new LinkedHashMap<>();
        trials.stream()
                .sorted(Comparator.comparing((TrialResult t) -> t.spec().configId())
                        .thenComparingInt(t -> t.spec().repeat()))
                .forEach(t -> byConfig.computeIfAbsent(t.spec().configId(), k -> new ArrayList<>())
                        .add(t));

        String rankedOn = rankMetric(trials);
        Set<String> declaredColumns = new TreeSet<>();
        trials.forEach(t -> declaredColumns.addAll(t.outcome().declaredMetrics().keySet()));
        List<ConfigSummary> unranked = new ArrayList<>();
        Map<String, double[]> accuracies = new LinkedHashMap<>();
        for (List<TrialResult> group : byConfig.values()) {
            List<TrialOutcome> ok = group.stream()
                    .map(TrialResult::outcome)
                    .filter(o -> o.status() == TrialStatus.OK)
                    .toList();
            TrialResult first = group.get(0);
            Map<String, MetricSummary> extra = new LinkedHashMap<>();
            for (String m : Metrics.EXTRA) {
                if (ok.stream().anyMatch(o -> o.metric(m) != null)) {
                    extra.put(m, MetricSummary.of(values(ok, o -> o.metric(m))));
                }
            }
            // a user network's declared metrics: every column any trial of the sweep has, so that each
            // configuration's row has it (null statistics where no OK repeat measured it)
            Map<String, MetricSummary> declared = new LinkedHashMap<>();
            for (String column : declaredColumns) {
                declared.put(column, MetricSummary.of(values(ok, o -> o.declaredMetric(column))));
            }
            ConfigSummary s = new ConfigSummary(
                    first.spec().sweep(),
                    first.spec().configId(),
                    first.spec().config(),
                    group.size(),
                    ok.size(),
                    count(group, TrialStatus.DIVERGED),
                    count(group, TrialStatus.FAILED),
                    MetricSummary.of(values(ok, TrialOutcome::testAccuracy)),
                    MetricSummary.of(values(ok, TrialOutcome::testLoss)),
                    MetricSummary.of(values(ok, TrialOutcome::bestTestAccuracy)),
                    null,
                    null,
                    extra,
                    rankedOn,
                    RobustnessSummary.of(ok),
                    lastRung(group, rankedOn),
                    declared);
            accuracies.put(
                    first.spec().configId(),
                    values(ok, o -> rankedOn.equals(Metrics.TEST_ACCURACY) ? o.testAccuracy() : o.metric(rankedOn)));
            unranked.add(s);
        }
        return rank(unranked, accuracies);
    }

    /**
     * What the ranking orders by. With a validation part, the validation metric: choosing the best
     * configuration on the test set would make its test figure an optimistic estimate. Regression
     * ranks on RMSE (lower is better), an autoencoder on its reconstruction loss of the clean images
     * (lower is better: the same inputs for every noise level), classification on accuracy.
     */
    public static String rankMetric(List<TrialResult> trials) {
        // from the curves: a sweep whose trials were all stopped early has no final values
        if (trials.stream().anyMatch(t -> has(t, Metrics.RECONSTRUCTION_LOSS))) {
            return trials.stream().anyMatch(t -> has(t, Metrics.VALIDATION_RECONSTRUCTION_LOSS))
                    ? Metrics.VALIDATION_RECONSTRUCTION_LOSS
                    : Metrics.RECONSTRUCTION_LOSS;
        }
        boolean regression = trials.stream().anyMatch(t -> has(t, Metrics.TEST_RMSE));
        boolean validation =
                trials.stream().anyMatch(t -> has(t, Metrics.VALIDATION_ACCURACY) || has(t, Metrics.VALIDATION_RMSE));
        if (regression) {
            return validation ? Metrics.VALIDATION_RMSE : Metrics.TEST_RMSE;
        }
        return validation ? Metrics.VALIDATION_ACCURACY : Metrics.TEST_ACCURACY;
    }

    /** Ranks in {@link Ranking#ORDER}; configurations without an OK trial get no rank and go last. */
    static List<ConfigSummary> rank(List<ConfigSummary> summaries, Map<String, double[]> accuracies) {
        List<ConfigSummary> sorted = new ArrayList<>(summaries);
        sorted.sort(Ranking.ORDER);
        Function<ConfigSummary, Double> mean =
                s -> s.rankMetric() == null ? null : s.rankMetric().mean();
        List<ConfigSummary> ranked = new ArrayList<>();
        double[] best = sorted.isEmpty() || mean.apply(sorted.get(0)) == null
                ? null
                : accuracies.get(sorted.get(0).configId());
        int rank = 0;
        for (ConfigSummary s : sorted) {
            Integer r = mean.apply(s) == null ? null : ++rank;
            Double p = r == null || r == 1 || best == null ? null : welchPValue(best, accuracies.get(s.configId()));
            ranked.add(new ConfigSummary(
                    s.sweep(),
                    s.configId(),
                    s.config(),
                    s.nTrials(),
                    s.nOk(),
                    s.nDiverged(),
                    s.nFailed(),
                    s.testAccuracy(),
                    s.testLoss(),
                    s.bestTestAccuracy(),
                    r,
                    p,
                    s.metrics(),
                    s.rankedOn(),
                    s.robustness(),
                    s.lastRung(),
                    s.declaredMetrics()));
        }
        return ranked;
    }

    /**
     * Two-sided Welch (unequal variances) t-test p-value of two samples, or null with fewer than two
     * values on either side. Two constant samples: 1 if they are equal, else 0.
     */
    public static Double welchPValue(double[] a, double[] b) {
        if (a == null || b == null || a.length < 2 || b.length < 2) {
            return null;
        }
        Variance variance = new Variance();
        if (variance.evaluate(a) == 0 && variance.evaluate(b) == 0) {
            return new Mean().evaluate(a) == new Mean().evaluate(b) ? 1.0 : 0.0;
        }
        return new TTest().tTest(a, b);
    }

    private static boolean has(TrialResult t, String metric) {
        return !t.outcome().curve(metric).isEmpty();
    }

    /** The last epoch every stopped repeat trained, and the metric's values there; null without a stopped repeat. */
    static RungValue lastRung(List<TrialResult> group, String metric) {
        List<List<Double>> curves = group.stream()
                .filter(t -> t.outcome().status() == TrialStatus.STOPPED)
                .map(t -> t.outcome().curveOf(metric))
                .toList();
        int epoch = curves.stream().mapToInt(List::size).min().orElse(0);
        if (epoch == 0) {
            return null; // none stopped, or read without curves
        }
        double[] values = curves.stream()
                .map(c -> c.get(epoch - 1))
                .filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue)
                .toArray();
        return new RungValue(epoch, MetricSummary.of(values));
    }

    private static int count(List<TrialResult> group, TrialStatus status) {
        return (int) group.stream().filter(t -> t.outcome().status() == status).count();
    }

    private static double[] values(List<TrialOutcome> ok, Function<TrialOutcome, Double> metric) {
        return ok.stream()
                .map(metric)
                .filter(v -> v != null && Double.isFinite(v))
                .mapToDouble(Double::doubleValue)
                .toArray();
    }
}
