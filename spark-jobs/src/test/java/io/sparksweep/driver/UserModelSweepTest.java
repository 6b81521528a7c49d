package io.sparksweep.driver;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.train.SerializedModel;
import io.sparksweep.train.TestModels;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;
import io.sparksweep.util.BadInputException;

import org.apache.spark.sql.Dataset;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users' own networks (model: {class: ...}) swept on local[2], as the command line runs them. */
class UserModelSweepTest {

    private static final String DENSE = "io.sparksweep.train.TestModels$Dense";
    private static final String RESIDUAL = "io.sparksweep.train.TestModels$Residual";

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
    }

    private static Path sweepFile(String name, String model, String body) throws IOException {
        return DriverRuns.userSweepFile(tmp, data, name, model, body);
    }

    private static String run(Path sweep, Path out) throws InterruptedException {
        return DriverRuns.run(sweep, out, "local[2]", SweepRun.Hooks.NONE);
    }

    @Test
    void aGridOfAUserNetworkTrainsStoresTypedColumnsAndRanks() throws Exception {
        Path out = tmp.resolve("grid-out");
        String log = run(sweepFile("grid", DENSE, """
                        repeats: 2
                        fixed: {epochs: 3, batch_size: 32}
                        search:
                          learning_rate: {values: [0.01, 0.05]}
                          units: {values: [8, 16]}
                        """), out);
        assertTrue(log.contains("networks: 4 built"), log);
        List<TrialResult> trials = DriverRuns.trials(out, "grid");
        assertEquals(8, trials.size(), log);
        for (TrialResult t : trials) {
            assertEquals(TrialStatus.OK, t.outcome().status(), t.outcome().errorMessage());
            assertTrue(t.outcome().trainer().startsWith("dl4j-fit"), t.outcome().trainer());
            assertTrue(
                    t.outcome().testAccuracy() > 0.8,
                    "learns the tiny problem: " + t.outcome().testAccuracy());
        }
        assertTrue(log.contains("report: "), log);
        try (Stream<Path> sidecars = Files.list(out.resolve("grid/models"))) {
            List<Path> json =
                    sidecars.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(2, json.size(), "both repeats of the best configuration kept");
            for (Path p : json) {
                String text = Files.readString(p);
                assertTrue(text.contains("\"model_class\" : \"" + DENSE + "\""), text);
                assertTrue(text.contains("\"network\" : \"MultiLayerNetwork\""), text);
            }
        }
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("check")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Dataset<Row> summary =
                    spark.read().parquet(out.resolve("grid/summary").toString());
            assertTrue(Arrays.asList(summary.columns()).containsAll(List.of("param_learning_rate", "param_units")));
            assertEquals(4, summary.count());
            assertEquals(2, summary.filter("param_units = 16").count());
            assertEquals(4, summary.filter("model_class = '" + DENSE + "'").count());
        } finally {
            spark.stop();
        }
        String again = run(sweepFile("grid", DENSE, """
                repeats: 2
                fixed: {epochs: 3, batch_size: 32}
                search:
                  learning_rate: {values: [0.01, 0.05]}
                  units: {values: [8, 16]}
                """), out);
        assertTrue(again.contains("all 8 of 8 trials already stored"), again);
        // one trial alone, on the driver, through the user-model trainer: the numbers its Spark task stored
        ByteArrayOutputStream alone = new ByteArrayOutputStream();
        new SweepRun(
                        new SweepRun.Options(
                                tmp.resolve("grid.yaml").toString(),
                                out.toString(),
                                null,
                                null,
                                false,
                                false,
                                1,
                                trials.get(0).spec().trialId()),
                        new PrintStream(alone, true, StandardCharsets.UTF_8))
                .execute();
        String rerun = alone.toString(StandardCharsets.UTF_8);
        assertTrue(rerun.contains("identical to the stored row"), rerun);
    }

    @Test
    void aResidualGraphRunsUnderAshaWithCheckpoints() throws Exception {
        Path out = tmp.resolve("asha-out");
        String log = run(sweepFile("asha", RESIDUAL, """
                        repeats: 2
                        method: random
                        samples: 6
                        fixed: {epochs: 4, batch_size: 32, units: 16}
                        search:
                          learning_rate: {distribution: log_uniform, min: 0.0001, max: 0.05}
                        early_stopping: {reduction_factor: 2}
                        """), out);
        List<TrialResult> trials = DriverRuns.trials(out, "asha");
        assertEquals(12, trials.size(), log);
        assertTrue(trials.stream().anyMatch(t -> t.outcome().status() == TrialStatus.STOPPED), log);
        assertTrue(
                trials.stream()
                        .anyMatch(t -> t.outcome().status() == TrialStatus.OK
                                && t.outcome().epochSeconds().size() == 4),
                "the best reach the last epoch through checkpoints: " + log);
    }

    @Test
    void aModelGivenInCodeIsProbedInADryRunRunsUnderAshaKeepsModelsAndTheCommandLineRefusesIt() throws Exception {
        Path sweep = tmp.resolve("given.yaml");
        Files.writeString(sweep, """
                name: given
                dataset: idx:%s
                seed: 5
                method: random
                samples: 4
                fixed: {epochs: 4, batch_size: 32, units: 16}
                search:
                  learning_rate: {distribution: log_uniform, min: 0.0001, max: 0.05}
                early_stopping: {reduction_factor: 2}
                """.formatted(data));
        Path out = tmp.resolve("given-out");
        SerializedModel model = SerializedModel.of("lambda-mlp", TestModels.lambdaMlp("lambda-mlp"));

        // a dry run knows a named dataset's shape without reading it (an idx: folder's it does not)
        Path named = tmp.resolve("given-mnist.yaml");
        Files.writeString(named, Files.readString(sweep).replace("dataset: idx:" + data, "dataset: mnist"));
        ByteArrayOutputStream dry = new ByteArrayOutputStream();
        new SweepRun(
                        new SweepRun.Options(named.toString(), out.toString(), null, null, true, false, 1, null),
                        new PrintStream(dry, true, StandardCharsets.UTF_8))
                .withModel(model)
                .execute();
        String plan = dry.toString(StandardCharsets.UTF_8);
        assertTrue(plan.matches("(?s).*networks: \\d+ built.*"), plan);
        assertTrue(plan.contains("lambda-mlp"), plan);
        assertFalse(Files.exists(out.resolve("given")), "a dry run writes nothing");

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new SweepRun(
                        new SweepRun.Options(sweep.toString(), out.toString(), null, "local[2]", false, false, 1, null),
                        new PrintStream(buf, true, StandardCharsets.UTF_8))
                .withModel(model)
                .execute();
        String log = buf.toString(StandardCharsets.UTF_8);
        List<TrialResult> trials = DriverRuns.trials(out, "given");
        assertEquals(4, trials.size(), log);
        for (TrialResult t : trials) {
            assertEquals("lambda-mlp", t.spec().config().modelClass());
            assertFalse(t.outcome().status() == TrialStatus.FAILED, t.outcome().errorMessage());
        }
        assertTrue(trials.stream().anyMatch(t -> t.outcome().status() == TrialStatus.STOPPED), log);
        assertTrue(
                trials.stream().anyMatch(t -> t.outcome().epochSeconds().size() == 4),
                "the best reach the last epoch through checkpoints, a fresh copy per segment: " + log);
        try (Stream<Path> kept = Files.list(out.resolve("given/models"))) {
            Path sidecar =
                    kept.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
            String text = Files.readString(sidecar);
            assertTrue(text.contains("\"model_class\" : \"lambda-mlp\""), text);
        }

        // the command line, given the stored sweep, has no class of that name: one line saying where it runs
        BadInputException e = assertThrows(BadInputException.class, () -> run(out.resolve("given/sweep.yaml"), out));
        assertTrue(
                e.getMessage().contains("no class lambda-mlp on the class path")
                        && e.getMessage().contains("runs only through Sweeps.model"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private static String refused(String name, String model, String body) throws IOException {
        Path out = tmp.resolve(name + "-out");
        BadInputException e = assertThrows(BadInputException.class, () -> run(sweepFile(name, model, body), out));
        assertFalse(Files.exists(out.resolve(name)), "nothing written for " + name);
        return e.getMessage();
    }

    @Test
    void unusableModelsAreRefusedBeforeAnythingIsWritten() throws Exception {
        String grid = "fixed: {epochs: 1, batch_size: 32}\n";
        assertTrue(refused("missing", "com.example.Nope", grid)
                .contains("no class com.example.Nope on the class path; give its jar with --jars"));
        assertTrue(refused("notmodel", "java.lang.String", grid)
                .contains("java.lang.String does not implement io.sparksweep.api.SweepModel"));
        String undeclared = refused("undeclared", DENSE, "fixed: {epochs: 1, batch_size: 32, width: 8}\n");
        assertTrue(undeclared.contains("width"), undeclared);
        String range = refused("range", DENSE, "fixed: {epochs: 1, batch_size: 32, units: 0}\n");
        assertTrue(range.contains("units"), range);
        String corner = refused(
                "corner", DENSE, "fixed: {epochs: 1, batch_size: 32}\nsearch:\n  fail: {values: [false, true]}\n");
        assertTrue(corner.contains("the network of fail=true cannot be built: no network today"), corner);
        String ctor = refused("ctor", "io.sparksweep.train.TestModels$Throws", grid);
        assertTrue(ctor.contains("TestModels$Throws's constructor threw IllegalStateException: no licence file"), ctor);
        assertFalse(ctor.contains("second line"), ctor);
        String width = refused("width", DENSE, "fixed: {epochs: 1, batch_size: 32, extra_outputs: 1}\n");
        assertTrue(width.contains("the network's output is 5 wide; the dataset needs 4"), width);
    }
}
