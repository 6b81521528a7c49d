package io.sparksweep.store;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        TrialResult a = back.stream().filter(t -> t.spec().trialId().equals("a-r0")).findFirst().orElseThrow();
        assertEquals(ok.spec(), new TrialSpec(a.spec().sweep(), a.spec().trialId(), a.spec().configId(), a.spec().repeat(),
                a.spec().seed(), a.spec().config(), ok.spec().expectedCost()));
        assertEquals(ok.outcome(), a.outcome());
        assertEquals(ok.provenance(), a.provenance());
        assertEquals(ok.startMillis(), a.startMillis());
        TrialResult b = back.stream().filter(t -> t.spec().trialId().equals("b-r0")).findFirst().orElseThrow();
        assertNull(b.outcome().testAccuracy());
        assertEquals("loss became NaN", b.outcome().errorMessage());
        assertEquals(Set.of("a-r0", "b-r0"), out.storedTrialIds());
    }

    @Test
    void leftoversOfAKilledWriterAreIgnoredAndRemoved() throws IOException {
        SweepOutput out = new SweepOutput(tmp.toString(), "s", new Configuration());
        out.commit(List.of(result("a-r0", TrialStatus.OK, 0.9, List.of(0.5))));
        Path trials = tmp.resolve("s/trials");
        Files.writeString(trials.resolve("_tmp-part-1.parquet.inprogress"), "half a file");
        assertEquals(1, out.readTrials().size());
        out.removeLeftovers();
        try (Stream<Path> files = Files.list(trials)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("_tmp")));
        }
    }

    static TrialResult result(String id, TrialStatus status, Double acc, List<Double> curve) {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, h.defaultValue());
        }
        values.put(Hyperparameter.LEARNING_RATE, 0.25);
        TrialSpec spec = new TrialSpec("s", id, id.substring(0, 1), 0, 99L, new Config(values), 1.0);
        TrialOutcome o = new TrialOutcome(status, status == TrialStatus.OK ? null : "loss became NaN", acc,
                acc == null ? null : 0.3, acc, curve, curve, curve, curve, curve, 2.5, 0.4, 79510L);
        return new TrialResult(spec, o, "host1", "3", 1, 1_700_000_000_000L, 1_700_000_002_500L,
                new Provenance("0.1", "17.0.15", "3.5.7", "1.0.0-M2.1", "OpenBLAS 0.3.19 (bundled)", "abc", "def"));
    }

    @Test
    void resultsWithAColumnOfAnotherTypeAreRefusedWithAMessage(@TempDir Path dir) {
        // an older version stored hidden_layers as an int; today it is a layout string
        ParquetTable old = new ParquetTable("trials", List.of(new Column("trial_id", ColumnType.STRING),
                new Column("hidden_layers", ColumnType.INT)));
        org.apache.hadoop.fs.Path trials = new org.apache.hadoop.fs.Path(dir.resolve("out/s/trials").toUri());
        old.append(new Configuration(), trials, "part-1", List.<Object[]>of(new Object[]{"a-r0", 2}));
        IncompatibleOutputException e = org.junit.jupiter.api.Assertions.assertThrows(IncompatibleOutputException.class,
                () -> new SweepOutput(dir.resolve("out").toString(), "s", new Configuration()).readTrials());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().endsWith("rerun with --fresh, or into another --out"), e.getMessage());
    }
}
