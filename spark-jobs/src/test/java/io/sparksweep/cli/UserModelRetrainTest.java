package io.sparksweep.cli;

import io.sparksweep.api.Sweeps;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.train.TestModels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sparksweep retrain} of users' models after real sweeps on local[2]: a MultiLayerNetwork on
 * images ({@code TestModels$Dense}), a residual ComputationGraph on a table ({@code TestModels$Residual},
 * through DL4J's SparkComputationGraph), a model with its own DataSetIterators ({@code OwnDataModel}) and
 * one with its own MultiDataSetIterators ({@code MultiInputModel}, fitMultiDataSet, a declared metric);
 * each sidecar as a kept user model's, each network loaded again and scored by {@code evaluate} as the
 * sidecar says. A class only in a jar needs {@code --jars}; a model made in code is refused by the
 * command line in one line and retrains through {@code Sweeps.retrain}.
 */
class UserModelRetrainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path results, images, table;

    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();
    private final String sparkJars = System.getProperty("spark.jars");

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(loader);
        if (sparkJars == null) {
            System.clearProperty("spark.jars");
        } else {
            System.setProperty("spark.jars", sparkJars);
        }
    }

    private static Path sweepFile(String name, String model, String dataset, String fixed) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                model: {class: %s}
                %s
                seed: 7
                repeats: 1
                fixed: %s
                search:
                  learning_rate: {values: [0.01]}
                """.formatted(name, model, dataset == null ? "" : "dataset: " + dataset, fixed));
        return f;
    }

    /** Two numbers and a class that is a clean function of them. */
    private static Path csv(Path file, int n) throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder("id,x1,x2,class\n");
        for (int i = 0; i < n; i++) {
            double a = rng.nextGaussian(), b = rng.nextGaussian();
            sb.append(i)
                    .append(',')
                    .append(10 + 3 * a)
                    .append(',')
                    .append(b)
                    .append(',')
                    .append(a - b > 0 ? "yes" : "no")
                    .append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    @BeforeAll
    static void sweeps() throws IOException {
        images = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
        table = csv(tmp.resolve("train.csv"), 300);
        results = tmp.resolve("results");
        List<Path> files = List.of(
                sweepFile(
                        "mln",
                        "io.sparksweep.train.TestModels$Dense",
                        "idx:" + images,
                        "{epochs: 3, batch_size: 16, units: 16}"),
                sweepFile(
                        "graph",
                        "io.sparksweep.train.TestModels$Residual",
                        "{format: csv, path: " + table + ", label: class, exclude: [id]}",
                        "{epochs: 10, batch_size: 16, units: 16}"),
                sweepFile(
                        "own", "io.sparksweep.train.OwnDataModel", null, "{epochs: 3, batch_size: 32, network: graph}"),
                sweepFile(
                        "multi",
                        "io.sparksweep.train.MultiInputModel",
                        null,
                        "{epochs: 4, batch_size: 32, outputs: 2}"));
        for (Path f : files) {
            Result r = cli(f.toString(), "--out", results.toString(), "--master", "local[2]");
            assertEquals(0, r.code, r.err + r.out);
        }
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

    /** The one retrained network under the sweep's models/, after a retrain that must succeed. */
    private static Path retrained(Path sweep, String... more) throws IOException {
        Result r = retrain(sweep, more);
        assertEquals(0, r.code, r.err + r.out);
        assertTrue(r.out.contains("retrained test_accuracy"), r.out);
        try (Stream<Path> s = Files.list(sweep.resolve("models"))) {
            return s.filter(p -> p.toString().endsWith("-retrained.zip"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static JsonNode sidecar(Path zip) throws IOException {
        return JSON.readTree(zip.resolveSibling(zip.getFileName().toString().replace(".zip", ".json"))
                .toFile());
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aUsersMultiLayerNetworkRetrainsOnTheImagesAndScoresAsItsSidecarSays() throws Exception {
        Path sweep = results.resolve("mln");
        Path zip = retrained(sweep);
        JsonNode doc = sidecar(zip);
        assertTrue(doc.path("retrained").asBoolean(), doc.toString());
        assertEquals(
                "io.sparksweep.train.TestModels$Dense", doc.path("model_class").asText());
        assertEquals("MultiLayerNetwork", doc.path("network").asText());
        assertTrue(doc.path("load_with").asText().contains("restoreMultiLayerNetwork"), doc.toString());
        assertEquals(400, doc.path("rows_trained_on").asInt());
        assertEquals(3, doc.path("learning_curve").path("test_accuracy").size());
        assertEquals(3, doc.path("learning_curve").path("train_accuracy").size(), "measured as its trials are");
        double acc = doc.path("metrics").path("test_accuracy").asDouble();
        assertTrue(acc > 0.6, "4 classes, chance 0.25: " + acc);
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        assertEquals(16, net.layerSize(0), "the configuration's units");
        // evaluate reads the sidecar: at noise level 0 it scores the stored test accuracy again
        Path eval = tmp.resolve("eval-mln");
        Result r = cli(
                "evaluate",
                "--model",
                zip.toString(),
                "--noise",
                "salt_and_pepper",
                "--levels",
                "0",
                "--out",
                eval.toString(),
                "--master",
                "local[1]");
        assertEquals(0, r.code, r.err + r.out);
        try (Stream<Path> s = Files.list(eval)) {
            Path csv = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
            double scored = Double.parseDouble(Files.readAllLines(csv).get(1).split(",")[2]);
            assertEquals(acc, scored, 1e-9, r.out);
        }
        assertFalse(listing(sweep).stream().anyMatch(p -> p.contains("_retrain-export")), "export folder deleted");
    }

    @Test
    void aUsersComputationGraphRetrainsOnATableThroughSparkComputationGraph() throws Exception {
        Path zip = retrained(results.resolve("graph"), "--workers", "1");
        JsonNode doc = sidecar(zip);
        assertEquals("ComputationGraph", doc.path("network").asText());
        assertEquals(
                "org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(file, false)",
                doc.path("load_with").asText());
        assertEquals(
                "io.sparksweep.train.TestModels$Residual",
                doc.path("model_class").asText());
        assertTrue(doc.has("preprocessing"), "a table's sidecar keeps its encoding for predict");
        assertEquals(
                doc.path("rows_trained_on").asLong(),
                doc.path("examples_made").asLong(),
                "the minibatches made and exported once, not once per epoch");
        double acc = doc.path("metrics").path("test_accuracy").asDouble();
        assertTrue(acc > 0.8, "a linear boundary, chance 0.5: " + acc);
        ComputationGraph graph = ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        assertEquals(1, graph.getNumInputArrays());
        // scored again on the whole table (raw rows, encoded as the sidecar says): it learned the boundary
        Path eval = tmp.resolve("eval-graph");
        Result r = cli(
                "evaluate",
                "--model",
                zip.toString(),
                "--input",
                table.toString(),
                "--out",
                eval.toString(),
                "--master",
                "local[1]");
        assertEquals(0, r.code, r.err + r.out);
        double scored = JSON.readTree(eval.resolve("metrics.json").toFile())
                .path("accuracy")
                .asDouble();
        assertTrue(scored > 0.8, r.out);
    }

    @Test
    void aModelWithItsOwnIteratorsRetrainsOnTheirTrainingAndValidationMinibatches() throws Exception {
        Path zip = retrained(results.resolve("own"), "--epochs", "4");
        JsonNode doc = sidecar(zip);
        assertEquals(320 + 60, doc.path("rows_trained_on").asInt(), "training and validation examples");
        assertEquals(380, doc.path("examples_made").asInt());
        assertEquals("io.sparksweep.train.OwnDataModel", doc.path("dataset").asText());
        assertTrue(doc.path("input").asText().contains("own iterators"), doc.toString());
        assertEquals("ComputationGraph", doc.path("network").asText());
        assertEquals(4, doc.path("learning_curve").path("test_loss").size());
        double acc = doc.path("metrics").path("test_accuracy").asDouble();
        assertTrue(acc > 0.8, "4 noisy one-hot classes, chance 0.25: " + acc);
        // evaluate makes the class again for the trial the sidecar names and scores its own test iterator
        Path eval = tmp.resolve("eval-own");
        Result r = cli("evaluate", "--model", zip.toString(), "--out", eval.toString(), "--master", "local[1]");
        assertEquals(0, r.code, r.err + r.out);
        JsonNode measured = JSON.readTree(eval.resolve("metrics.json").toFile());
        for (String m : List.of("test_accuracy", "test_loss")) {
            assertEquals(
                    doc.path("metrics").path(m).asDouble(), measured.path(m).asDouble(), 1e-6, m);
        }
    }

    @Test
    void aGraphOnItsOwnMultiDataSetIteratorsRetrainsThroughFitMultiDataSet() throws Exception {
        Path zip = retrained(results.resolve("multi"));
        JsonNode doc = sidecar(zip);
        assertEquals(380, doc.path("rows_trained_on").asInt());
        assertEquals("ComputationGraph", doc.path("network").asText());
        JsonNode metrics = doc.path("metrics");
        double acc = metrics.path("test_accuracy").asDouble();
        assertTrue(acc > 0.5, "one input alone reaches 0.5 at most: " + acc);
        // the declared metric, measured once at the end on the test part: the first output's accuracy again
        assertEquals(acc, metrics.path("test_first_output_accuracy").asDouble(), 1e-6, metrics.toString());
        assertEquals(
                2, ModelSerializer.restoreComputationGraph(zip.toFile(), false).getNumOutputArrays());
    }

    @Test
    void aClassOnlyInAJarNeedsJars() throws Exception {
        Path jar = UserJarsTest.jarWith(
                tmp.resolve("jar"),
                "com.example.JarOwnData",
                "package com.example; public class JarOwnData extends io.sparksweep.train.OwnDataModel {}");
        Path file = sweepFile("jar", "com.example.JarOwnData", null, "{epochs: 2, batch_size: 32}");
        Result swept =
                cli(file.toString(), "--out", results.toString(), "--master", "local[2]", "--jars", jar.toString());
        assertEquals(0, swept.code, swept.err + swept.out);
        restore(); // a fresh JVM: the class is not on the class path without --jars
        Path sweep = results.resolve("jar");
        List<String> before = listing(sweep);
        Result refused = retrain(sweep);
        assertEquals(2, refused.code, refused.err + refused.out);
        assertEquals(1, refused.err.strip().lines().count(), refused.err);
        assertTrue(refused.err.startsWith("error: retrain: configuration "), refused.err);
        assertTrue(
                refused.err.contains("no class com.example.JarOwnData on the class path; give its jar with --jars"),
                refused.err);
        assertEquals(before, listing(sweep), "nothing written");
        Path zip = retrained(sweep, "--jars", jar.toString());
        assertEquals("com.example.JarOwnData", sidecar(zip).path("model_class").asText());
    }

    @Test
    void aModelMadeInCodeIsRefusedByTheCommandLineAndRetrainsThroughTheApi() throws Exception {
        String yaml = """
                name: lambda
                dataset: idx:%s
                repeats: 1
                seed: 7
                fixed: {epochs: 2, batch_size: 16, units: 16}
                """.formatted(images);
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("notebook")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Sweeps sweeps = Sweeps.fromYaml(yaml)
                    .model(TestModels.lambdaMlp("tiny-mlp"))
                    .out(results.toString());
            Sweeps.SweepResult result = sweeps.run(spark);
            Path sweep = Path.of(result.folder());
            List<String> before = listing(sweep);
            Result refused = cli("retrain", sweep.toString());
            assertEquals(2, refused.code, refused.err);
            assertEquals(1, refused.err.strip().lines().count(), refused.err);
            assertTrue(refused.err.contains("no class tiny-mlp"), refused.err);
            assertTrue(refused.err.contains("retrains through Sweeps.retrain"), refused.err);
            assertEquals(before, listing(sweep), "nothing written");

            String zip = sweeps.retrain(spark, result.folder(), null);
            JsonNode doc = sidecar(Path.of(zip));
            assertEquals("tiny-mlp", doc.path("model_class").asText());
            assertEquals("MultiLayerNetwork", doc.path("network").asText());
            assertTrue(doc.path("metrics").path("test_accuracy").asDouble() > 0.5, doc.toString());
            assertEquals(3, spark.range(3).count(), "the session is still usable");
        } finally {
            spark.stop();
        }
    }
}
