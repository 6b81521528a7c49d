package io.sparksweep.store;

import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.FakeModels;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user network's rows in trials/ and summary/: model_class and typed param_ columns, schema version 3. */
class UserModelOutputTest {

    @TempDir
    Path tmp;

    static Config userConfig(double lr, int blocks) {
        Map<ParameterKey, Object> v = ParameterKey.newMap();
        v.put(Hyperparameter.EPOCHS, 3);
        v.put(Hyperparameter.BATCH_SIZE, 64);
        v.put(FakeModels.LR, lr);
        v.put(FakeModels.BLOCKS, blocks);
        v.put(FakeModels.ACTIVATION, "tanh");
        v.put(FakeModels.BATCH_NORM, "false");
        return new Config(FakeModels.MY_MODEL, v);
    }

    static TrialResult userResult(String id, double lr, int blocks) {
        TrialResult t = SweepOutputTest.result(id, TrialStatus.OK, 0.9, List.of(0.5, 0.3));
        TrialSpec s = t.spec();
        TrialSpec spec = new TrialSpec(
                s.sweep(), s.trialId(), s.configId(), s.repeat(), s.seed(), userConfig(lr, blocks), s.expectedCost());
        return new TrialResult(
                spec,
                t.outcome(),
                t.host(),
                t.executorId(),
                t.attempt(),
                t.startMillis(),
                t.endMillis(),
                t.provenance());
    }

