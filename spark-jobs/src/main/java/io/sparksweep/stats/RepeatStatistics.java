package io.sparksweep.stats;

import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

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
        for (List<TrialResult> group : byConfig.values()) {
            List<TrialOutcome> ok = group.stream().map(TrialResult::outcome)
                    .filter(o -> o.status() == TrialStatus.OK).toList();
            TrialResult first = group.get(0);
            unranked.add(new ConfigSummary(first.spec().sweep(), first.spec().configId(), first.spec().config(),
                    group.size(), ok.size(), count(group, TrialStatus.DIVERGED), count(group, TrialStatus.FAILED),
                    MetricSummary.of(values(ok, TrialOutcome::testAccuracy)),
                    MetricSummary.of(values(ok, TrialOutcome::testLoss)),
                    MetricSummary.of(values(ok, TrialOutcome::bestTestAccuracy)),
                    null));
        }
        return rank(unranked);
    }

    /** Rank 1 = highest mean test accuracy; configurations without an OK trial get no rank and go last. */
    static List<ConfigSummary> rank(List<ConfigSummary> summaries) {
        List<ConfigSummary> sorted = new ArrayList<>(summaries);
        sorted.sort(Comparator.comparing((ConfigSummary s) -> s.testAccuracy().mean(),
                        Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ConfigSummary::configId));
        List<ConfigSummary> ranked = new ArrayList<>();
        int rank = 0;
        for (ConfigSummary s : sorted) {
            Integer r = s.testAccuracy().mean() == null ? null : ++rank;
            ranked.add(new ConfigSummary(s.sweep(), s.configId(), s.config(), s.nTrials(), s.nOk(), s.nDiverged(),
                    s.nFailed(), s.testAccuracy(), s.testLoss(), s.bestTestAccuracy(), r));
        }
        return ranked;
    }

    private static int count(List<TrialResult> group, TrialStatus status) {
        return (int) group.stream().filter(t -> t.outcome().status() == status).count();
    }

    private static double[] values(List<TrialOutcome> ok, Function<TrialOutcome, Double> metric) {
        return ok.stream().map(metric).filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue).toArray();
    }
}
