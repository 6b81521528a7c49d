package io.sparksweep.plan;

import io.sparksweep.space.Racing;
import io.sparksweep.stats.RaceStanding;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The race on made-up values: pure, no Spark. */
class RaceSchedulerTest {

    private static final Racing R = new Racing(3, 8, 0.05);

    /**
     * Runs a race on {@code slots} slots: each started repeat's value comes from {@code value}; the
     * slot that finishes is drawn from {@code order} (a seeded generator), so reports arrive out of order.
     * Returns the log of events, one string each.
     */
    static List<String> race(RaceScheduler s, int slots, BiFunction<String, Integer, Double> value, Random order) {
        List<String> log = new ArrayList<>();
        List<RaceScheduler.Start> running = new ArrayList<>();
        while (!s.done()) {
            while (running.size() < slots) {
                Optional<RaceScheduler.Start> next = s.next();
                if (next.isEmpty()) {
                    break;
                }
                running.add(next.get());
                log.add("start " + next.get().configId() + " r" + next.get().repeat());
            }
            RaceScheduler.Start done = running.remove(order.nextInt(running.size()));
            Double v = value.apply(done.configId(), done.repeat());
            log.add("report " + done.configId() + " r" + done.repeat() + " " + v);
            for (RaceScheduler.Elimination e : s.reported(done.configId(), done.repeat(), v)) {
                log.add("eliminate " + e.configId() + " at " + e.repeats() + " p " + e.pValue());
            }
        }
        return log;
    }

    /** A value per (config, repeat): the config's mean plus seeded Gaussian noise of spread sd. */
    static BiFunction<String, Integer, Double> noisy(Map<String, Double> means, double sd, long seed) {
        return (id, r) -> means.get(id) + sd * new Random(seed * 1000003 + id.hashCode() * 31L + r).nextGaussian();
    }

