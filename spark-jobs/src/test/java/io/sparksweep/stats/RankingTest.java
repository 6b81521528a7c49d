package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Honest ranking: a configuration with a diverged or failed repeat never ranks above one whose repeats
 * all trained; configurations stopped early follow the finished ones by the rung they reached.
 */
class RankingTest {

    @Test
    void allOkFirstThenShareOfOkRepeatsThenMean() {
        List<TrialResult> trials = new ArrayList<>();
        add(trials, "lucky", TrialStatus.OK, 0.99, TrialStatus.DIVERGED, null); // 1/2, best surviving mean
        add(trials, "steady", TrialStatus.OK, 0.80, TrialStatus.OK, 0.82); // 2/2, mediocre
        add(trials, "good", TrialStatus.OK, 0.90, TrialStatus.OK, 0.92); // 2/2
        add(trials, "failedOnce", TrialStatus.OK, 0.95, TrialStatus.FAILED, null); // 1/2
        add(trials, "twoOfThree", TrialStatus.OK, 0.85, TrialStatus.OK, 0.86, TrialStatus.DIVERGED, null); // 2/3
        add(trials, "none", TrialStatus.DIVERGED, null, TrialStatus.FAILED, null); // 0/2

        List<ConfigSummary> s = RepeatStatistics.summarize(trials);
        assertEquals(
                List.of("good", "steady", "twoOfThree", "lucky", "failedOnce", "none"),
                s.stream().map(ConfigSummary::configId).toList());
        assertEquals(
                List.of(1, 2, 3, 4, 5),
                s.stream().map(ConfigSummary::rank).limit(5).toList(),
                "summary/'s rank column follows the same order");
        assertNull(s.get(5).rank(), "no OK repeat, no rank");
        assertNull(s.get(0).pValueVsBest(), "p-values are against rank 1");
    }

    @Test
    void equalMeansAreOrderedByConfigIdEachWithARankOfItsOwn() {
        List<TrialResult> trials = new ArrayList<>();
        // means exactly 0.625 (binary fractions), whatever the order of the repeats
        add(trials, "c2", TrialStatus.OK, 0.625, TrialStatus.OK, 0.625);
        add(trials, "b1", TrialStatus.OK, 0.75, TrialStatus.OK, 0.5);
        add(trials, "a3", TrialStatus.OK, 0.5, TrialStatus.OK, 0.75);
        add(trials, "z0", TrialStatus.OK, 0.75, TrialStatus.OK, 0.75);

        List<ConfigSummary> s = RepeatStatistics.summarize(trials);
        assertEquals(
                List.of("z0", "a3", "b1", "c2"),
                s.stream().map(ConfigSummary::configId).toList());
        assertEquals(List.of(1, 2, 3, 4), s.stream().map(ConfigSummary::rank).toList());
        // summarize meets the configurations in config_id order already; the order itself must not need that
        List<ConfigSummary> reversed = new ArrayList<>(s);
        Collections.reverse(reversed);
        reversed.sort(Ranking.ORDER);
        assertEquals(
                List.of("z0", "a3", "b1", "c2"),
                reversed.stream().map(ConfigSummary::configId).toList());
    }

