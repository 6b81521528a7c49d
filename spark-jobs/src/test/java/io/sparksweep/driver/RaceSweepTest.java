package io.sparksweep.driver;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.store.StoredRow;
import io.sparksweep.store.SummaryTable;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.train.WarmNetworks;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Racing on Spark in local mode: real tasks, the race in summary/ and on the console, a resumed driver. */
class RaceSweepTest {

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
    }

    private static Path sweepFile(String name, String method) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                dataset: idx:%s
                repeats: {min: 2, max: 4}
                seed: 5
                %s
                fixed: {epochs: 2, batch_size: 32, width: 16}
                """.formatted(name, data, method));
        return f;
    }

    @Test
    void aGridRacesOnSparkAndTheSummaryAndConsoleShowTheRace() throws Exception {
        Path out = tmp.resolve("grid");
        // a learning rate that barely moves in 2 epochs, and two that learn the tiny problem
        Path sweep = sweepFile("grid", """
                method: grid
                keep_models: 1
                search:
                  learning_rate: {values: [0.00001, 0.2, 0.5]}""");
        String log = DriverRuns.run(sweep, out, "local[2]", SweepRun.Hooks.NONE);
        assertTrue(log.contains("3 configurations x 2-4 repeats (racing, alpha 0.05) = 6 to 12 trials"), log);

        SweepOutput output = new SweepOutput(out.toString(), "grid", new Configuration());
        List<TrialResult> trials = output.readTrials();
        Map<Double, List<StoredRow>> rows =
                SummaryTable.TABLE.readAll(new Configuration(), output.summaryDir()).stream()
                        .collect(Collectors.groupingBy(r -> r.doubleValue("learning_rate")));
        StoredRow slow = rows.get(0.00001).get(0);
        assertEquals("eliminated", slow.string("race_status"), log);
        assertEquals(2, slow.integer("eliminated_at_repeats"), "out after min repeats: " + log);
        // on 2 slots one more repeat may have started before round 2 was tested (never two more)
        assertTrue(slow.integer("n_trials") <= 3, "at most a slot's worth past min: " + slow.integer("n_trials"));
        assertTrue(slow.doubleValue("eliminated_p") <= 0.05, log);
        assertNull(slow.doubleValue("tied_p"));
        long leaders = rows.values().stream()
                .filter(r -> "leader".equals(r.get(0).string("race_status")))
                .count();
        assertEquals(1, leaders, log);
        assertTrue(trials.size() < 12, "fewer than max repeats of everything: " + trials.size());
        assertTrue(log.contains("  race  learning_rate=1e-5 out after 2 repeat(s): below"), log);
        assertTrue(log.contains("race  "), "the table has a race column: " + log);
        assertTrue(log.matches("(?s).*learning_rate=0\\.[25] is best \\(\\d repeats\\).*"), log);
        assertTrue(
                log.contains("racing: " + trials.size()
                        + " of 12 trials run (2 to 4 repeats per configuration, alpha 0.05)"),
                log);
        // the best configuration's networks are kept, as in any sweep
        String best = SummaryTable.TABLE.readAll(new Configuration(), output.summaryDir()).stream()
                .filter(r -> r.integer("rank") == 1)
                .findFirst()
                .orElseThrow()
                .string("config_id");
        try (Stream<Path> models = Files.list(out.resolve("grid/models"))) {
            List<String> zips = models.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".zip"))
                    .sorted()
                    .toList();
            long bestRepeats = trials.stream()
                    .filter(t -> t.spec().configId().equals(best))
                    .count();
            assertEquals(bestRepeats, zips.size(), zips.toString());
            assertTrue(zips.stream().allMatch(n -> n.startsWith(best)), zips.toString());
        }
        String report = Files.readString(out.resolve("grid/report/index.html"));
        assertTrue(report.contains("id=\"race\"><b>Race:</b> learning_rate=0."), "the report says it too");
        String json = Files.readString(out.resolve("grid/racing.json"));
        assertTrue(json.contains("\"event\" : \"end\""), json);

        // a rerun replays the finished race from its log: nothing trains, the summary says the same
        String again = DriverRuns.run(sweep, out, "local[2]", SweepRun.Hooks.NONE);
        assertEquals(trials.size(), output.readTrials().size(), again);
        assertTrue(again.contains("is best"), again);
        StoredRow slowAgain = SummaryTable.TABLE.readAll(new Configuration(), output.summaryDir()).stream()
                .filter(r -> r.doubleValue("learning_rate") == 0.00001)
                .findFirst()
                .orElseThrow();
        assertEquals(slow.doubleValue("eliminated_p"), slowAgain.doubleValue("eliminated_p"));
    }

    @Test
    void aRandomSearchDriverKilledMidRaceContinuesToTheSameRace() throws Exception {
        // one slot: reports arrive in start order, so the uninterrupted and the resumed race can be compared
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        Path sweep = sweepFile("resume", """
                method: random
                samples: 4
                keep_models: 0
                search:
                  learning_rate: {distribution: log_uniform, min: 0.00001, max: 0.5}""");
        DriverRuns.run(sweep, whole, "local[1]", SweepRun.Hooks.NONE);
        try {
            DriverRuns.run(sweep, killed, "local[1]", DriverRuns.killAfter(5));
            throw new AssertionError("the simulated kill did not happen");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("simulated driver kill"), expected.getMessage());
        }
        assertEquals(
                5,
                new SweepOutput(killed.toString(), "resume", new Configuration())
                        .readTrials()
                        .size());
        String log = DriverRuns.run(sweep, killed, "local[1]", SweepRun.Hooks.NONE);
        assertTrue(log.contains("continuing from"), log);
        Map<String, TrialResult> a =
                byId(new SweepOutput(whole.toString(), "resume", new Configuration()).readTrials());
        Map<String, TrialResult> b =
                byId(new SweepOutput(killed.toString(), "resume", new Configuration()).readTrials());
        assertEquals(a.keySet(), b.keySet(), log);
        a.forEach(
                (id, t) -> assertTrue(t.outcome().sameMetrics(b.get(id).outcome()), id + " differs after the resume"));
        assertEquals(
                Files.readString(whole.resolve("resume/racing.json")),
                Files.readString(killed.resolve("resume/racing.json")),
                "the same race");
        assertTrue(a.size() > 8, "the race went past min repeats, so the resume had decisions to replay: " + a.size());
    }

    @Test
    void anEliminatedConfigurationsFinalNetworksAreDeletedAsTheRaceSettles() throws Exception {
        // two learning rates that barely move in 2 epochs are eliminated after 2 repeats; keep_models 1
        // keeps the better of them (KeptModels ranks on each configuration's own trials), not the worse
        Path out = tmp.resolve("networks");
        Path sweep = sweepFile("networks", """
                method: grid
                keep_models: 1
                search:
                  learning_rate: {values: [0.00001, 0.00002, 0.2, 0.5]}""");
        try {
            // one slot: round 2 completes, and is tested, with the 8th report
            DriverRuns.run(sweep, out, "local[1]", DriverRuns.killAfter(8));
            throw new AssertionError("the simulated kill did not happen");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("simulated driver kill"), expected.getMessage());
        }
        String json = Files.readString(out.resolve("networks/racing.json"));
        SweepOutput output = new SweepOutput(out.toString(), "networks", new Configuration());
        List<TrialResult> trials = output.readTrials();
        assertEquals(8, trials.size());
        Map<String, Double> lr = trials.stream()
                .collect(Collectors.toMap(
                        t -> t.spec().configId(),
                        t -> t.spec().config().real(Hyperparameter.LEARNING_RATE),
                        (a, b) -> a));
        Set<String> networks;
        try (Stream<Path> files = Files.list(out.resolve("networks/checkpoints"))) {
            networks = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Map<String, Double> mean = trials.stream()
                .collect(Collectors.groupingBy(
                        t -> t.spec().configId(),
                        Collectors.averagingDouble(t -> t.outcome().testAccuracy())));
        List<String> slow = lr.keySet().stream()
                .filter(id -> lr.get(id) < 0.001)
                .sorted((a, b) -> Double.compare(mean.get(b), mean.get(a)))
                .toList();
        for (String id : slow) {
            assertTrue(json.matches("(?s).*\"event\" : \"eliminate\",\\s*\"config\" : \"" + id + "\".*"), json);
        }
        for (String id : lr.keySet()) {
            boolean kept = !id.equals(slow.get(1)); // the worse eliminated one is out of the best 1 of those judged
            for (int r = 0; r < 2; r++) {
                assertEquals(
                        kept,
                        networks.contains(id + "-r" + r + "-e2.zip"),
                        id + " (lr " + lr.get(id) + ") r" + r + ": " + networks);
            }
        }
    }

    /** A tpe search that races: 5 proposals (2 random), each trained 2 times, tied ones up to 4. */
    private static Path tpeSweep(String name) throws IOException {
        return sweepFile(name, """
                method: tpe
                samples: 5
                tpe: {startup: 2, candidates: 8}
                keep_models: 0
                search:
                  learning_rate: {distribution: log_uniform, min: 0.00001, max: 0.5}""");
    }

    @Test
    void tpeProposesConfigurationsThatRaceForTheirRepeats() throws Exception {
        Path out = tmp.resolve("tpe");
        String log = DriverRuns.run(tpeSweep("tpe"), out, "local[2]", SweepRun.Hooks.NONE);
        assertTrue(log.contains("5 configurations (2 random to start, then TPE's proposals) x 2-4 repeats"), log);
        SweepOutput output = new SweepOutput(out.toString(), "tpe", new Configuration());
        List<TrialResult> trials = output.readTrials();
        List<StoredRow> rows = SummaryTable.TABLE.readAll(new Configuration(), output.summaryDir());
        assertEquals(5, rows.size(), log);
        assertTrue(trials.size() >= 10 && trials.size() <= 20, "2 to 4 repeats each: " + trials.size());
        for (StoredRow r : rows) {
            assertTrue(r.string("race_status") != null, "every proposal raced: " + log);
            assertTrue(r.integer("n_trials") >= 2, log);
        }
        assertEquals(
                1,
                rows.stream()
                        .filter(r -> "leader".equals(r.string("race_status")))
                        .count(),
                log);
        assertTrue(
                log.contains("racing: 5 configuration(s) reached the last epoch and raced with " + trials.size()
                        + " trials of 20 (2 to 4 repeats, alpha 0.05)"),
                log);
        assertTrue(log.contains(" is best ("), "the sentence to quote: " + log);
    }

    @Test
    void aTpeRaceKilledMidRaceContinuesToTheSameRace() throws Exception {
        Path whole = tmp.resolve("tpe-whole"), killed = tmp.resolve("tpe-killed");
        DriverRuns.run(tpeSweep("tperesume"), whole, "local[1]", SweepRun.Hooks.NONE);
        String wholeLog = Files.readString(whole.resolve("tperesume/early_stopping.json"));
        assertTrue(wholeLog.contains("race-start"), "the race gave extra repeats: " + wholeLog);
        resumeAfterKill(tpeSweep("tperesume"), whole, killed, "tperesume", 9);
    }

    /**
     * A grid with early stopping whose finishers race: stopped ones are stopped, not eliminated. The four
     * learning rates that learn the tiny problem are at or above the median at every rung and race.
     */
    private static Path earlyStoppingSweep(String name) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                dataset: idx:%s
                repeats: {min: 2, max: 4}
                seed: 5
                method: grid
                keep_models: 0
                early_stopping: {rule: median, reduction_factor: 2, min_epochs: 1}
                fixed: {epochs: 4, batch_size: 32, width: 16}
                search:
                  learning_rate: {values: [0.00001, 0.0001, 0.1, 0.2, 0.3, 0.5]}
                """.formatted(name, data));
        return f;
    }

    @Test
    void earlyStoppingDecidesOnMinRepeatsAndTheFinishersRace() throws Exception {
        Path out = tmp.resolve("es");
        String log = DriverRuns.run(earlyStoppingSweep("es"), out, "local[2]", SweepRun.Hooks.NONE);
        SweepOutput output = new SweepOutput(out.toString(), "es", new Configuration());
        List<TrialResult> trials = output.readTrials();
        Map<String, List<TrialResult>> byConfig =
                trials.stream().collect(Collectors.groupingBy(t -> t.spec().configId()));
        assertEquals(6, byConfig.size(), log);
        Map<String, StoredRow> rows = SummaryTable.TABLE.readAll(new Configuration(), output.summaryDir()).stream()
                .collect(Collectors.toMap(r -> r.string("config_id"), Function.identity()));
        int stopped = 0;
        for (Map.Entry<String, List<TrialResult>> c : byConfig.entrySet()) {
            boolean wasStopped = c.getValue().stream().anyMatch(t -> t.outcome().status() == TrialStatus.STOPPED);
            if (wasStopped) {
                stopped++;
                assertEquals(2, c.getValue().size(), "early stopping decides on the first min repeats: " + log);
                assertNull(rows.get(c.getKey()).string("race_status"), "stopped, not eliminated: " + log);
            } else {
                assertTrue(rows.get(c.getKey()).string("race_status") != null, "it reached the last epoch and raced");
            }
        }
        assertTrue(stopped > 0, "the median rule stopped some: " + log);
        assertTrue(stopped < 5, "two or more reached the last epoch and raced: " + log);
        assertTrue(log.contains("racing: " + (6 - stopped) + " configuration(s) reached the last epoch"), log);
        assertTrue(log.contains("stopped early"), log);
    }

    @Test
    void anEarlyStoppingRaceKilledMidRaceContinuesToTheSameRace() throws Exception {
        Path whole = tmp.resolve("es-whole"), killed = tmp.resolve("es-killed");
        DriverRuns.run(earlyStoppingSweep("esresume"), whole, "local[1]", SweepRun.Hooks.NONE);
        String wholeLog = Files.readString(whole.resolve("esresume/early_stopping.json"));
        assertTrue(wholeLog.contains("race-start"), "the race gave extra repeats: " + wholeLog);
        int reports = (int) wholeLog.lines()
                .filter(l -> l.contains("\"event\" : \"race-report\""))
                .count();
        assertTrue(reports > 0, wholeLog);
        // killed during the race: after the first extra repeat's report
        int at = 1
                + (int) wholeLog.substring(0, wholeLog.indexOf("race-report"))
                        .lines()
                        .filter(l -> l.contains("\"event\" : \"report\""))
                        .count();
        resumeAfterKill(earlyStoppingSweep("esresume"), whole, killed, "esresume", at);
    }

    /** Kills a run after {@code reports} reports, reruns it, and expects the uninterrupted run's rows and log. */
    private static void resumeAfterKill(Path sweep, Path whole, Path killed, String name, int reports)
            throws Exception {
        try {
            DriverRuns.run(sweep, killed, "local[1]", DriverRuns.killAfter(reports));
            throw new AssertionError("the simulated kill did not happen");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("simulated driver kill"), expected.getMessage());
        }
        WarmNetworks.forgetExecutorNetworks(); // a killed driver's JVM keeps nothing: the rerun reads checkpoints
        String log = DriverRuns.run(sweep, killed, "local[1]", SweepRun.Hooks.NONE);
        assertTrue(log.contains("continuing from"), log);
        Map<String, TrialResult> a = byId(DriverRuns.trials(whole, name));
        Map<String, TrialResult> b = byId(DriverRuns.trials(killed, name));
        assertEquals(a.keySet(), b.keySet(), log);
        a.forEach(
                (id, t) -> assertTrue(t.outcome().sameMetrics(b.get(id).outcome()), id + " differs after the resume"));
        assertEquals(
                Files.readString(whole.resolve(name + "/early_stopping.json")),
                Files.readString(killed.resolve(name + "/early_stopping.json")),
                "the same race");
        assertEquals(
                SummaryTable.TABLE
                        .readAll(
                                new Configuration(),
                                new SweepOutput(whole.toString(), name, new Configuration()).summaryDir())
                        .stream()
                        .map(r -> r.string("config_id") + " " + r.string("race_status"))
                        .sorted()
                        .toList(),
                SummaryTable.TABLE
                        .readAll(
                                new Configuration(),
                                new SweepOutput(killed.toString(), name, new Configuration()).summaryDir())
                        .stream()
                        .map(r -> r.string("config_id") + " " + r.string("race_status"))
                        .sorted()
                        .toList());
    }

    private static Map<String, TrialResult> byId(List<TrialResult> trials) {
        return trials.stream().collect(Collectors.toMap(t -> t.spec().trialId(), Function.identity()));
    }
}
