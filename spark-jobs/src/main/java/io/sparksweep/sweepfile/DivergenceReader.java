package io.sparksweep.sweepfile;

import io.sparksweep.space.Divergence;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the top-level {@code divergence:} key: a factor above 1, or {@code off}. YAML 1.1 reads an
 * unquoted {@code off} (and {@code no}, {@code false}) as the boolean false, so that means off too.
 */
final class DivergenceReader {

    private static final String KEY = "divergence";
    private static final String MEANING = "a trial stops as DIVERGED when a minibatch loss exceeds that many times "
            + "the untrained network's (default 5); off stops it only on a NaN or infinite loss";

    private final KeyLineIndex lines;

    DivergenceReader(KeyLineIndex lines) {
        this.lines = lines;
    }

    /** The setting, {@link Divergence#DEFAULT} when the file has none. */
    Divergence read(JsonNode root) {
        if (!root.has(KEY)) {
            return Divergence.DEFAULT;
        }
        JsonNode node = root.get(KEY);
        if ((node.isBoolean() && !node.booleanValue())
                || (node.isTextual() && node.textValue().trim().equals("off"))) {
            return Divergence.OFF;
        }
        double factor = ScalarReader.numberOrNaN(node);
        if (!Double.isFinite(factor) || factor <= 1) {
            throw lines.fault(
                    KEY, "must be a number above 1 or off (got " + ScalarReader.describe(node) + "): " + MEANING);
        }
        return new Divergence(factor);
    }
}
