package io.sparksweep.cli;

import io.sparksweep.data.TableDataset;
import io.sparksweep.driver.SweepSource;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.spark.TablePredictor;
import io.sparksweep.spark.TableReader;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.train.TableMetrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sparksweep predict} (and {@link TablePredictor#evaluate}) on models kept by real table sweeps
 * of generated tables: rows encoded as training encoded them, refusals as one line and exit code 2,
 * null predictions for rows the encoding cannot take, regression in the label's units, metrics that
 * match a hand computation.
 */
class PredictCommandTest {

    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    /** The classifier's and the regression's kept models, their sweep files and the training table. */
    private static Path classifier, regression, classifierSweep, trainingTable;

    private String out;
    private String err;
    private SparkSession spark;

    private static final String HEADER = "id,x1,x2,group,flag,class,target";
    private static final String[] GROUPS = {"u", "v", "w"};
    private static final double[] SHIFT = {-1.5, 0, 1.5};

    /**
     * The generator: x1 and x2 far from standardized, a category and a boolean that move the class
     * boundary, a class that is a clean function of them, and a target that is a linear one plus noise 1.
     */
    private static List<String[]> rows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double z1 = rng.nextGaussian(), z2 = rng.nextGaussian();
            int g = rng.nextInt(3);
            boolean flag = rng.nextBoolean();
            double s = z1 - z2 + SHIFT[g] + (flag ? 0.5 : -0.5);
            rows.add(new String[] {
                String.valueOf(1000 + i),
                String.valueOf(50 + 10 * z1),
                String.valueOf(-3 + 0.5 * z2),
                GROUPS[g],
                String.valueOf(flag),
                s > 0 ? "yes" : "no",
                String.valueOf(100 + 10 * z1 - 5 * z2 + 8 * SHIFT[g] + (flag ? 4 : 0) + rng.nextGaussian())
            });
        }
        return rows;
    }

    private static Path csv(Path file, List<String[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        rows.forEach(r -> sb.append(String.join(",", r)).append('\n'));
        Files.writeString(file, sb.toString());
        return file;
    }

    private static Path sweep(String name, String label, String exclude) throws IOException {
        Path f = shared.resolve(name + ".yaml");
        Files.writeString(
                f,
                "name: " + name + "\nseed: 7\ndataset:\n  format: csv\n  path: " + trainingTable + "\n  label: " + label
                        + "\n  exclude: [id, " + exclude + "]\n  validation_fraction: 0.2\n"
                        + "repeats: 1\nfixed:\n  epochs: 30\n  batch_size: 16\n  optimizer: adam\n  width: 32\n"
                        + "search:\n  learning_rate: {values: [0.01]}\n");
        return f;
    }

    private static Path kept(Path models) throws IOException {
        try (Stream<Path> s = Files.list(models)) {
            return s.filter(p -> p.toString().endsWith(".zip"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
    }

    @BeforeAll
    static void trainModels() throws IOException {
        trainingTable = csv(shared.resolve("train.csv"), rows(400, 1));
        Path results = shared.resolve("results");
        classifierSweep = sweep("cls", "class", "target");
        for (Path s : List.of(classifierSweep, sweep("reg", "target", "class"))) {
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int code = SweepCli.run(
                    new String[] {s.toString(), "--out", results.toString(), "--master", "local[2]"},
                    new PrintStream(e, true, StandardCharsets.UTF_8));
            assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        }
        classifier = kept(results.resolve("cls/models"));
        regression = kept(results.resolve("reg/models"));
    }

    @AfterEach
    void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    private int predict(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("predict"));
            all.addAll(Arrays.asList(args));
            all.addAll(List.of("--master", "local[1]"));
            code = SweepCli.run(all.toArray(new String[0]), new PrintStream(e, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[1]")
                    .appName("check")
                    .config("spark.ui.enabled", "false")
                    .getOrCreate();
        }
        return spark;
    }

    private List<Row> written(Path dir) {
        return spark().read().parquet(dir.toString()).collectAsList();
    }

    private static JsonNode sidecar(Path zip) throws IOException {
        return new ObjectMapper()
                .readTree(zip.resolveSibling(zip.getFileName().toString().replace(".zip", ".json"))
                        .toFile());
    }

    private static double accuracy(List<Row> rows) {
        long right = rows.stream()
                .filter(r -> r.getAs("prediction").equals(r.getAs("class")))
                .count();
        return (double) right / rows.size();
    }

    @Test
    void theTrainingTablesTestRowsScoreExactlyAsTheSweepMeasuredThem() throws IOException {
        Path dir = tmp.resolve("pred");
        assertEquals(
                0,
                predict("--model", classifier.toString(), "--input", trainingTable.toString(), "--out", dir.toString()),
                err);
        assertTrue(out.contains("scored 400 of 400 rows of " + trainingTable + " (csv)"), out);
        assertTrue(out.contains("every row has a prediction"), out);
        assertTrue(out.contains("predicted class"), out);

        Dataset<Row> d = spark().read().parquet(dir.toString());
        List<String> names = new ArrayList<>(List.of(HEADER.split(",")));
        names.addAll(List.of("prediction", "probability_no", "probability_yes"));
        assertEquals(names, Arrays.asList(d.columns()));
        StructField[] f = d.schema().fields();
        for (int j = 0; j < 7; j++) {
            assertEquals(DataTypes.StringType, f[j].dataType(), f[j].name() + ": CSV columns stay text");
        }
        assertEquals(DataTypes.StringType, f[7].dataType());
        assertEquals(DataTypes.DoubleType, f[8].dataType());
        assertEquals(DataTypes.DoubleType, f[9].dataType());
        List<Row> rows = d.collectAsList();
        assertEquals(400, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(String.valueOf(1000 + i), r.getString(0), "input order and values kept");
            assertEquals(1.0, r.getDouble(8) + r.getDouble(9), 1e-5);
            assertEquals(r.getDouble(9) > r.getDouble(8) ? "yes" : "no", r.getString(7));
        }

        // the sweep's own test part of this table (same seed, same split): the stored test accuracy exactly
        SweepDefinition sweep =
                SweepFileLoader.parse(SweepSource.read(classifierSweep.toString()), classifierSweep.toString());
        TableDataset t = TableReader.read(spark(), sweep.dataset().table(), sweep.seed());
        List<Row> test = Arrays.stream(t.test().rows()).mapToObj(rows::get).toList();
        double stored =
                sidecar(classifier).path("metrics").path("test_accuracy").asDouble();
        assertTrue(stored > 0.85, "the model learned the boundary: " + stored);
        assertEquals(stored, accuracy(test), 1e-9);
    }

    @Test
    void aFreshParquetSampleScoresWithinNoiseOfTheStoredAccuracy() throws IOException {
        // typed Parquet (doubles, a boolean, a long id), format from the folder's contents
        Path csv = csv(tmp.resolve("fresh.csv"), rows(600, 11));
        Path parquet = tmp.resolve("fresh");
        spark().read()
                .option("header", "true")
                .option("inferSchema", "true")
                .csv(csv.toString())
                .write()
                .parquet(parquet.toString());
        spark.stop();
        spark = null;
        Path dir = tmp.resolve("pred");
        assertEquals(
                0,
                predict("--model", classifier.toString(), "--input", parquet.toString(), "--out", dir.toString()),
                err);
        assertTrue(out.contains("(parquet)"), out);
        Dataset<Row> d = spark().read().parquet(dir.toString());
        assertEquals(DataTypes.DoubleType, d.schema().apply("x1").dataType(), "Parquet columns keep their types");
        assertEquals(DataTypes.BooleanType, d.schema().apply("flag").dataType());
        List<Row> rows = d.collectAsList();
        assertEquals(600, rows.size());
        double stored =
                sidecar(classifier).path("metrics").path("test_accuracy").asDouble();
        // the stored accuracy is over 80 test rows (sd ~0.03 at 0.9): within 0.1
        assertEquals(stored, accuracy(rows), 0.1);
    }

    @Test
    void aMissingColumnIsOneLineExitTwoNamingEveryOne() throws IOException {
        Path in = tmp.resolve("less.csv");
        Files.writeString(in, "id,x1,flag,class\n1,50,true,yes\n");
        Path dir = tmp.resolve("pred");
        assertEquals(2, predict("--model", classifier.toString(), "--input", in.toString(), "--out", dir.toString()));
        assertEquals(
                "error: " + in
                        + ": no columns 'x2', 'group', which the model needs; the columns are: id, x1, flag, class\n",
                err);
        assertFalse(Files.exists(dir), "nothing written");
    }

    @Test
    void anUnknownCategoryIsRefusedUnlessIgnored() throws IOException {
        List<String[]> rows = rows(50, 5);
        rows.get(3)[3] = "z";
        rows.get(9)[3] = " z ";
        rows.get(20)[3] = "z";
        rows.get(30)[3] = "q";
        rows.get(31)[3] = "NA"; // missing, not unknown
        Path in = csv(tmp.resolve("new.csv"), rows);
        Path dir = tmp.resolve("pred");
        assertEquals(2, predict("--model", classifier.toString(), "--input", in.toString(), "--out", dir.toString()));
        assertEquals(
                "error: " + in + ": 4 cells hold categories training never saw: column 'group' has 'z' (3 rows), "
                        + "'q' (1 row); --ignore-unknown-categories scores them as all zeros\n",
                err);
        assertFalse(Files.exists(dir), "nothing written");

        assertEquals(
                0,
                predict(
                        "--model",
                        classifier.toString(),
                        "--input",
                        in.toString(),
                        "--out",
                        dir.toString(),
                        "--ignore-unknown-categories"),
                err);
        assertTrue(out.contains("note: " + in + ": 4 cells hold categories training never saw"), out);
        assertTrue(
                out.contains("1 row has null predictions: a missing value or text where a number belongs (group: 1)"),
                out);
        List<Row> written = written(dir);
        for (int i : new int[] {3, 9, 20, 30}) {
            assertNotNull(written.get(i).getAs("prediction"), "row " + i + " scored with the category as all zeros");
        }
        assertNull(written.get(31).getAs("prediction"));
    }

    @Test
    void aRowWithAMissingOrNonNumericCellGetsNullPredictions() throws IOException {
        List<String[]> rows = rows(40, 6);
        rows.get(2)[1] = "N/A";
        rows.get(5)[2] = "abc";
        rows.get(7)[4] = "";
        rows.get(8)[4] = "maybe";
        Path in = csv(tmp.resolve("holes.csv"), rows);
        Path dir = tmp.resolve("pred");
        assertEquals(
                0, predict("--model", classifier.toString(), "--input", in.toString(), "--out", dir.toString()), err);
        assertTrue(
                out.contains("4 rows have null predictions: a missing value or text where a number belongs "
                        + "(flag: 2, x1: 1, x2: 1)"),
                out);
        assertTrue(out.contains("scored 36 of 40 rows"), out);
        List<Row> written = written(dir);
        assertEquals(40, written.size());
        for (int i = 0; i < 40; i++) {
            boolean hole = i == 2 || i == 5 || i == 7 || i == 8;
            Row r = written.get(i);
            assertEquals(hole, r.isNullAt(r.fieldIndex("prediction")), "row " + i);
            assertEquals(hole, r.isNullAt(r.fieldIndex("probability_yes")), "row " + i);
        }
        assertEquals("N/A", written.get(2).getAs("x1"), "the input's cells as read");
    }

    @Test
    void regressionPredictsInTheLabelsUnits() throws IOException {
        List<String[]> rows = rows(300, 12);
        Path in = csv(tmp.resolve("fresh.csv"), rows);
        Path dir = tmp.resolve("pred");
        assertEquals(
                0, predict("--model", regression.toString(), "--input", in.toString(), "--out", dir.toString()), err);
        assertTrue(out.contains("predicted 'target': min "), out);
        Dataset<Row> d = spark().read().parquet(dir.toString());
        assertEquals(DataTypes.DoubleType, d.schema().apply("prediction").dataType());
        assertFalse(Arrays.asList(d.columns()).stream().anyMatch(c -> c.startsWith("probability_")));
        List<Row> written = d.collectAsList();
        double se = 0, meanPrediction = 0, meanLabel = 0;
        for (Row r : written) {
            double y = Double.parseDouble(r.getAs("target")), p = r.getAs("prediction");
            se += (p - y) * (p - y);
            meanPrediction += p / written.size();
            meanLabel += y / written.size();
        }
        // the label spreads ~20 around ~100; the noise is 1
        assertTrue(Math.sqrt(se / written.size()) < 4, "RMSE " + Math.sqrt(se / written.size()));
        assertEquals(meanLabel, meanPrediction, 2);
        double storedRmse =
                sidecar(regression).path("metrics").path("test_rmse").asDouble();
        assertEquals(storedRmse, Math.sqrt(se / written.size()), 1.5);
    }

    @Test
    void evaluateMatchesAHandComputationOnTheWrittenPredictions() throws IOException {
        List<String[]> rows = rows(200, 13);
        rows.get(0)[1] = "NA"; // no prediction
        rows.get(1)[5] = "NA"; // no label
        rows.get(2)[5] = "maybe"; // none of the classes
        rows.get(3)[6] = "NA"; // no regression label
        Path in = csv(tmp.resolve("labelled.csv"), rows);
        Path cls = tmp.resolve("cls"), reg = tmp.resolve("reg");
        assertEquals(
                0, predict("--model", classifier.toString(), "--input", in.toString(), "--out", cls.toString()), err);
        assertEquals(
                0, predict("--model", regression.toString(), "--input", in.toString(), "--out", reg.toString()), err);

        long right = 0, n = 0;
        double logLoss = 0;
        for (Row r : written(cls)) {
            if (r.isNullAt(r.fieldIndex("prediction"))) {
                continue;
            }
            String label = r.getAs("class");
            if (!label.equals("yes") && !label.equals("no")) {
                continue;
            }
            n++;
            right += label.equals(r.getAs("prediction")) ? 1 : 0;
            logLoss -= Math.log(Math.max((double) r.getAs("probability_" + label), 1e-7));
        }
        TableMetrics m = TablePredictor.evaluate(spark(), classifier.toString(), in.toString(), null, false);
        assertEquals("classification", m.task());
        assertEquals(200, m.rows());
        assertEquals(197, n);
        assertEquals(n, m.evaluated());
        assertEquals(1, m.nullPredictions());
        assertEquals(1, m.missingLabels());
        assertEquals(1, m.badLabels());
        assertEquals((double) right / n, m.accuracy(), 1e-12);
        assertEquals(logLoss / n, m.logLoss(), 1e-9);
        assertNull(m.rmse());

        double se = 0, ae = 0, sum = 0, sumSq = 0;
        n = 0;
        for (Row r : written(reg)) {
            if (r.isNullAt(r.fieldIndex("prediction"))
                    || r.<String>getAs("target").equals("NA")) {
                continue;
            }
            double y = Double.parseDouble(r.getAs("target")), p = r.getAs("prediction");
            n++;
            se += (p - y) * (p - y);
            ae += Math.abs(p - y);
            sum += y;
            sumSq += y * y;
        }
        TableMetrics g = TablePredictor.evaluate(spark(), regression.toString(), in.toString(), "csv", false);
        assertEquals("regression", g.task());
        assertEquals(198, n);
        assertEquals(n, g.evaluated());
        assertEquals(1, g.nullPredictions());
        assertEquals(1, g.missingLabels());
        assertEquals(Math.sqrt(se / n), g.rmse(), 1e-9);
        assertEquals(ae / n, g.mae(), 1e-9);
        assertEquals(1 - se / (sumSq - sum * sum / n), g.r2(), 1e-9);
        assertTrue(g.r2() > 0.9, g.describe());
        assertNull(g.accuracy());
    }

    @Test
    void theEvaluateCommandScoresATableModelOnALabelledTable() throws IOException {
        Path in = csv(tmp.resolve("evaluate.csv"), rows(150, 21));
        Path dir = tmp.resolve("evaluated");
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            code = SweepCli.run(
                    new String[] {
                        "evaluate",
                        "--model",
                        classifier.toString(),
                        "--input",
                        in.toString(),
                        "--out",
                        dir.toString(),
                        "--master",
                        "local[1]"
                    },
                    new PrintStream(e, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code, e.toString(StandardCharsets.UTF_8));
        String printed = o.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("evaluate " + classifier + " on " + in + ": accuracy "), printed);
        assertTrue(printed.contains("its sweep measured test_accuracy "), printed);
        JsonNode written =
                new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        TableMetrics m = TablePredictor.evaluate(spark(), classifier.toString(), in.toString(), null, false);
        assertEquals(m.accuracy(), written.path("accuracy").asDouble(), 1e-12);
        assertEquals(150, written.path("rows").asLong());

        ByteArrayOutputStream e2 = new ByteArrayOutputStream();
        assertEquals(
                2,
                SweepCli.run(
                        new String[] {"evaluate", "--model", classifier.toString()},
                        new PrintStream(e2, true, StandardCharsets.UTF_8)));
        String line = e2.toString(StandardCharsets.UTF_8);
        assertTrue(line.endsWith("; give --input <a labelled table> to evaluate it there\n"), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void aModelWithoutATableSidecarOrANonEmptyOutputIsRefused() throws IOException {
        Path dir = tmp.resolve("pred");
        Files.createDirectories(dir.resolve("old"));
        assertEquals(
                2,
                predict(
                        "--model",
                        classifier.toString(),
                        "--input",
                        trainingTable.toString(),
                        "--out",
                        dir.toString()));
        assertEquals(
                "error: --out " + dir + ": exists and is not empty; predict writes only to a new or empty folder\n",
                err);

        Path lone = tmp.resolve("lone.zip");
        Files.copy(classifier, lone);
        Path out2 = tmp.resolve("pred2");
        assertEquals(
                2, predict("--model", lone.toString(), "--input", trainingTable.toString(), "--out", out2.toString()));
        assertEquals(
                "error: " + lone + ": no sidecar " + tmp.resolve("lone.json")
                        + " beside it; predict needs the JSON a table sweep keeps next to each model\n",
                err);

        ObjectNode image = (ObjectNode) sidecar(classifier);
        image.remove("preprocessing");
        image.put("dataset", "mnist");
        Files.writeString(tmp.resolve("lone.json"), image.toString());
        assertEquals(
                2, predict("--model", lone.toString(), "--input", trainingTable.toString(), "--out", out2.toString()));
        assertEquals(
                "error: " + lone + ": its sidecar has no preprocessing block, so it is not a model of a table sweep "
                        + "(it was trained on mnist); predict scores table models only\n",
                err);
        assertFalse(Files.exists(out2));
    }
}
