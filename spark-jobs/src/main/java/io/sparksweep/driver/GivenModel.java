package io.sparksweep.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The sweep-file text of a sweep whose model was given in code ({@code api.Sweeps.model}): a file
 * without {@code model:} gets the model's name as its last line, so that the stored sweep.yaml, the
 * sweep's hash and its config ids name the model as a file naming it would. A file that names a
 * model is left as it is; the resolver refuses one that names another.
 */
final class GivenModel {

    private static final YAMLMapper YAML = new YAMLMapper();

    private GivenModel() {}

    /** The text, with {@code model: {class: "<name>"}} appended when it has no {@code model:} key. */
    static String named(String sweepText, String name) {
        JsonNode root;
        try {
            root = YAML.readTree(sweepText);
        } catch (JsonProcessingException e) {
            return sweepText; // the sweep-file loader reports it, with its line
        }
        if (root != null && root.isObject() && root.has("model")) {
            return sweepText;
        }
        // appended, not inserted: every line of the file keeps its number in messages
        String sep = sweepText.isEmpty() || sweepText.endsWith("\n") ? "" : "\n";
        return sweepText + sep + "model: {class: \"" + name + "\"}\n";
    }
}
