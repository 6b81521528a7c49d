package io.sparksweep.sweepfile;

import io.sparksweep.space.TpeSettings;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** Reads the optional {@code tpe: {startup:, candidates:, constant_liar:}} block; absent keys keep Optuna's defaults. */
final class TpeBlockReader {

    private static final Set<String> KEYS = Set.of("startup", "candidates", "constant_liar");

    private final KeyLineIndex lines;
    private final ScalarReader scalars;

    TpeBlockReader(KeyLineIndex lines, ScalarReader scalars) {
        this.lines = lines;
        this.scalars = scalars;
    }

    TpeSettings read(JsonNode node) {
        TpeSettings d = TpeSettings.DEFAULTS;
        if (node == null || node.isNull()) {
            return d;
        }
        scalars.block(node, "tpe", "{startup: ..., candidates: ..., constant_liar: ...}", KEYS);
        int startup = atLeastOne(node, "startup", d.startup());
        int candidates = atLeastOne(node, "candidates", d.candidates());
        boolean liar = d.constantLiar();
        if (node.has("constant_liar")) {
            JsonNode b = node.get("constant_liar");
            if (!b.isBoolean()) {
                throw lines.fault("tpe.constant_liar", "must be true or false (got " + ScalarReader.describe(b) + ")");
            }
            liar = b.booleanValue();
        }
        return new TpeSettings(startup, candidates, liar);
    }

    private int atLeastOne(JsonNode node, String name, int dflt) {
        if (!node.has(name)) {
            return dflt;
        }
        String key = "tpe." + name;
        int v = scalars.integer(node.get(name), key);
        if (v < 1) {
            throw lines.fault(key, "must be >= 1 (got " + v + ")");
        }
        return v;
    }
}
