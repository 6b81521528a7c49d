package io.sparksweep.stats;

import io.sparksweep.trial.Metrics;

import java.util.Comparator;

/**
 * The order of the ranked table and of summary/'s {@code rank}: configurations whose repeats all
 * ended OK first; the others after them, by their share of OK repeats; within each group, the
 * higher mean test accuracy first. A configuration that diverged once ranks below every one that
 * always trained, however good the mean of its surviving repeats: that mean is over the lucky
 * seeds only. Configurations with no OK repeat have no mean and no rank, and come last.
 */
public final class Ranking {

    public static final String EXPLANATION = "Configurations whose repeats all ended OK rank first; the others follow, "
            + "ordered by their share of OK repeats, then by the mean of the ranking metric (test accuracy; validation accuracy with a validation part; RMSE, lowest first, for regression; reconstruction loss of the clean test images, lowest first, for an autoencoder).";

    public static final Comparator<ConfigSummary> ORDER = Comparator.comparing(
                    (ConfigSummary s) -> score(s) == null) // no mean: last
            .thenComparing(Ranking::allOk, Comparator.reverseOrder())
            .thenComparing(Ranking::okShare, Comparator.reverseOrder())
            .thenComparing(Ranking::score, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(ConfigSummary::configId);

    private Ranking() {}

    /**
     * The mean of the metric the summary ranks on ({@link ConfigSummary#rankedOn}: validation with a
     * validation part, RMSE for regression), negated where lower is better, so higher is always better.
     */
    static Double score(ConfigSummary s) {
        MetricSummary m = s.rankMetric();
        if (m == null || m.mean() == null) {
            return null;
        }
        return Metrics.lowerIsBetter(s.rankedOn()) ? -m.mean() : m.mean();
    }

    public static boolean allOk(ConfigSummary s) {
        return s.nTrials() > 0 && s.nOk() == s.nTrials();
    }

    public static double okShare(ConfigSummary s) {
        return s.nTrials() == 0 ? 0 : (double) s.nOk() / s.nTrials();
    }
}
