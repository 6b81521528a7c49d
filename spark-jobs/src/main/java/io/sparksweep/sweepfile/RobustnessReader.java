package io.sparksweep.sweepfile;

import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.NoiseType;
import io.sparksweep.space.Robustness;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads and checks the {@code robustness:} block: {@code {noise: salt_and_pepper | gaussian, levels: [...] or "0:1:21"}}. */
final class RobustnessReader {

    private static final Set<String> KEYS = Set.of("noise", "levels");

    private final KeyLineIndex lines;
    private final ScalarReader scalars;

    RobustnessReader(KeyLineIndex lines, ScalarReader scalars) {
        this.lines = lines;
        this.scalars = scalars;
    }

    /** The block, or null when the sweep has none. */
    Robustness read(JsonNode root, DatasetSpec dataset) {
        JsonNode node = root.get("robustness");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw lines.fault(
                    "robustness",
                    "must be a mapping {noise: salt_and_pepper | gaussian, levels: [...]} (got "
                            + ScalarReader.describe(node) + ")");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw lines.fault(
                        "robustness." + k, "unknown key; expected one of " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        if (dataset.isTable()) {
            throw lines.fault(
                    "robustness", "corrupts images; a table dataset has none (use mnist, fashion-mnist or idx:)");
        }
        if (!node.has("noise") || node.get("noise").isNull()) {
            throw lines.fault("robustness", "needs noise: salt_and_pepper or gaussian");
        }
        String noiseText = scalars.text(node.get("noise"), "robustness.noise");
        NoiseType noise;
        try {
            noise = NoiseType.byKey(noiseText);
        } catch (IllegalArgumentException e) {
            throw lines.fault("robustness.noise", "must be salt_and_pepper or gaussian (got '" + noiseText + "')");
        }
        if (!node.has("levels") || node.get("levels").isNull()) {
            throw lines.fault(
                    "robustness",
                    "needs levels: a list such as [0.0, 0.1, 0.5] or \"start:stop:count\" such as \"0:1:21\"");
        }
        JsonNode levelsNode = node.get("levels");
        List<Double> levels = new ArrayList<>();
        if (levelsNode.isArray()) {
            for (int i = 0; i < levelsNode.size(); i++) {
                levels.add(scalars.real(levelsNode.get(i), "robustness.levels[" + i + "]"));
            }
        } else if (levelsNode.isTextual()) {
            try {
                levels.addAll(Robustness.parseLevels(levelsNode.textValue()));
            } catch (IllegalArgumentException e) {
                throw lines.fault("robustness.levels", e.getMessage());
            }
        } else {
            throw lines.fault(
                    "robustness.levels",
                    "must be a list of numbers or \"start:stop:count\" (got " + ScalarReader.describe(levelsNode)
                            + ")");
        }
        String problem = Robustness.problem(noise, levels);
        if (problem != null) {
            throw lines.fault("robustness.levels", problem);
        }
        return new Robustness(noise, levels);
    }
}
