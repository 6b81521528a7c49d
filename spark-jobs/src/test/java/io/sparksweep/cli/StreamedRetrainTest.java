package io.sparksweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sparksweep retrain} after a sweep on a sample of a Parquet table (so the table streams): the
 * winner trained on every row outside the test part, sampled or not, its minibatches made on the
 * executors from the table's files; measured on the sweep's test part.
 */
class StreamedRetrainTest {

    @TempDir
    Path tmp;

    private String console;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            code = SweepCli.run(args, new PrintStream(e, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        console = e.toString(StandardCharsets.UTF_8) + o.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** 3000 rows of two classes apart by 1.5 standard deviations in each of 6 features, and a text column. */
    private Path table() {
        Path p = tmp.resolve("t.parquet");
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("gen")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            StringBuilder cols = new StringBuilder();
            for (int j = 0; j < 6; j++) {
                cols.append("randn(")
                        .append(j)
                        .append(") + 1.5 * (id % 2) as f")
                        .append(j)
                        .append(';');
            }
            spark.range(3000)
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

    @Test
    void retrainsOnEveryNonTestRowOfASampledTable() throws Exception {
        Path t = table();
        Path sweep = tmp.resolve("s.yaml");
        Files.writeString(sweep, """
                name: s
                seed: 5
                dataset:
                  format: parquet
                  path: %s
                  label: label
                  validation_fraction: 0.1
                  sample: 300
                repeats: 1
                fixed: {epochs: 3, batch_size: 32, optimizer: adam, width: 16}
                search:
                  learning_rate: {values: [0.01, 0.003]}
                """.formatted(t));
        Path out = tmp.resolve("out");
        assertEquals(0, run(sweep.toString(), "--out", out.toString(), "--master", "local[2]"), console);
        assertTrue(console.contains("sample: a sample of"), console);
        Path folder = out.resolve("s");
        JsonNode summary = new ObjectMapper()
                .readTree(folder.resolve("dataset.json").toFile())
                .path("summary");
        long test = summary.path("testRows").asLong(-1);
        assertTrue(test > 300 && test < 900, "a test part of about a fifth: " + summary);

        assertEquals(0, run("retrain", folder.toString(), "--master", "local[2]", "--epochs", "4"), console);
        assertTrue(console.contains("[4/4] train loss"), console);
        JsonNode doc;
        try (Stream<Path> models = Files.list(folder.resolve("models"))) {
            Path json = models.filter(m -> m.toString().endsWith("-retrained.json"))
                    .findFirst()
                    .orElseThrow();
            doc = new ObjectMapper().readTree(json.toFile());
        }
        // every row outside the test part, far more than the 300 the sweep sampled
        assertEquals(3000 - test, doc.path("rows_trained_on").asLong(), doc.toString());
        assertFalse(console.contains("note: the executors made minibatches"), console);
        assertTrue(doc.has("preprocessing"), "the sweep's encoding, for predict");
        double acc = doc.path("metrics").path("test_accuracy").asDouble();
        // Bayes accuracy of 6 features each 1.5 sd apart is ~0.99; chance 0.5
        assertTrue(acc > 0.85, "retrained test accuracy " + acc);
        assertEquals(4, doc.path("learning_curve").path("test_accuracy").size());

        // encoded with the statistics the sweep stored, not a pass of Spark jobs over the table
        assertTrue(console.contains("encoding: the statistics the sweep stored (dataset.json)"), console);
        assertEquals("stored by the sweep", doc.path("encoding_statistics").asText(), doc.toString());
        // and the report shows the retrained network
        String report = Files.readString(folder.resolve("report/index.html"));
        assertTrue(report.contains("Retrained on all the data"), "the report rewritten at the end");

        // without dataset.json the statistics are computed again, and the retrained network is the same
        Files.move(folder.resolve("dataset.json"), tmp.resolve("dataset.json"));
        assertEquals(0, run("retrain", folder.toString(), "--master", "local[2]", "--epochs", "4"), console);
        assertTrue(
                console.contains(
                        "encoding: statistics computed from the table again (the sweep stored no dataset.json)"),
                console);
        JsonNode again = new ObjectMapper()
                .readTree(folder.resolve("models/" + doc.path("config_id").asText() + "-retrained.json")
                        .toFile());
        assertEquals("computed again", again.path("encoding_statistics").asText());
        assertEquals(doc.path("rows_trained_on"), again.path("rows_trained_on"));
        assertEquals(doc.path("metrics"), again.path("metrics"), "the same rows, encoded alike, trained alike");
    }
}
