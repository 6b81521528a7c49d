package io.sparksweep.api;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.spark.SweepKryoRegistrator;
import io.sparksweep.train.TestModels;
import io.sparksweep.util.BadInputException;
import io.sparksweep.util.RefusedException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep run from code on the caller's SparkSession, as a Java program or notebook would. */
class SweepsTest {

    @TempDir
    Path tmp;

    private String yaml(Path data) {
        return """
                name: api
                model: {class: io.sparksweep.train.TestModels$Dense}
                dataset: idx:%s
                repeats: 2
                seed: 7
                fixed: {epochs: 2, batch_size: 32}
                search:
                  units: {values: [8, 16]}
                """.formatted(data);
    }

    @Test
    void runsOnTheCallersSessionReturnsTheSummaryAndLeavesTheSessionRunning() throws Exception {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 300, 100, true);
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("notebook")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        try {
            Sweeps.SweepResult result = Sweeps.fromYaml(yaml(data))
                    .out(tmp.resolve("out").toString())
                    .run(spark);
            List<Row> summary = result.summary().orderBy("rank").collectAsList();
            assertEquals(2, summary.size());
            assertEquals(4, result.trials().filter("status = 'OK'").count());
            Set<Integer> units = summary.stream()
                    .map(r -> r.getInt(r.fieldIndex("param_units")))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(8, 16), units);
            assertTrue(result.folder().endsWith("/out/api"), result.folder());
            assertEquals(3, spark.range(3).count(), "the session is still usable");
            // run again: everything stored, nothing trained, the same summary
            Sweeps.SweepResult again = Sweeps.fromYaml(yaml(data))
                    .out(tmp.resolve("out").toString())
                    .run(spark);
            assertEquals(2, again.summary().count());
        } finally {
            spark.stop();
        }
    }

    /** The sweep without a model: block, for a model given in code; {@code model} is appended when not null. */
    private static String lambdaYaml(Path data, String model) {
        return """
                name: lambda
                dataset: idx:%s
                repeats: 2
                seed: 7
                fixed: {epochs: 2, batch_size: 32}
                search:
                  units: {values: [8, 16]}
                """.formatted(data) + (model == null ? "" : "model: {class: " + model + "}\n");
    }

    private static SparkSession local(String name) {
        return SparkSession.builder()
                .master("local[2]")
                .appName(name)
                .config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @Test
    void aLambdaModelLandsInTheSummaryUnderItsNameAndARerunResumes() throws Exception {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 300, 100, true);
        String out = tmp.resolve("out").toString();
        SparkSession spark = local("lambda");
        try {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            Sweeps.SweepResult result = Sweeps.fromYaml(lambdaYaml(data, null))
                    .model(TestModels.lambdaMlp("tiny-mlp"))
                    .out(out)
                    .printTo(new PrintStream(first, true, StandardCharsets.UTF_8))
                    .run(spark);
            String log = first.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("networks: 2 built"), log);
            List<Row> summary = result.summary().orderBy("rank").collectAsList();
            assertEquals(2, summary.size(), log);
            for (Row r : summary) {
                assertEquals("tiny-mlp", r.getString(r.fieldIndex("model_class")));
            }
            assertEquals(4, result.trials().filter("status = 'OK'").count(), log);
            assertEquals(4, result.trials().filter("model_class = 'tiny-mlp'").count());
            Set<String> ids = result.summary().collectAsList().stream()
                    .map(r -> r.getString(r.fieldIndex("config_id")))
                    .collect(Collectors.toSet());
            String stored = Files.readString(Path.of(result.folder(), "sweep.yaml"));
            assertTrue(stored.endsWith("model: {class: \"tiny-mlp\"}\n"), stored);
            assertTrue(Files.exists(Path.of(result.folder(), "models")), "the best configuration's models kept");

            // the same model again, and a file naming it: nothing retrained, the same configurations
            for (String named : new String[] {null, "tiny-mlp"}) {
                ByteArrayOutputStream again = new ByteArrayOutputStream();
                Sweeps.SweepResult rerun = Sweeps.fromYaml(lambdaYaml(data, named))
                        .model(TestModels.lambdaMlp("tiny-mlp"))
                        .out(out)
                        .printTo(new PrintStream(again, true, StandardCharsets.UTF_8))
                        .run(spark);
                String log2 = again.toString(StandardCharsets.UTF_8);
                assertTrue(log2.contains("all 4 of 4 trials already stored"), log2);
                assertEquals(4, rerun.trials().count());
                assertEquals(
                        ids,
                        rerun.summary().collectAsList().stream()
                                .map(r -> r.getString(r.fieldIndex("config_id")))
                                .collect(Collectors.toSet()));
            }

            // a file naming another model: refused in one line, before anything is written
            BadInputException other = assertThrows(
                    BadInputException.class,
                    () -> Sweeps.fromYaml(lambdaYaml(data, "io.sparksweep.train.TestModels$Dense")
                                    .replace("name: lambda", "name: other"))
                            .model(TestModels.lambdaMlp("tiny-mlp"))
                            .out(out)
                            .run(spark));
            assertTrue(
                    other.getMessage()
                            .contains("the sweep names io.sparksweep.train.TestModels$Dense, but the model given to"
                                    + " Sweeps.model is tiny-mlp"),
                    other.getMessage());
            assertEquals(1, other.getMessage().lines().count(), other.getMessage());
            assertFalse(Files.exists(Path.of(out, "other")));
        } finally {
            spark.stop();
        }
    }

    @Test
    void aModelClassGivenInCodeRunsWithoutAModelBlock() throws Exception {
        Path data = TinyIdx.write(tmp.resolve("tiny"), 300, 100, true);
        SparkSession spark = local("class");
        try {
            Sweeps.SweepResult result = Sweeps.fromYaml(lambdaYaml(data, null).replace("repeats: 2", "repeats: 1"))
                    .model(TestModels.Dense.class)
                    .out(tmp.resolve("out").toString())
                    .run(spark);
            List<Row> trials = result.trials().collectAsList();
            assertEquals(2, trials.size());
            for (Row r : trials) {
                assertEquals("OK", r.getString(r.fieldIndex("status")), r.toString());
                assertEquals(TestModels.Dense.class.getName(), r.getString(r.fieldIndex("model_class")));
            }
        } finally {
            spark.stop();
        }
    }

    private int hidden = 8; // read by a lambda below, which then captures this test

    @Test
    void aModelThatCannotBeSerializedIsRefusedInOneLine() {
        SweepModel capturesTheTest = SweepModel.of("captures", List.of(), trial -> {
            throw new IllegalStateException("never built: " + hidden);
        });
        RefusedException e =
                assertThrows(RefusedException.class, () -> Sweeps.fromYaml("").model(capturesTheTest));
        assertEquals(
                "model captures cannot be sent to the executors: it holds a io.sparksweep.api.SweepsTest, which is"
                        + " not Serializable (captured by its builder, or a field of it)",
                e.getMessage());
        RefusedException plain =
                assertThrows(RefusedException.class, () -> Sweeps.fromYaml("").model(new TestModels.Dense()));
        assertEquals(
                "model io.sparksweep.train.TestModels$Dense is not Serializable: implement java.io.Serializable,"
                        + " or make it with SweepModel.of",
                plain.getMessage());
        IllegalArgumentException badName =
                assertThrows(IllegalArgumentException.class, () -> SweepModel.of("my model", List.of(), trial -> null));
        assertTrue(badName.getMessage().startsWith("model name 'my model'"), badName.getMessage());
    }

    @Test
    void aKryoSessionWithoutSparksweepsClassesIsRefused() {
        SparkSession spark = SparkSession.builder()
                .master("local[1]")
                .appName("kryo")
                .config("spark.ui.enabled", "false")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .getOrCreate();
        try {
            RefusedException e = assertThrows(
                    RefusedException.class,
                    () -> Sweeps.fromYaml(yaml(tmp)).out(tmp.toString()).run(spark));
            assertTrue(e.getMessage().contains(SweepKryoRegistrator.class.getName()), e.getMessage());
        } finally {
            spark.stop();
        }
    }
}
