package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The race's outcome in words, and its cell in the tables. */
class RaceSentenceTest {

    private static final List<ParameterKey> SEARCHED = List.of(Hyperparameter.LEARNING_RATE, Hyperparameter.WIDTH);

    private static ConfigSummary config(double lr, int width, int repeats, RaceStanding race) {
        Map<Hyperparameter, Object> v = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            v.put(h, h.defaultValue());
        }
        v.put(Hyperparameter.LEARNING_RATE, lr);
        v.put(Hyperparameter.WIDTH, width);
        MetricSummary m = MetricSummary.of(new double[] {0.9, 0.91});
        return new ConfigSummary(
                        "s",
                        "c" + lr + width,
                        new Config(v),
                        repeats,
                        repeats,
                        0,
                        0,
                        m,
                        m,
                        m,
                        1,
                        null,
                        Map.of(),
                        Metrics.TEST_ACCURACY,
                        null,
                        null)
                .withRace(race);
    }

    @Test
    void namesTheBestTheTiedWithTheirPValuesAndTheEliminated() {
        List<ConfigSummary> summary = List.of(
                config(0.5, 128, 12, new RaceStanding(true, true, null, null, null)),
                config(0.5, 64, 12, new RaceStanding(false, true, null, 0.2134, null)),
                config(0.1, 64, 3, new RaceStanding(false, false, 3, 0.0004, "below")),
                config(0.1, 128, 5, new RaceStanding(false, false, 5, 0.03, "below")));
        assertEquals(
                "learning_rate=0.5 width=128 is best (12 repeats); learning_rate=0.5 width=64 (p = 0.21) cannot be "
                        + "told apart from it after 12 repeats; 2 others were eliminated after 3 to 5 repeats.",
                RaceSentence.of(summary, SEARCHED));
        assertEquals("leader", RaceSentence.label(summary.get(0)));
        assertEquals("tied (p = 0.21)", RaceSentence.label(summary.get(1)));
        assertEquals("out at 3 (p < 0.001)", RaceSentence.label(summary.get(2)));
        assertEquals("out at 5 (p = 0.03)", RaceSentence.label(summary.get(3)));
    }

    @Test
    void severalTiedMostLikeTheBestFirstAndOneLeftAlone() {
        List<ConfigSummary> tied = List.of(
                config(0.5, 128, 10, new RaceStanding(true, true, null, null, null)),
                config(0.2, 64, 10, new RaceStanding(false, true, null, 0.08, null)),
                config(0.5, 64, 10, new RaceStanding(false, true, null, 0.6, null)));
        assertEquals(
                "learning_rate=0.5 width=128 is best (10 repeats); learning_rate=0.5 width=64 (p = 0.6) and "
                        + "learning_rate=0.2 width=64 (p = 0.08) cannot be told apart from it after 10 repeats.",
                RaceSentence.of(tied, SEARCHED));
        List<ConfigSummary> alone = List.of(
                config(0.5, 128, 3, new RaceStanding(true, true, null, null, null)),
                config(0.1, 64, 3, new RaceStanding(false, false, 3, null, "a repeat failed")));
        assertEquals(
                "learning_rate=0.5 width=128 is best (3 repeats); 1 other was eliminated after 3 repeats.",
                RaceSentence.of(alone, SEARCHED));
        assertEquals("out at 3 (failed)", RaceSentence.label(alone.get(1)));
    }

    @Test
    void noRaceNoSentence() {
        ConfigSummary plain = config(0.5, 128, 3, null);
        assertNull(RaceSentence.of(List.of(plain), SEARCHED));
        assertEquals("", RaceSentence.label(plain));
    }
}
