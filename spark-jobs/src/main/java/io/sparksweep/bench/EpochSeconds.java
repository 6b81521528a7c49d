package io.sparksweep.bench;

import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;

import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.hadoop.conf.Configuration;

import java.util.List;
import java.util.Locale;

/**
 * For deploy/seed-benchmark.sh: one line per stored trial of a sweep folder — the median of its
 * epochs' training seconds after the first (the first carries one-time warm-up), its test accuracy
 * after the last epoch, and the trainer that ran it.
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
                    "%s %.4f %s %s%n",
                    t.spec().trialId(),
                    new Median().evaluate(later),
                    t.outcome().testAccuracy(),
                    t.outcome().trainer());
        }
    }
}
