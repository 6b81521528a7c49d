package io.sparksweep.sweepfile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of every key and list element of a sweep file, by dotted path ("search.l2.min",
 * "search.width.values[1]"). Jackson's tree forgets where a node came from, so the lines are read
 * in a separate pass; with them every fault is reported as {@code file:line: key: problem}.
 */
final class KeyLineIndex {

    private final String file;
    private final Map<String, Integer> lines;

    private KeyLineIndex(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Indexes the document the parser is positioned before (nothing, for an empty document). */
    static KeyLineIndex read(JsonParser parser, String file) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        if (parser.nextToken() != null) {
            index(parser, "", lines);
        }
        return new KeyLineIndex(file, lines);
    }

    private static void index(JsonParser p, String path, Map<String, Integer> out) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? p.currentName() : path + "." + p.currentName();
                out.putIfAbsent(child, p.currentTokenLocation().getLineNr());
                p.nextToken();
                index(p, child, out);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String child = path + "[" + i++ + "]";
                out.putIfAbsent(child, p.currentTokenLocation().getLineNr());
                index(p, child, out);
            }
        }
    }

    String file() {
        return file;
    }

    /** 1-based line of the key, or 0 when it is not in the file (a missing key, the whole file). */
    int lineOf(String key) {
        return key == null ? 0 : lines.getOrDefault(key, 0);
    }

    /** The error for a problem at a key; {@code key} null means the file as a whole. */
    SweepFileException fault(String key, String problem) {
        return new SweepFileException(file, lineOf(key), key, problem);
    }
}
