package io.sparksweep.store;

import io.sparksweep.plan.TrialPlanner;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.stats.RepeatStatistics;
import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepOutputTest {

    @TempDir
    Path tmp;

    @Test
    void trialsRoundTripThroughParquetWithNullsAndCurves() {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        TrialResult ok = result("a-r0", TrialStatus.OK, 0.9, List.of(0.5, 0.3));
        TrialResult diverged = result("b-r0", TrialStatus.DIVERGED, null, List.of());
        out.commit(List.of(ok));
        out.commit(List.of(diverged));

        List<TrialResult> back = out.readTrials();
        assertEquals(2, back.size());
        TrialResult a = back.stream()
                .filter(t -> t.spec().trialId().equals("a-r0"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                ok.spec(),
                new TrialSpec(
                        a.spec().sweep(),
                        a.spec().trialId(),
                        a.spec().configId(),
                        a.spec().repeat(),
                        a.spec().seed(),
                        a.spec().config(),
                        ok.spec().expectedCost()));
        // every list column and both accuracies hold different numbers, so a swapped column fails here
        assertEquals(ok.outcome(), a.outcome());
        assertEquals(List.of(0.5, 0.3), a.outcome().trainLoss());
        assertEquals(List.of(0.6, 0.4), a.outcome().trainAccuracy());
        assertEquals(List.of(0.7, 0.5), a.outcome().testAccuracyCurve());
        assertEquals(List.of(0.8, 0.6), a.outcome().testLossCurve());
        assertEquals(List.of(0.9, 0.7), a.outcome().epochSeconds());
        assertEquals(0.9, a.outcome().testAccuracy());
        assertEquals(0.95, a.outcome().bestTestAccuracy());
        assertEquals(ok.provenance(), a.provenance());
        assertEquals(ok.startMillis(), a.startMillis());
        assertEquals(ok.endMillis(), a.endMillis());
        assertEquals(1, a.attempt());
        TrialResult b = back.stream()
                .filter(t -> t.spec().trialId().equals("b-r0"))
                .findFirst()
                .orElseThrow();
        assertNull(b.outcome().testAccuracy());
        assertEquals("loss became NaN", b.outcome().errorMessage());
        assertEquals(Set.of("a-r0", "b-r0"), out.storedTrialIds());
    }

    @Test
    void everyFileCarriesTheSchemaVersion() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        out.commit(List.of(result("a-r0", TrialStatus.OK, 0.9, List.of(0.5))));
        Path file;
        try (Stream<Path> files = Files.list(tmp.resolve("s/trials"))) {
            file = files.filter(p -> p.toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        try (ParquetFileReader r = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            assertEquals(
                    String.valueOf(ParquetTable.SCHEMA_VERSION),
                    r.getFooter().getFileMetaData().getKeyValueMetaData().get(ParquetTable.VERSION_KEY));
        }
    }

    /** Writes a trials file as an older version would: only some of today's columns, no schema version. */
    private void writeOldTrialsFile(Path dir, List<String> keep, Object[] values) {
        ParquetTable.Builder<Object[]> b = ParquetTable.named("trial");
        for (Column<TrialResult> c : TrialTable.TABLE.columns()) {
            int i = keep.indexOf(c.name());
            if (i >= 0) {
                b.column(c.name(), c.type(), row -> row[i]);
            }
        }
        b.build()
                .append(
                        new Configuration(),
                        new org.apache.hadoop.fs.Path(
                                dir.resolve("out/s/trials").toUri()),
                        "part-1",
                        List.<Object[]>of(values));
    }

    @Test
    void columnsAddedLaterReadAsUnknownNotAsACrash(@TempDir Path dir) {
        // a row from before eval_seconds, n_params, attempt, the times and a newer hyperparameter existed
        writeOldTrialsFile(
                dir,
                List.of("sweep", "trial_id", "config_id", "repeat", "seed", "status", "test_accuracy", "learning_rate"),
                new Object[] {"s", "a-r0", "a", 0, 7L, "OK", 0.91, 0.5});
        TrialResult t = new SweepOutput(dir.resolve("out").toString(), "s", new Configuration())
                .readTrials()
                .get(0);
        assertEquals(0.91, t.outcome().testAccuracy());
        assertEquals(0.5, t.spec().config().real(Hyperparameter.LEARNING_RATE));
        assertNull(t.outcome().evalSeconds());
        assertNull(t.outcome().trainSeconds());
        assertNull(t.outcome().nParams());
        assertNull(t.outcome().trainer());
        assertNull(t.attempt());
        assertNull(t.startMillis());
        assertEquals(List.of(), t.outcome().testAccuracyCurve());
        assertEquals(
                Hyperparameter.MOMENTUM.defaultValue(),
                t.spec().config().get(Hyperparameter.MOMENTUM),
                "a hyperparameter column added later reads as the default every earlier version trained with");
        // the report and the statistics take such rows too
        assertEquals(1, RepeatStatistics.summarize(List.of(t)).size());
    }

    @Test
    void aRowWithoutItsIdentityIsRefusedInOneLine(@TempDir Path dir) {
        writeOldTrialsFile(dir, List.of("trial_id", "status"), new Object[] {"a-r0", "OK"});
        IncompatibleOutputException e = assertThrows(
                IncompatibleOutputException.class,
                () -> new SweepOutput(dir.resolve("out").toString(), "s", new Configuration()).readTrials());
        assertTrue(e.getMessage().contains("has no value in column 'config_id'"), e.getMessage());
    }

    @Test
    void resultsWithAColumnOfAnotherTypeAreRefusedWithAMessage(@TempDir Path dir) {
        // an older version stored hidden_layers as an int; today it is a layout string
        ParquetTable<Object[]> old = ParquetTable.<Object[]>named("trials")
                .column("trial_id", ColumnType.STRING, r -> r[0])
                .column("hidden_layers", ColumnType.INT, r -> r[1])
                .build();
        org.apache.hadoop.fs.Path trials =
                new org.apache.hadoop.fs.Path(dir.resolve("out/s/trials").toUri());
        old.append(new Configuration(), trials, "part-1", List.<Object[]>of(new Object[] {"a-r0", 2}));
        SweepOutput out = new SweepOutput(dir.resolve("out").toString(), "s", new Configuration());
        IncompatibleOutputException e = assertThrows(IncompatibleOutputException.class, out::readTrials);
        assertTrue(
                e.getMessage().contains("column 'hidden_layers' is int32, this version writes binary (STRING)"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("rerun with --fresh, or into another --out"), e.getMessage());
        assertThrows(
                IncompatibleOutputException.class, out::storedTrialIds, "resume refuses before anything is written");
    }

    @Test
    void resultsOfANewerSchemaVersionAreRefused(@TempDir Path dir) {
        ParquetTable<Object[]> table = ParquetTable.<Object[]>named("trial")
                .column("trial_id", ColumnType.STRING, r -> r[0])
                .build();
        org.apache.hadoop.fs.Path trials =
                new org.apache.hadoop.fs.Path(dir.resolve("out/s/trials").toUri());
        table.append(new Configuration(), trials, "part-1", List.<Object[]>of(new Object[] {"a-r0"}));
        IncompatibleOutputException e = assertThrows(
                IncompatibleOutputException.class,
                () -> table.checkReadable(
                        trials, String.valueOf(ParquetTable.DYNAMIC_SCHEMA_VERSION + 1), table.schema()));
        assertTrue(
                e.getMessage()
                        .contains("written by a newer sparksweep (schema version "
                                + (ParquetTable.DYNAMIC_SCHEMA_VERSION + 1)),
                e.getMessage());
    }

    @Test
    void aFileThatIsNotParquetIsNamed(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("out/s/trials"));
        Files.writeString(dir.resolve("out/s/trials/part-1.parquet"), "not parquet at all");
        IncompatibleOutputException e = assertThrows(
                IncompatibleOutputException.class,
                () -> new SweepOutput(dir.resolve("out").toString(), "s", new Configuration()).readTrials());
        assertTrue(e.getMessage().contains("part-1.parquet is not a readable Parquet file"), e.getMessage());
    }

    @Test
    void anOutputRootUnderAFileIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("afile"), "x");
        SweepOutput out = new SweepOutput(dir.resolve("afile/results").toString(), "s", new Configuration());
        OutputException e = assertThrows(OutputException.class, out::requireUsable);
        assertTrue(e.getMessage().endsWith("afile is a file, not a folder"), e.getMessage());
        new SweepOutput(dir.resolve("fresh/results").toString(), "s", new Configuration()).requireUsable();
        assertTrue(Files.notExists(dir.resolve("fresh")), "checking writes nothing");
    }

    @Test
    void planJsonIsTheSameUnderATurkishLocale(@TempDir Path dir) throws IOException {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            SweepDefinition sweep = SweepFileLoader.parse(
                    "name: s\ndataset: mnist\nmethod: grid\nfixed: {epochs: 1}\nsearch:\n  learning_rate: {values: [0.1, 0.2]}\n",
                    "s.yaml");
            SweepOutput out = new SweepOutput(dir.toString(), "s", new Configuration());
            out.writePlan(TrialPlanner.plan(sweep), "x");
            String plan = Files.readString(dir.resolve("s/plan.json"));
            assertTrue(plan.contains("\"method\" : \"grid\""), plan.substring(0, 300));
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void leftoversOfAKilledWriterAreIgnoredAndRemoved() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        out.commit(List.of(result("a-r0", TrialStatus.OK, 0.9, List.of(0.5))));
        Path trials = tmp.resolve("s/trials");
        Files.writeString(trials.resolve("_tmp-part-1.parquet.inprogress"), "half a file");
        Files.writeString(tmp.resolve("s/_tmp-plan.json.inprogress"), "half a plan");
        Files.createDirectories(tmp.resolve("s/report"));
        Files.writeString(tmp.resolve("s/report/_tmp-index.html.inprogress"), "half a page");
        assertEquals(1, out.readTrials().size());
        out.removeLeftovers();
        for (String dir : List.of("s", "s/trials", "s/report")) {
            try (Stream<Path> files = Files.list(tmp.resolve(dir))) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("_tmp")), dir);
            }
        }
    }

    private static List<Double> plus(List<Double> curve, double d) {
        return curve.stream().map(x -> Math.round((x + d) * 1e9) / 1e9).toList();
    }

    static TrialResult result(String id, TrialStatus status, Double acc, List<Double> curve) {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, h.defaultValue());
        }
        values.put(Hyperparameter.LEARNING_RATE, 0.25);
        TrialSpec spec = new TrialSpec("s", id, id.substring(0, 1), 0, 99L, new Config(values), 1.0);
        TrialOutcome o = new TrialOutcome(
                status,
                status == TrialStatus.OK ? null : "loss became NaN",
                acc,
                acc == null ? null : 0.3,
                acc == null ? null : 0.95,
                curve,
                plus(curve, 0.1),
                plus(curve, 0.2),
                plus(curve, 0.3),
                plus(curve, 0.4),
                2.5,
                0.4,
                79510L,
                "fast-conv",
                Map.of());
        return new TrialResult(
                spec,
                o,
                "host1",
                "3",
                1,
                1_700_000_000_000L,
                1_700_000_002_500L,
                new Provenance("0.1", "17.0.15", "3.5.7", "1.0.0-M2.1", "OpenBLAS 0.3.19 (bundled)", "abc", "def"));
    }

    private long parquetFiles() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("s/trials"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")
                            && !p.getFileName().toString().startsWith("_"))
                    .count();
        }
    }

    @Test
    void compactionLeavesOneFileAndEveryTrialOnce() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        for (int i = 0; i < 5; i++) {
            out.commit(List.of(result("t" + i + "-r0", TrialStatus.OK, 0.9, List.of(0.5, 0.4))));
        }
        List<TrialResult> before = out.readTrials();
        assertEquals(5, parquetFiles());
        assertEquals(0, out.compactTrials(6), "fewer files than asked for: nothing to do");
        assertEquals(5, out.compactTrials(2));
        assertEquals(1, parquetFiles());
        assertEquals(before, out.readTrials(), "the same rows, in the same order");
        assertEquals(0, out.compactTrials(2), "one file left: nothing to merge");
    }

    @Test
    void aCompactionKilledMidwayLeavesEveryTrialReadableExactlyOnce() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        for (int i = 0; i < 4; i++) {
            out.commit(List.of(result("t" + i + "-r0", TrialStatus.OK, 0.9, List.of(0.5))));
        }
        List<TrialResult> before = out.readTrials();
        // killed after the merged file is published, before the originals are deleted
        assertThrows(
                IllegalStateException.class,
                () -> out.compactTrials(2, () -> {
                    throw new IllegalStateException("killed");
                }));
        assertEquals(5, parquetFiles());
        assertEquals(8, out.readTrialRows().size(), "every trial is in two files now");
        assertEquals(before, out.readTrials(), "readers take each trial once");
        assertEquals(Set.of("t0-r0", "t1-r0", "t2-r0", "t3-r0"), out.storedTrialIds());
        // the next compaction merges the copies away
        assertEquals(5, out.compactTrials(2));
        assertEquals(1, parquetFiles());
        assertEquals(4, out.readTrialRows().size());
        // killed while writing the merged file: only a temporary, which nobody reads and cleanup removes
        Files.writeString(tmp.resolve("s/trials/_tmp-part-9-merged-x.parquet.inprogress"), "half a file");
        assertEquals(before, out.readTrials());
        out.removeLeftovers();
        assertEquals(1, parquetFiles());
    }

    @Test
    void summariesReadTheScalarColumnsAndCurvesOnlyWhereAsked() {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        out.commit(List.of(
                result("a-r0", TrialStatus.OK, 0.9, List.of(0.5, 0.3)),
                result("b-r0", TrialStatus.OK, 0.8, List.of(0.6))));
        List<TrialResult> light = out.readTrialsWithoutCurves();
        assertEquals(2, light.size());
        TrialResult a = light.stream()
                .filter(t -> t.spec().trialId().equals("a-r0"))
                .findFirst()
                .orElseThrow();
        assertEquals(0.9, a.outcome().testAccuracy());
        assertEquals(0.95, a.outcome().bestTestAccuracy());
        assertEquals(List.of(), a.outcome().testAccuracyCurve(), "no curves decoded");
        assertEquals(List.of(), a.outcome().trainLoss());
        List<TrialResult> whole = out.readTrialsOf(Set.of("a"));
        assertEquals(1, whole.size());
        assertEquals(List.of(0.7, 0.5), whole.get(0).outcome().testAccuracyCurve());
    }
}