    private MessageType footer(Path dir, String[] version) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        try (ParquetFileReader r = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            version[0] = r.getFooter().getFileMetaData().getKeyValueMetaData().get(ParquetTable.VERSION_KEY);
            return r.getFooter().getFileMetaData().getSchema();
        }
    }

    @Test
    void userRowsRoundTripWithTypedParameterColumns() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        TrialResult a = userResult("a-r0", 0.01, 4);
        TrialResult b = userResult("b-r0", 0.1, 2);
        out.commit(List.of(a));
        out.commit(List.of(b));

        for (List<TrialResult> back : List.of(out.readTrials(), out.readTrialsWithoutCurves())) {
            Config c = back.stream()
                    .filter(t -> t.spec().trialId().equals("a-r0"))
                    .findFirst()
                    .orElseThrow()
                    .spec()
                    .config();
            assertEquals(a.spec().config(), c, "equal by key names and values");
            assertEquals(a.spec().config().canonical(), c.canonical());
            assertEquals(FakeModels.MY_MODEL, c.modelClass());
            assertEquals(Double.class, c.get(FakeModels.LR).getClass());
            assertEquals(Integer.class, c.get(FakeModels.BLOCKS).getClass());
            assertEquals("false", c.get(FakeModels.BATCH_NORM));
            assertEquals(3, c.integer(Hyperparameter.EPOCHS));
        }

        assertEquals(2, out.compactTrials(2), "two files merged");
        assertEquals(2, out.readTrials().size());
        assertEquals(
                userConfig(0.1, 2),
                out.readTrials().stream()
                        .filter(t -> t.spec().trialId().equals("b-r0"))
                        .findFirst()
                        .orElseThrow()
                        .spec()
                        .config(),
                "compaction keeps the param_ columns");

        String[] version = new String[1];
        MessageType schema = footer(tmp.resolve("s/trials"), version);
        assertEquals(String.valueOf(ParquetTable.DYNAMIC_SCHEMA_VERSION), version[0]);
        assertEquals(
                PrimitiveTypeName.DOUBLE,
                schema.getType("param_lr").asPrimitiveType().getPrimitiveTypeName());
        assertEquals(
                PrimitiveTypeName.INT32,
                schema.getType("param_blocks").asPrimitiveType().getPrimitiveTypeName());
        assertEquals(
                PrimitiveTypeName.BINARY,
                schema.getType("param_activation").asPrimitiveType().getPrimitiveTypeName());
        assertTrue(schema.containsField("model_class"));
    }

    /** A user row with these declared metrics (by column). */
    static TrialResult withMetrics(TrialResult t, Map<String, Double> metrics) {
        return new TrialResult(
                t.spec(),
                t.outcome().withDeclaredMetrics(metrics),
                t.host(),
                t.executorId(),
                t.attempt(),
                t.startMillis(),
                t.endMillis(),
                t.provenance());
    }

    @Test
    void declaredMetricsAreNullableDoubleColumnsThatRoundTripAndSummarizeAsTheTestAccuracy() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        TrialResult a0 = withMetrics(userResult("a-r0", 0.01, 4), Map.of("val_f1", 0.8, "test_f1", 0.7));
        TrialResult a1 = withMetrics(userResult("a-r1", 0.01, 4), Map.of("val_f1", 0.6, "test_f1", 0.5));
        TrialResult b0 = userResult("b-r0", 0.1, 2);
        TrialResult failed = new TrialResult(
                b0.spec(),
                io.sparksweep.trial.TrialOutcome.failed("metric f1 on the test part is NaN"),
                b0.host(),
                b0.executorId(),
                b0.attempt(),
                b0.startMillis(),
                b0.endMillis(),
                b0.provenance());
        out.commit(List.of(a0, failed));
        out.commit(List.of(a1));

        for (List<TrialResult> back : List.of(out.readTrials(), out.readTrialsWithoutCurves())) {
            Map<String, TrialResult> byId = new java.util.TreeMap<>();
            back.forEach(t -> byId.put(t.spec().trialId(), t));
            assertEquals(
                    Map.of("val_f1", 0.8, "test_f1", 0.7),
                    byId.get("a-r0").outcome().declaredMetrics());
            assertEquals(Map.of(), byId.get("b-r0").outcome().declaredMetrics(), "a FAILED row: null columns");
            assertEquals(0.9, byId.get("a-r0").outcome().testAccuracy(), "the static test_ columns stay theirs");
        }
        String[] version = new String[1];
        MessageType schema = footer(tmp.resolve("s/trials"), version);
        assertEquals(String.valueOf(ParquetTable.DYNAMIC_SCHEMA_VERSION), version[0]);
        for (String column : List.of("val_f1", "test_f1")) {
            assertEquals(
                    PrimitiveTypeName.DOUBLE,
                    schema.getType(column).asPrimitiveType().getPrimitiveTypeName());
        }
        assertEquals(2, out.compactTrials(2), "two files merged");
        assertEquals(
                Map.of("val_f1", 0.6, "test_f1", 0.5),
                out.readTrials().stream()
                        .filter(t -> t.spec().trialId().equals("a-r1"))
                        .findFirst()
                        .orElseThrow()
                        .outcome()
                        .declaredMetrics(),
                "compaction keeps the metric columns");

        List<ConfigSummary> summary = RepeatStatistics.summarize(out.readTrials());
        ConfigSummary a = summary.stream()
                .filter(c -> c.configId().equals("a"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.6, a.declaredMetrics().get("test_f1").mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), a.declaredMetrics().get("test_f1").std(), 1e-12);
        assertEquals(0.7, a.declaredMetrics().get("val_f1").mean(), 1e-12);
        out.writeSummary(summary);
        MessageType summarySchema = footer(tmp.resolve("s/summary"), version);
        assertEquals(String.valueOf(ParquetTable.DYNAMIC_SCHEMA_VERSION), version[0]);
        Map<String, Map<String, Object>> rows = new java.util.TreeMap<>();
        for (StoredRow r : SummaryTable.TABLE.readAll(
                new Configuration(),
                new org.apache.hadoop.fs.Path(tmp.resolve("s/summary").toUri()))) {
            rows.put(r.string("config_id"), r.dynamic("test_f1_"));
        }
        for (String statistic : List.of("mean", "std", "min", "max", "median", "ci95_low", "ci95_high")) {
            assertEquals(
                    PrimitiveTypeName.DOUBLE,
                    summarySchema
                            .getType("test_f1_" + statistic)
                            .asPrimitiveType()
                            .getPrimitiveTypeName());
            assertTrue(summarySchema.containsField("val_f1_" + statistic), statistic);
            assertEquals(
                    a.declaredMetrics().get("test_f1").ci95High() == null
                            ? null
                            : SummaryTable.STATISTICS
                                    .get(statistic)
                                    .apply(a.declaredMetrics().get("test_f1")),
                    rows.get("a").get(statistic),
                    statistic);
            assertNull(rows.get("b").get(statistic), "no OK repeat: null " + statistic);
        }
        assertEquals(0.6, (Double) rows.get("a").get("mean"), 1e-12);
        assertEquals(Math.sqrt(0.02), (Double) rows.get("a").get("std"), 1e-12);
    }

    @Test
    void builtInRowsKeepVersionTwoAndHaveNoParameterColumns() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        out.commit(List.of(SweepOutputTest.result("a-r0", TrialStatus.OK, 0.9, List.of(0.5))));
        String[] version = new String[1];
        MessageType schema = footer(tmp.resolve("s/trials"), version);
        assertEquals(String.valueOf(ParquetTable.SCHEMA_VERSION), version[0]);
        assertFalse(schema.getFields().stream().anyMatch(f -> f.getName().startsWith("param_")));
        assertEquals(TrialTable.TABLE.schema(), schema, "the static columns alone, no val_ or test_ metric");
        TrialResult back = out.readTrials().get(0);
        assertNull(back.spec().config().modelClass());
        assertFalse(back.spec().config().isUserModel());
        out.writeSummary(RepeatStatistics.summarize(out.readTrials()));
        MessageType summary = footer(tmp.resolve("s/summary"), version);
        assertEquals(String.valueOf(ParquetTable.SCHEMA_VERSION), version[0]);
        assertEquals(SummaryTable.TABLE.schema(), summary, "the static columns alone");
    }

    @Test
    void theSummaryOfAUserSweepHasItsParameterColumns() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        List<ConfigSummary> summary =
                RepeatStatistics.summarize(List.of(userResult("a-r0", 0.01, 4), userResult("b-r0", 0.1, 2)));
        out.writeSummary(summary);
        String[] version = new String[1];
        MessageType schema = footer(tmp.resolve("s/summary"), version);
        assertEquals(String.valueOf(ParquetTable.DYNAMIC_SCHEMA_VERSION), version[0]);
        assertEquals(
                PrimitiveTypeName.DOUBLE,
                schema.getType("param_lr").asPrimitiveType().getPrimitiveTypeName());
        assertTrue(schema.containsField("model_class"));
    }

    @Test
    void aReaderCappedBelowVersionThreeRefusesUserFiles() {
        ParquetTable<Object[]> table = ParquetTable.<Object[]>named("trial")
                .column("trial_id", ColumnType.STRING, r -> r[0])
                .build();
        IncompatibleOutputException e = assertThrows(
                IncompatibleOutputException.class,
                () -> table.checkReadable(
                        new org.apache.hadoop.fs.Path("t.parquet"),
                        String.valueOf(ParquetTable.DYNAMIC_SCHEMA_VERSION + 1),
                        table.schema()));
        assertTrue(e.getMessage().contains("written by a newer sparksweep"), e.getMessage());
    }

    @Test
    void planJsonCarriesTheModelAndEachTrialsParameters() throws IOException {
        SweepDefinition sweep = SweepFileLoader.parse(
                "name: s\ndataset: mnist\nmodel: {class: com.example.MyModel}\nfixed: {epochs: 1}\n"
                        + "search:\n  lr: {values: [0.1, 0.2]}\n",
                "s.yaml",
                FakeModels.RESOLVER);
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        out.writePlan(TrialPlanner.plan(sweep), "x");
        String plan = Files.readString(tmp.resolve("s/plan.json"));
        assertTrue(plan.contains("\"class\" : \"com.example.MyModel\""), plan);
        assertTrue(plan.contains("\"model_class\" : \"com.example.MyModel\""), plan);
        assertTrue(plan.contains("\"name\" : \"blocks\""), plan);
        assertTrue(plan.contains("\"blocks\" : 2"), "a trial's declared values: " + plan);
        assertFalse(plan.contains("\"width\""), "no built-in keys but epochs and batch_size");
    }

    @Test
    void theReportSearchesAUserNetworksKeys() {
        List<TrialResult> trials =
                List.of(userResult("a-r0", 0.01, 4), userResult("b-r0", 0.1, 2), userResult("c-r0", 0.1, 4));
        List<ConfigSummary> summary = RepeatStatistics.summarize(trials);
        Map<String, byte[]> files = io.sparksweep.report.SweepReport.build("u", null, trials, summary);
        assertTrue(files.containsKey("accuracy-vs-lr.png"), files.keySet().toString());
        assertTrue(files.containsKey("accuracy-vs-blocks.png"), files.keySet().toString());
        String page = new String(files.get("index.html"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(page.contains("activation=tanh"), "the fixed line lists the unsearched declared values");
    }

    @Test
    void aStoredPlanResolvesTheModelWithoutItsClassToTheSameHash() {
        String text = "name: s\ndataset: mnist\nmodel: {class: com.example.MyModel}\nfixed: {epochs: 1}\n"
                + "search:\n  lr: {values: [0.1, 0.2]}\n";
        SweepDefinition sweep = SweepFileLoader.parse(text, "s.yaml", FakeModels.RESOLVER);
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        StoredPlanResolver stored = new StoredPlanResolver(out);
        assertThrows(io.sparksweep.space.ModelResolver.Refusal.class, () -> stored.resolve(FakeModels.MY_MODEL));
        out.writePlan(TrialPlanner.plan(sweep), text);
        SweepDefinition back = SweepFileLoader.parse(text, "s.yaml", stored);
        assertEquals(sweep.model().parameters(), back.model().parameters());
        assertEquals(sweep.sha256(), back.sha256(), "the same declarations: the same hash");
        assertEquals(
                FakeModels.BLOCKS.defaultValue(),
                back.model().parameters().get(1).defaultValue(),
                "an integer default stays an Integer");
        assertThrows(io.sparksweep.space.ModelResolver.Refusal.class, () -> stored.resolve("com.example.Other"));
    }
}
