package io.sparksweep.sweepfile;

import io.sparksweep.space.EarlyStopping;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.trial.Metrics;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads and checks the {@code early_stopping:} block against the rest of the sweep. */
final class EarlyStoppingReader {

    private static final Set<String> KEYS = Set.of("rule", "reduction_factor", "min_epochs", "metric");
    static final Set<String> METRICS = Set.of(
            EarlyStopping.AUTO,
            Metrics.TEST_ACCURACY,
            Metrics.VALIDATION_ACCURACY,
            Metrics.VALIDATION_LOSS,
            "test_loss",
            Metrics.TEST_RMSE,
            Metrics.VALIDATION_RMSE,
            Metrics.RECONSTRUCTION_LOSS,
            Metrics.RECONSTRUCTION_LOSS_NOISY,
            Metrics.VALIDATION_RECONSTRUCTION_LOSS);

    private final KeyLineIndex lines;
    private final ScalarReader scalars;

    EarlyStoppingReader(KeyLineIndex lines, ScalarReader scalars) {
        this.lines = lines;
        this.scalars = scalars;
    }

    /** The block, or null when the sweep has none. */
    EarlyStopping read(JsonNode root, Map<ParameterKey, Object> fixed, List<ParamSpec> search) {
        JsonNode node = root.get("early_stopping");
        if (node == null || node.isNull()) {
            return null;
        }
        scalars.block(
                node,
                "early_stopping",
                "{rule: asha | median, reduction_factor: ..., min_epochs: ..., metric: ...}",
                KEYS);
        String ruleText = node.has("rule") ? scalars.text(node.get("rule"), "early_stopping.rule") : "asha";
        EarlyStopping.Rule rule = switch (ruleText) {
            case "asha" -> EarlyStopping.Rule.ASHA;
            case "median" -> EarlyStopping.Rule.MEDIAN;
            default -> throw lines.fault("early_stopping.rule", "must be asha or median (got '" + ruleText + "')");
        };
        int eta = node.has("reduction_factor")
                ? scalars.integer(node.get("reduction_factor"), "early_stopping.reduction_factor")
                : 3;
        if (eta < 2) {
            throw lines.fault("early_stopping.reduction_factor", "must be >= 2 (got " + eta + ")");
        }
        int minEpochs =
                node.has("min_epochs") ? scalars.integer(node.get("min_epochs"), "early_stopping.min_epochs") : 1;
        if (minEpochs < 1) {
            throw lines.fault("early_stopping.min_epochs", "must be >= 1 (got " + minEpochs + ")");
        }
        String metric =
                node.has("metric") ? scalars.text(node.get("metric"), "early_stopping.metric") : EarlyStopping.AUTO;
        if (!METRICS.contains(metric)) {
            throw lines.fault(
                    "early_stopping.metric",
                    "must be one of " + String.join(", ", new TreeSet<>(METRICS)) + " (got '" + metric + "')");
        }
        if (search.stream().anyMatch(s -> s.parameter() == Hyperparameter.EPOCHS)) {
            throw lines.fault(
                    "early_stopping",
                    "needs one number of epochs for every configuration; fix epochs instead of searching it");
        }
        int epochs =
                ((Number) fixed.getOrDefault(Hyperparameter.EPOCHS, Hyperparameter.EPOCHS.defaultValue())).intValue();
        if (minEpochs >= epochs) {
            throw lines.fault(
                    "early_stopping.min_epochs",
                    "must be below epochs (" + epochs + "), or no configuration is ever judged (got " + minEpochs
                            + ")");
        }
        return new EarlyStopping(rule, eta, minEpochs, metric);
    }
}
