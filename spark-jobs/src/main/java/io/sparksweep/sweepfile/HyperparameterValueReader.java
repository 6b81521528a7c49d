package io.sparksweep.sweepfile;

import io.sparksweep.space.Layers;
import io.sparksweep.space.ParameterKey;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Converts one YAML value of a hyperparameter to its Java type — Double (REAL), Integer (INT) or
 * String (CHOICE, LAYERS, TEXT) — and checks it is admissible, or throws the fault at its key.
 */
final class HyperparameterValueReader {

    private final KeyLineIndex lines;
    private final ScalarReader scalars;

    HyperparameterValueReader(KeyLineIndex lines, ScalarReader scalars) {
        this.lines = lines;
        this.scalars = scalars;
    }

    Object read(ParameterKey h, JsonNode node, String key) {
        Object value = switch (h.kind()) {
            case REAL -> scalars.real(node, key);
            case INT -> scalars.integer(node, key);
            // YAML reads an unquoted true/false as a boolean; normalize_input means the word
            case CHOICE -> node.isBoolean() ? String.valueOf(node.booleanValue()) : scalars.text(node, key);
            case LAYERS -> hiddenLayers(node, key);
            case TEXT -> scalars.text(node, key);
        };
        String problem = h.problemWith(value);
        if (problem != null) {
            throw lines.fault(key, problem);
        }
        return value;
    }

    /**
     * hidden_layers as its canonical string: a count, a list of widths (layouts of plain widths
     * such as "5x200" expanded into one), or a normalised layout ("d0.2 1000 3x200 50:sigmoid").
     */
    private String hiddenLayers(JsonNode node, String key) {
        if (node.isArray()) {
            int[] widths = new int[node.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = scalars.integer(node.get(i), key + "[" + i + "]");
            }
            return Layers.list(widths);
        }
        if (node.isTextual()) {
            try {
                return Layers.canonicalLayout(node.textValue());
            } catch (IllegalArgumentException e) {
                throw lines.fault(
                        key, e.getMessage() + " (in \"" + node.textValue().trim() + "\")");
            }
        }
        return String.valueOf(scalars.integer(node, key));
    }
}
