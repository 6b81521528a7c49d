package io.sparksweep.driver;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.sweepfile.SweepFileException;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;
import io.sparksweep.util.RefusedException;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real sweep on local[2]: Spark tasks training DL4J networks on tiny generated IDX data. */
class SweepRunSparkTest {

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
    }

    private static Path sweepFile(String name, int repeats) throws IOException {
        return sweepFile(name, repeats, "8, 16", 2);
    }

    private static Path sweepFile(String name, int repeats, String widths, int epochs) throws IOException {
        Path f = tmp.resolve(name + "-" + repeats + "-" + widths.replace(", ", "_") + "-" + epochs + ".yaml");
        Files.writeString(f, """
                name: %s
                dataset: idx:%s
                repeats: %d
                seed: 3
                fixed: {epochs: %d, batch_size: 32}
                search:
                  learning_rate: {values: [0.5, 1.0e30]}
                  width: {values: [%s]}
                """.formatted(name, data, repeats, epochs, widths));
        return f;
    }

    private static String run(Path sweep, Path out, boolean fresh) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new SweepRun(
                        new SweepRun.Options(sweep.toString(), out.toString(), null, "local[2]", false, fresh, 1, null),
                        new PrintStream(buf, true, StandardCharsets.UTF_8))
                .execute();
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .count();
        }
    }

    @Test
    void runsStoresResumesRefusesAChangedFileAndStartsFresh() throws Exception {
        Path out = tmp.resolve("out");
        String log = run(sweepFile("grid", 2), out, false);
        assertTrue(log.contains("[8/8]"), log);
        Path root = out.resolve("grid");
        assertEquals(1, files(root.resolve("trials")), "the run's commits are compacted into one file at its end");
        assertTrue(Files.exists(root.resolve("plan.json")));
        assertTrue(Files.exists(root.resolve("sweep.yaml")));
        // every finished sweep leaves a report with at least two non-empty plots
        String index = Files.readString(root.resolve("report/index.html"));
        assertTrue(log.contains("report: "), log);
        long plots = Files.list(root.resolve("report"))
                .filter(p -> p.toString().endsWith(".png"))
                .count();
        assertTrue(plots >= 2, "plots: " + plots);
        assertTrue(index.contains("accuracy-vs-learning_rate.png"), index);
        assertTrue(index.contains("curves-rank-1.png"), index);

        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("check")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> trials = spark.read().parquet(root.resolve("trials").toString());
            assertEquals(8, trials.count());
            assertEquals(8, trials.select("trial_id").distinct().count());
            assertEquals(
                    4,
                    trials.filter("learning_rate = 0.5 and status = 'OK' and test_accuracy > 0.9")
                            .count(),
                    "the sane learning rate learns the tiny problem");
            assertEquals(
                    4,
                    trials.filter("learning_rate > 1 and status = 'DIVERGED'").count(),
                    "the huge learning rate diverges, and the sweep goes on");
            Row one = trials.filter("status = 'OK'").first();
            assertEquals(2, one.getList(one.fieldIndex("epoch_seconds")).size());
            assertEquals(2, one.getList(one.fieldIndex("test_accuracy_curve")).size());
            assertFalse(one.getString(one.fieldIndex("dataset_sha256")).isEmpty());

            Dataset<Row> summary = spark.read().parquet(root.resolve("summary").toString());
            assertEquals(4, summary.count());
            Row best = summary.filter("rank = 1").first();
            assertEquals(0.5, best.getDouble(best.fieldIndex("learning_rate")));
            assertEquals(2, best.getInt(best.fieldIndex("n_ok")));
            double mean = best.getDouble(best.fieldIndex("test_accuracy_mean"));
            assertTrue(best.getDouble(best.fieldIndex("test_accuracy_ci95_low")) <= mean);
            assertEquals(
                    2,
                    summary.filter("learning_rate > 1 and n_diverged = 2 and rank is null")
                            .count());
            assertTrue(best.isNullAt(best.fieldIndex("p_value_vs_best")), "the best is not tested against itself");
        } finally {
            spark.stop();
        }

        // one trial alone, outside Spark, gives the numbers its Spark task stored
        String trialId = new SweepOutput(out.toString(), "grid", new Configuration())
                .readTrials().stream()
                        .filter(t -> t.outcome().status() == TrialStatus.OK)
                        .findFirst()
                        .orElseThrow()
                        .spec()
                        .trialId();
        ByteArrayOutputStream alone = new ByteArrayOutputStream();
        new SweepRun(
                        new SweepRun.Options(
                                sweepFile("grid", 2).toString(), out.toString(), null, null, false, false, 1, trialId),
                        new PrintStream(alone, true, StandardCharsets.UTF_8))
                .execute();
        assertTrue(alone.toString(StandardCharsets.UTF_8).contains("identical to the stored row"), alone.toString());

        // rerun: nothing new is trained or stored
        long before = files(root.resolve("trials"));
        String again = run(sweepFile("grid", 2), out, false);
        assertTrue(again.contains("all 8 of 8 trials already stored"), again);
        assertEquals(before, files(root.resolve("trials")));

        // the sweep grows by a value and a repeat: only the new trials train, the stored rows stay as they were
        List<TrialResult> old = new SweepOutput(out.toString(), "grid", new Configuration()).readTrials();
        String grown = run(sweepFile("grid", 3, "8, 16, 4", 2), out, false);
        assertTrue(
                grown.contains("the sweep grew (repeats 2 → 3, width +[4]): reusing 8 stored trials, running 10"),
                grown);
        List<TrialResult> all = new SweepOutput(out.toString(), "grid", new Configuration()).readTrials();
        assertEquals(18, all.size());
        for (TrialResult t : old) {
            TrialResult now = all.stream()
                    .filter(a -> a.spec().trialId().equals(t.spec().trialId()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(t.outcome(), now.outcome(), "stored trial " + t.spec().trialId() + " untouched");
        }
        before = files(root.resolve("trials"));

        // a change that alters the stored trials is refused, naming it; results untouched
        RefusedException refused =
                assertThrows(RefusedException.class, () -> run(sweepFile("grid", 3, "8, 16, 4", 3), out, false));
        assertTrue(refused.getMessage().contains("fixed epochs 2 → 3"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--fresh"), refused.getMessage());
        assertEquals(before, files(root.resolve("trials")));
        RefusedException fewer = assertThrows(RefusedException.class, () -> run(sweepFile("grid", 3), out, false));
        assertTrue(fewer.getMessage().contains("width -[4]: 6 of the 18 stored trials"), fewer.getMessage());

        // --fresh replaces them
        run(sweepFile("grid", 3), out, true);
        List<TrialResult> fresh = new SweepOutput(out.toString(), "grid", new Configuration()).readTrials();
        assertEquals(12, fresh.size());
        Set<String> ids = fresh.stream().map(t -> t.spec().trialId()).collect(Collectors.toSet());
        assertEquals(12, ids.size(), "no trial stored twice");
        assertEquals(
                6,
                fresh.stream()
                        .filter(t -> t.outcome().status() == TrialStatus.DIVERGED)
                        .count());
    }

    /** Stored trials are kept only for the bytes they were trained on: changed data refuses a grown sweep. */
    @Test
    void aChangedDatasetRefusesToKeepTheStoredTrials() throws Exception {
        Path changing = TinyIdx.write(tmp.resolve("changing"), 200, 50, true);
        String yaml = """
                name: data
                dataset: idx:%s
                repeats: %d
                fixed: {epochs: 1, batch_size: 32, width: 8}
                """;
        Path one = tmp.resolve("data-1.yaml"), two = tmp.resolve("data-2.yaml");
        Files.writeString(one, yaml.formatted(changing, 1));
        Files.writeString(two, yaml.formatted(changing, 2));
        Path out = tmp.resolve("data-out");
        run(one, out, false);
        TinyIdx.write(changing, 240, 50, true);
        RefusedException refused = assertThrows(RefusedException.class, () -> run(two, out, false));
        assertTrue(refused.getMessage().contains("holds trials trained on other data"), refused.getMessage());
        assertEquals(
                1,
                new SweepOutput(out.toString(), "data", new Configuration())
                        .readTrials()
                        .size());
    }

    /** The denoising autoencoder end to end: its columns in trials/ and summary/, its ranking, report and kept networks. */
    @Test
    void anAutoencoderSweepStoresReconstructionLossesRanksThemAndKeepsItsNetworks() throws Exception {
        Path f = tmp.resolve("ae.yaml");
        Files.writeString(f, """
                name: ae
                dataset: idx:%s
                repeats: 2
                seed: 3
                fixed: {model: autoencoder, input_noise_type: salt_and_pepper, input_noise: 0.4, optimizer: adam,
                        learning_rate: 0.01, batch_size: 32, epochs: 2}
                search:
                  hidden_layers: {values: [[16, 2, 16], [16, 12, 16]]}
                """.formatted(data));
        Path out = tmp.resolve("ae-out");
        String log = run(f, out, false);
        assertTrue(log.contains("[4/4] OK") && log.contains("recon ") && log.contains("noisy "), log);
        assertTrue(log.contains("reconstruction loss"), log);
        Path root = out.resolve("ae");
        String index = Files.readString(root.resolve("report/index.html"));
        assertTrue(
                index.contains("curves-rank-1.png") && index.contains("reconstruction loss"),
                "the report plots the losses");
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("check")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> trials = spark.read().parquet(root.resolve("trials").toString());
            assertEquals(
                    4,
                    trials.filter(
                                    "status = 'OK' and model = 'autoencoder' and test_accuracy is null "
                                            + "and reconstruction_loss > 0 and reconstruction_loss_noisy > 0 and test_loss = reconstruction_loss_noisy "
                                            + "and size(reconstruction_loss_curve) = 2 and size(reconstruction_loss_noisy_curve) = 2 and trainer = 'fast-dense'")
                            .count());
            Dataset<Row> summary = spark.read().parquet(root.resolve("summary").toString());
            Row best = summary.filter("rank = 1").first();
            Row second = summary.filter("rank = 2").first();
            assertEquals("reconstruction_loss", best.getString(best.fieldIndex("ranked_on")));
            assertTrue(
                    best.getDouble(best.fieldIndex("reconstruction_loss_mean"))
                            <= second.getDouble(second.fieldIndex("reconstruction_loss_mean")),
                    "lowest loss first");
            assertFalse(best.isNullAt(best.fieldIndex("reconstruction_loss_noisy_mean")));
            assertTrue(best.isNullAt(best.fieldIndex("test_accuracy_mean")));
            String bestConfig = best.getString(best.fieldIndex("config_id"));
            // the best configuration's final networks, loadable with DL4J alone: 64 sigmoid outputs for 64 pixels
            MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                    root.resolve("models").resolve(bestConfig + "-r0.zip").toFile(), false);
            INDArray y = net.output(Nd4j.rand(DataType.FLOAT, 3, 64));
            assertEquals(64, y.columns());
            assertTrue(y.minNumber().doubleValue() >= 0 && y.maxNumber().doubleValue() <= 1);
            String sidecar = Files.readString(root.resolve("models").resolve(bestConfig + "-r0.json"));
            assertTrue(
                    sidecar.contains("\"model\" : \"autoencoder\"") && sidecar.contains("\"reconstruction_loss\""),
                    sidecar);
        } finally {
            spark.stop();
        }
    }

    @Test
    void aMalformedFileWritesNothing() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\ndataset: idx:" + data + "\nrepeats: 0\n");
        Path out = tmp.resolve("bad-out");
        SweepFileException e = assertThrows(SweepFileException.class, () -> run(bad, out, false));
        assertEquals(bad + ":3: repeats: must be >= 1 (got 0)", e.getMessage());
        assertFalse(Files.exists(out));
    }
}
