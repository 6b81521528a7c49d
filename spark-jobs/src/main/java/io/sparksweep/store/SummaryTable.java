package io.sparksweep.store;

import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;
import io.sparksweep.stats.RobustnessSummary;
import io.sparksweep.trial.Metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The {@code summary/} table: one row per configuration with statistics over its repeats. */
public final class SummaryTable {

    /** The statistics a metric has in summary/, as {@code <metric>_<statistic>} columns, in column order. */
    static final Map<String, Function<MetricSummary, Double>> STATISTICS = statistics();

    public static final ParquetTable<ConfigSummary> TABLE = build();

    private static Map<String, Function<MetricSummary, Double>> statistics() {
        Map<String, Function<MetricSummary, Double>> s = new LinkedHashMap<>();
        s.put("mean", MetricSummary::mean);
        s.put("std", MetricSummary::std);
        s.put("min", MetricSummary::min);
        s.put("max", MetricSummary::max);
        s.put("median", MetricSummary::median);
        s.put("ci95_low", MetricSummary::ci95Low);
        s.put("ci95_high", MetricSummary::ci95High);
        return Collections.unmodifiableMap(s);
    }

    private SummaryTable() {}

    private static ParquetTable<ConfigSummary> build() {
        ParquetTable.Builder<ConfigSummary> t = TrialTable.withHyperparameters(
                        ParquetTable.<ConfigSummary>named("config_summary")
                                .column("sweep", ColumnType.STRING, ConfigSummary::sweep)
                                .column("config_id", ColumnType.STRING, ConfigSummary::configId)
                                .column("rank", ColumnType.INT, ConfigSummary::rank),
                        ConfigSummary::config)
                .column("n_trials", ColumnType.INT, ConfigSummary::nTrials)
                .column("n_ok", ColumnType.INT, ConfigSummary::nOk)
                .column("n_diverged", ColumnType.INT, ConfigSummary::nDiverged)
                .column("n_failed", ColumnType.INT, ConfigSummary::nFailed)
                .column("n_stopped", ColumnType.INT, ConfigSummary::nStopped);
        metric(t, "test_accuracy", ConfigSummary::testAccuracy);
        metric(t, "test_loss", ConfigSummary::testLoss);
        metric(t, "best_test_accuracy", ConfigSummary::bestTestAccuracy);
        t.column("p_value_vs_best", ColumnType.DOUBLE, ConfigSummary::pValueVsBest);
        t.column("ranked_on", ColumnType.STRING, ConfigSummary::rankedOn);
        // racing (repeats: {min, max}): null columns without it; n_trials is the repeats it ran
        t.column(
                "race_status",
                ColumnType.STRING,
                s -> s.race() == null ? null : s.race().status());
        t.column(
                "eliminated_at_repeats",
                ColumnType.INT,
                s -> s.race() == null ? null : s.race().eliminatedAt());
        t.column(
                "eliminated_p",
                ColumnType.DOUBLE,
                s -> s.race() == null ? null : s.race().eliminatedP());
        t.column(
                "tied_p",
                ColumnType.DOUBLE,
                s -> s.race() == null ? null : s.race().tiedP());
        for (String m : Metrics.EXTRA) {
            metric(t, m, s -> s.metrics().get(m));
        }
        // robustness: one list element per noise level (null columns without a robustness block)
        t.column(
                Metrics.ROBUSTNESS_LEVELS,
                ColumnType.DOUBLE_LIST,
                s -> s.robustness() == null ? null : s.robustness().levels());
        perLevel(t, Metrics.ROBUSTNESS_ACCURACY, RobustnessSummary::accuracy);
        perLevel(t, Metrics.ROBUSTNESS_RECALL, RobustnessSummary::recall);
        // a user network's declared metrics, as the test accuracy: val_<name>_mean, test_<name>_std, ...
        for (String prefix : DeclaredMetric.PREFIXES) {
            t.dynamicDoubles(prefix, s -> declaredStatistics(s, prefix));
        }
        return t.build();
    }

    /** {@code <name>_<statistic>} of each declared metric under the prefix; null for a built-in sweep. */
    private static Map<String, Object> declaredStatistics(ConfigSummary s, String prefix) {
        Map<String, Object> out = new TreeMap<>();
        s.declaredMetrics().forEach((column, m) -> {
            if (column.startsWith(prefix)) {
                String name = column.substring(prefix.length());
                STATISTICS.forEach((statistic, f) -> out.put(name + "_" + statistic, f.apply(m)));
            }
        });
        return out.isEmpty() ? null : out;
    }

    /** {@code <metric>_mean}, {@code _std}, {@code _ci95_low}, {@code _ci95_high}: lists with one element per level. */
    private static void perLevel(
            ParquetTable.Builder<ConfigSummary> t, String name, Function<RobustnessSummary, List<MetricSummary>> m) {
        perLevel(t, name + "_mean", m, MetricSummary::mean);
        perLevel(t, name + "_std", m, MetricSummary::std);
        perLevel(t, name + "_ci95_low", m, MetricSummary::ci95Low);
        perLevel(t, name + "_ci95_high", m, MetricSummary::ci95High);
    }

    private static void perLevel(
            ParquetTable.Builder<ConfigSummary> t,
            String column,
            Function<RobustnessSummary, List<MetricSummary>> m,
            Function<MetricSummary, Double> statistic) {
        t.column(
                column,
                ColumnType.DOUBLE_LIST,
                s -> s.robustness() == null
                        ? null
                        : m.apply(s.robustness()).stream().map(statistic).toList());
    }

    /** The statistics of one metric over a configuration's repeats, as {@code <metric>_<statistic>} columns. */
    private static void metric(
            ParquetTable.Builder<ConfigSummary> t, String name, Function<ConfigSummary, MetricSummary> m) {
        // a metric the sweep does not have (validation without a validation part) is null
        Function<ConfigSummary, MetricSummary> orNone =
                s -> m.apply(s) == null ? MetricSummary.of(new double[0]) : m.apply(s);
        STATISTICS.forEach(
                (statistic, f) -> t.column(name + "_" + statistic, ColumnType.DOUBLE, s -> f.apply(orNone.apply(s))));
    }
}
