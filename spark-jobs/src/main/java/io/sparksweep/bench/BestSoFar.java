package io.sparksweep.bench;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * For deploy/tpe-benchmark.sh: the best mean test accuracy among the first n configurations of a
 * sweep folder to finish (by their last repeat's end time), one line "n best" per configuration, then
 * "work W": the epochs trained times the width, summed over the trials.
 */
public final class BestSoFar {

    private BestSoFar() {}

    public static void main(String[] args) {
        List<TrialResult> trials =
                SweepOutput.ofFolder(args[0], new Configuration()).readTrials();
        Map<String, List<TrialResult>> byConfig = trials.stream()
                .collect(Collectors.groupingBy(t -> t.spec().configId(), LinkedHashMap::new, Collectors.toList()));
        List<List<TrialResult>> order = new ArrayList<>(byConfig.values());
        order.sort(Comparator.comparingLong(
                g -> g.stream().mapToLong(TrialResult::endMillis).max().orElse(0)));
        double best = Double.NaN;
        int n = 0;
        for (List<TrialResult> g : order) {
            n++;
            boolean allOk = g.stream().allMatch(t -> t.outcome().status() == TrialStatus.OK);
            if (allOk) {
                double mean = g.stream()
                        .mapToDouble(t -> t.outcome().testAccuracy())
                        .average()
                        .orElse(Double.NaN);
                best = Double.isNaN(best) ? mean : Math.max(best, mean);
            }
            System.out.printf(Locale.ROOT, "%d %.4f%n", n, best);
        }
        // the compute the sampler chose, to compare walls at unequal choices: a 784-W-10 network's epoch
        // costs about W times a width-1 one, so epochs trained x width
        long work = trials.stream()
                .mapToLong(t -> (long) t.outcome().epochSeconds().size()
                        * ((Number) t.spec().config().get(Hyperparameter.WIDTH)).longValue())
                .sum();
        System.out.printf(Locale.ROOT, "work %d%n", work);
    }
}
