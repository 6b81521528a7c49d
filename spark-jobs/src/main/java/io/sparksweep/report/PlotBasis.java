package io.sparksweep.report;

import io.sparksweep.stats.CommonEpoch;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.Ranking;
import io.sparksweep.trial.TrialResult;

import java.util.List;
import java.util.Locale;

/**
 * What the effect plots, parallel coordinates and importance compare. Usually the ranked
 * configurations, at the last epoch. Under early stopping, when few finished — fewer than
 * {@link #MIN_FINISHED}, or fewer than half of those that trained — the finished ones are the
 * scheduler's few survivors, chosen for being good early: too few and too selected to show what the
 * hyperparameters do. Then every configuration that trained is compared at the deepest epoch all of
 * them reached ({@link CommonEpoch}), and the page says so. Not at each one's last rung: those values
 * are after different numbers of epochs, which the scheduler chose from the same hyperparameters, so
 * the plots and the importance would credit them with the extra training.
 *
 * @param summary  the configurations as the plots draw them, with the statistics and ranks they are drawn by
 * @param epoch    the epoch compared at, or null for the usual (each one's last)
 * @param headline what is compared and why, for the page; null for the usual
 */
record PlotBasis(List<ConfigSummary> summary, Integer epoch, String headline) {

    /** With fewer finished configurations (or fewer than half), early-stopping sweeps compare at a common epoch. */
    static final int MIN_FINISHED = 5;

    static PlotBasis of(List<ConfigSummary> summary, List<TrialResult> trials) {
        long finished = summary.stream().filter(s -> s.rank() != null).count();
        List<ConfigSummary> stopped =
                summary.stream().filter(Ranking::stoppedEarly).toList();
        long trained = finished + stopped.size();
        if (stopped.isEmpty() || (finished >= MIN_FINISHED && 2 * finished >= trained)) {
            return new PlotBasis(summary, null, null);
        }
        CommonEpoch common = CommonEpoch.of(trials);
        if (common == null) {
            return new PlotBasis(summary, null, null);
        }
        int lowest = stopped.stream().mapToInt(s -> s.lastRung().epoch()).min().orElseThrow();
        int highest = stopped.stream().mapToInt(s -> s.lastRung().epoch()).max().orElseThrow();
        long compared = common.summary().stream().filter(s -> s.rank() != null).count();
        String headline = String.format(
                Locale.ROOT,
                "%d configurations compared at epoch %d, the deepest epoch all of them reached: %s finished, and "
                        + "early stopping left %d at a rung (after epoch %s).",
                compared,
                common.epoch(),
                finished == 0 ? "none" : "only " + finished,
                stopped.size(),
                lowest == highest ? String.valueOf(lowest) : lowest + "–" + highest);
        return new PlotBasis(common.summary(), common.epoch(), headline);
    }

    /** The note above the plots; null for the usual. */
    String note() {
        return headline == null
                ? null
                : headline + " Means, ranks and colours in the plots are at epoch " + epoch
                        + "; the table above has each configuration at the last epoch it reached.";
    }

    /** The note above the importance; null for the usual. */
    String importanceNote() {
        return headline == null ? null : headline + " The forests are fitted to their means at epoch " + epoch + ".";
    }

    /** " at epoch 1" for titles and axes when compared at a common epoch, else "". */
    String at() {
        return epoch == null ? "" : " at epoch " + epoch;
    }
}
