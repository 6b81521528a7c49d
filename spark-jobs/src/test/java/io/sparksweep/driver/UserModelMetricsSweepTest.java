package io.sparksweep.driver;

import io.sparksweep.cli.SweepCli;
import io.sparksweep.data.TinyIdx;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.store.StoredRow;
import io.sparksweep.store.SummaryTable;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user network's declared metrics through a whole sweep on local[2]: columns, summary, table, report, refusals. */
class UserModelMetricsSweepTest {

    private static final String MODELS = "io.sparksweep.train.MetricModels$";

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TinyIdx.write(tmp.resolve("tiny"), 400, 100, true);
    }

    private static Path sweepFile(String name, String model, String body) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                model: {class: %s}
                dataset: {name: "idx:%s", validation_fraction: 0.2}
                seed: 5
                %s
                """.formatted(name, MODELS + model, data, body));
        return f;
    }

    private static String run(Path sweep, Path out) throws InterruptedException {
        return DriverRuns.run(sweep, out, "local[2]", SweepRun.Hooks.NONE);
    }

    @Test
    void theirColumnsLandInTrialsAndSummaryAndTheTableAndReportShowThem() throws Exception {
        Path out = tmp.resolve("metrics-out");
        String log = run(sweepFile("metrics", "Dense", """
                        repeats: 2
                        fixed: {epochs: 2, batch_size: 32}
                        search:
                          learning_rate: {values: [0.01, 0.05]}
                        """), out);
        List<TrialResult> trials = new SweepOutput(out.toString(), "metrics", new Configuration()).readTrials();
        assertEquals(4, trials.size(), log);
        for (TrialResult t : trials) {
            assertEquals(TrialStatus.OK, t.outcome().status(), t.outcome().errorMessage());
            // accuracy recomputed by the metric from the arrays it is given: exactly the stored accuracy
            assertEquals(t.outcome().testAccuracy(), t.outcome().declaredMetric("test_acc"), log);
            assertEquals(
                    t.outcome().metric(Metrics.VALIDATION_ACCURACY), t.outcome().declaredMetric("val_acc"));
        }
        List<ConfigSummary> expected = RepeatStatistics.summarize(trials);
        List<StoredRow> rows = SummaryTable.TABLE.readAll(
                new Configuration(),
                new org.apache.hadoop.fs.Path(out.resolve("metrics/summary").toUri()));
        assertEquals(2, rows.size());
        for (StoredRow row : rows) {
            ConfigSummary s = expected.stream()
                    .filter(e -> e.configId().equals(row.string("config_id")))
                    .findFirst()
                    .orElseThrow();
            // a metric equal to the accuracy summarizes exactly as the accuracy does
            assertEquals(row.doubleValue("test_accuracy_mean"), row.value("test_acc_mean"));
            assertEquals(row.doubleValue("test_accuracy_std"), row.value("test_acc_std"));
            assertEquals(row.doubleValue("test_accuracy_ci95_low"), row.value("test_acc_ci95_low"));
            assertEquals(row.doubleValue("validation_accuracy_mean"), row.value("val_acc_mean"));
            assertEquals(s.declaredMetrics().get("test_top2_accuracy").mean(), row.value("test_top2_accuracy_mean"));
            assertEquals(s.declaredMetrics().get("val_error_rate").std(), row.value("val_error_rate_std"));
        }
        assertTrue(
                log.contains("val acc (mean±std)") && log.contains("test top2_accuracy (mean±std)"),
                "the ranked table shows them:\n" + log);
        String page = Files.readString(out.resolve("metrics/report/index.html"));
        assertTrue(page.contains("test top2_accuracy ↑ mean ± std"), "the report's table, with its direction");
        assertTrue(page.contains("val error_rate ↓ mean ± std"), "lower is better");
        String plan = Files.readString(out.resolve("metrics/plan.json"));
        assertTrue(plan.contains("\"higher_is_better\" : false"), plan);

        // the report command reads the directions from plan.json, without the class
        Files.delete(out.resolve("metrics/report/index.html"));
        assertEquals(
                0, SweepCli.run(new String[] {"report", out.resolve("metrics").toString()}, System.err));
        assertTrue(Files.readString(out.resolve("metrics/report/index.html")).contains("val error_rate ↓"));
    }

    @Test
    void aMetricThatThrowsIsAFailedRowNotACrashedSweep() throws Exception {
        Path out = tmp.resolve("boom-out");
        String log = run(sweepFile("boom", "Throwing", """
                        fixed: {epochs: 1, batch_size: 32}
                        search:
                          units: {values: [8, 16]}
                        """), out);
        List<TrialResult> trials = new SweepOutput(out.toString(), "boom", new Configuration()).readTrials();
        assertEquals(2, trials.size(), log);
        for (TrialResult t : trials) {
            if (t.spec().config().canonical().contains("units=16")) {
                assertEquals(TrialStatus.FAILED, t.outcome().status());
                assertEquals(
                        "metric boom on the validation part threw IllegalStateException: no labels today",
                        t.outcome().errorMessage());
                assertNull(t.outcome().declaredMetric("test_acc"), "a failed trial stores none of its metrics");
            } else {
                assertEquals(TrialStatus.OK, t.outcome().status(), t.outcome().errorMessage());
                assertEquals(1.0, t.outcome().declaredMetric("test_boom"));
            }
        }
        assertTrue(log.contains("1 failed"), log);
    }

    /** The sweep as the command line runs it: its exit code, and the one line it printed. */
    private static String refused(String name, String model) throws IOException {
        Path out = tmp.resolve(name + "-out");
        Path sweep = sweepFile(name, model, "fixed: {epochs: 1, batch_size: 32}\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepCli.run(
                new String[] {sweep.toString(), "--out", out.toString(), "--master", "local[2]"},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String line = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(2, code, line);
        assertFalse(Files.exists(out.resolve(name)), "nothing written for " + name);
        assertFalse(line.contains("\n"), "one line: " + line);
        assertFalse(line.contains("second line"), line);
        return line;
    }

    @Test
    void badDeclarationsAreRefusedBeforeAnythingIsWritten() throws Exception {
        String dup = refused("dup", "Duplicate");
        assertTrue(dup.contains("MetricModels$Duplicate declares the metric acc twice"), dup);
        String clash = refused("clash", "Clashing");
        assertTrue(
                clash.contains("metric accuracy would be stored as test_accuracy, a column sparksweep writes itself"),
                clash);
        String name = refused("name", "BadName");
        assertTrue(
                name.contains("MetricModels$BadName.metrics() threw IllegalArgumentException: metric name 'Top3'"),
                name);
        String threw = refused("threw", "MetricsThrow");
        assertTrue(
                threw.contains("MetricModels$MetricsThrow.metrics() threw IllegalStateException: metrics unavailable"),
                threw);
        String nullList = refused("nulllist", "NullList");
        assertTrue(
                nullList.contains("MetricModels$NullList.metrics() returned null; return List.of() for none"),
                nullList);
        String nullEntry = refused("nullentry", "NullEntry");
        assertTrue(nullEntry.contains("MetricModels$NullEntry.metrics() holds a null"), nullEntry);
        String nullFunction = refused("nullfunction", "NullFunction");
        assertTrue(
                nullFunction.contains(
                        "MetricModels$NullFunction.metrics() threw NullPointerException: metric 'acc': its function is null"),
                nullFunction);
    }
}
