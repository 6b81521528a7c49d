package io.sparksweep.sweepfile;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one YAML scalar as text, an integer or a real number, or throws the fault at its key.
 * Shared by the top-level settings (samples, repeats, seed) and the hyperparameter values.
 */
final class ScalarReader {

    private final KeyLineIndex lines;

    ScalarReader(KeyLineIndex lines) {
        this.lines = lines;
    }

    String text(JsonNode node, String key) {
        if (!node.isValueNode() || node.isNull()) {
            throw lines.fault(key, "must be text (got " + describe(node) + ")");
        }
        return node.asText();
    }

    /** The text of a top-level key that every sweep file must have. */
    String requiredText(JsonNode root, String key) {
        if (!root.has(key) || root.get(key).isNull()) {
            throw lines.fault(null, "missing required key '" + key + "'");
        }
        return text(root.get(key), key);
    }

    double real(JsonNode node, String key) {
        double value = numberOrNaN(node);
        if (Double.isNaN(value)) {
            throw lines.fault(key, "must be a number (got " + describe(node) + ")");
        }
        return value;
    }

    /** The number a node holds, or NaN when it holds none (a NaN in the file is refused anyway). */
    static double numberOrNaN(JsonNode node) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            // YAML 1.1 reads 1e-3 (no dot, unsigned exponent) as text; take it as the number it means
            try {
                return Double.parseDouble(node.textValue().trim());
            } catch (NumberFormatException ignored) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    int integer(JsonNode node, String key) {
        long v = longInteger(node, key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw lines.fault(key, "is out of range (got " + v + ")");
        }
        return (int) v;
    }

    /** A whole number; 2.0 counts as 2, since YAML writers often print integers that way. */
    long longInteger(JsonNode node, String key) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber()
                && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) < 9e15) {
            return (long) node.doubleValue();
        }
        throw lines.fault(key, "must be an integer (got " + describe(node) + ")");
    }

    /**
     * Checks that a block is a mapping whose keys are all known: {@code key: must be a mapping <shape>}
     * or {@code key.k: unknown key; expected ...} otherwise.
     */
    void block(JsonNode node, String key, String shape, Set<String> known) {
        if (!node.isObject()) {
            throw lines.fault(key, "must be a mapping " + shape + " (got " + describe(node) + ")");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw lines.fault(
                        key + "." + k, "unknown key; expected one of " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** How a node reads in an error message: 'text', a number, or "a list" / "a mapping". */
    static String describe(JsonNode node) {
        if (node.isContainerNode()) {
            return "a " + kind(node);
        }
        return node.isTextual() ? "'" + node.textValue() + "'" : node.asText();
    }

    static String kind(JsonNode node) {
        return node.isArray() ? "list" : node.isObject() ? "mapping" : "scalar";
    }
}
