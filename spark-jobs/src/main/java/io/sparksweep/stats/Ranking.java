package io.sparksweep.stats;

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
            + "ordered by their share of OK repeats, then by mean test accuracy.";

    public static final Comparator<ConfigSummary> ORDER = Comparator
            .comparing((ConfigSummary s) -> s.testAccuracy().mean() == null) // no mean: last
            .thenComparing(Ranking::allOk, Comparator.reverseOrder())
            .thenComparing(Ranking::okShare, Comparator.reverseOrder())
            .thenComparing(s -> s.testAccuracy().mean(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(ConfigSummary::configId);

    private Ranking() {
    }

    public static boolean allOk(ConfigSummary s) {
        return s.nTrials() > 0 && s.nOk() == s.nTrials();
    }

    public static double okShare(ConfigSummary s) {
        return s.nTrials() == 0 ? 0 : (double) s.nOk() / s.nTrials();
    }
}
