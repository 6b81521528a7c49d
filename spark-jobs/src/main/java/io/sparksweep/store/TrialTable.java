package io.sparksweep.store;

import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.space.DeclaredParameter;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelSpec;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The {@code trials/} table: one row per trial. Column meanings are documented in docs/output.md. */
public final class TrialTable {

    public static final ParquetTable<TrialResult> TABLE = withMetrics(withHyperparameters(
                            ParquetTable.<TrialResult>named("trial")
                                    .column(
                                            "sweep",
                                            ColumnType.STRING,
                                            t -> t.spec().sweep())
                                    .column(
                                            "trial_id",
                                            ColumnType.STRING,
                                            t -> t.spec().trialId())
                                    .column(
                                            "config_id",
                                            ColumnType.STRING,
                                            t -> t.spec().configId())
                                    .column(
                                            "repeat",
                                            ColumnType.INT,
                                            t -> t.spec().repeat())
                                    .column(
                                            "seed",
                                            ColumnType.LONG,
                                            t -> t.spec().seed())
                                    .column(
                                            "proposal_index",
                                            ColumnType.INT,
                                            t -> t.spec().proposalIndex())
                                    .column(
                                            "proposal_seen",
                                            ColumnType.INT,
                                            t -> t.spec().proposalSeen()),
                            t -> t.spec().config())
                    .column(
                            "status",
                            ColumnType.STRING,
                            t -> t.outcome().status().name())
                    .column("error_message", ColumnType.STRING, t -> t.outcome().errorMessage())
                    .column("stopped_at_epoch", ColumnType.INT, t -> t.outcome().stoppedAtEpoch())
                    .column("test_accuracy", ColumnType.DOUBLE, t -> t.outcome().testAccuracy())
                    .column("test_loss", ColumnType.DOUBLE, t -> t.outcome().testLoss())
                    .column(
                            "best_test_accuracy",
                            ColumnType.DOUBLE,
                            t -> t.outcome().bestTestAccuracy())
                    .column(
                            "train_loss",
                            ColumnType.DOUBLE_LIST,
                            t -> t.outcome().trainLoss())
                    .column(
                            "train_accuracy",
                            ColumnType.DOUBLE_LIST,
                            t -> t.outcome().trainAccuracy())
                    .column(
                            "test_accuracy_curve",
                            ColumnType.DOUBLE_LIST,
                            t -> t.outcome().testAccuracyCurve())
                    .column(
                            "test_loss_curve",
                            ColumnType.DOUBLE_LIST,
                            t -> t.outcome().testLossCurve())
                    .column(
                            "epoch_seconds",
                            ColumnType.DOUBLE_LIST,
                            t -> t.outcome().epochSeconds())
                    .column("train_seconds", ColumnType.DOUBLE, t -> t.outcome().trainSeconds())
                    .column("eval_seconds", ColumnType.DOUBLE, t -> t.outcome().evalSeconds())
                    .column("n_params", ColumnType.LONG, t -> t.outcome().nParams())
                    .column("trainer", ColumnType.STRING, t -> t.outcome().trainer())
                    .column("host", ColumnType.STRING, TrialResult::host)
                    .column("executor_id", ColumnType.STRING, TrialResult::executorId)
                    .column("attempt", ColumnType.INT, TrialResult::attempt)
                    .column("start_time", ColumnType.TIMESTAMP_MILLIS, TrialResult::startMillis)
                    .column("end_time", ColumnType.TIMESTAMP_MILLIS, TrialResult::endMillis)
                    .column(
                            "sparksweep_version",
                            ColumnType.STRING,
                            t -> t.provenance().sparksweepVersion())
                    .column(
                            "java_version",
                            ColumnType.STRING,
                            t -> t.provenance().javaVersion())
                    .column(
                            "spark_version",
                            ColumnType.STRING,
                            t -> t.provenance().sparkVersion())
                    .column(
                            "dl4j_version",
                            ColumnType.STRING,
                            t -> t.provenance().dl4jVersion())
                    .column("blas", ColumnType.STRING, t -> t.provenance().blas())
                    .column(
                            "sweep_sha256",
                            ColumnType.STRING,
                            t -> t.provenance().sweepSha256())
                    .column(
                            "dataset_sha256",
                            ColumnType.STRING,
                            t -> t.provenance().datasetSha256()))
            .build();

