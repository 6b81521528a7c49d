package io.sparksweep.stats;

import io.sparksweep.trial.Metrics;

import java.util.Comparator;

/**
 * The order of the ranked table and of summary/'s {@code rank}: configurations whose repeats all
 * ended OK first; the others after them, by their share of OK repeats; within each group, the
 * higher mean test accuracy first. A configuration that diverged once ranks below every one that
 * always trained, however good the mean of its surviving repeats: that mean is over the lucky
 * seeds only. Configurations with no OK repeat have no mean and no rank, and come after: first those
 * early stopping left at a rung, by the rung (deepest first) and then their mean there (best first;
 * again those with a diverged or failed repeat after the others), then those that never trained.
 * Ties (the same share and exactly the same mean) fall to the config id, ascending, so the order is
 * stable across runs; ranks stay distinct (1, 2, 3), never shared.
 */
public final class Ranking {

    public static final String EXPLANATION = "Configurations whose repeats all ended OK rank first; the others follow, "
            + "ordered by their share of OK repeats, then by the mean of the ranking metric (test accuracy; validation accuracy with a validation part; RMSE, lowest first, for regression; reconstruction loss of the clean test images, lowest first, for an autoencoder). "
            + "Configurations early stopping left at a rung come next, unranked: the deepest rung first, then by their mean of the ranking metric at that rung.";

    public static final Comparator<ConfigSummary> ORDER = Comparator.comparingInt(Ranking::group)
            .thenComparing(Ranking::allOk, Comparator.reverseOrder())
            .thenComparing(Ranking::okShare, Comparator.reverseOrder())
            .thenComparing(Ranking::score, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Ranking::rungEpoch, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Ranking::rungScore, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(ConfigSummary::configId);

    private Ranking() {}

    /** 0: has a mean (ranked); 1: stopped early; 2: stopped early with a diverged or failed repeat; 3: neither. */
    private static int group(ConfigSummary s) {
        if (score(s) != null) {
            return 0;
        }
        if (!stoppedEarly(s)) {
            return 3;
        }
        return s.nDiverged() + s.nFailed() == 0 ? 1 : 2;
    }

    /**
     * The mean of the metric the summary ranks on ({@link ConfigSummary#rankedOn}: validation with a
     * validation part, RMSE for regression), negated where lower is better, so higher is always better.
     */
    static Double score(ConfigSummary s) {
        return directed(s, s.rankMetric());
    }

    private static Integer rungEpoch(ConfigSummary s) {
        return s.lastRung() == null ? null : s.lastRung().epoch();
    }

    /** The same of its mean at the last rung; null without a stopped repeat. */
    static Double rungScore(ConfigSummary s) {
        return s.lastRung() == null ? null : directed(s, s.lastRung().value());
    }

    private static Double directed(ConfigSummary s, MetricSummary m) {
        if (m == null || m.mean() == null) {
            return null;
        }
        return Metrics.lowerIsBetter(s.rankedOn()) ? -m.mean() : m.mean();
    }

    /** No OK repeat, but early stopping left repeats at a rung with a value there: unranked, yet not a failure. */
    public static boolean stoppedEarly(ConfigSummary s) {
        return score(s) == null && rungScore(s) != null;
    }

    public static boolean allOk(ConfigSummary s) {
        return s.nTrials() > 0 && s.nOk() == s.nTrials();
    }

    public static double okShare(ConfigSummary s) {
        return s.nTrials() == 0 ? 0 : (double) s.nOk() / s.nTrials();
    }
}
