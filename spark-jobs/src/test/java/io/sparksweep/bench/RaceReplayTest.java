package io.sparksweep.bench;

import io.sparksweep.plan.Seeds;
import io.sparksweep.space.Racing;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline race on a made-up full grid: pure, no Spark. */
class RaceReplayTest {

    private static final Racing R = new Racing(3, 10, 0.05);
    private static final List<String> IDS = List.of("a", "b", "c", "d");

    /** A grid of {@code repeats} per configuration: mean per configuration plus seeded noise of spread sd. */
    private static void grid(
            Map<String, Double> means,
            double sd,
            int repeats,
            Map<String, Double> values,
            Map<String, Double> seconds) {
        Random noise = new Random(7);
        for (String id : IDS) {
            for (int r = 0; r < repeats; r++) {
                values.put(Seeds.trialId(id, r), means.get(id) + sd * noise.nextGaussian());
                seconds.put(Seeds.trialId(id, r), 10.0 + id.charAt(0) - 'a');
            }
        }
    }

    @Test
    void aClearlyBestConfigurationIsKeptWithFewerTrialsInEveryOrder() {
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        grid(Map.of("a", 0.90, "b", 0.95, "c", 0.97, "d", 0.93), 0.002, 10, values, seconds);
        Random order = new Random(1);
        for (int i = 0; i < 20; i++) {
            RaceReplay.Race race = RaceReplay.replay(IDS, values, seconds, R, 2, order);
            assertEquals(List.of("c"), race.left());
            assertEquals("c", race.leader());
            // 3 each, and at most a slot's worth more started before the round was tested
            assertTrue(race.trials() >= 12 && race.trials() <= 14, "trials " + race.trials());
        }
    }

    @Test
    void oneSlotStartsNothingBeforeTheRoundIsTested() {
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        grid(Map.of("a", 0.90, "b", 0.95, "c", 0.97, "d", 0.93), 0.002, 10, values, seconds);
        // with one slot the round of 3 completes before a fourth repeat can start: exactly 4 x 3
        RaceReplay.Race race = RaceReplay.replay(IDS, values, seconds, R, 1, new Random(2));
        assertEquals(12, race.trials());
        assertEquals(Map.of("a", 3, "b", 3, "c", 3, "d", 3), race.repeats());
    }

    @Test
    void equalConfigurationsRaceToMaxAndUseTheWholeGrid() {
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        // the same values for every configuration: no test can tell them apart
        for (String id : IDS) {
            for (int r = 0; r < 10; r++) {
                values.put(Seeds.trialId(id, r), 0.95 + 0.001 * (r % 3));
                seconds.put(Seeds.trialId(id, r), 10.0);
            }
        }
        RaceReplay.Race race = RaceReplay.replay(IDS, values, seconds, R, 2, new Random(3));
        assertEquals(IDS, race.left());
        assertEquals(40, race.trials());
    }

    @Test
    void theSameOrderSeedReplaysTheSameRace() {
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        grid(Map.of("a", 0.950, "b", 0.951, "c", 0.952, "d", 0.940), 0.002, 10, values, seconds);
        assertEquals(
                RaceReplay.replay(IDS, values, seconds, R, 2, new Random(5)),
                RaceReplay.replay(IDS, values, seconds, R, 2, new Random(5)));
    }

    @Test
    void pairingReportsTheCorrelationByRepeatAndThePairedTest() {
        Map<String, Double> values = new HashMap<>();
        Random noise = new Random(11);
        for (int r = 0; r < 10; r++) {
            // c and d share each repeat's draw (common random numbers), a and b have their own
            double shared = 0.002 * noise.nextGaussian();
            values.put(Seeds.trialId("c", r), 0.950 + shared);
            values.put(Seeds.trialId("d", r), 0.949 + shared + 0.0002 * noise.nextGaussian());
            values.put(Seeds.trialId("a", r), 0.90 + 0.002 * noise.nextGaussian());
            values.put(Seeds.trialId("b", r), 0.91 + 0.002 * noise.nextGaussian());
        }
        String line = RaceReplay.pairing(IDS, values, 10, "c", "d");
        assertTrue(line.startsWith("pairing: mean correlation by repeat over 6 pairs "), line);
        // c and d: nearly equal by repeat; paired, their 0.001 apart is plain, unpaired it is lost in the noise
        double correlation = Double.parseDouble(line.replaceAll(".*top two: correlation ([-0-9.]+),.*", "$1"));
        double welch = Double.parseDouble(line.replaceAll(".*Welch p ([-0-9.e]+),.*", "$1"));
        double paired = Double.parseDouble(line.replaceAll(".*paired p ([-0-9.e]+)$", "$1"));
        assertTrue(correlation > 0.95, line);
        assertTrue(welch > 0.05 && paired < 1e-4, line);
    }

    @Test
    void aGridWithFewerRepeatsThanMaxIsRefusedByName() {
        Map<String, Double> values = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        grid(Map.of("a", 0.950, "b", 0.950, "c", 0.950, "d", 0.950), 0.002, 3, values, seconds);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RaceReplay.replay(IDS, values, seconds, R, 2, new Random(1)));
        assertTrue(e.getMessage().contains("did not run"), e.getMessage());
    }
}
