package io.sparksweep.store;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.stats.MetricSummary;

import java.util.ArrayList;
import java.util.List;

/** The {@code summary/} table: one row per configuration with statistics over its repeats. */
public final class SummaryTable {

    /** The metrics summarized, in column order. */
    public static final List<String> METRICS = List.of("test_accuracy", "test_loss", "best_test_accuracy");
    private static final List<String> STATS = List.of("mean", "std", "min", "max", "median", "ci95_low", "ci95_high");

    public static final ParquetTable TABLE = new ParquetTable("config_summary", columns());

    private SummaryTable() {
    }

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("sweep", ColumnType.STRING));
        c.add(new Column("config_id", ColumnType.STRING));
        c.add(new Column("rank", ColumnType.INT));
        c.addAll(TrialTable.hyperparameterColumns());
        c.add(new Column("n_trials", ColumnType.INT));
        c.add(new Column("n_ok", ColumnType.INT));
        c.add(new Column("n_diverged", ColumnType.INT));
        c.add(new Column("n_failed", ColumnType.INT));
        for (String m : METRICS) {
            for (String s : STATS) {
                c.add(new Column(m + "_" + s, ColumnType.DOUBLE));
            }
        }
        c.add(new Column("p_value_vs_best", ColumnType.DOUBLE));
        return c;
    }

    public static Object[] toRow(ConfigSummary s) {
        List<Object> r = new ArrayList<>();
        r.add(s.sweep());
        r.add(s.configId());
        r.add(s.rank());
        for (Hyperparameter h : Hyperparameter.values()) {
            r.add(s.config().get(h));
        }
        r.add(s.nTrials());
        r.add(s.nOk());
        r.add(s.nDiverged());
        r.add(s.nFailed());
        for (MetricSummary m : List.of(s.testAccuracy(), s.testLoss(), s.bestTestAccuracy())) {
            r.add(m.mean());
            r.add(m.std());
            r.add(m.min());
            r.add(m.max());
            r.add(m.median());
            r.add(m.ci95Low());
            r.add(m.ci95High());
        }
        r.add(s.pValueVsBest());
        return r.toArray();
    }
}
