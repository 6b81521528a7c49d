package io.sparksweep.store;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The {@code trials/} table: one row per trial. Column meanings are documented in the README. */
public final class TrialTable {

    public static final ParquetTable TABLE = new ParquetTable("trial", columns());

    private TrialTable() {
    }

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("sweep", ColumnType.STRING));
        c.add(new Column("trial_id", ColumnType.STRING));
        c.add(new Column("config_id", ColumnType.STRING));
        c.add(new Column("repeat", ColumnType.INT));
        c.add(new Column("seed", ColumnType.LONG));
        c.addAll(hyperparameterColumns());
        c.add(new Column("status", ColumnType.STRING));
        c.add(new Column("error_message", ColumnType.STRING));
        c.add(new Column("test_accuracy", ColumnType.DOUBLE));
        c.add(new Column("test_loss", ColumnType.DOUBLE));
        c.add(new Column("best_test_accuracy", ColumnType.DOUBLE));
        c.add(new Column("train_loss", ColumnType.DOUBLE_LIST));
        c.add(new Column("train_accuracy", ColumnType.DOUBLE_LIST));
        c.add(new Column("test_accuracy_curve", ColumnType.DOUBLE_LIST));
        c.add(new Column("test_loss_curve", ColumnType.DOUBLE_LIST));
        c.add(new Column("epoch_seconds", ColumnType.DOUBLE_LIST));
        c.add(new Column("train_seconds", ColumnType.DOUBLE));
        c.add(new Column("eval_seconds", ColumnType.DOUBLE));
        c.add(new Column("n_params", ColumnType.LONG));
        c.add(new Column("host", ColumnType.STRING));
        c.add(new Column("executor_id", ColumnType.STRING));
        c.add(new Column("attempt", ColumnType.INT));
        c.add(new Column("start_time", ColumnType.TIMESTAMP_MILLIS));
        c.add(new Column("end_time", ColumnType.TIMESTAMP_MILLIS));
        c.add(new Column("sparksweep_version", ColumnType.STRING));
        c.add(new Column("java_version", ColumnType.STRING));
        c.add(new Column("spark_version", ColumnType.STRING));
        c.add(new Column("dl4j_version", ColumnType.STRING));
        c.add(new Column("blas", ColumnType.STRING));
        c.add(new Column("sweep_sha256", ColumnType.STRING));
        c.add(new Column("dataset_sha256", ColumnType.STRING));
        return c;
    }

    /** One typed column per hyperparameter of the vocabulary, shared by both tables. */
    static List<Column> hyperparameterColumns() {
        List<Column> c = new ArrayList<>();
        for (Hyperparameter h : Hyperparameter.values()) {
            c.add(new Column(h.key(), switch (h.kind()) {
                case REAL -> ColumnType.DOUBLE;
                case INT -> ColumnType.INT;
                case CHOICE, LAYERS, TEXT -> ColumnType.STRING;
            }));
        }
        return c;
    }

    public static Object[] toRow(TrialResult t) {
        TrialSpec s = t.spec();
        TrialOutcome o = t.outcome();
        Provenance p = t.provenance();
        List<Object> r = new ArrayList<>();
        r.add(s.sweep());
        r.add(s.trialId());
        r.add(s.configId());
        r.add(s.repeat());
        r.add(s.seed());
        for (Hyperparameter h : Hyperparameter.values()) {
            r.add(s.config().get(h));
        }
        r.add(o.status().name());
        r.add(o.errorMessage());
        r.add(o.testAccuracy());
        r.add(o.testLoss());
        r.add(o.bestTestAccuracy());
        r.add(o.trainLoss());
        r.add(o.trainAccuracy());
        r.add(o.testAccuracyCurve());
        r.add(o.testLossCurve());
        r.add(o.epochSeconds());
        r.add(o.trainSeconds());
        r.add(o.evalSeconds());
        r.add(o.nParams());
        r.add(t.host());
        r.add(t.executorId());
        r.add(t.attempt());
        r.add(t.startMillis());
        r.add(t.endMillis());
        r.add(p.sparksweepVersion());
        r.add(p.javaVersion());
        r.add(p.sparkVersion());
        r.add(p.dl4jVersion());
        r.add(p.blas());
        r.add(p.sweepSha256());
        r.add(p.datasetSha256());
        return r.toArray();
    }

    public static TrialResult fromRow(Object[] row) {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, row[TABLE.index(h.key())]);
        }
        TrialSpec spec = new TrialSpec(str(row, "sweep"), str(row, "trial_id"), str(row, "config_id"),
                (Integer) get(row, "repeat"), (Long) get(row, "seed"), new Config(values), 0.0);
        TrialOutcome outcome = new TrialOutcome(TrialStatus.valueOf(str(row, "status")), str(row, "error_message"),
                (Double) get(row, "test_accuracy"), (Double) get(row, "test_loss"), (Double) get(row, "best_test_accuracy"),
                list(row, "train_loss"), list(row, "train_accuracy"), list(row, "test_accuracy_curve"),
                list(row, "test_loss_curve"), list(row, "epoch_seconds"),
                (Double) get(row, "train_seconds"), (Double) get(row, "eval_seconds"), (Long) get(row, "n_params"));
        Provenance p = new Provenance(str(row, "sparksweep_version"), str(row, "java_version"), str(row, "spark_version"),
                str(row, "dl4j_version"), str(row, "blas"), str(row, "sweep_sha256"), str(row, "dataset_sha256"));
        return new TrialResult(spec, outcome, str(row, "host"), str(row, "executor_id"), (Integer) get(row, "attempt"),
                (Long) get(row, "start_time"), (Long) get(row, "end_time"), p);
    }

    private static Object get(Object[] row, String column) {
        return row[TABLE.index(column)];
    }

    private static String str(Object[] row, String column) {
        return (String) get(row, column);
    }

    @SuppressWarnings("unchecked")
    private static List<Double> list(Object[] row, String column) {
        Object v = get(row, column);
        return v == null ? List.of() : (List<Double>) v;
    }
}
