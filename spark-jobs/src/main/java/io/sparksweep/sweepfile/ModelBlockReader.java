package io.sparksweep.sweepfile;

import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ModelSpec;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;

/**
 * Reads {@code model: {class: com.example.MyModel}}: the user's network a sweep trains instead of
 * sparksweep's own. The class is resolved through the injected {@link ModelResolver}; its refusal is
 * the fault at {@code model.class}.
 */
final class ModelBlockReader {

    private final KeyLineIndex lines;
    private final ScalarReader scalars;
    private final ModelResolver resolver;

    ModelBlockReader(KeyLineIndex lines, ScalarReader scalars, ModelResolver resolver) {
        this.lines = lines;
        this.scalars = scalars;
        this.resolver = resolver;
    }

    /** The model's declaration, or null when the file has no {@code model:} block. */
    ModelSpec read(JsonNode root) {
        JsonNode node = root.get("model");
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw lines.fault(
                    "model",
                    "must be a mapping {class: <your SweepModel class>} (got a " + ScalarReader.kind(node) + ")");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("class")) {
                throw lines.fault("model." + k, "unknown key; expected class");
            }
        }
        if (!node.has("class") || node.get("class").isNull()) {
            throw lines.fault("model", "needs class: <your SweepModel class>");
        }
        String className = scalars.text(node.get("class"), "model.class");
        ModelSpec spec;
        try {
            spec = resolver.resolve(className);
        } catch (ModelResolver.Refusal e) {
            throw lines.fault("model.class", e.getMessage());
        }
        if (spec.parameters().stream().map(p -> p.key()).distinct().count()
                != spec.parameters().size()) {
            // the resolver checks declarations; a duplicate here would make a key ambiguous
            throw lines.fault("model.class", className + " declares a parameter twice");
        }
        return spec;
    }
}