    @Test
    void everyConfigurationFirstGetsMinRepeatsTogetherInPlanOrder() {
        RaceScheduler s = new RaceScheduler(List.of("a", "b", "c"), R);
        List<String> starts = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            RaceScheduler.Start st = s.next().orElseThrow();
            starts.add(st.configId() + st.repeat());
        }
        assertEquals(List.of("a0", "a1", "a2", "b0", "b1", "b2", "c0", "c1", "c2"), starts);
        // nothing finished yet: the next slot goes to the fewest started, plan order
        assertEquals(new RaceScheduler.Start("a", 3), s.next().orElseThrow());
        assertEquals(new RaceScheduler.Start("b", 3), s.next().orElseThrow());
    }

    @Test
    void aClearlyWorseConfigurationIsEliminatedAfterMinAndGetsNoMoreRepeats() {
        RaceScheduler s = new RaceScheduler(List.of("good", "bad", "close"), R);
        // good and close overlap repeat for repeat; bad is far below
        BiFunction<String, Integer, Double> value = (id, r) -> switch (id) {
            case "good" -> 0.97 + 0.002 * ((r % 3) - 1);
            case "close" -> 0.9694 + 0.002 * (((r + 1) % 3) - 1);
            default -> 0.90 + 0.001 * (r % 2);
        };
        List<String> log = race(s, 1, value, new Random(0));
        assertEquals(3, s.started("bad"), log.toString());
        RaceScheduler.Elimination bad = s.eliminations().get(0);
        assertEquals("bad", bad.configId());
        assertEquals(3, bad.repeats());
        assertTrue(bad.pValue() <= 0.05, bad.toString());
        assertEquals("good", bad.leader());
        // the two close ones raced on to max, fewest started first
        assertEquals(8, s.started("good"), log.toString());
        assertEquals(8, s.started("close"), log.toString());
        Map<String, RaceStanding> st = s.standings();
        assertTrue(st.get("good").best() && st.get("good").tiedAtTop());
        assertNull(st.get("good").pValue());
        assertTrue(st.get("close").tiedAtTop() && !st.get("close").best());
        assertTrue(st.get("close").pValue() > 0.05, st.toString());
        assertFalse(st.get("bad").tiedAtTop());
        assertEquals(3, st.get("bad").eliminatedAt());
    }

    @Test
    void theRaceEndsWhenOneIsLeft() {
        RaceScheduler s = new RaceScheduler(List.of("a", "b", "c", "d"), R);
        Map<String, Double> means = Map.of("a", 0.90, "b", 0.97, "c", 0.80, "d", 0.85);
        List<String> log = race(s, 1, noisy(means, 0.001, 2), new Random(1));
        assertEquals(List.of("b"), s.live(), log.toString());
        int trials = List.of("a", "b", "c", "d").stream().mapToInt(s::started).sum();
        assertEquals(12, trials, "min repeats each, nothing more: " + log);
        assertTrue(s.done());
        assertTrue(s.next().isEmpty());
        assertTrue(s.standings().get("b").best());
    }

    @Test
    void whenAllAreTiedEveryOneGetsMax() {
        RaceScheduler s = new RaceScheduler(List.of("b", "a"), new Racing(2, 5, 0.05));
        // the same values for both: nothing to tell apart
        race(s, 2, (id, r) -> 0.9 + 0.01 * r, new Random(3));
        assertEquals(5, s.started("a"));
        assertEquals(5, s.started("b"));
        assertEquals(List.of("b", "a"), s.live());
        assertTrue(s.eliminations().isEmpty());
        assertTrue(s.standings().get("a").best(), "the smaller id on a tie, as the ranking");
        assertEquals(0.5, s.standings().get("b").pValue(), 1e-12, "equal means: t = 0");
    }

    @Test
    void extraRepeatsGoToTheFewestStartedAndTheLeaderFirstOnATie() {
        RaceScheduler s = new RaceScheduler(List.of("a", "b"), new Racing(2, 6, 0.05));
        for (int i = 0; i < 4; i++) {
            s.next();
        }
        // b leads, close enough to a to stay tied
        s.reported("a", 0, 0.90);
        s.reported("a", 1, 0.92);
        s.reported("b", 0, 0.91);
        s.reported("b", 1, 0.93);
        assertEquals("b", s.leader());
        assertEquals(new RaceScheduler.Start("b", 2), s.next().orElseThrow());
        assertEquals(new RaceScheduler.Start("a", 2), s.next().orElseThrow());
        assertEquals(new RaceScheduler.Start("b", 3), s.next().orElseThrow());
    }

    @Test
    void holmKeepsAChallengerThatOneUncorrectedTestWouldEliminate() {
        // x's uncorrected one-sided p-value against the leader l is under 0.05, but it is tested beside
        // y (tied with l): Holm's smaller p-value of two is doubled, 0.07, so x stays
        RaceScheduler s = new RaceScheduler(List.of("l", "y", "x"), new Racing(3, 3, 0.05));
        double[] l = {1.0, 2.0, 3.0};
        double[] x = {-1.0, 0.0, 1.0}; // t = 2.45 on 4 degrees of freedom: p = 0.035
        feed(s, "l", l);
        feed(s, "y", l);
        feed(s, "x", x);
        double p = io.sparksweep.stats.RaceTests.oneSidedWelch(l, x);
        assertTrue(p < 0.05 && 2 * p > 0.05, "the case needs p in (0.025, 0.05): " + p);
        assertTrue(s.eliminations().isEmpty(), s.eliminations().toString());
        assertEquals(2 * p, s.standings().get("x").pValue(), 1e-12);
        assertTrue(s.done(), "everything left has max = 3 repeats");

        // alone against the leader, the same values are eliminated: the case can fail
        RaceScheduler alone = new RaceScheduler(List.of("l", "x"), new Racing(3, 3, 0.05));
        feed(alone, "l", l);
        feed(alone, "x", x);
        assertEquals(List.of("l"), alone.live());
        assertEquals(p, alone.eliminations().get(0).pValue(), 1e-12);
    }

    @Test
    void aPairedRaceEliminatesACorrelatedChallengerThatWelchKeeps() {
        // repeat r's shared seed moves both by the same luck; x is 0.001 below l at every repeat
        double[] l = {0.939, 0.929, 0.936, 0.942, 0.932};
        double[] x = {0.9381, 0.9279, 0.9351, 0.9409, 0.9311};
        RaceScheduler welch = new RaceScheduler(List.of("l", "x"), new Racing(5, 5, 0.05));
        feed(welch, "l", l);
        feed(welch, "x", x);
        assertEquals(List.of("l", "x"), welch.live(), "Welch: two overlapping samples");
        RaceScheduler paired = new RaceScheduler(List.of("l", "x"), new Racing(5, 5, 0.05, true));
        feed(paired, "l", l);
        feed(paired, "x", x);
        assertEquals(List.of("l"), paired.live());
        RaceScheduler.Elimination e = paired.eliminations().get(0);
        assertEquals(io.sparksweep.stats.RaceTests.oneSidedPaired(l, x), e.pValue(), 1e-12);
        assertTrue(e.reason().contains("paired t-test"), e.reason());
    }

    @Test
    void aPairedTestPairsTheRepeatsBothFinishedByIndex() {
        RaceScheduler s = new RaceScheduler(List.of("a", "b"), new Racing(2, 6, 0.05, true));
        for (int i = 0; i < 4; i++) {
            s.next();
        }
        s.reported("a", 0, 0.90);
        s.reported("a", 1, 0.95);
        s.reported("b", 0, 0.91);
        s.reported("b", 1, 0.93);
        assertEquals(List.of("a", "b"), s.live(), "differences -0.01 and 0.02: tied");
        // extra repeats: a2, b2, a3, b3 start; b's repeat 2 is still running when round 3 completes
        assertEquals(new RaceScheduler.Start("a", 2), s.next().orElseThrow());
        assertEquals(new RaceScheduler.Start("b", 2), s.next().orElseThrow());
        assertEquals(new RaceScheduler.Start("a", 3), s.next().orElseThrow());
        assertEquals(new RaceScheduler.Start("b", 3), s.next().orElseThrow());
        s.reported("a", 2, 0.80);
        s.reported("a", 3, 0.97);
        s.reported("b", 3, 0.94);
        assertEquals("b", s.leader(), "a's mean 0.905 with its bad repeat 2, b's 0.927");
        // pairs by repeat: 0, 1 and 3 (a's repeat 2 has no partner yet), not the first three finished
        double[] b = {0.91, 0.93, 0.94};
        double byIndex = io.sparksweep.stats.RaceTests.oneSidedPaired(b, new double[] {0.90, 0.95, 0.97});
        double byPosition = io.sparksweep.stats.RaceTests.oneSidedPaired(b, new double[] {0.90, 0.95, 0.80});
        assertTrue(Math.abs(byIndex - byPosition) > 0.1, byIndex + " " + byPosition);
        assertEquals(byIndex, s.standings().get("a").pValue(), 1e-12);
    }

    private static void feed(RaceScheduler s, String id, double[] values) {
        for (int r = 0; r < values.length; r++) {
            RaceScheduler.Start st = s.next().orElseThrow();
            assertEquals(new RaceScheduler.Start(id, r), st);
        }
        for (int r = 0; r < values.length; r++) {
            s.reported(id, r, values[r]);
        }
    }

    @Test
    void aRoundIsTestedOnceWhenEveryConfigurationLeftHasFinishedIt() {
        RaceScheduler s = new RaceScheduler(List.of("good", "bad", "slow"), R);
        for (int i = 0; i < 9; i++) {
            s.next();
        }
        for (int r = 0; r < 3; r++) {
            s.reported("good", r, 0.97 + 0.001 * r);
            s.reported("bad", r, 0.80 + 0.001 * r);
        }
        s.reported("slow", 0, 0.96);
        s.reported("slow", 1, 0.961);
        // bad is far below good after 3 repeats, but slow has not finished round 3: nothing is tested yet
        assertEquals(List.of("good", "bad", "slow"), s.live());
        List<RaceScheduler.Elimination> e = s.reported("slow", 2, 0.962);
        assertEquals(
                List.of("bad", "slow"),
                e.stream().map(RaceScheduler.Elimination::configId).toList());
        assertEquals(3, e.get(0).repeats());
        assertEquals(List.of("good"), s.live());
    }

    @Test
    void aDivergedRepeatEliminatesWhileAnotherConfigurationIsAllOk() {
        RaceScheduler s = new RaceScheduler(List.of("a", "b", "c"), R);
        for (int i = 0; i < 9; i++) {
            s.next();
        }
        s.reported("a", 0, null); // nobody is all OK yet: a stays
        assertTrue(s.live().contains("a"));
        List<RaceScheduler.Elimination> e = s.reported("b", 0, 0.5);
        assertEquals(1, e.size());
        assertEquals("a", e.get(0).configId());
        assertNull(e.get(0).pValue());
        assertEquals("b", e.get(0).leader());
        assertNull(s.standings().get("a").pValue());
        assertEquals(1, s.standings().get("a").eliminatedAt());
    }

    @Test
    void configurationsWithFailuresEverywhereStillRace() {
        RaceScheduler s = new RaceScheduler(List.of("a", "b"), new Racing(3, 4, 0.05));
        race(s, 1, (id, r) -> r == 0 ? null : (id.equals("a") ? 0.9 : 0.8) + 0.001 * r, new Random(5));
        assertTrue(s.done());
        assertNotNull(s.standings().get("a"));
        assertTrue(s.standings().get("a").best(), s.standings().toString());
    }

    @Test
    void theSameReportOrderGivesTheSameRace() {
        Map<String, Double> means = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add("c" + i);
            means.put("c" + i, 0.95 + 0.002 * (i % 5));
        }
        List<String> one = race(new RaceScheduler(ids, R), 3, noisy(means, 0.004, 7), new Random(11));
        List<String> two = race(new RaceScheduler(ids, R), 3, noisy(means, 0.004, 7), new Random(11));
        assertEquals(one, two);
        List<String> other = race(new RaceScheduler(ids, R), 3, noisy(means, 0.004, 7), new Random(12));
        assertFalse(one.equals(other), "another report order is another race (the test can fail)");
    }

    @Test
    void replayingTheEventsOfAKilledRaceAndGoingOnGivesTheUninterruptedRace() {
        List<String> ids = List.of("a", "b", "c", "d", "e");
        Map<String, Double> means = Map.of("a", 0.95, "b", 0.951, "c", 0.94, "d", 0.953, "e", 0.90);
        BiFunction<String, Integer, Double> value = noisy(means, 0.004, 9);
        List<String> whole = race(new RaceScheduler(ids, R), 1, value, new Random(4));

        // replay the first 17 events into a fresh scheduler, as a restarted driver replays its log
        RaceScheduler resumed = new RaceScheduler(ids, R);
        List<String> log = new ArrayList<>();
        for (String event : whole.subList(0, 17)) {
            String[] f = event.split(" ");
            if (f[0].equals("start")) {
                RaceScheduler.Start st = resumed.next().orElseThrow();
                assertEquals(event, "start " + st.configId() + " r" + st.repeat());
            } else if (f[0].equals("report")) {
                resumed.reported(f[1], Integer.parseInt(f[2].substring(1)), Double.valueOf(f[3]));
            }
            log.add(event);
        }
        // what was running when the driver died is reported first, then the race goes on
        for (RaceScheduler.Start st : resumed.running()) {
            Double v = value.apply(st.configId(), st.repeat());
            log.add("report " + st.configId() + " r" + st.repeat() + " " + v);
            resumed.reported(st.configId(), st.repeat(), v)
                    .forEach(e -> log.add("eliminate " + e.configId() + " at " + e.repeats() + " p " + e.pValue()));
        }
        log.addAll(race(resumed, 1, value, new Random(4)));
        assertEquals(whole, log);
    }

    @Test
    void refusesReportsOfRepeatsThatAreNotRunning() {
        RaceScheduler s = new RaceScheduler(List.of("a", "b"), R);
        assertThrows(IllegalStateException.class, () -> s.reported("a", 0, 0.9));
        s.next();
        s.reported("a", 0, 0.9);
        assertThrows(IllegalStateException.class, () -> s.reported("a", 0, 0.9), "twice");
        assertThrows(IllegalStateException.class, () -> s.reported("z", 0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new RaceScheduler(List.of("a", "a"), R));
    }

    /**
     * Many races on made-up configurations: the best one (by a margin of one spread) is almost never
     * eliminated, and racing runs far fewer trials than max repeats of everything.
     */
    @Test
    void keepsTheTrueBestAndSavesTrialsOverManyRaces() {
        int lostBest = 0, trials = 0, races = 200, configs = 8;
        for (int seed = 0; seed < races; seed++) {
            Map<String, Double> means = new HashMap<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < configs; i++) {
                ids.add("c" + i);
                means.put("c" + i, i == 3 ? 0.96 : 0.95 - 0.004 * i);
            }
            RaceScheduler s = new RaceScheduler(ids, new Racing(3, 10, 0.05));
            race(s, 2, noisy(means, 0.004, seed), new Random(seed));
            if (!s.live().contains("c3")) {
                lostBest++;
            }
            trials += ids.stream().mapToInt(s::started).sum();
        }
        assertTrue(lostBest <= races * 0.05, "the best was eliminated in " + lostBest + " of " + races);
        assertTrue(trials < races * configs * 10 * 0.6, "trials: " + trials + " of " + races * configs * 10);
    }

    @Test
    void aConfigurationThatJoinsWithItsMinRepeatsIsTestedAtOnceAndThenRaces() {
        // tpe or early stopping: configurations join one by one with min (3) repeats already run
        RaceScheduler s = new RaceScheduler(List.of(), R);
        assertTrue(s.join("a", List.of(0.95, 0.951, 0.952)).isEmpty(), "alone: nothing to test against");
        assertTrue(s.done(), "one configuration: no extra repeats until another joins");
        List<RaceScheduler.Elimination> out = s.join("b", List.of(0.80, 0.801, 0.802));
        assertEquals(
                List.of("b"),
                out.stream().map(RaceScheduler.Elimination::configId).toList());
        assertEquals(3, out.get(0).repeats());
        assertTrue(s.done(), "b is out at once; a alone gets nothing");
        assertTrue(s.join("c", List.of(0.949, 0.952, 0.951)).isEmpty(), "c is tied with a");
        // the tied ones get extra repeats, the leader first on a tie
        assertEquals(Optional.of(new RaceScheduler.Start("a", 3)), s.next());
        assertEquals(Optional.of(new RaceScheduler.Start("c", 3)), s.next());
        s.reported("a", 3, 0.95);
        s.reported("c", 3, 0.952);
        assertEquals(List.of("a", "c"), s.live());
        // a joined configuration lowers the round: d's fourth repeat completes round 4 again, which is tested
        assertTrue(s.join("d", List.of(0.9495, 0.9505, 0.951)).isEmpty());
        Double joinedP = s.standings().get("d").pValue();
        assertNotNull(joinedP, "tested when it joined");
        assertEquals(Optional.of(new RaceScheduler.Start("d", 3)), s.next(), "the fewest repeats first");
        s.reported("d", 3, 0.9502);
        assertNotEquals(joinedP, s.standings().get("d").pValue(), "tested again with its fourth repeat");
        assertThrows(IllegalArgumentException.class, () -> s.join("e", List.of(0.9, 0.9)), "min repeats");
        assertThrows(IllegalArgumentException.class, () -> s.join("a", List.of(0.9, 0.9, 0.9)), "twice");
        Map<String, RaceStanding> standings = s.standings();
        assertFalse(standings.get("b").tiedAtTop());
        assertEquals(3, standings.get("b").eliminatedAt());
    }
}
