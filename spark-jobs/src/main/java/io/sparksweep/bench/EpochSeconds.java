package io.sparksweep.bench;

import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialResult;

import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.hadoop.conf.Configuration;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * For deploy/seed-benchmark.sh and deploy/fit-benchmark.sh: one line per stored trial of a sweep
 * folder — the median of its epochs' training seconds after the first (the first carries one-time
 * warm-up), its headline test figure after the last epoch (accuracy; a regression's RMSE; an
 * autoencoder's reconstruction loss), the trainer that ran it, and every epoch's seconds (comma-separated,
 * for deploy/seed-benchmark.sh --runs, which compares one epoch across identical runs).
 */
public final class EpochSeconds {

    private EpochSeconds() {}

    public static void main(String[] args) {
        for (TrialResult t : SweepOutput.ofFolder(args[0], new Configuration()).readTrials()) {
            List<Double> epochs = t.outcome().epochSeconds();
            double[] later = epochs.subList(Math.min(1, epochs.size() - 1), epochs.size()).stream()
                    .mapToDouble(d -> d)
                    .toArray();
            System.out.printf(
                    Locale.ROOT,
                    "%s %.4f %s %s %s%n",
                    t.spec().trialId(),
                    new Median().evaluate(later),
                    headline(t),
                    t.outcome().trainer(),
                    epochs.stream()
                            .map(d -> String.format(Locale.ROOT, "%.4f", d))
                            .collect(Collectors.joining(",")));
        }
    }

    private static Object headline(TrialResult t) {
        Double rmse = t.outcome().metric(Metrics.TEST_RMSE);
        if (rmse != null) {
            return rmse;
        }
        Double reconstruction = t.outcome().metric(Metrics.RECONSTRUCTION_LOSS);
        return reconstruction != null ? reconstruction : t.outcome().testAccuracy();
    }
}
