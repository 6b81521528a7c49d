package io.sparksweep.sweepfile;

import io.sparksweep.space.Racing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * Reads {@code repeats:}: a plain number is exactly that many repeats of every configuration; a
 * mapping {@code {min:, max:, alpha:, paired:}} is racing ({@link Racing}), whose {@code max} is the sweep's repeats.
 */
final class RepeatsReader {

    private static final Set<String> KEYS = Set.of("min", "max", "alpha", "paired");
    private static final String SHAPE = "{min: 3, max: 12, alpha: 0.05} (racing) or a number";

    private final KeyLineIndex lines;
    private final ScalarReader scalars;

    RepeatsReader(KeyLineIndex lines, ScalarReader scalars) {
        this.lines = lines;
        this.scalars = scalars;
    }

    /** The repeats of every configuration (racing: the most one can get); 1 when absent. */
    int repeats(JsonNode root) {
        Racing racing = racing(root);
        if (racing != null) {
            return racing.max();
        }
        int repeats = root.has("repeats") ? scalars.integer(root.get("repeats"), "repeats") : 1;
        if (repeats < 1) {
            throw lines.fault("repeats", "must be >= 1 (got " + repeats + ")");
        }
        return repeats;
    }

    /** The racing settings, or null for a plain number of repeats. */
    Racing racing(JsonNode root) {
        JsonNode node = root.get("repeats");
        if (node == null || !node.isContainerNode()) {
            return null;
        }
        scalars.block(node, "repeats", SHAPE, KEYS);
        if (!node.has("min") || !node.has("max")) {
            throw lines.fault(
                    "repeats",
                    "racing needs min: and max: (every configuration gets min repeats, the ones tied at the top up to max)");
        }
        int min = scalars.integer(node.get("min"), "repeats.min");
        if (min < 2) {
            throw lines.fault(
                    "repeats.min",
                    "must be >= 2 (got " + min + "): a configuration needs two repeats before a test can eliminate it");
        }
        int max = scalars.integer(node.get("max"), "repeats.max");
        if (max < min) {
            throw lines.fault("repeats.max", "must be >= min " + min + " (got " + max + ")");
        }
        double alpha = Racing.DEFAULT_ALPHA;
        if (node.has("alpha")) {
            alpha = scalars.real(node.get("alpha"), "repeats.alpha");
            if (!(alpha > 0 && alpha <= 0.5)) {
                throw lines.fault(
                        "repeats.alpha",
                        "must be in (0, 0.5] (got " + node.get("alpha").asText()
                                + "): the chance of eliminating a configuration that is as good as the leader (default 0.05)");
            }
        }
        boolean paired = false;
        if (node.has("paired")) {
            JsonNode p = node.get("paired");
            if (!p.isBoolean()) {
                throw lines.fault(
                        "repeats.paired",
                        "must be true or false (got " + ScalarReader.describe(p)
                                + "): true seeds repeat r of every configuration alike and tests them pairwise");
            }
            paired = p.booleanValue();
        }
        return new Racing(min, max, alpha, paired);
    }
}
