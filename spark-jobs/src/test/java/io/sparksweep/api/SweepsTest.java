package io.sparksweep.api;

import io.sparksweep.data.TinyIdx;
import io.sparksweep.spark.SweepKryoRegistrator;
import io.sparksweep.util.RefusedException;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