    /** Validation and regression metrics: the value after the last epoch (null unless OK) and the per-epoch curve. */
    private static ParquetTable.Builder<TrialResult> withMetrics(ParquetTable.Builder<TrialResult> table) {
        for (String m : Metrics.EXTRA) {
            table.column(m, ColumnType.DOUBLE, t -> t.outcome().metric(m))
                    .column(
                            m + "_curve",
                            ColumnType.DOUBLE_LIST,
                            t -> t.outcome().curve(m).isEmpty()
                                    ? null
                                    : t.outcome().curve(m));
        }
        // per noise level of the sweep's robustness block (null without one, or unless OK)
        for (String m : Metrics.ROBUSTNESS) {
            table.column(
                    m,
                    ColumnType.DOUBLE_LIST,
                    t -> t.outcome().curve(m).isEmpty() ? null : t.outcome().curve(m));
        }
        // a user network's declared metrics after its last epoch: val_<name>, test_<name> (none for built-in sweeps)
        for (String prefix : DeclaredMetric.PREFIXES) {
            table.dynamicDoubles(prefix, t -> underPrefix(t.outcome().declaredMetrics(), prefix));
        }
        return table;
    }

    /**
     * The entries of a map by column whose column starts with {@code prefix}, keyed by the rest; null
     * when there are none, so that a built-in row makes no dynamic column.
     */
    static <V> Map<String, Object> underPrefix(Map<String, V> byColumn, String prefix) {
        Map<String, Object> out = new TreeMap<>();
        byColumn.forEach((col, v) -> {
            if (col.startsWith(prefix)) {
                out.put(col.substring(prefix.length()), v);
            }
        });
        return out.isEmpty() ? null : out;
    }

    /**
     * A user network's declared metrics as stored: the dynamic {@code val_} and {@code test_} columns
     * (not the static test_ ones), by column; none for a built-in row.
     */
    private static Map<String, Double> declaredMetrics(StoredRow row) {
        Map<String, Double> out = new TreeMap<>();
        if (!row.has("model_class")) {
            return out;
        }
        for (String prefix : DeclaredMetric.PREFIXES) {
            row.dynamic(prefix).forEach((k, v) -> {
                String col = prefix + k;
                if (v instanceof Double d
                        && TABLE.columns().stream().noneMatch(c -> c.name().equals(col))) {
                    out.put(col, d);
                }
            });
        }
        return out;
    }

    private TrialTable() {}

    /** The prefix of a user network's parameter columns: {@code param_lr}. */
    public static final String PARAM_PREFIX = "param_";

    /**
     * {@code model_class} (a user network's class, null for the built-in ones), one typed column per
     * hyperparameter of the vocabulary (null where a user network has none), and a user network's
     * declared parameters as dynamic {@code param_<name>} columns; shared by both tables.
     */
    static <T> ParquetTable.Builder<T> withHyperparameters(ParquetTable.Builder<T> table, Function<T, Config> config) {
        table.column("model_class", ColumnType.STRING, row -> config.apply(row).modelClass());
        table.dynamic(PARAM_PREFIX, row -> userParameters(config.apply(row)));
        for (Hyperparameter h : Hyperparameter.values()) {
            table.column(
                    h.key(),
                    switch (h.kind()) {
                        case REAL -> ColumnType.DOUBLE;
                        case INT -> ColumnType.INT;
                        case CHOICE, LAYERS, TEXT -> ColumnType.STRING;
                    },
                    row -> config.apply(row).get(h));
        }
        return table;
    }

