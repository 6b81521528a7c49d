package io.sparksweep.driver;

import io.sparksweep.cli.SweepCli;
import io.sparksweep.data.TablePreprocessing;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep on a Parquet table above the driver's table budget (set low, not by exhausting the heap):
 * statistics from Spark jobs, the parts encoded into files under the sweep's output, executors reading
 * them; resumed without encoding again; a bad sample: refused before anything is written.
 */
class StreamedSweepTest {

    @TempDir
    Path tmp;

    private String err;

    private int run(String... args) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream console = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SweepCli.run(args, new PrintStream(e, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(console);
        }
        err = e.toString(StandardCharsets.UTF_8) + o.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** 4000 rows of two separable classes, 8 numeric features and a text column. */
    private Path table() {
        Path p = tmp.resolve("big.parquet");
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("gen")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            StringBuilder cols = new StringBuilder();
            for (int j = 0; j < 8; j++) {
                cols.append("randn(")
                        .append(j)
                        .append(") + 2 * (id % 2) as f")
                        .append(j)
                        .append(";");
            }
            spark.range(4000)
                    .selectExpr((cols + "case when id % 3 = 0 then 'u' else 'v' end as g;"
                                    + "case when id % 2 = 0 then 'no' else 'yes' end as label")
                            .split(";"))
                    .repartition(3)
                    .write()
                    .parquet(p.toString());
        } finally {
            spark.stop();
        }
        return p;
    }

    private Path sweep(String name, String extra, Path table) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(
                f,
                "name: " + name + "\nseed: 3\ndataset:\n  format: parquet\n  path: " + table
                        + "\n  label: label\n  validation_fraction: 0.1\n" + extra
                        + "fixed:\n  epochs: 3\n  batch_size: 32\n  optimizer: adam\n"
                        + "search:\n  learning_rate: {values: [0.01, 0.001]}\n");
        return f;
    }

    @Test
    void aTableAboveTheDriverBudgetSweepsFromEncodedFiles() throws IOException {
        Path t = table();
        Path out = tmp.resolve("out");
        System.setProperty("spark.sparksweep.driverTableMemory", "64k");
        try {
            String file = sweep("big", "", t).toString();
            assertEquals(0, run(file, "--out", out.toString(), "--master", "local[2]"), err);
            assertTrue(err.contains("encoded into files that executors read"), err);
            Path data;
            try (var dirs = Files.list(out.resolve("big/data"))) {
                data = dirs.filter(d -> d.getFileName().toString().startsWith("table-"))
                        .findFirst()
                        .orElseThrow();
            }
            assertTrue(Files.exists(data.resolve("manifest.json")));
            List<TrialResult> trials = DriverRuns.trials(out, "big");
            assertEquals(2, trials.size());
            for (TrialResult r : trials) {
                assertEquals(TrialStatus.OK, r.outcome().status(), r.outcome().toString());
            }
            assertTrue(
                    trials.stream().anyMatch(r -> r.outcome().testAccuracy() > 0.9),
                    "two separable classes are learnt from the encoded files");
            JsonNode dataset =
                    new ObjectMapper().readTree(out.resolve("big/dataset.json").toFile());
            TablePreprocessing p = TablePreprocessing.fromJson(dataset.path("preprocessing"));
            assertEquals(9, p.columns().size());
            assertEquals(10, p.width(), "8 numbers and g's two categories");
            long written =
                    Files.getLastModifiedTime(data.resolve("manifest.json")).toMillis();

            // a second sweep on a sample, then the first resumed with one more configuration
            String sampled = sweep("small", "  sample: 1000\n", t).toString();
            assertEquals(0, run(sampled, "--out", out.toString(), "--master", "local[2]"), err);
            assertTrue(err.contains("sample: a sample of"), err);
            String grown = Files.readString(Path.of(file)).replace("[0.01, 0.001]", "[0.01, 0.001, 0.1]");
            Files.writeString(Path.of(file), grown);
            assertEquals(0, run(file, "--out", out.toString(), "--master", "local[2]"), err);
            assertEquals(3, DriverRuns.trials(out, "big").size());
            assertEquals(
                    written,
                    Files.getLastModifiedTime(data.resolve("manifest.json")).toMillis(),
                    "a resumed sweep reads the files it wrote, not encoding them again");
        } finally {
            System.clearProperty("spark.sparksweep.driverTableMemory");
        }
    }

    @Test
    void aSampleLargerThanTheTableIsOneLineExitTwoNothingWritten() throws IOException {
        Path t = table();
        Path out = tmp.resolve("out");
        assertEquals(
                2,
                run(
                        sweep("toobig", "  sample: 99999\n", t).toString(),
                        "--out",
                        out.toString(),
                        "--master",
                        "local[2]"));
        assertTrue(err.startsWith("error: " + t + ": sample: 99999 rows is more than the table's"), err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error:")).count(), err);
        assertFalse(Files.exists(out.resolve("toobig")), "nothing written");
    }
}
