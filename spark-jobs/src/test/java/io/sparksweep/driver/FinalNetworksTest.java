package io.sparksweep.driver;

import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.EarlyStoppedTrials;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FinalNetworksTest {

    /** Random configurations of 3 repeats, some diverged, some failed, in random arrival order and batches. */
    private static List<TrialResult> sweep(Random rng, int configs) {
        List<TrialResult> rows = new ArrayList<>();
        for (int c = 0; c < configs; c++) {
            // few distinct accuracies, so ties between configurations happen
            double base = 0.9 + rng.nextInt(5) / 100.0;
            for (int r = 0; r < 3; r++) {
                int roll = rng.nextInt(10);
                TrialStatus status = roll == 0 ? TrialStatus.DIVERGED : roll == 1 ? TrialStatus.FAILED : TrialStatus.OK;
                double acc = base + (rng.nextBoolean() ? 0.0 : 0.01);
                rows.add(EarlyStoppedTrials.trial(
                        "c" + c, EarlyStoppedTrials.config(0.1), r, status, Metrics.TEST_ACCURACY, 0.5, acc));
            }
        }
        Collections.shuffle(rows, rng);
        return rows;
    }

    @Test
    void deletesExactlyTheNetworksOfConfigurationsOutsideTheFinalBest() {
        for (int seed = 0; seed < 50; seed++) {
            Random rng = new Random(seed);
            int keep = 1 + rng.nextInt(4);
            List<TrialResult> rows = sweep(rng, 3 + rng.nextInt(20));
            Set<String> deleted = new HashSet<>();
            FinalNetworks networks =
                    new FinalNetworks(3, keep, id -> assertTrue(deleted.add(id), "deleted once: " + id));
            for (int i = 0; i < rows.size(); ) {
                int n = 1 + rng.nextInt(5); // committed in bursts
                networks.ended(rows.subList(i, Math.min(rows.size(), i + n)));
                i += n;
            }
            // what KeptModels keeps at the end: the best `keep` ranked configurations of the whole sweep
            Set<String> kept = RepeatStatistics.summarize(rows).stream()
                    .filter(s -> s.rank() != null && s.rank() <= keep)
                    .map(ConfigSummary::configId)
                    .collect(Collectors.toSet());
            Set<String> expected = rows.stream()
                    .filter(t -> t.outcome().status() == TrialStatus.OK
                            && !kept.contains(t.spec().configId()))
                    .map(t -> t.spec().trialId())
                    .collect(Collectors.toSet());
            assertEquals(expected, deleted, "seed " + seed + ", keep " + keep);
        }
    }

    @Test
    void aConfigurationWithARepeatStillRunningKeepsItsNetworks() {
        List<TrialResult> rows = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 2; r++) {
                rows.add(EarlyStoppedTrials.trial(
                        "c" + c,
                        EarlyStoppedTrials.config(0.1),
                        r,
                        TrialStatus.OK,
                        Metrics.TEST_ACCURACY,
                        0.9 + c / 100.0));
            }
        }
        List<String> deleted = new ArrayList<>();
        FinalNetworks networks = new FinalNetworks(2, 1, deleted::add);
        networks.ended(rows.subList(0, 5)); // c2's second repeat has not ended
        assertEquals(List.of("c0-r0", "c0-r1"), deleted, "c1 beat c0; c2 is not judged yet");
        networks.ended(rows.subList(5, 6));
        assertEquals(List.of("c0-r0", "c0-r1", "c1-r0", "c1-r1"), deleted);
        new FinalNetworks(2, 0, id -> {
                    throw new AssertionError("keep_models 0 stores no networks");
                })
                .ended(rows);
    }

    @Test
    void racingJudgesAConfigurationOnlyOnceItIsEliminatedAndAllItsRepeatsEnded() {
        // c0 (0.90) and c1 (0.91) are eliminated, c2 (0.92) stays in the race and may get more repeats
        List<TrialResult> rows = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 3; r++) {
                rows.add(EarlyStoppedTrials.trial(
                        "c" + c,
                        EarlyStoppedTrials.config(0.1),
                        r,
                        TrialStatus.OK,
                        Metrics.TEST_ACCURACY,
                        0.9 + c / 100.0));
            }
        }
        java.util.Map<String, Integer> repeatsOf = new java.util.HashMap<>(); // eliminated: its repeats
        List<String> deleted = new ArrayList<>();
        FinalNetworks networks =
                new FinalNetworks(id -> repeatsOf.getOrDefault(id, Integer.MAX_VALUE), 1, deleted::add);
        networks.ended(rows.subList(0, 2)); // c0 r0, r1
        networks.ended(rows.subList(3, 5)); // c1 r0, r1
        networks.ended(rows.subList(6, 9)); // c2: three repeats, still racing
        assertEquals(List.of(), deleted, "nobody is out of the race yet");
        repeatsOf.put("c0", 3); // eliminated with its third repeat still running
        networks.settled("c0");
        assertEquals(List.of(), deleted, "c0's third repeat has not ended");
        networks.ended(rows.subList(2, 3));
        assertEquals(List.of(), deleted, "c0 is the best judged so far: kept");
        repeatsOf.put("c1", 2);
        networks.settled("c1");
        assertEquals(List.of("c0-r0", "c0-r1", "c0-r2"), deleted, "c1 beat c0; c2 (racing) is never judged here");
    }
}
