package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Honest ranking: a configuration with a diverged or failed repeat never ranks above one whose repeats all trained. */
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
