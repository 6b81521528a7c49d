package io.sparksweep.driver;

import io.sparksweep.cli.SweepCli;
import io.sparksweep.data.TablePreprocessing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole sweeps on generated tables: classification ranked on validation, regression ranked on RMSE, bad input refused. */
class TableSweepTest {

    @TempDir
    Path tmp;

    private String err;

    private int run(String... args) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = SweepCli.run(args, new PrintStream(e, true, StandardCharsets.UTF_8));
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** Two separable blobs and a real target that is a linear function of the features plus noise. */
    private Path table() throws IOException {
        SplittableRandom rng = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder("x/1,x.2,group,class,target\n");
        for (int i = 0; i < 300; i++) {
            int c = i % 2;
            double a = rng.nextGaussian() + 3 * c, b = rng.nextGaussian() - 2 * c;
            sb.append(a)
                    .append(',')
                    .append(b)
                    .append(',')
                    .append(i % 3 == 0 ? "u" : "v")
                    .append(',')
                    .append(c == 0 ? "no" : "yes")
                    .append(',')
                    .append(100 + 10 * a - 5 * b + rng.nextGaussian())
                    .append('\n');
        }
        Path p = tmp.resolve("t.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    private Path sweep(String name, String dataset) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(
                f,
                "name: " + name + "\ndataset:\n" + dataset + "repeats: 2\nfixed:\n  epochs: 20\n  batch_size: 16\n"
                        + "  optimizer: adam\nsearch:\n  learning_rate: {values: [0.01, 0.0001]}\n");
        return f;
    }

    @Test
    void classificationRanksOnValidationAndRegressionOnRmse() throws IOException {
        Path t = table();
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                run(
                        sweep(
                                        "cls",
                                        "  format: csv\n  path: " + t
                                                + "\n  label: class\n  features: [x/1, x.2, group]\n"
                                                + "  validation_fraction: 0.2\n")
                                .toString(),
                        "--out",
                        out.toString(),
                        "--master",
                        "local[2]"),
                err);
        assertEquals(
                0,
                run(
                        sweep(
                                        "reg",
                                        "  format: csv\n  path: " + t + "\n  label: target\n  features: [x/1, x.2]\n"
                                                + "  validation_fraction: 0.2\n")
                                .toString(),
                        "--out",
                        out.toString(),
                        "--master",
                        "local[2]"),
                err);

        // the table's summary and preprocessing beside the results, and the preprocessing in each kept model's sidecar
        JsonNode dataset =
                new ObjectMapper().readTree(out.resolve("cls/dataset.json").toFile());
        assertEquals("classification", dataset.path("summary").path("task").asText());
        assertEquals(4, dataset.path("summary").path("features").asInt(), "x/1, x.2 and group's two categories");
        List<Path> sidecars;
        try (var files = Files.list(out.resolve("cls/models"))) {
            sidecars = files.filter(f -> f.toString().endsWith(".json")).toList();
        }
        assertFalse(sidecars.isEmpty(), "a kept model");
        JsonNode sidecar = new ObjectMapper().readTree(sidecars.get(0).toFile());
        TablePreprocessing kept = TablePreprocessing.fromJson(sidecar.path("preprocessing"));
        assertEquals(TablePreprocessing.fromJson(dataset.path("preprocessing")), kept);
        assertEquals(List.of("x/1", "x.2", "group"), List.copyOf(kept.columnNames()));
        assertEquals("class", kept.label());
        assertEquals("csv:" + t, sidecar.path("dataset").asText());

        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("check")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Row best = spark.read()
                    .parquet(out.resolve("cls/summary").toString())
                    .filter("rank = 1")
                    .first();
            assertEquals("validation_accuracy", best.getString(best.fieldIndex("ranked_on")));
            assertTrue(best.getDouble(best.fieldIndex("test_accuracy_mean")) > 0.9, best.toString());
            Dataset<Row> trials = spark.read().parquet(out.resolve("cls/trials").toString());
            Row one = trials.filter("status = 'OK'").first();
            assertEquals(
                    20, one.getList(one.fieldIndex("validation_accuracy_curve")).size());
            assertTrue(one.isNullAt(one.fieldIndex("test_rmse")));

            Row reg = spark.read()
                    .parquet(out.resolve("reg/summary").toString())
                    .filter("rank = 1")
                    .first();
            assertEquals("validation_rmse", reg.getString(reg.fieldIndex("ranked_on")));
            Dataset<Row> regTrials =
                    spark.read().parquet(out.resolve("reg/trials").toString());
            Row r = regTrials.filter("status = 'OK' and learning_rate = 0.01").first();
            assertTrue(r.getDouble(r.fieldIndex("test_r2")) > 0.9, r.toString());
            assertTrue(
                    r.getDouble(r.fieldIndex("test_rmse")) < 5,
                    "in the label's units: the noise is 1, the label's spread ~40");
            assertNull(r.get(r.fieldIndex("test_accuracy")));
            assertEquals("fast-dense", r.getString(r.fieldIndex("trainer")));
            assertEquals(
                    Math.pow(r.getDouble(r.fieldIndex("test_rmse")), 2), r.getDouble(r.fieldIndex("test_loss")), 1e-6);
        } finally {
            spark.stop();
        }
    }

    @Test
    void aDryRunReadsTheTableAndPrintsItsSummaryWithoutWriting() throws IOException {
        Path t = table();
        Path out = tmp.resolve("dry");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = run(
                    sweep("dry", "  format: csv\n  path: " + t + "\n  label: class\n  exclude: [target]\n")
                            .toString(),
                    "--out",
                    out.toString(),
                    "--dry-run");
        } finally {
            System.setOut(console);
        }
        assertEquals(0, code, err);
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("  task: classification: 'class' is text"), printed);
        assertTrue(printed.contains("excluded: listed under exclude:"), printed);
        assertTrue(printed.contains("dry run: nothing trained, nothing written"), printed);
        assertFalse(Files.exists(out), "nothing written");
        assertEquals(
                2,
                run(
                        sweep("dry", "  format: csv\n  path: " + t + "\n  label: species\n")
                                .toString(),
                        "--out",
                        out.toString(),
                        "--dry-run"));
        assertTrue(err.startsWith("error: " + t + ": no label column 'species'"), err);
    }

    @Test
    void badTableIsOneLineExitTwoAndNothingWritten() throws IOException {
        Path t = table();
        Path out = tmp.resolve("out");
        assertEquals(
                2,
                run(
                        sweep("bad", "  format: csv\n  path: " + t + "\n  label: species\n")
                                .toString(),
                        "--out",
                        out.toString(),
                        "--master",
                        "local[1]"));
        assertEquals(
                "error: " + t + ": no label column 'species'; the columns are: x/1, x.2, group, class, target\n", err);
        assertFalse(Files.exists(out.resolve("bad")), "nothing written");
    }
}
