package io.sparksweep.stats;

import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An early-stopping sweep compared like with like: every configuration at the deepest epoch all reached. */
class CommonEpochTest {

    private static final String ACC = Metrics.TEST_ACCURACY;

    @Test
    void everyConfigurationThatTrainedIsComparedAtTheFirstRungAndRankedThere() {
        List<TrialResult> trials = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            trials.add(EarlyStoppedTrials.trial(
                    "finished", EarlyStoppedTrials.config(0.1), r, TrialStatus.OK, ACC, 0.5 + 0.02 * r, 0.7, 0.9));
            trials.add(EarlyStoppedTrials.trial(
                    "early", EarlyStoppedTrials.config(0.2), r, TrialStatus.STOPPED, ACC, 0.6));
            trials.add(EarlyStoppedTrials.trial(
                    "later", EarlyStoppedTrials.config(0.3), r, TrialStatus.STOPPED, ACC, 0.4, 0.8));
            trials.add(EarlyStoppedTrials.trial("never", EarlyStoppedTrials.config(0.4), r, TrialStatus.DIVERGED, ACC));
        }
        CommonEpoch c = CommonEpoch.of(trials);
        assertEquals(1, c.epoch(), "the first rung: every configuration that trained reached it");
        assertEquals(
                List.of("early", "finished", "later", "never"),
                c.summary().stream().map(ConfigSummary::configId).toList(),
                "ranked by the value at epoch 1, not by how far each trained");
        ConfigSummary finished = c.summary().get(1);
        assertEquals(2, finished.rank());
        assertEquals(0.51, finished.testAccuracy().mean(), 1e-12, "its epoch-1 values, not its last");
        assertEquals(2, finished.nOk(), "OK at epoch 1");
        assertEquals(2, c.summary().get(0).nOk(), "stopped repeats count as OK at an epoch they trained");
        assertNull(c.summary().get(3).rank(), "diverged throughout: nothing to compare");
    }

    @Test
    void aLowerIsBetterMetricRanksTheLowestFirst() {
        List<TrialResult> trials = new ArrayList<>();
        String rmse = Metrics.TEST_RMSE;
        trials.add(EarlyStoppedTrials.trial(
                "finished", EarlyStoppedTrials.config(0.1), 0, TrialStatus.OK, rmse, 3.0, 2.0, 1.0));
        trials.add(EarlyStoppedTrials.trial(
                "low", EarlyStoppedTrials.config(0.2), 0, TrialStatus.STOPPED, rmse, 2.0, 1.5));
        trials.add(EarlyStoppedTrials.trial("high", EarlyStoppedTrials.config(0.3), 0, TrialStatus.STOPPED, rmse, 4.0));
        CommonEpoch c = CommonEpoch.of(trials);
        assertEquals(1, c.epoch());
        assertEquals(rmse, c.summary().get(0).rankedOn());
        assertEquals(
                List.of("low", "finished", "high"),
                c.summary().stream().map(ConfigSummary::configId).toList());
        assertEquals(2.0, c.summary().get(0).rankMetric().mean(), 1e-12);
    }

    @Test
    void rowsReadWithoutTheirCurvesCannotBeCompared() {
        TrialResult light = EarlyStoppedTrials.trial("a", EarlyStoppedTrials.config(0.1), 0, TrialStatus.OK, ACC);
        assertNull(CommonEpoch.of(List.of(light)));
    }

    @Test
    void aTrialAsOfAnEarlierEpochIsOkWithThatEpochsValuesAndCurvesCutThere() {
        TrialOutcome o = new TrialOutcome(
                TrialStatus.STOPPED,
                null,
                null,
                null,
                null,
                List.of(2.0, 1.0, 0.5),
                List.of(0.5, 0.7, 0.8),
                List.of(0.6, 0.9, 0.8),
                List.of(0.4, 0.3, 0.35),
                List.of(1.0, 2.0, 3.0),
                6.0,
                0.3,
                10L,
                "fast-dense",
                Map.of(
                        Metrics.VALIDATION_ACCURACY,
                        List.of(0.55, 0.85, 0.75),
                        Metrics.ROBUSTNESS_LEVELS,
                        List.of(0.1)));
        TrialOutcome at2 = o.asOfEpoch(2);
        assertEquals(TrialStatus.OK, at2.status());
        assertEquals(0.9, at2.testAccuracy());
        assertEquals(0.3, at2.testLoss());
        assertEquals(0.9, at2.bestTestAccuracy());
        assertEquals(0.85, at2.metric(Metrics.VALIDATION_ACCURACY));
        assertEquals(List.of(0.5, 0.7), at2.trainAccuracy());
        assertEquals(List.of(1.0, 2.0), at2.epochSeconds());
        assertEquals(3.0, at2.trainSeconds());
        assertEquals(
                List.of(), at2.curve(Metrics.ROBUSTNESS_LEVELS), "robustness is measured after the last epoch only");
        assertEquals(0.6, o.asOfEpoch(1).bestTestAccuracy());
    }
}
