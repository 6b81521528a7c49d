package io.sparksweep.plan;

import io.sparksweep.space.EarlyStopping;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RungSchedulerTest {

    private static EarlyStopping asha(int eta) {
        return new EarlyStopping(EarlyStopping.Rule.ASHA, eta, 1, "auto");
    }

    @Test
    void promotesOnTheMeanOverRepeatsNotOnALuckySeed() {
        RungScheduler s = new RungScheduler(List.of("lucky", "steady"), 2, 4, asha(2));
        assertEquals(
                new RungScheduler.Job("lucky", 0, 1, List.of(0, 1)), s.next().orElseThrow());
        assertEquals(
                new RungScheduler.Job("steady", 0, 1, List.of(0, 1)), s.next().orElseThrow());
        assertTrue(s.next().isEmpty(), "both run; nothing else to start");
        s.reported("lucky", 0, 1, 0.95); // the best single run of all
        s.reported("lucky", 1, 1, 0.70);
        s.reported("steady", 1, 1, 0.85);
        s.reported("steady", 0, 1, 0.85);
        RungScheduler.Job promoted = s.next().orElseThrow();
        assertEquals("steady", promoted.configId(), "mean 0.85 beats mean 0.825, though 0.95 was the best seed");
        assertEquals(1, promoted.fromEpoch());
        assertEquals(2, promoted.toEpoch());
        assertTrue(s.next().isEmpty(), "top 1/2 of two configurations is one");
    }

    /** Runs a sweep where each configuration's value is fixed by its index (plus a small epoch trend), one slot of repeats at a time. */
    private static List<RungScheduler.Job> simulate(
            RungScheduler s, int slots, ToDoubleBiFunction<String, Integer> value) {
        List<RungScheduler.Job> started = new ArrayList<>();
        List<RungScheduler.Job> running = new ArrayList<>();
        while (!s.done()) {
            while (running.size() < slots) {
                Optional<RungScheduler.Job> j = s.next();
                if (j.isEmpty()) {
                    break;
                }
                running.add(j.get());
                started.add(j.get());
            }
            RungScheduler.Job finished = running.remove(0); // first in, first out
            for (int r : finished.repeats()) {
                s.reported(
                        finished.configId(),
                        r,
                        finished.toEpoch(),
                        value.applyAsDouble(finished.configId(), finished.toEpoch()));
            }
        }
        return started;
    }

    @Test
    void ashaTrainsTheBestConfigurationToTheEndAndFarFewerEpochs() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            ids.add("c" + i);
        }
        RungScheduler s = new RungScheduler(ids, 2, 9, asha(3));
        assertEquals(List.of(1, 3, 9), Arrays.stream(s.milestones()).boxed().toList());
        // quality in a shuffled order, as a random search draws it; c13 is best; values rise a little with epochs
        List<Integer> quality = new ArrayList<>(IntStream.range(0, 27).boxed().toList());
        Collections.shuffle(quality, new Random(4));
        quality.set(quality.indexOf(26), quality.get(13));
        quality.set(13, 26);
        List<RungScheduler.Job> jobs =
                simulate(s, 4, (id, e) -> quality.get(Integer.parseInt(id.substring(1))) / 30.0 + e / 100.0);
        int epochs = jobs.stream()
                .mapToInt(j -> (j.toEpoch() - j.fromEpoch()) * j.repeats().size())
                .sum();
        assertEquals(9, s.reached("c13"), "the best configuration reaches the last epoch");
        assertTrue(epochs * 3 <= 27 * 2 * 9, "at least 3x fewer epochs than the full sweep: " + epochs);
        assertEquals(27, jobs.stream().filter(j -> j.fromEpoch() == 0).count(), "every configuration starts");
        assertFalse(s.stopped().contains("c13"));
        assertTrue(s.stopped().size() >= 20, "most are stopped: " + s.stopped().size());
    }

    @Test
    void replayingTheSameCallsGivesTheSameDecisions() {
        List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        ToDoubleBiFunction<String, Integer> v = (id, e) -> (id.hashCode() % 7) / 7.0 + e / 50.0;
        List<RungScheduler.Job> first = simulate(new RungScheduler(ids, 3, 9, asha(2)), 3, v);
        List<RungScheduler.Job> again = simulate(new RungScheduler(ids, 3, 9, asha(2)), 3, v);
        assertEquals(first, again);
    }

    @Test
    void medianStopsAConfigurationBelowTheOthersMedian() {
        EarlyStopping median = new EarlyStopping(EarlyStopping.Rule.MEDIAN, 2, 1, "auto");
        RungScheduler s = new RungScheduler(List.of("a", "b", "c"), 1, 4, median);
        Map<String, Double> v = Map.of("a", 0.9, "b", 0.5, "c", 0.69);
        simulate(s, 1, (id, e) -> v.get(id));
        assertEquals(4, s.reached("a"), "first to arrive: nobody to compare with, continues; then always above");
        assertEquals(1, s.reached("b"), "0.5 is below a's 0.9 at epoch 1");
        assertEquals(1, s.reached("c"), "0.69 is below the median of a's and b's 0.9 and 0.5");
    }

    @Test
    void aDivergedRepeatTrainsNoFurtherAndAConfigurationWithNoneLeftIsNotStopped() {
        RungScheduler s = new RungScheduler(List.of("x", "y", "z"), 2, 2, asha(2));
        s.next();
        s.next();
        s.next();
        s.reported("x", 0, 1, null); // diverged
        s.reported("x", 1, 1, 0.9);
        s.reported("y", 0, 1, null);
        s.reported("y", 1, 1, null);
        s.reported("z", 0, 1, 0.5);
        s.reported("z", 1, 1, 0.5);
        RungScheduler.Job j = s.next().orElseThrow();
        assertEquals(
                new RungScheduler.Job("x", 1, 2, List.of(1)), j, "x's mean is over its OK repeat; only it goes on");
        assertEquals(List.of(), s.alive("y"));
        s.reported("x", 1, 2, 0.95);
        assertTrue(s.done());
        assertEquals(List.of("z"), s.stopped(), "y has no repeat left: its rows say diverged, not stopped");
    }

    @Test
    void aSweepOfFewConfigurationsStillTrainsItsBestToTheLastEpoch() {
        // 4 configurations, η = 2, rungs 1, 2, 4 below 6 epochs: one reaches rung 4, where top 1/2 of one is nobody
        RungScheduler s = new RungScheduler(List.of("a", "b", "c", "d"), 2, 6, asha(2));
        Map<String, Double> v = Map.of("a", 0.7, "b", 0.9, "c", 0.8, "d", 0.6);
        simulate(s, 2, (id, e) -> v.get(id));
        assertEquals(6, s.reached("b"), "the best is promoted to the end when no more configurations will come");
        assertEquals(List.of("a", "c", "d"), s.stopped());
    }

    @Test
    void whileMoreConfigurationsMayComeTheSchedulerWaitsInsteadOfFinishingOne() {
        RungScheduler s = new RungScheduler(List.of("a"), 1, 4, asha(2));
        s.expectMore(true);
        s.next();
        s.reported("a", 0, 1, 0.9);
        assertTrue(s.next().isEmpty(), "tpe may still propose: no promotion of a lone configuration");
        s.expectMore(false);
        assertEquals(new RungScheduler.Job("a", 1, 2, List.of(0)), s.next().orElseThrow());
    }
}
