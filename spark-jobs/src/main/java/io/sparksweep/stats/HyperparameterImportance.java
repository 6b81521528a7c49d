package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which searched hyperparameters mattered: for each, the share of the variance of the
 * configurations' mean test accuracies that grouping the configurations by that hyperparameter
 * alone explains — epsilon squared of a one-way ANOVA, (SS_between − (k − 1)·MS_within) / SS_total,
 * which unlike eta squared does not grow just because there are more groups, clipped to [0, 1].
 * Numbers with more than {@link #MAX_GROUPS} distinct values (random searches) are cut into
 * equal-count bins of neighbouring values. A simple, marginal measure (Optuna's default, fANOVA,
 * also attributes interactions): a hyperparameter that matters only together with another shows
 * little here, and the shares need not sum to 1.
 */
public final class HyperparameterImportance {

    /** At most this many groups per hyperparameter; more distinct numbers are binned. */
    static final int MAX_GROUPS = 6;
    /** With fewer configurations with a mean there is no estimate. */
    static final int MIN_CONFIGS = 4;

    public record Estimate(Hyperparameter hyperparameter, double share, int groups) {}

    private HyperparameterImportance() {}

    /** One estimate per searched hyperparameter, most important first; empty when there are too few configurations. */
    public static List<Estimate> of(List<ConfigSummary> summary, List<Hyperparameter> searched) {
        // the ranking metric: validation accuracy, RMSE, ... (test accuracy without a validation part)
        List<ConfigSummary> rated = summary.stream()
                .filter(s -> s.rankMetric() != null && s.rankMetric().mean() != null)
                .toList();
        List<Estimate> out = new ArrayList<>();
        if (rated.size() < MIN_CONFIGS) {
            return out;
        }
        double[] y = rated.stream().mapToDouble(s -> s.rankMetric().mean()).toArray();
        for (Hyperparameter h : searched) {
            int[] group = groups(rated, h);
            int k = 0;
            for (int g : group) {
                k = Math.max(k, g + 1);
            }
            if (k >= 2 && k < y.length) {
                out.add(new Estimate(h, epsilonSquared(y, group, k), k));
            }
        }
        out.sort(Comparator.comparingDouble(Estimate::share).reversed());
        return out;
    }

    /** Group index of each configuration: its value, or for many distinct numbers its equal-count bin. */
    static int[] groups(List<ConfigSummary> rated, Hyperparameter h) {
        List<Object> values = rated.stream().map(s -> s.config().get(h)).toList();
        List<Object> distinct = values.stream().distinct().toList();
        boolean numeric = values.get(0) instanceof Number;
        Map<Object, Integer> index = new HashMap<>();
        if (numeric && distinct.size() > MAX_GROUPS) {
            List<Object> sorted = values.stream()
                    .sorted(Comparator.comparingDouble(v -> ((Number) v).doubleValue()))
                    .toList();
            int bins = Math.max(2, Math.min(MAX_GROUPS - 1, values.size() / 4));
            for (int i = 0; i < sorted.size(); i++) {
                index.putIfAbsent(sorted.get(i), i * bins / sorted.size()); // ties share the first one's bin
            }
        } else {
            for (Object v : distinct) {
                index.put(v, index.size());
            }
        }
        // renumber so the groups in use are 0..k-1
        Map<Integer, Integer> dense = new HashMap<>();
        int[] g = new int[values.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = dense.computeIfAbsent(index.get(values.get(i)), x -> dense.size());
        }
        return g;
    }

    static double epsilonSquared(double[] y, int[] group, int k) {
        int n = y.length;
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        double[] sum = new double[k];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            sum[group[i]] += y[i];
            count[group[i]]++;
        }
        double total = 0, between = 0;
        for (double v : y) {
            total += (v - mean) * (v - mean);
        }
        for (int g = 0; g < k; g++) {
            double gm = sum[g] / count[g];
            between += count[g] * (gm - mean) * (gm - mean);
        }
        if (total <= 0) {
            return 0;
        }
        double msWithin = (total - between) / (n - k);
        return Math.max(0, Math.min(1, (between - (k - 1) * msWithin) / total));
    }
}
