package io.sparksweep.cli;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.driver.SweepRun;
import io.sparksweep.store.StoredRow;
import io.sparksweep.store.SummaryTable;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep with a robustness block on local[2] and tiny generated data (4 classes: chance is 0.25),
 * then {@code evaluate} on one of its kept models.
 */
class RobustnessSweepTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path out;
    static List<TrialResult> trials;
    static final List<Double> LEVELS = List.of(0.0, 0.25, 0.5, 1.0);

    @BeforeAll
    static void sweep() throws Exception {
        data = TinyIdx.write(tmp.resolve("tiny"), 400, 200, true);
        Path f = tmp.resolve("robust.yaml");
        // trained with salt-and-pepper noise too, so the kept model carries sparksweep's own noise class
        Files.writeString(f, """
                name: robust
                dataset: idx:%s
                repeats: 3
                seed: 5
                fixed: {epochs: 3, batch_size: 32, input_noise_type: salt_and_pepper, input_noise: 0.1}
                search:
                  learning_rate: {values: [0.5, 0.05]}
                robustness: {noise: salt_and_pepper, levels: [0.0, 0.25, 0.5, 1.0]}
                """.formatted(data));
        out = tmp.resolve("out");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new SweepRun(
                        new SweepRun.Options(f.toString(), out.toString(), null, "local[2]", false, false, 1, null),
                        new PrintStream(buf, true, StandardCharsets.UTF_8))
                .execute();
        trials = new SweepOutput(out.toString(), "robust", new Configuration()).readTrials();
    }

    @Test
    void trialRowsHoldOneValuePerLevelFallingFromTheCleanAccuracyToChance() {
        assertEquals(6, trials.size());
        for (TrialResult t : trials) {
            assertEquals(TrialStatus.OK, t.outcome().status());
            List<Double> acc = t.outcome().curve(Metrics.ROBUSTNESS_ACCURACY);
            List<Double> recall = t.outcome().curve(Metrics.ROBUSTNESS_RECALL);
            assertEquals(LEVELS, t.outcome().curve(Metrics.ROBUSTNESS_LEVELS));
            assertEquals(LEVELS.size(), acc.size());
            assertEquals(LEVELS.size(), recall.size());
            assertEquals(
                    t.outcome().testAccuracy(), acc.get(0), 0.0, "level 0 is the clean test set, in the same batches");
            // balanced classes (50 test images each): mean per-class recall is the accuracy
            for (int i = 0; i < acc.size(); i++) {
                assertEquals(acc.get(i), recall.get(i), 1e-12);
            }
            assertTrue(acc.get(0) > 0.9, "the tiny task is learnt: " + acc);
            assertTrue(acc.get(3) < 0.4, "pure noise leaves chance (0.25): " + acc);
            assertTrue(acc.get(0) >= acc.get(2) && acc.get(2) > acc.get(3), "falls with the level: " + acc);
        }
        // the same corrupted images for every trial: NoisyEvaluationTest; evaluate reproduces a trial's figures below
    }

    @Test
    void summaryHoldsMeanAndIntervalPerLevel() {
        List<StoredRow> rows = SummaryTable.TABLE.readAll(
                new Configuration(),
                new org.apache.hadoop.fs.Path(out.resolve("robust/summary").toUri()));
        assertEquals(2, rows.size());
        for (StoredRow r : rows) {
            assertEquals(LEVELS, r.doubles("robustness_levels"));
            for (String column : new String[] {
                "robustness_accuracy_mean",
                "robustness_accuracy_std",
                "robustness_accuracy_ci95_low",
                "robustness_accuracy_ci95_high",
                "robustness_recall_mean",
                "robustness_recall_ci95_low",
                "robustness_recall_ci95_high"
            }) {
                assertEquals(LEVELS.size(), r.doubles(column).size(), column);
            }
            List<Double> mean = r.doubles("robustness_accuracy_mean");
            String config = (String) r.value("config_id");
            double clean = trials.stream()
                    .filter(t -> t.spec().configId().equals(config))
                    .mapToDouble(t -> t.outcome().testAccuracy())
                    .average()
                    .orElseThrow();
            assertEquals(clean, mean.get(0), 1e-12, "level 0: the mean clean test accuracy");
            assertEquals((Double) r.value("test_accuracy_mean"), mean.get(0), 1e-12);
            for (int i = 0; i < LEVELS.size(); i++) {
                assertTrue(r.doubles("robustness_accuracy_ci95_low").get(i) <= mean.get(i)
                        && mean.get(i)
                                <= r.doubles("robustness_accuracy_ci95_high").get(i));
            }
        }
    }

    @Test
    void reportDrawsTheRobustnessCurves() throws Exception {
        Path report = out.resolve("robust/report");
        assertTrue(Files.size(report.resolve("robustness.png")) > 5_000);
        String index = Files.readString(report.resolve("index.html"));
        assertTrue(
                index.contains("src=\"robustness.png\"") && index.contains("salt_and_pepper noise"),
                "figure and caption");
    }

    @Test
    void evaluateOnAKeptModelPrintsAndWritesTheTableAndReproducesTheTrial() throws Exception {
        Path model = keptModel();
        String trialId = model.getFileName().toString().replace(".zip", "");
        TrialResult trial = trials.stream()
                .filter(t -> t.spec().trialId().equals(trialId))
                .findFirst()
                .orElseThrow();
        EvaluateCommand cmd = new EvaluateCommand();
        cmd.model = model.toString();
        cmd.dataset = "idx:" + data;
        cmd.noise = "salt_and_pepper";
        cmd.levels = "0:1:5";
        cmd.out = tmp.resolve("eval").toString();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        cmd.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String console = buf.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("level      accuracy   mean recall"), console);
        Path csv = tmp.resolve("eval/" + trialId + "-salt_and_pepper.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("noise,level,accuracy,mean_recall,recall_0,recall_1,recall_2,recall_3", lines.get(0));
        assertEquals(6, lines.size(), "header and the 5 levels 0, 0.25, 0.5, 0.75, 1");
        assertTrue(Files.size(tmp.resolve("eval/" + trialId + "-salt_and_pepper.png")) > 5_000);
        // levels 0, 0.25, 0.5 and 1 are the sweep's: same seeds, same images, same network -> the trial's figures
        List<Double> stored = trial.outcome().curve(Metrics.ROBUSTNESS_ACCURACY);
        int[] rowOfSweepLevel = {1, 2, 3, 5};
        for (int i = 0; i < LEVELS.size(); i++) {
            String[] cells = lines.get(rowOfSweepLevel[i]).split(",");
            assertEquals(LEVELS.get(i), Double.parseDouble(cells[1]));
            assertEquals(stored.get(i), Double.parseDouble(cells[2]), 1e-12, "level " + LEVELS.get(i) + ": " + console);
            assertTrue(console.contains(String.format(Locale.ROOT, "%.4f", stored.get(i))), console);
        }

        // a denoiser that returns its input unchanged: the same figures
        Path identity = tmp.resolve("identity.zip");
        MultiLayerNetwork id = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .list()
                .layer(new ActivationLayer.Builder()
                        .activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(64))
                .build());
        id.init();
        ModelSerializer.writeModel(id, identity.toFile(), false);
        cmd.denoiser = identity.toString();
        cmd.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String> denoised = Files.readAllLines(tmp.resolve("eval/" + trialId + "+identity-salt_and_pepper.csv"));
        assertEquals(lines, denoised);
    }

    private static Path keptModel() throws Exception {
        try (Stream<Path> s = Files.list(out.resolve("robust/models"))) {
            Path model = s.filter(p -> p.toString().endsWith(".zip"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
            String sidecar = Files.readString(
                    model.resolveSibling(model.getFileName().toString().replace(".zip", ".json")));
            assertTrue(sidecar.contains("\"robustness\""), sidecar);
            return model;
        }
    }

    private static String[] cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepCli.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path model = keptModel();
        String evalOut = tmp.resolve("bad-eval").toString();
        Path text = tmp.resolve("notes.zip");
        Files.writeString(text, "not a network");
        Path otherZip = tmp.resolve("other.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(otherZip))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hello".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        String[][] cases = {
            {text.toString(), "0:1:3", "salt_and_pepper", "not a DL4J MultiLayerNetwork zip"},
            {otherZip.toString(), "0:1:3", "salt_and_pepper", "not a DL4J MultiLayerNetwork zip"},
            {tmp.resolve("missing.zip").toString(), "0:1:3", "salt_and_pepper", "no such file"},
            {model.toString(), "0:1", "salt_and_pepper", "--levels: '0:1' is not start:stop:count"},
            {model.toString(), "0,1.5", "salt_and_pepper", "--levels 0,1.5: a salt-and-pepper level"},
            {model.toString(), "0,-1", "gaussian", "--levels 0,-1: a gaussian level is a standard deviation"},
            {model.toString(), "0,x", "gaussian", "--levels: 'x' in '0,x' is not a number"},
            {model.toString(), "0,1", "speckle", "--noise: must be salt_and_pepper or gaussian"},
        };
        for (String[] c : cases) {
            String[] r = cli(
                    "evaluate",
                    "--model",
                    c[0],
                    "--dataset",
                    "idx:" + data,
                    "--levels",
                    c[1],
                    "--noise",
                    c[2],
                    "--out",
                    evalOut);
            assertEquals("2", r[0], String.join(" ", c) + ": " + r[1]);
            assertEquals(1, r[1].lines().count(), r[1]);
            assertTrue(r[1].startsWith("error: ") && r[1].contains(c[3]), r[1]);
        }
        // a classifier whose outputs are not the dataset's classes: a denoiser used as the model
        Path identity = tmp.resolve("identity64.zip");
        MultiLayerNetwork id = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(new ActivationLayer.Builder()
                        .activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(64))
                .build());
        id.init();
        ModelSerializer.writeModel(id, identity.toFile(), false);
        String[] r = cli("evaluate", "--model", identity.toString(), "--dataset", "idx:" + data, "--out", evalOut);
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("gives 64 outputs per image; it needs the dataset's 4 classes"), r[1]);
        assertNotNull(model);
    }
}
