package io.sparksweep.driver;

import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.Ranking;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * While a sweep runs, the final networks in checkpoints/ of configurations that can no longer be
 * among the best {@code keep_models} are deleted, so a sweep holds about {@code keep_models}
 * configurations' networks, not one per trial. {@link KeptModels} still picks the winners at the end.
 *
 * <p>Why this is safe: a configuration's place in {@link Ranking#ORDER} depends on its own trials
 * only (the order is total, ties broken by configuration id), so once all its repeats have ended its
 * rank can only fall as more configurations end. The best {@code keep_models} of the configurations
 * ended so far are kept; one pushed out of them never returns, and its networks go.
 *
 * <p>Only configurations whose every repeat ended in this run are judged: one with repeats stored by
 * an earlier run (a resumed sweep) keeps its networks until the end, as before.
 *
 * <p>Racing: a configuration's repeats are all known only once it is eliminated (it gets no more); one
 * still in the race may get more repeats, which can move it, so it is not judged until the race ends
 * ({@link KeptModels} decides then). An eliminated configuration is judged once its last repeat ended
 * ({@link #settled}).
 */
final class FinalNetworks {

    private final ToIntFunction<String> repeatsOf; // config -> the repeats it ends with; MAX_VALUE while unknown
    private final int keepModels;
    private final Consumer<String> deleteNetworkOf; // by trial id
    private final Map<String, List<TrialResult>> ending = new HashMap<>(); // config -> its ended repeats
    private final List<ConfigSummary> best = new ArrayList<>(); // at most keepModels, in Ranking.ORDER
    private final Map<String, List<TrialResult>> bestTrials = new HashMap<>();

    /**
     * @param repeats         the sweep's repeats per configuration
     * @param keepModels      the sweep's {@code keep_models}; 0 stores no final networks, so nothing to do
     * @param deleteNetworkOf deletes the final network of a trial (quietly, if it is there)
     */
    FinalNetworks(int repeats, int keepModels, Consumer<String> deleteNetworkOf) {
        this(id -> repeats, keepModels, deleteNetworkOf);
    }

    /**
     * @param repeatsOf the repeats a configuration ends with, {@link Integer#MAX_VALUE} while that is not
     *                  known yet (racing: a configuration still in the race)
     */
    FinalNetworks(ToIntFunction<String> repeatsOf, int keepModels, Consumer<String> deleteNetworkOf) {
        this.repeatsOf = repeatsOf;
        this.keepModels = keepModels;
        this.deleteNetworkOf = deleteNetworkOf;
    }

    /**
     * Racing: the configuration was eliminated, so {@code repeatsOf} now knows its repeats; it is judged
     * if they have all ended (and were passed to {@link #ended}).
     */
    void settled(String configId) {
        if (keepModels == 0) {
            return;
        }
        List<TrialResult> group = ending.get(configId);
        if (group != null && group.size() >= repeatsOf.applyAsInt(configId)) {
            judge(ending.remove(configId));
        }
    }

    /** Rows of trials that ended (OK, diverged, failed or stopped), once they are committed. */
    void ended(List<TrialResult> rows) {
        if (keepModels == 0) {
            return;
        }
        for (TrialResult r : rows) {
            List<TrialResult> group = ending.computeIfAbsent(r.spec().configId(), k -> new ArrayList<>());
            group.add(r);
            if (group.size() >= repeatsOf.applyAsInt(r.spec().configId())) {
                judge(ending.remove(r.spec().configId()));
            }
        }
    }

    private void judge(List<TrialResult> group) {
        if (group.stream().noneMatch(t -> t.outcome().status() == TrialStatus.OK)) {
            return; // no mean, no rank, and no final network was written
        }
        ConfigSummary s = RepeatStatistics.summarize(group).get(0);
        best.add(s);
        bestTrials.put(s.configId(), group);
        best.sort(Ranking.ORDER);
        if (best.size() > keepModels) {
            ConfigSummary out = best.remove(best.size() - 1);
            for (TrialResult t : bestTrials.remove(out.configId())) {
                if (t.outcome().status() == TrialStatus.OK) {
                    deleteNetworkOf.accept(t.spec().trialId());
                }
            }
        }
    }
}
