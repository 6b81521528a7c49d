package io.sparksweep.stats;

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
import java.util.function.Function;

/**
 * Turns trial rows into one summary row per configuration. A pure function: no I/O, no Spark.
 * Only OK trials enter the statistics; diverged and failed ones are counted.
 */
public final class RepeatStatistics {

    private RepeatStatistics() {
    }

    public static List<ConfigSummary> summarize(List<TrialResult> trials) {
        Map<String, List<TrialResult>> byConfig = new LinkedHashMap<>();
        trials.stream()
                .sorted(Comparator.comparing((TrialResult t) -> t.spec().configId()).thenComparingInt(t -> t.spec().repeat()))
                .forEach(t -> byConfig.computeIfAbsent(t.spec().configId(), k -> new ArrayList<>()).add(t));

        List<ConfigSummary> unranked = new ArrayList<>();
        Map<String, double[]> accuracies = new LinkedHashMap<>();
        for (List<TrialResult> group : byConfig.values()) {
            List<TrialOutcome> ok = group.stream().map(TrialResult::outcome)
                    .filter(o -> o.status() == TrialStatus.OK).toList();
            TrialResult first = group.get(0);
            accuracies.put(first.spec().configId(), values(ok, TrialOutcome::testAccuracy));
            unranked.add(new ConfigSummary(first.spec().sweep(), first.spec().configId(), first.spec().config(),
                    group.size(), ok.size(), count(group, TrialStatus.DIVERGED), count(group, TrialStatus.FAILED),
                    MetricSummary.of(values(ok, TrialOutcome::testAccuracy)),
                    MetricSummary.of(values(ok, TrialOutcome::testLoss)),
                    MetricSummary.of(values(ok, TrialOutcome::bestTestAccuracy)),
                    null, null));
        }
        return rank(unranked, accuracies);
    }

    /** Ranks in {@link Ranking#ORDER}; configurations without an OK trial get no rank and go last. */
    static List<ConfigSummary> rank(List<ConfigSummary> summaries, Map<String, double[]> accuracies) {
        List<ConfigSummary> sorted = new ArrayList<>(summaries);
        sorted.sort(Ranking.ORDER);
        List<ConfigSummary> ranked = new ArrayList<>();
        double[] best = sorted.isEmpty() || sorted.get(0).testAccuracy().mean() == null ? null
                : accuracies.get(sorted.get(0).configId());
        int rank = 0;
        for (ConfigSummary s : sorted) {
            Integer r = s.testAccuracy().mean() == null ? null : ++rank;
            Double p = r == null || r == 1 || best == null ? null : welchPValue(best, accuracies.get(s.configId()));
            ranked.add(new ConfigSummary(s.sweep(), s.configId(), s.config(), s.nTrials(), s.nOk(), s.nDiverged(),
                    s.nFailed(), s.testAccuracy(), s.testLoss(), s.bestTestAccuracy(), r, p));
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

    private static int count(List<TrialResult> group, TrialStatus status) {
        return (int) group.stream().filter(t -> t.outcome().status() == status).count();
    }

    private static double[] values(List<TrialOutcome> ok, Function<TrialOutcome, Double> metric) {
        return ok.stream().map(metric).filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).toArray();
    }
}
