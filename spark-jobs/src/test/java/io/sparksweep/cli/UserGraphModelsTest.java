package io.sparksweep.cli;

import io.sparksweep.data.TableDataset;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.driver.SweepSource;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.spark.TableReader;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.train.UserModels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code evaluate} and {@code predict} on a user's ComputationGraph ({@code TestModels$Residual}) kept by
 * real sweeps: one on images, one on a table. Both score the graph through {@code train/Net} as the
 * sweep did, so they reproduce the stored test accuracy.
 */
class UserGraphModelsTest {

    private static final String RESIDUAL = "io.sparksweep.train.TestModels$Residual";

    @TempDir
    static Path tmp;

    private static Path images, table, tableSweep, imageModel, tableModel;

    private static Path sweep(String name, String dataset, String fixed) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                model: {class: %s}
                dataset: %s
                seed: 7
                repeats: 1
                fixed: %s
                search:
                  learning_rate: {values: [0.01]}
                """.formatted(name, RESIDUAL, dataset, fixed));
        return f;
    }

    /** Two numbers and a class that is a clean function of them. */
    private static Path table(Path file, int n) throws IOException {
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

    private static Path kept(Path models) throws IOException {
        try (Stream<Path> s = Files.list(models)) {
            return s.filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
        }
    }

    private static JsonNode sidecar(Path zip) throws IOException {
        return new ObjectMapper()
                .readTree(zip.resolveSibling(zip.getFileName().toString().replace(".zip", ".json"))
                        .toFile());
    }

    @BeforeAll
    static void trainModels() throws IOException {
        images = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
        table = table(tmp.resolve("train.csv"), 300);
        tableSweep = sweep(
                "tab",
                "{format: csv, path: " + table + ", label: class, exclude: [id]}",
                "{epochs: 20, batch_size: 16, units: 16}");
        Path results = tmp.resolve("results");
        for (Path s : List.of(sweep("img", "idx:" + images, "{epochs: 3, batch_size: 32}"), tableSweep)) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int code = SweepCli.run(
                    new String[] {s.toString(), "--out", results.toString(), "--master", "local[2]"},
                    new PrintStream(e, true, StandardCharsets.UTF_8));
            assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        }
        imageModel = kept(results.resolve("img/models"));
        tableModel = kept(results.resolve("tab/models"));
    }

    @Test
    void evaluateScoresAGraphAtLevelZeroAsItsSweepDid() throws IOException {
        assertEquals("ComputationGraph", sidecar(imageModel).path("network").asText());
        EvaluateCommand cmd = new EvaluateCommand();
        cmd.model = imageModel.toString();
        cmd.noise = "salt_and_pepper";
        cmd.levels = "0,0.5";
        cmd.out = tmp.resolve("eval").toString();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        cmd.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String console = buf.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("from the model's sidecar"), console);
        String stem = imageModel.getFileName().toString().replace(".zip", "");
        List<String> lines = Files.readAllLines(tmp.resolve("eval/" + stem + "-salt_and_pepper.csv"));
        assertEquals(3, lines.size(), console);
        double stored =
                sidecar(imageModel).path("metrics").path("test_accuracy").asDouble();
        assertEquals(stored, Double.parseDouble(lines.get(1).split(",")[2]), 1e-9, console);
    }

    @Test
    void predictAndEvaluateScoreAGraphTableModelAsItsSweepDid() throws IOException {
        assertEquals("ComputationGraph", sidecar(tableModel).path("network").asText());
        Path dir = tmp.resolve("pred");
        cli("predict", "--model", tableModel.toString(), "--input", table.toString(), "--out", dir.toString());
        Path evaluated = tmp.resolve("evaluated");
        String printed = cli(
                "evaluate",
                "--model",
                tableModel.toString(),
                "--input",
                table.toString(),
                "--out",
                evaluated.toString());
        assertTrue(printed.contains("evaluate " + tableModel + " on " + table + ": accuracy "), printed);
        assertTrue(printed.contains("its sweep measured test_accuracy "), printed);
        double evaluatedAccuracy = new ObjectMapper()
                .readTree(evaluated.resolve("metrics.json").toFile())
                .path("accuracy")
                .asDouble();
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("check")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(dir.toString()).collectAsList();
            assertEquals(300, rows.size());
            assertEquals(evaluatedAccuracy, accuracy(rows), 1e-12, "evaluate and predict score the same graph");
            // the sweep's own test part of this table (same seed, same split): the stored test accuracy exactly
            SweepDefinition sweep = SweepFileLoader.parse(
                    SweepSource.read(tableSweep.toString()), tableSweep.toString(), UserModels.RESOLVER);
            TableDataset t = TableReader.read(spark, sweep.dataset().table(), sweep.seed());
            List<Row> test = Arrays.stream(t.test().rows()).mapToObj(rows::get).toList();
            double stored =
                    sidecar(tableModel).path("metrics").path("test_accuracy").asDouble();
            assertTrue(stored > 0.8, "the graph learned the boundary: " + stored);
            assertEquals(stored, accuracy(test), 1e-9);
        } finally {
            spark.stop();
        }
    }

    private static double accuracy(List<Row> rows) {
        long right = rows.stream()
                .filter(r -> r.getAs("prediction").equals(r.getAs("class")))
                .count();
        return (double) right / rows.size();
    }

    /** A command on local[1]; what it printed to standard output, once it exited 0. */
    private static String cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(Arrays.asList(args));
            all.addAll(List.of("--master", "local[1]"));
            code = SweepCli.run(all.toArray(new String[0]), new PrintStream(e, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        return o.toString(StandardCharsets.UTF_8);
    }
}
