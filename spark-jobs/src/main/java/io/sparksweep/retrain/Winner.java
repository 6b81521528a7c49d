package io.sparksweep.retrain;

import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;
import io.sparksweep.util.BadInputException;

import java.util.Comparator;
import java.util.List;

/**
 * Which configuration of a stored sweep to retrain: rank 1 of the sweep's own ranking, or the one
 * {@code --config} names; and the repeat whose seed and provenance the retrained network takes (its
 * first OK repeat). Pure: refusals are one line each.
 *
 * @param summary the configuration's row of the summary
 * @param trial   its first OK repeat
 */
record Winner(ConfigSummary summary, TrialResult trial) {

    /**
     * @param configId the configuration to retrain, or null for the best
     * @param where    the sweep's folder, for the refusals
     */
    static Winner choose(List<ConfigSummary> summary, List<TrialResult> trials, String configId, String where) {
        ConfigSummary chosen;
        if (configId == null) {
            chosen = summary.stream()
                    .filter(s -> s.rank() != null)
                    .min(Comparator.comparing(ConfigSummary::rank))
                    .orElseThrow(() -> new BadInputException(
                            "no configuration of the sweep in " + where + " ended OK: nothing to retrain"));
        } else {
            String id = configId.trim();
            chosen = summary.stream()
                    .filter(s -> s.configId().equals(id))
                    .findFirst()
                    .orElseThrow(() -> new BadInputException("--config " + id + ": no configuration with that id in "
                            + where + " (" + summary.size() + " configurations; summary/ lists their config_id)"));
            if (chosen.rank() == null) {
                throw new BadInputException("--config " + id + ": none of its " + chosen.nTrials()
                        + " trials ended OK (" + chosen.nDiverged() + " diverged, " + chosen.nFailed() + " failed, "
                        + chosen.nStopped() + " stopped early): nothing to retrain");
            }
        }
        TrialResult first = trials.stream()
                .filter(t -> t.spec().configId().equals(chosen.configId())
                        && t.outcome().status() == TrialStatus.OK)
                .min(Comparator.comparingInt(t -> t.spec().repeat()))
                .orElseThrow(); // a ranked configuration has an OK repeat
        return new Winner(chosen, first);
    }
}
