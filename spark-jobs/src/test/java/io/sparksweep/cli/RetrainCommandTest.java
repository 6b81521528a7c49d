package io.sparksweep.cli;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.driver.StoredResults;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.store.SweepOutput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sparksweep retrain} on local[2] after real sweeps of a tiny IDX set and a tiny table: the
 * winner trained data-parallel on every training row, its sidecar, its accuracy well above chance,
 * and the refusals (no results, an unknown or failed configuration) as one line, exit 2, nothing written.
 */
class RetrainCommandTest {

    @TempDir
    static Path tmp;

    private static Path results;

    /** Output of the image sweep: 2 learning rates, one of which diverges. */
    private static Path images;

    private static Path table;

    @BeforeAll
    static void sweeps() throws IOException {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
        results = tmp.resolve("results");
        Path imageSweep = tmp.resolve("img.yaml");
        Files.writeString(imageSweep, """
                name: img
                dataset: idx:%s
                repeats: 2
                seed: 3
                fixed: {epochs: 4, batch_size: 16, width: 32}
                search:
                  learning_rate: {values: [0.1, 1.0e6]}
                """.formatted(data));
        Path csv = tmp.resolve("t.csv");
        StringBuilder sb = new StringBuilder("x1,x2,group,class\n");
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            double z1 = rng.nextGaussian(), z2 = rng.nextGaussian();
            int g = rng.nextInt(3);
            sb.append(50 + 10 * z1)
                    .append(',')
                    .append(-3 + 0.5 * z2)
                    .append(',')
                    .append("uvw".charAt(g))
                    .append(',')
                    .append(z1 - z2 + (g - 1) > 0 ? "yes" : "no")
                    .append('\n');
        }
        Files.writeString(csv, sb.toString());
        Path tableSweep = tmp.resolve("tab.yaml");
        Files.writeString(tableSweep, """
                name: tab
                seed: 7
                dataset:
                  format: csv
                  path: %s
                  label: class
                  validation_fraction: 0.2
                repeats: 1
                fixed: {epochs: 10, batch_size: 16, optimizer: adam, width: 16}
                search:
                  learning_rate: {values: [0.01, 0.001]}
                """.formatted(csv));
        for (Path s : List.of(imageSweep, tableSweep)) {
            Result r = cli(s.toString(), "--out", results.toString(), "--master", "local[2]");
            assertEquals(0, r.code, r.err + r.out);
        }
        images = results.resolve("img");
        table = results.resolve("tab");
    }

    private record Result(int code, String out, String err) {}

    private static Result cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            code = SweepCli.run(args, new PrintStream(e, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private static Result retrain(Path sweep, String... more) {
        List<String> args = new ArrayList<>(List.of("retrain", sweep.toString(), "--master", "local[2]"));
        args.addAll(Arrays.asList(more));
        return cli(args.toArray(String[]::new));
    }

    private static List<ConfigSummary> summary(Path sweep) {
        return StoredResults.read(SweepOutput.ofFolder(sweep.toString(), new Configuration()), id -> true)
                .summary();
    }

    private static String rankOne(Path sweep) {
        return summary(sweep).stream()
                .filter(s -> s.rank() != null && s.rank() == 1)
                .findFirst()
                .orElseThrow()
                .configId();
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void retrainsTheImageWinnerOnEveryTrainingImage() throws Exception {
        String best = rankOne(images);
        Result r = retrain(images);
        assertEquals(0, r.code, r.err + r.out);
        assertTrue(r.out.contains("[1/4] train loss"), r.out);
        assertTrue(r.out.contains("[4/4] train loss"), r.out);
        assertTrue(r.out.contains("retrained test_accuracy"), r.out);
        Path json = images.resolve("models/" + best + "-retrained.json");
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertTrue(doc.path("retrained").asBoolean(), doc.toString());
        assertEquals(best, doc.path("config_id").asText());
        assertEquals(400, doc.path("rows_trained_on").asInt());
        assertEquals(400, doc.path("examples_made").asInt(), "every row made into a minibatch once");
        assertEquals(2, doc.path("workers").asInt());
        assertEquals(4, doc.path("epochs").asInt());
        assertEquals(
                "ParameterAveragingTrainingMaster", doc.path("training_master").asText());
        assertEquals("direct", doc.path("rdd_training_approach").asText(), "the default");
        assertEquals(4, doc.path("learning_curve").path("test_accuracy").size());
        assertEquals(4, doc.path("learning_curve").path("train_loss").size());
        double acc = doc.path("metrics").path("test_accuracy").asDouble();
        // 4 classes: chance is 0.25; the sweep's own repeats reach ~0.9 on this set
        assertTrue(acc > 0.6, "retrained test accuracy " + acc);
        assertTrue(doc.path("sweep_metrics").path("test_accuracy").has("mean"), doc.toString());
        // the zip is the network the sidecar describes, and it scores as the sidecar says
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(
                images.resolve("models/" + best + "-retrained.zip").toFile(), false);
        assertEquals(64, net.layerInputSize(0));
        assertFalse(listing(images).stream().anyMatch(p -> p.contains("_retrain-export")), "export folder deleted");

        // the report, rewritten by retrain and again by `report`, shows the retrained network
        assertTrue(r.out.contains("report: "), r.out);
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                Files.delete(images.resolve("report/index.html"));
                Result report = cli("report", images.toString());
                assertEquals(0, report.code, report.err);
            }
            String html = Files.readString(images.resolve("report/index.html"));
            assertTrue(html.contains("Retrained on all the data"), "pass " + pass);
            assertTrue(Files.exists(images.resolve("report/retrained-" + best + ".png")));
        }
    }

    @Test
    void retrainsATableOnTrainingAndValidationRows() throws Exception {
        String other = summary(table).stream()
                .filter(s -> s.rank() != null && s.rank() == 2)
                .findFirst()
                .orElseThrow()
                .configId();
        // rank 2 is Adam at 0.001, still learning after its sweep's 10 epochs (0.78): 6 epochs end at 0.75, 12 at 0.94.
        // (6 passed only while DL4J restarted Adam's moments every averaging round: steps several times the rate)
        Result r = retrain(table, "--config", other, "--epochs", "12", "--workers", "1", "--approach", "export");
        assertEquals(0, r.code, r.err + r.out);
        JsonNode doc = new ObjectMapper()
                .readTree(table.resolve("models/" + other + "-retrained.json").toFile());
        assertEquals(other, doc.path("config_id").asText());
        assertEquals(12, doc.path("epochs").asInt());
        assertEquals(1, doc.path("workers").asInt());
        assertEquals("export", doc.path("rdd_training_approach").asText());
        assertNotNull(doc.get("preprocessing"), "a table's sidecar keeps its encoding for predict");
        long rows = doc.path("rows_trained_on").asLong();
        assertTrue(rows > 300 && rows < 500, "training and validation rows, not the test part: " + rows);
        double acc = doc.path("metrics").path("test_accuracy").asDouble();
        assertTrue(acc > 0.75, "a linear boundary, chance 0.5: " + acc + "\n" + r.out);
    }

    @Test
    void refusesAFolderWithoutResults() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("results/nothing"));
        Result r = retrain(empty);
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.startsWith("error: ") && r.err.strip().lines().count() == 1, r.err);
        assertEquals(List.of(""), listing(empty), "nothing written");
    }

    @Test
    void refusesAnUnknownOrFailedConfiguration() throws Exception {
        List<String> before = listing(images);
        Result unknown = retrain(images, "--config", "0123456789ab");
        assertEquals(2, unknown.code, unknown.err);
        assertTrue(unknown.err.contains("--config 0123456789ab: no configuration"), unknown.err);
        String diverged = summary(images).stream()
                .filter(s -> s.rank() == null)
                .findFirst()
                .orElseThrow()
                .configId();
        Result approach = retrain(images, "--approach", "files");
        assertEquals(2, approach.code, approach.err);
        assertTrue(approach.err.contains("must be direct or export (got 'files')"), approach.err);
        assertEquals(1, approach.err.strip().lines().count(), approach.err);
        Result failed = retrain(images, "--config", diverged);
        assertEquals(2, failed.code, failed.err);
        assertTrue(failed.err.contains("none of its 2 trials ended OK"), failed.err);
        assertEquals(1, failed.err.strip().lines().count(), failed.err);
        assertEquals(before, listing(images), "nothing written");
    }
}
