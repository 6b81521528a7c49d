package io.sparksweep.sweepfile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sweep-file text parsed as YAML: the tree of nodes and the line of every key. Nothing about
 * sweeps is checked here, only the syntax; a syntax error becomes a {@link SweepFileException}.
 *
 * @param root  the document, or a missing or null node when the file is empty
 * @param lines where each key is, for error messages
 */
record SweepYaml(JsonNode root, KeyLineIndex lines) {

    // a key given twice is almost surely a mistake; YAML parsers keep the last one silently by default
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new YAMLMapper(YAML);

    /** SnakeYAML's marks: "in 'reader', line 4, column 1:". */
    private static final Pattern WHERE = Pattern.compile("line (\\d+), column \\d+");

    /** Parses the text; {@code file} names it in error messages. */
    static SweepYaml parse(String text, String file) {
        try {
            JsonNode root = MAPPER.readTree(text);
            try (JsonParser p = YAML.createParser(text)) {
                return new SweepYaml(root, KeyLineIndex.read(p, file));
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String original = e.getOriginalMessage();
            // SnakeYAML says what it was doing, then what it found, then where: keep both, and the found place
            List<String> said = original.lines()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("in '") && !l.startsWith("^"))
                    .limit(2)
                    .toList();
            String msg = said.isEmpty() ? "invalid YAML" : String.join(": ", said);
            if (original.contains("(TAB)")) {
                msg = "a tab character, which YAML does not allow for indentation (indent with spaces)";
            }
            int line = loc == null ? 0 : loc.getLineNr();
            Matcher where = WHERE.matcher(original);
            while (where.find()) {
                line = Integer.parseInt(where.group(1)); // the last mark: where the offending character is
            }
            throw new SweepFileException(file, line, null, "invalid YAML: " + msg);
        } catch (IOException e) {
            throw new SweepFileException(file, 0, null, "cannot read: " + e.getMessage());
        }
    }
}
