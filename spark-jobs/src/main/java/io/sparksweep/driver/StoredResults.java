package io.sparksweep.driver;

import io.sparksweep.report.SweepReport;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the summary and the report need of the stored trials, and no more: every trial's scalar
 * columns (status, metrics, configuration, times), and per-epoch curves only for the configurations
 * whose learning curves the report draws. At 100 000 trials the curves were most of the rows.
 *
 * @param trials  the stored trials of the sweep
 * @param summary one row per configuration, ranked
 */
public record StoredResults(List<TrialResult> trials, List<ConfigSummary> summary) {

    /** Whole rows of every trial (early-stopping sweeps draw every configuration's curve). */
    public static StoredResults readWhole(SweepOutput output, Predicate<String> keepTrial) {
        List<TrialResult> trials = output.readTrials().stream()
                .filter(t -> keepTrial.test(t.spec().trialId()))
                .toList();
        return new StoredResults(trials, RepeatStatistics.summarize(trials));
    }

    /**
     * Light rows, with whole ones for the learning curves; whole rows of every trial when early
     * stopping stopped some (their summary, rung plot and plots at a common epoch read the curves).
     */
    public static StoredResults read(SweepOutput output, Predicate<String> keepTrial) {
        List<TrialResult> light = output.readTrialsWithoutCurves().stream()
                .filter(t -> keepTrial.test(t.spec().trialId()))
                .toList();
        if (light.stream().anyMatch(t -> t.outcome().status() == TrialStatus.STOPPED)) {
            return readWhole(output, keepTrial);
        }
        List<ConfigSummary> summary = RepeatStatistics.summarize(light);
        Set<String> drawn = summary.stream()
                .filter(s -> s.rank() != null)
                .sorted(Comparator.comparing(ConfigSummary::rank))
                .limit(SweepReport.CURVES)
                .map(ConfigSummary::configId)
                .collect(Collectors.toSet());
        Map<String, TrialResult> whole = output.readTrialsOf(drawn).stream()
                .collect(Collectors.toMap(t -> t.spec().trialId(), Function.identity()));
        List<TrialResult> trials = light.stream()
                .map(t -> whole.getOrDefault(t.spec().trialId(), t))
                .toList();
        return new StoredResults(trials, summary);
    }
}
