package io.sparksweep.driver;

import io.sparksweep.data.DatasetLoader;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.train.TrainingData;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's network through what a sweep does besides training, on local[2]: the kept model and its
 * sidecar (a ComputationGraph, {@code TestModels$Residual}), a killed and resumed early-stopped sweep
 * and TPE, each with a ComputationGraph and a MultiLayerNetwork ({@code TestModels$Dense}), whose
 * checkpoints DL4J writes differently.
 */
class UserNetworkSweepTest {

    private static final String RESIDUAL = "io.sparksweep.train.TestModels$Residual";
    private static final String DENSE = "io.sparksweep.train.TestModels$Dense";

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
    }

    private static Path sweepFile(String name, String body) throws IOException {
        return sweepFile(name, RESIDUAL, body);
    }

    private static Path sweepFile(String name, String model, String body) throws IOException {
        return DriverRuns.userSweepFile(tmp, data, name, model, body);
    }

    private static String run(Path sweep, Path out, SweepRun.Hooks hooks) throws InterruptedException {
        return DriverRuns.run(sweep, out, "local[2]", hooks);
    }

    @Test
    void theKeptGraphReloadsAsAComputationGraphAndScoresAsItsTrialSaid() throws Exception {
        Path out = tmp.resolve("kept-out");
        String log = run(sweepFile("kept", """
                        fixed: {epochs: 3, batch_size: 32}
                        search:
                          learning_rate: {values: [0.003, 0.03]}
                        """), out, SweepRun.Hooks.NONE);
        assertTrue(log.contains("final network(s) of the best configuration"), log);
        TrialResult best = DriverRuns.trials(out, "kept").stream()
                .filter(t -> Files.exists(out.resolve("kept/models/" + t.spec().trialId() + ".zip")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no kept model: " + log));
        Path models = out.resolve("kept/models");
        JsonNode sidecar = new ObjectMapper()
                .readTree(models.resolve(best.spec().trialId() + ".json").toFile());
        assertEquals(RESIDUAL, sidecar.path("model_class").asText(), sidecar.toString());
        assertEquals("ComputationGraph", sidecar.path("network").asText(), sidecar.toString());
        assertTrue(sidecar.path("load_with").asText().contains("restoreComputationGraph"), sidecar.toString());

        ComputationGraph net = ModelSerializer.restoreComputationGraph(
                models.resolve(best.spec().trialId() + ".zip").toFile(), false);
        // a user's network takes pixels / 255 (Config.normalizeInput)
        TrainingData test = TrainingData.of(DatasetLoader.load(data.toUri().toString(), null), true, null, 0);
        assertEquals(best.outcome().testAccuracy(), accuracy(net, test), 1e-6);
    }

    private static double accuracy(ComputationGraph net, TrainingData d) {
        int n = d.test().size(), f = d.features(), correct = 0;
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(d.test().x(), d.test().rows()[i] * f, x, i * f, f);
        }
        INDArray out = net.outputSingle(false, Nd4j.create(x, new long[] {n, f}));
        for (int i = 0; i < n; i++) {
            if (out.getRow(i).argMax().getInt(0) == d.test().classes()[d.test().rows()[i]]) {
                correct++;
            }
        }
        return (double) correct / n;
    }

    /** ASHA with both kinds of network; the median rule, which decides alike on checkpoints, with the MLN. */
    @ParameterizedTest
    @CsvSource({RESIDUAL + ",asha", DENSE + ",asha", DENSE + ",median"})
    void aKilledEarlyStoppedSweepResumesToTheSameResults(String model, String rule) throws Exception {
        String name = "resume-" + model.substring(model.indexOf('$') + 1).toLowerCase(Locale.ROOT) + "-" + rule;
        Path whole = tmp.resolve(name + "-whole"), killed = tmp.resolve(name + "-killed");
        Path sweep = sweepFile(name, model, """
                repeats: 2
                method: random
                samples: 6
                fixed: {epochs: 4, batch_size: 32, units: 16}
                search:
                  learning_rate: {distribution: log_uniform, min: 0.0001, max: 0.05}
                early_stopping: {rule: %s, reduction_factor: 2, min_epochs: 1}
                keep_models: 0
                """.formatted(rule));
        run(sweep, whole, SweepRun.Hooks.NONE);
        try {
            // DriverRuns.killAfter keeps Trainer.DL4J, so the sweep still trains through the user-model trainer
            run(sweep, killed, DriverRuns.killAfter(7));
            throw new AssertionError("the simulated kill did not happen");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("simulated driver kill"), expected.getMessage());
        }
        assertTrue(Files.exists(killed.resolve(name + "/early_stopping.json")));
        String log = run(sweep, killed, SweepRun.Hooks.NONE);
        assertTrue(log.contains("continuing from"), log);
        List<TrialResult> all = DriverRuns.trials(whole, name);
        all.forEach(t -> assertEquals(model, t.spec().config().modelClass()));
        Map<String, TrialResult> a = byId(all);
        Map<String, TrialResult> b = byId(DriverRuns.trials(killed, name));
        assertEquals(a.keySet(), b.keySet());
        assertTrue(a.values().stream().anyMatch(t -> t.outcome().status() == TrialStatus.STOPPED));
        a.forEach(
                (id, t) -> assertTrue(t.outcome().sameMetrics(b.get(id).outcome()), id + " differs after the resume"));
        assertEquals(
                Files.readString(whole.resolve(name + "/early_stopping.json")).length(),
                Files.readString(killed.resolve(name + "/early_stopping.json")).length(),
                "the same decisions");
    }

    private static Map<String, TrialResult> byId(List<TrialResult> trials) {
        return trials.stream().collect(Collectors.toMap(t -> t.spec().trialId(), Function.identity()));
    }

    @ParameterizedTest
    @ValueSource(strings = {RESIDUAL, DENSE})
    void tpeProposesConfigurationsOfAUserNetworkAndRecordsThem(String model) throws Exception {
        String name = "tpe-" + model.substring(model.indexOf('$') + 1).toLowerCase(Locale.ROOT);
        Path out = tmp.resolve(name + "-out");
        String log = run(sweepFile(name, model, """
                        method: tpe
                        samples: 5
                        tpe: {startup: 3, candidates: 16}
                        fixed: {epochs: 2, batch_size: 32}
                        search:
                          learning_rate: {distribution: log_uniform, min: 0.001, max: 0.1}
                          units: {values: [8, 16]}
                        keep_models: 0
                        """), out, SweepRun.Hooks.NONE);
        List<TrialResult> trials = DriverRuns.trials(out, name);
        assertEquals(5, trials.size(), log);
        Map<Integer, String> byIndex = new TreeMap<>();
        for (TrialResult t : trials) {
            assertEquals(TrialStatus.OK, t.outcome().status(), t.outcome().errorMessage());
            assertEquals(model, t.spec().config().modelClass());
            byIndex.put(t.spec().proposalIndex(), t.spec().configId());
        }
        assertEquals(List.of(0, 1, 2, 3, 4), List.copyOf(byIndex.keySet()), "every proposal recorded");
    }
}
