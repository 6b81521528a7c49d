package io.sparksweep.sweepfile;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.SearchMethod;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads one entry of {@code search:} — {@code {values: [...]}} or
 * {@code {distribution: ..., min: ..., max: ...}} — and checks it fits the hyperparameter and the
 * search method.
 */
final class SearchSpecReader {

    private static final Set<String> SPEC_KEYS = Set.of("values", "distribution", "min", "max");

    private final KeyLineIndex lines;
    private final ScalarReader scalars;
    private final HyperparameterValueReader values;

    SearchSpecReader(KeyLineIndex lines, ScalarReader scalars, HyperparameterValueReader values) {
        this.lines = lines;
        this.scalars = scalars;
        this.values = values;
    }

    ParamSpec read(ParameterKey h, JsonNode node, String key, SearchMethod method) {
        if (!node.isObject()) {
            throw lines.fault(
                    key,
                    "must be {values: [...]} or {distribution: ..., min: ..., max: ...} (got a "
                            + ScalarReader.kind(node) + ")");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!SPEC_KEYS.contains(k)) {
                throw lines.fault(key + "." + k, "unknown key; expected values, or distribution with min and max");
            }
        }
        if (node.has("values")) {
            if (node.has("distribution") || node.has("min") || node.has("max")) {
                throw lines.fault(key, "give either values or distribution/min/max, not both");
            }
            return valueList(h, node.get("values"), key);
        }
        if (!node.has("distribution")) {
            throw lines.fault(
                    key, "needs values: [...] or distribution: uniform | log_uniform | int_uniform with min and max");
        }
        return range(h, node, key, method);
    }

    private ParamSpec.Values valueList(ParameterKey h, JsonNode list, String key) {
        if (!list.isArray() || list.isEmpty()) {
            throw lines.fault(key + ".values", "must be a non-empty list");
        }
        List<Object> result = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String vKey = key + ".values[" + i + "]";
            Object v = values.read(h, list.get(i), vKey);
            if (!seen.add(v)) {
                throw lines.fault(vKey, "value " + v + " is listed twice");
            }
            result.add(v);
        }
        return new ParamSpec.Values(h, result);
    }

    private ParamSpec.Range range(ParameterKey h, JsonNode node, String key, SearchMethod method) {
        String dText = scalars.text(node.get("distribution"), key + ".distribution");
        ParamSpec.Distribution d = ParamSpec.Distribution.byKey(dText);
        if (d == null) {
            throw lines.fault(
                    key + ".distribution", "must be uniform, log_uniform or int_uniform (got '" + dText + "')");
        }
        if (method == SearchMethod.GRID) {
            throw lines.fault(
                    key,
                    "grid search needs values: a " + d.key()
                            + " distribution cannot be enumerated; list the values or use method: random");
        }
        if (h.kind() == Hyperparameter.Kind.CHOICE) {
            throw lines.fault(
                    key + ".distribution",
                    h.key() + " takes values only (one of " + String.join(", ", h.choices()) + ")");
        }
        if (h.kind() == Hyperparameter.Kind.LAYERS || h.kind() == Hyperparameter.Kind.TEXT) {
            throw lines.fault(key + ".distribution", h.key() + " takes values only (a list of layouts)");
        }
        if (d == ParamSpec.Distribution.INT_UNIFORM && h.kind() != Hyperparameter.Kind.INT) {
            throw lines.fault(
                    key + ".distribution",
                    "int_uniform is for integer hyperparameters; " + h.key() + " is real: use uniform or log_uniform");
        }
        if (d == ParamSpec.Distribution.UNIFORM && h.kind() == Hyperparameter.Kind.INT) {
            throw lines.fault(key + ".distribution", h.key() + " is an integer: use int_uniform or log_uniform");
        }
        for (String bound : List.of("min", "max")) {
            if (!node.has(bound)) {
                throw lines.fault(key, d.key() + " needs " + bound + ":");
            }
        }
        double min = ((Number) values.read(h, node.get("min"), key + ".min")).doubleValue();
        double max = ((Number) values.read(h, node.get("max"), key + ".max")).doubleValue();
        if (min > max) {
            throw lines.fault(
                    key + ".min",
                    "min " + node.get("min").asText() + " is greater than max "
                            + node.get("max").asText());
        }
        if (d == ParamSpec.Distribution.LOG_UNIFORM && min <= 0) {
            throw lines.fault(
                    key + ".min",
                    "log_uniform needs min > 0 (got " + node.get("min").asText() + ")");
        }
        return new ParamSpec.Range(h, d, min, max);
    }
}
