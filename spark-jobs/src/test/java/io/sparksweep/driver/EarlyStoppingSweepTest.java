package io.sparksweep.driver;

import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.plan.Seeds;
import io.sparksweep.plan.StartOrder;
import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.train.TrainingData;
import io.sparksweep.train.WarmNetworks;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Early stopping on local[2]: real tasks, checkpoints between rungs, STOPPED rows, kept models, a resumed driver. */
class EarlyStoppingSweepTest {

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
    }

    private static Path sweepFile(String name, String earlyStopping) throws IOException {
        return sweepFile(name, earlyStopping, "idx:" + data);
    }

    private static Path sweepFile(String name, String earlyStopping, String dataset) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                dataset: %s
                repeats: 2
                seed: 5
                method: random
                samples: 8
                fixed: {epochs: 4, batch_size: 32, width: 16}
                search:
                  learning_rate: {distribution: log_uniform, min: 0.001, max: 1.0}
                %s
                """.formatted(name, dataset, earlyStopping));
        return f;
    }

    private static String run(Path sweep, Path out) throws Exception {
        return run(sweep, out, SweepRun.Hooks.NONE);
    }

    private static String run(Path sweep, Path out, SweepRun.Hooks hooks) throws Exception {
        return DriverRuns.run(sweep, out, "local[2]", hooks);
    }

    @Test
    void stopsOnRungsKeepsTheBestModelsAndCleansCheckpoints() throws Exception {
        Path out = tmp.resolve("out");
        String log = run(sweepFile("es", "early_stopping: {rule: asha, reduction_factor: 2, min_epochs: 1}"), out);
        SweepOutput output = new SweepOutput(out.toString(), "es", new Configuration());
        List<TrialResult> trials = output.readTrials();
        assertEquals(16, trials.size(), log);
        List<TrialResult> stopped = trials.stream()
                .filter(t -> t.outcome().status() == TrialStatus.STOPPED)
                .toList();
        assertFalse(stopped.isEmpty(), log);
        for (TrialResult t : stopped) {
            int at = t.outcome().stoppedAtEpoch();
            assertTrue(at == 1 || at == 2, "stopped at a rung: " + at);
            assertEquals(at, t.outcome().testAccuracyCurve().size(), "curves go as far as it trained");
            assertNull(t.outcome().testAccuracy(), "no final metric for a stopped trial");
        }
        long epochs = trials.stream()
                .mapToLong(t -> t.outcome().epochSeconds().size())
                .sum();
        assertTrue(epochs < 16 * 4, "fewer epochs than the full sweep: " + epochs);
        assertTrue(log.contains("stopped early"), log);
        assertTrue(log.contains("of 64 epochs trained"), log);
        assertTrue(
                log.contains("stopped at epoch "), "the console table says where configurations were stopped: " + log);
        assertTrue(Files.size(out.resolve("es/report/rungs.png")) > 5000, "the report draws the rung plot");
        assertTrue(Files.readString(out.resolve("es/report/index.html")).contains("stopped early"));

        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        ConfigSummary best = summary.stream()
                .filter(s -> s.rank() != null)
                .min(Comparator.comparing(ConfigSummary::rank))
                .orElseThrow();
        for (ConfigSummary s : summary) {
            if (s.nStopped() > 0) {
                assertNull(s.rank(), "only configurations that reached the last epoch are ranked");
            }
        }
        // the best configuration's two final networks, loadable with DL4J alone, scoring what the trials scored
        Path models = out.resolve("es/models");
        try (Stream<Path> files = Files.list(models)) {
            assertEquals(
                    List.of(
                            best.configId() + "-r0.json",
                            best.configId() + "-r0.zip",
                            best.configId() + "-r1.json",
                            best.configId() + "-r1.zip"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(out.resolve("es/checkpoints")), "checkpoints are deleted at the end");
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                models.resolve(best.configId() + "-r0.zip").toFile(), false);
        TrainingData test = TrainingData.of(DatasetLoader.load(data.toUri().toString(), null), false, null, 0);
        TrialResult r0 = trials.stream()
                .filter(t -> t.spec().trialId().equals(best.configId() + "-r0"))
                .findFirst()
                .orElseThrow();
        assertEquals(r0.outcome().testAccuracy(), accuracy(net, test), 1e-9);
        String sidecar = Files.readString(models.resolve(best.configId() + "-r0.json"));
        assertTrue(sidecar.contains("\"rank\" : 1") && sidecar.contains("\"learning_rate\""), sidecar);
    }

    private static double accuracy(MultiLayerNetwork net, TrainingData d) {
        int n = d.test().size(), f = d.features(), correct = 0;
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(d.test().x(), d.test().rows()[i] * f, x, i * f, f);
        }
        INDArray out = net.output(Nd4j.create(x, new long[] {n, f}));
        for (int i = 0; i < n; i++) {
            if (out.getRow(i).argMax().getInt(0) == d.test().classes()[d.test().rows()[i]]) {
                correct++;
            }
        }
        return (double) correct / n;
    }

    @Test
    void aDriverKilledMidSweepContinuesToTheSameResults() throws Exception {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        Path sweep =
                sweepFile("resume", "early_stopping: {rule: asha, reduction_factor: 2, min_epochs: 1}\nkeep_models: 0");
        run(sweep, whole);
        try {
            run(sweep, killed, DriverRuns.killAfter(9));
            throw new AssertionError("the simulated kill did not happen");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("simulated driver kill"), expected.getMessage());
        }
        WarmNetworks.forgetExecutorNetworks(); // a killed driver's JVM keeps nothing: the rerun reads checkpoints
        assertTrue(Files.exists(killed.resolve("resume/early_stopping.json")));
        String log = run(sweep, killed);
        assertTrue(log.contains("continuing from"), log);
        Map<String, TrialResult> a =
                byId(new SweepOutput(whole.toString(), "resume", new Configuration()).readTrials());
        Map<String, TrialResult> b =
                byId(new SweepOutput(killed.toString(), "resume", new Configuration()).readTrials());
        assertEquals(a.keySet(), b.keySet());
        a.forEach(
                (id, t) -> assertTrue(t.outcome().sameMetrics(b.get(id).outcome()), id + " differs after the resume"));
        assertEquals(
                Files.readString(whole.resolve("resume/early_stopping.json")).length(),
                Files.readString(killed.resolve("resume/early_stopping.json")).length(),
                "the same decisions");
    }

    @Test
    void anEarlyStoppingGridStartsItsConfigurationsInTheSeededOrderAndResumesInIt() throws Exception {
        Path sweep = tmp.resolve("grid.yaml");
        Files.writeString(sweep, """
                name: grid
                dataset: idx:%s
                seed: 5
                fixed: {epochs: 2, batch_size: 32}
                search:
                  learning_rate: {values: [0.001, 0.01, 0.1, 0.5]}
                  width: {values: [8, 16]}
                early_stopping: {rule: asha, reduction_factor: 2, min_epochs: 1}
                keep_models: 0
                """.formatted(data));
        SweepDefinition definition = SweepFileLoader.parse(Files.readString(sweep), sweep.toString());
        List<String> listed = TrialPlanner.plan(definition).configs().stream()
                .map(c -> Seeds.configId(c.canonical()))
                .toList();
        Path whole = tmp.resolve("grid-whole"), killed = tmp.resolve("grid-killed");
        String traced = DriverRuns.run(sweep, whole, "local[2]", SweepRun.Hooks.NONE, true);
        List<String> started = firstStarts(whole.resolve("grid/early_stopping.json"));
        assertTrace(whole.resolve("grid"), traced);
        assertEquals(StartOrder.of(definition, listed), started, "started in the seeded order");
        assertNotEquals(listed, started, "not in the grid's listing order");
        try {
            run(sweep, killed, DriverRuns.killAfter(3));
            throw new AssertionError("the simulated kill did not happen");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("simulated driver kill"), expected.getMessage());
        }
        WarmNetworks.forgetExecutorNetworks(); // a killed driver's JVM keeps nothing: the rerun reads checkpoints
        String log = run(sweep, killed);
        assertTrue(log.contains("continuing from"), log);
        // which repeat reports first is up to the tasks, so the logs may interleave differently; the starts may not
        assertEquals(started, firstStarts(killed.resolve("grid/early_stopping.json")), "resumed in the same order");
        assertFalse(Files.exists(killed.resolve("grid/trace.csv")), "no trace unless asked");
        assertFalse(log.contains("trace:"), log);
    }

    /** --trace: a row per segment the log started, with its spans, and the breakdown printed. */
    private static void assertTrace(Path folder, String console) throws IOException {
        int segments = 0;
        for (JsonNode e : new ObjectMapper()
                .readTree(folder.resolve("early_stopping.json").toFile())) {
            if (e.get("event").asText().equals("start")) {
                segments += e.get("repeats").size();
            }
        }
        List<String> lines = Files.readAllLines(folder.resolve("trace.csv"));
        assertEquals(segments + 1, lines.size(), "a header and a row per segment: " + lines);
        List<String> header = List.of(lines.get(0).split(","));
        int train = header.indexOf("train_ms"),
                task = header.indexOf("task_ms"),
                read = header.indexOf("checkpoint_read_ms");
        int promoted = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            assertTrue(Double.parseDouble(v[train]) > 0, "every segment trained: " + line);
            assertTrue(
                    Double.parseDouble(v[task]) >= Double.parseDouble(v[train]),
                    "training is part of the task: " + line);
            if (!v[1].equals("0")) {
                promoted++;
                // local mode: one executor, which kept the network that stopped at the rung
                assertEquals(0, Double.parseDouble(v[read]), "a promoted segment continued warm: " + line);
            }
        }
        assertTrue(promoted > 0, "some segments were promoted: " + lines);
        assertTrue(
                console.contains("promoted segments " + promoted + ", continued from a warm network " + promoted),
                console);
        assertTrue(console.contains("trace: " + segments + " segments on 2 slots"), console);
        assertTrue(console.contains("slots busy in tasks") && console.contains("peak output folder size"), console);
    }

    private static List<String> firstStarts(Path log) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode e : new ObjectMapper().readTree(log.toFile())) {
            if (e.get("event").asText().equals("start") && e.get("from").asInt() == 0) {
                ids.add(e.get("config").asText());
            }
        }
        return ids;
    }

    private static Map<String, TrialResult> byId(List<TrialResult> trials) {
        return trials.stream().collect(Collectors.toMap(t -> t.spec().trialId(), Function.identity()));
    }

    @Test
    void theMedianRuleDecidesOnValidationAccuracyWhenThereIsAValidationPart() throws Exception {
        Path out = tmp.resolve("median");
        String log = run(
                sweepFile(
                        "median",
                        "early_stopping: {rule: median, reduction_factor: 2}\nkeep_models: 0",
                        "{name: \"idx:" + data + "\", validation_fraction: 0.2}"),
                out);
        List<TrialResult> trials = new SweepOutput(out.toString(), "median", new Configuration()).readTrials();
        assertEquals(16, trials.size(), log);
        assertTrue(log.contains("decided on validation_accuracy"), log);
        assertTrue(
                trials.stream().anyMatch(t -> t.outcome().status() == TrialStatus.OK),
                "some reach the last epoch: " + log);
        assertTrue(
                trials.stream().anyMatch(t -> t.outcome().status() == TrialStatus.STOPPED), "some are stopped: " + log);
        assertTrue(
                trials.stream()
                        .filter(t -> t.outcome().status() == TrialStatus.STOPPED)
                        .allMatch(t -> !t.outcome().curve("validation_accuracy").isEmpty()),
                "their validation curves are stored");
    }
}