    @Test
    void stoppedConfigurationsFollowTheFinishedByTheirRungThenTheirMeanThere() {
        String acc = Metrics.TEST_ACCURACY;
        List<TrialResult> trials = new ArrayList<>();
        both(trials, "finished", TrialStatus.OK, acc, 0.90, 0.95, 0.96);
        trials.add(EarlyStoppedTrials.trial("partly", config(0.2), 0, TrialStatus.OK, acc, 0.92, 0.97, 0.99));
        trials.add(EarlyStoppedTrials.trial("partly", config(0.2), 1, TrialStatus.DIVERGED, acc, 0.9));
        both(trials, "deep", TrialStatus.STOPPED, acc, 0.90, 0.91);
        both(trials, "deepBetter", TrialStatus.STOPPED, acc, 0.90, 0.93);
        both(trials, "shallowGreat", TrialStatus.STOPPED, acc, 0.98); // best value, but stopped at the first rung
        trials.add(EarlyStoppedTrials.trial("deepDiverged", config(0.6), 0, TrialStatus.STOPPED, acc, 0.95, 0.99));
        trials.add(EarlyStoppedTrials.trial("deepDiverged", config(0.6), 1, TrialStatus.DIVERGED, acc, 0.5));
        trials.add(EarlyStoppedTrials.trial("never", config(0.7), 0, TrialStatus.FAILED, acc));
        trials.add(EarlyStoppedTrials.trial("never", config(0.7), 1, TrialStatus.DIVERGED, acc));

        List<ConfigSummary> s = RepeatStatistics.summarize(trials);
        assertEquals(
                List.of("finished", "partly", "deepBetter", "deep", "shallowGreat", "deepDiverged", "never"),
                s.stream().map(ConfigSummary::configId).toList());
        assertEquals(
                Arrays.asList(1, 2, null, null, null, null, null),
                s.stream().map(ConfigSummary::rank).toList(),
                "stopped configurations stay unranked: summary/'s rank keeps its meaning");
        ConfigSummary deepBetter = s.get(2);
        assertTrue(Ranking.stoppedEarly(deepBetter));
        assertEquals(2, deepBetter.lastRung().epoch());
        assertEquals(0.93, deepBetter.lastRung().value().mean(), 1e-12);
        assertEquals(2, deepBetter.lastRung().value().n());
        assertEquals(0.0, deepBetter.lastRung().value().std(), 1e-12);
        assertNull(s.get(0).lastRung(), "no stopped repeat, no rung");
        assertFalse(Ranking.stoppedEarly(s.get(0)));
        assertFalse(Ranking.stoppedEarly(s.get(6)), "failed throughout: not stopped early");
        assertTrue(Ranking.stoppedEarly(s.get(5)), "stopped early, with a diverged repeat");
    }

    @Test
    void stoppedConfigurationsOfALowerIsBetterMetricPutTheLowestFirst() {
        String rmse = Metrics.TEST_RMSE;
        List<TrialResult> trials = new ArrayList<>();
        both(trials, "finished", TrialStatus.OK, rmse, 3.0, 2.0, 1.5);
        both(trials, "high", TrialStatus.STOPPED, rmse, 3.0, 2.5);
        both(trials, "low", TrialStatus.STOPPED, rmse, 3.0, 2.2);
        both(trials, "lowest", TrialStatus.STOPPED, rmse, 1.0); // stopped at the first rung: after the deeper ones

        List<ConfigSummary> s = RepeatStatistics.summarize(trials);
        assertEquals(rmse, s.get(0).rankedOn());
        assertEquals(
                List.of("finished", "low", "high", "lowest"),
                s.stream().map(ConfigSummary::configId).toList());
    }

    @Test
    void aSweepWhoseTrialsWereAllStoppedStillRanksOnItsValidationMetric() {
        List<TrialResult> trials = new ArrayList<>();
        both(trials, "a", TrialStatus.STOPPED, Metrics.VALIDATION_ACCURACY, 0.8);
        both(trials, "b", TrialStatus.STOPPED, Metrics.VALIDATION_ACCURACY, 0.9);
        List<ConfigSummary> s = RepeatStatistics.summarize(trials);
        assertEquals(Metrics.VALIDATION_ACCURACY, s.get(0).rankedOn(), "read from the curves");
        assertEquals(List.of("b", "a"), s.stream().map(ConfigSummary::configId).toList());
    }

    /** Two repeats of a configuration with the same curve. */
    private static void both(List<TrialResult> trials, String id, TrialStatus status, String metric, double... curve) {
        Config c = config(id.length() / 10.0);
        trials.add(EarlyStoppedTrials.trial(id, c, 0, status, metric, curve));
        trials.add(EarlyStoppedTrials.trial(id, c, 1, status, metric, curve));
    }

    private static Config config(double lr) {
        return EarlyStoppedTrials.config(lr);
    }

    private static void add(List<TrialResult> trials, String config, Object... statusAndAccuracy) {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, h.defaultValue());
        }
        for (int r = 0; r < statusAndAccuracy.length / 2; r++) {
            TrialStatus status = (TrialStatus) statusAndAccuracy[2 * r];
            Double acc = (Double) statusAndAccuracy[2 * r + 1];
            TrialSpec spec = new TrialSpec("s", config + "-r" + r, config, r, r, new Config(values), 1);
            TrialOutcome o = new TrialOutcome(
                    status,
                    null,
                    acc,
                    acc == null ? null : 1 - acc,
                    acc,
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    1.0,
                    0.1,
                    10L,
                    "fast-dense",
                    Map.of());
            trials.add(new TrialResult(
                    spec, o, "h", "0", 0, 0L, 1L, new Provenance("v", "17", "3.5", "m2", "b", "x", "y")));
        }
    }
}