    /**
     * A configuration as stored. A hyperparameter column added after the row was written reads as
     * its default: the value every earlier version trained with.
     */
    static Config config(StoredRow row) {
        if (row.has("model_class")) {
            return userConfig(row);
        }
        Map<ParameterKey, Object> values = ParameterKey.newMap();
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, row.has(h.key()) ? row.value(h.key()) : h.defaultValue());
        }
        return new Config(values);
    }

    /** A user network's declared parameters by name; null for a built-in configuration (no dynamic columns). */
    private static Map<String, Object> userParameters(Config c) {
        if (!c.isUserModel()) {
            return null;
        }
        Map<String, Object> out = new TreeMap<>();
        c.values().forEach((k, v) -> {
            if (!(k instanceof Hyperparameter)) {
                out.put(k.key(), v);
            }
        });
        return out;
    }

    /**
     * A user network's configuration: epochs, batch_size and its param_ columns, whose declarations
     * are inferred from the values (a reader needs no user class; keys compare by name).
     */
    private static Config userConfig(StoredRow row) {
        Map<ParameterKey, Object> values = ParameterKey.newMap();
        for (Hyperparameter h : ModelSpec.SWEEP_LEVEL) {
            values.put(h, row.has(h.key()) ? row.value(h.key()) : h.defaultValue());
        }
        row.dynamic(PARAM_PREFIX).forEach((k, v) -> values.put(DeclaredParameter.inferred(k, v), v));
        return new Config(row.string("model_class"), values);
    }

    /** The stored curves of the validation and regression metrics; a column missing from older files or null is no curve. */
    private static Map<String, List<Double>> curves(StoredRow row) {
        Map<String, List<Double>> curves = new TreeMap<>();
        for (String m : Metrics.EXTRA) {
            if (row.has(m + "_curve") && row.value(m + "_curve") != null) {
                curves.put(m, row.doubles(m + "_curve"));
            } else if (row.has(m)) {
                // read without its curve (SweepOutput.readTrialsWithoutCurves): the final value alone
                curves.put(m, List.of(row.doubleValue(m)));
            }
        }
        for (String m : Metrics.ROBUSTNESS) {
            if (row.has(m) && row.value(m) != null) {
                curves.put(m, row.doubles(m));
            }
        }
        return curves;
    }

    public static TrialResult fromRow(StoredRow row) {
        TrialSpec spec = new TrialSpec(
                row.string("sweep"),
                (String) row.required("trial_id"),
                (String) row.required("config_id"),
                (Integer) row.required("repeat"),
                (Long) row.required("seed"),
                config(row),
                0.0,
                row.integer("proposal_index"),
                row.integer("proposal_seen"));
        TrialOutcome outcome = new TrialOutcome(
                TrialStatus.valueOf((String) row.required("status")),
                row.string("error_message"),
                row.doubleValue("test_accuracy"),
                row.doubleValue("test_loss"),
                row.doubleValue("best_test_accuracy"),
                row.doubles("train_loss"),
                row.doubles("train_accuracy"),
                row.doubles("test_accuracy_curve"),
                row.doubles("test_loss_curve"),
                row.doubles("epoch_seconds"),
                row.doubleValue("train_seconds"),
                row.doubleValue("eval_seconds"),
                row.longValue("n_params"),
                row.string("trainer"),
                curves(row),
                declaredMetrics(row));
        Provenance p = new Provenance(
                row.string("sparksweep_version"),
                row.string("java_version"),
                row.string("spark_version"),
                row.string("dl4j_version"),
                row.string("blas"),
                row.string("sweep_sha256"),
                row.string("dataset_sha256"));
        return new TrialResult(
                spec,
                outcome,
                row.string("host"),
                row.string("executor_id"),
                row.integer("attempt"),
                row.longValue("start_time"),
                row.longValue("end_time"),
                p);
    }
}
