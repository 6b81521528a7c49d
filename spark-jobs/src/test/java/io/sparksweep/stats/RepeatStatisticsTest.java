package io.sparksweep.stats;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.store.SummaryTable;
import io.sparksweep.store.TrialTable;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepeatStatisticsTest {

    private static final double EPS = 1e-12;

    @Test
    void threeValuesByHand() {
        // mean 0.92; deviations -0.02, 0, 0.02 -> s^2 = 0.0008/2 -> s = 0.02
        // t(0.975, 2) = 4.302652729911275; half width = 4.302652729911275 * 0.02 / sqrt(3) = 0.0496827...
        MetricSummary m = MetricSummary.of(new double[] {0.94, 0.90, 0.92});
        assertEquals(3, m.n());
        assertEquals(0.92, m.mean(), EPS);
        assertEquals(0.02, m.std(), EPS);
        assertEquals(0.90, m.min(), EPS);
        assertEquals(0.94, m.max(), EPS);
        assertEquals(0.92, m.median(), EPS);
        double half = 4.302652729911275 * 0.02 / Math.sqrt(3);
        assertEquals(0.92 - half, m.ci95Low(), 1e-9);
        assertEquals(0.92 + half, m.ci95High(), 1e-9);
        assertEquals(0.870317, m.ci95Low(), 1e-6);
    }

    @Test
    void fourValuesByHandWithAnEvenMedian() {
        // 1,2,3,10: mean 4; squared deviations 9+4+1+36 = 50; s = sqrt(50/3); median (2+3)/2
        MetricSummary m = MetricSummary.of(new double[] {10, 1, 3, 2});
        assertEquals(4.0, m.mean(), EPS);
        assertEquals(Math.sqrt(50.0 / 3), m.std(), EPS);
        assertEquals(2.5, m.median(), EPS);
        double half = 3.182446305284263 * Math.sqrt(50.0 / 3) / 2; // t(0.975, 3)
        assertEquals(4 - half, m.ci95Low(), 1e-9);
        assertEquals(4 + half, m.ci95High(), 1e-9);
    }

    @Test
    void oneValueHasNoSpreadAndNoneHasNothing() {
        MetricSummary one = MetricSummary.of(new double[] {0.5});
        assertEquals(0.5, one.mean());
        assertNull(one.std());
        assertNull(one.ci95Low());
        MetricSummary none = MetricSummary.of(new double[0]);
        assertEquals(0, none.n());
        assertNull(none.mean());
    }

    @Test
    void summarizesPerConfigurationCountsStatusesAndRanksByMeanAccuracy() {
        List<TrialResult> trials = new ArrayList<>();
        trials.add(trial("a", 0, TrialStatus.OK, 0.90));
        trials.add(trial("a", 1, TrialStatus.OK, 0.92));
        trials.add(trial("a", 2, TrialStatus.DIVERGED, null));
        trials.add(trial("b", 0, TrialStatus.OK, 0.95));
        trials.add(trial("b", 1, TrialStatus.OK, 0.97));
        trials.add(trial("c", 0, TrialStatus.FAILED, null));
        trials.add(trial("c", 1, TrialStatus.DIVERGED, null));

        List<ConfigSummary> s = RepeatStatistics.summarize(trials);
        assertEquals(
                List.of("b", "a", "c"), s.stream().map(ConfigSummary::configId).toList());
        ConfigSummary b = s.get(0), a = s.get(1), c = s.get(2);
        assertEquals(1, b.rank());
        assertEquals(2, a.rank());
        assertNull(c.rank(), "no OK trial, no rank");
        assertEquals(3, a.nTrials());
        assertEquals(2, a.nOk());
        assertEquals(1, a.nDiverged());
        assertEquals(0, a.nFailed());
        assertEquals(0.91, a.testAccuracy().mean(), EPS);
        assertEquals(Math.sqrt(0.0002), a.testAccuracy().std(), EPS);
        assertEquals(0.96, b.testAccuracy().mean(), EPS);
        assertEquals(1, c.nFailed());
        assertEquals(1, c.nDiverged());
        assertEquals(0, c.testAccuracy().n());
        // Welch against the best (b): t = 0.05 / sqrt(0.0002/2 + 0.0002/2) = 3.5355, df = 2, and for
        // two degrees of freedom the two-sided p is 1 - t / sqrt(2 + t^2) = 0.071524
        assertNull(b.pValueVsBest(), "the best is not tested against itself");
        assertEquals(1 - 3.5355339 / Math.sqrt(2 + 12.5), a.pValueVsBest(), 1e-6);
        assertNull(c.pValueVsBest(), "no OK trial, no test");
    }

    @Test
    void welchPValueEdgeCases() {
        assertNull(RepeatStatistics.welchPValue(new double[] {0.9}, new double[] {0.8, 0.85}), "one repeat: no test");
        assertEquals(1.0, RepeatStatistics.welchPValue(new double[] {0.9, 0.9}, new double[] {0.9, 0.9}));
        assertEquals(0.0, RepeatStatistics.welchPValue(new double[] {0.9, 0.9}, new double[] {0.8, 0.8}));
        // unequal sizes and variances, against an independent implementation:
        // scipy.stats.ttest_ind([.97, .98, .975, .972], [.95, .96], equal_var=False).pvalue = 0.11730551943511583
        double p = RepeatStatistics.welchPValue(new double[] {0.97, 0.98, 0.975, 0.972}, new double[] {0.95, 0.96});
        assertEquals(0.11730551943511583, p, 1e-9);
    }

    @Test
    void autoencodersRankOnTheirCleanReconstructionLossLowestFirstWithTheirColumns() {
        List<TrialResult> trials = new ArrayList<>();
        trials.add(autoencoder("a", 0, 0.10, 0.12));
        trials.add(autoencoder("a", 1, 0.12, 0.13));
        trials.add(autoencoder("b", 0, 0.08, 0.14));
        trials.add(autoencoder("b", 1, 0.09, 0.15));
        List<ConfigSummary> s = RepeatStatistics.summarize(trials);
        assertEquals(Metrics.RECONSTRUCTION_LOSS, s.get(0).rankedOn());
        assertEquals(
                List.of("b", "a"),
                s.stream().map(ConfigSummary::configId).toList(),
                "the lower clean loss ranks first");
        assertEquals(1, s.get(0).rank());
        assertEquals(0.085, s.get(0).rankMetric().mean(), EPS);
        assertEquals(
                0.145, s.get(0).metrics().get(Metrics.RECONSTRUCTION_LOSS_NOISY).mean(), EPS);
        assertEquals(0, s.get(0).testAccuracy().n(), "no accuracy");
        assertTrue(Metrics.lowerIsBetter(Metrics.RECONSTRUCTION_LOSS)
                && Metrics.lowerIsBetter(Metrics.RECONSTRUCTION_LOSS_NOISY)
                && Metrics.lowerIsBetter(Metrics.VALIDATION_RECONSTRUCTION_LOSS));

        List<String> trialColumns =
                TrialTable.TABLE.columns().stream().map(c -> c.name()).toList();
        List<String> summaryColumns =
                SummaryTable.TABLE.columns().stream().map(c -> c.name()).toList();
        for (String m : List.of(
                Metrics.RECONSTRUCTION_LOSS,
                Metrics.RECONSTRUCTION_LOSS_NOISY,
                Metrics.VALIDATION_RECONSTRUCTION_LOSS)) {
            assertTrue(trialColumns.contains(m) && trialColumns.contains(m + "_curve"), m + " in " + trialColumns);
            for (String stat : List.of("mean", "std", "median", "min", "max", "ci95_low", "ci95_high")) {
                assertTrue(summaryColumns.contains(m + "_" + stat), m + "_" + stat + " in " + summaryColumns);
            }
        }
    }

    private static TrialResult autoencoder(String config, int repeat, double clean, double noisy) {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, h.defaultValue());
        }
        values.put(Hyperparameter.MODEL, "autoencoder");
        TrialSpec spec = new TrialSpec("s", config + "-r" + repeat, config, repeat, repeat, new Config(values), 1);
        TrialOutcome o = new TrialOutcome(
                TrialStatus.OK,
                null,
                null,
                noisy,
                null,
                List.of(0.2, 0.15),
                List.of(),
                List.of(),
                List.of(0.2, noisy),
                List.of(1.0, 1.0),
                2.0,
                0.1,
                10L,
                "dl4j-fit",
                Map.of(
                        Metrics.RECONSTRUCTION_LOSS,
                        List.of(0.2, clean),
                        Metrics.RECONSTRUCTION_LOSS_NOISY,
                        List.of(0.2, noisy)));
        return new TrialResult(spec, o, "h", "0", 0, 0L, 1L, new Provenance("v", "17", "3.5", "m2", "b", "x", "y"));
    }

    private static TrialResult trial(String config, int repeat, TrialStatus status, Double acc) {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, h.defaultValue());
        }
        TrialSpec spec = new TrialSpec("s", config + "-r" + repeat, config, repeat, repeat, new Config(values), 1);
        TrialOutcome o = new TrialOutcome(
                status,
                null,
                acc,
                acc == null ? null : 1 - acc,
                acc,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                1.0,
                0.1,
                10L,
                "fast-dense",
                Map.of());
        return new TrialResult(spec, o, "h", "0", 0, 0L, 1L, new Provenance("v", "17", "3.5", "m2", "b", "x", "y"));
    }
}
