package io.sparksweep.stats;

import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import java.util.List;

/**
 * Every configuration that trained, summarized as it stood at the deepest epoch all of them reached:
 * how an early-stopping sweep compares like with like, when its values are otherwise at different
 * epochs. Under ASHA or the median rule that is the first rung. Pure.
 *
 * @param epoch   the epoch compared at
 * @param summary one row per configuration: statistics over the repeats OK or stopped at that epoch
 *                (counted OK there), ranked by them; diverged and failed repeats as in the summary
 */
public record CommonEpoch(int epoch, List<ConfigSummary> summary) {

    /**
     * The comparison, or null when a trial OK or stopped has no curve of the ranking metric (none
     * trained, or the rows were read without their curves).
     */
    public static CommonEpoch of(List<TrialResult> trials) {
        String metric = RepeatStatistics.rankMetric(trials);
        int epoch = trials.stream()
                .filter(CommonEpoch::trained)
                .mapToInt(t -> t.outcome().curveOf(metric).size())
                .min()
                .orElse(0);
        if (epoch == 0) {
            return null;
        }
        List<TrialResult> asOf = trials.stream()
                .map(t -> trained(t)
                        ? new TrialResult(
                                t.spec(),
                                t.outcome().asOfEpoch(epoch),
                                t.host(),
                                t.executorId(),
                                t.attempt(),
                                t.startMillis(),
                                t.endMillis(),
                                t.provenance())
                        : t)
                .toList();
        return new CommonEpoch(epoch, RepeatStatistics.summarize(asOf));
    }

    private static boolean trained(TrialResult t) {
        return t.outcome().status() == TrialStatus.OK || t.outcome().status() == TrialStatus.STOPPED;
    }
}
