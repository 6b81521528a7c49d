package io.sparksweep.driver;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.store.StoredRow;
import io.sparksweep.store.SummaryTable;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.TrialResult;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assertEquals(2, slow.integer("n_trials"), "and no more repeats");
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

    private static Map<String, TrialResult> byId(List<TrialResult> trials) {
        return trials.stream().collect(Collectors.toMap(t -> t.spec().trialId(), Function.identity()));
    }
}
