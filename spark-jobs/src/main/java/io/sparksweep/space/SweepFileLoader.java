package io.sparksweep.space;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sparksweep.util.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a sweep file (YAML) and validates all of it. The first fault found is thrown as a
 * {@link SweepFileException} naming the file, the line and the key.
 */
public final class SweepFileLoader {

    /** Planning more trials than this is almost surely a mistake in the file. */
    public static final long MAX_TRIALS = 100_000;

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("name", "description", "dataset", "method", "samples", "repeats", "seed", "fixed", "search");
    private static final Set<String> SPEC_KEYS = Set.of("values", "distribution", "min", "max");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper MAPPER = new YAMLMapper(YAML);
    private static final ObjectMapper CANONICAL_JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final String file;
    private final Map<String, Integer> lines;

    private SweepFileLoader(String file, Map<String, Integer> lines) {
        this.file = file;
        this.lines = lines;
    }

    public static SweepDefinition load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SweepFileException(path.toString(), 0, null, "no such file");
        } catch (IOException e) {
            throw new SweepFileException(path.toString(), 0, null, "cannot read: " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    /** Parses sweep-file text; {@code file} names it in error messages. */
    public static SweepDefinition parse(String text, String file) {
        JsonNode root;
        Map<String, Integer> lines = new HashMap<>();
        try {
            root = MAPPER.readTree(text);
            try (JsonParser p = YAML.createParser(text)) {
                if (p.nextToken() != null) {
                    indexLines(p, "", lines);
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("invalid YAML").trim();
            throw new SweepFileException(file, loc == null ? 0 : loc.getLineNr(), null, "invalid YAML: " + msg);
        } catch (IOException e) {
            throw new SweepFileException(file, 0, null, "cannot read: " + e.getMessage());
        }
        return new SweepFileLoader(file, lines).validate(root);
    }

    /** Records the line of every key and list element, by dotted path ("search.l2.min", "search.width.values[1]"). */
    private static void indexLines(JsonParser p, String path, Map<String, Integer> out) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? p.currentName() : path + "." + p.currentName();
                out.putIfAbsent(child, p.currentTokenLocation().getLineNr());
                p.nextToken();
                indexLines(p, child, out);
            }
        } else if (t == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String child = path + "[" + i++ + "]";
                out.putIfAbsent(child, p.currentTokenLocation().getLineNr());
                indexLines(p, child, out);
            }
        }
    }

    private SweepFileException fault(String key, String problem) {
        return new SweepFileException(file, lines.getOrDefault(key, 0), key, problem);
    }

    private SweepDefinition validate(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw fault(null, "the file is empty; a sweep needs at least name: and dataset:");
        }
        if (!root.isObject()) {
            throw fault(null, "must be a mapping of keys (name:, dataset:, search:, ...), not a " + kind(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL_KEYS.contains(key)) {
                throw fault(key, "unknown key; expected one of " + String.join(", ", new java.util.TreeSet<>(TOP_LEVEL_KEYS)));
            }
        }

        String name = requiredText(root, "name");
        if (!NAME.matcher(name).matches()) {
            throw fault("name", "must be a folder name of letters, digits, '.', '_' or '-' (got '" + name + "')");
        }
        String description = root.has("description") ? text(root.get("description"), "description") : "";

        String datasetText = requiredText(root, "dataset");
        DatasetSpec dataset = DatasetSpec.parse(datasetText);
        if (dataset == null) {
            throw fault("dataset", "must be mnist, fashion-mnist or idx:<directory or URI> (got '" + datasetText + "')");
        }

        SearchMethod method = SearchMethod.GRID;
        if (root.has("method")) {
            String m = text(root.get("method"), "method");
            method = switch (m) {
                case "grid" -> SearchMethod.GRID;
                case "random" -> SearchMethod.RANDOM;
                default -> throw fault("method", "must be grid or random (got '" + m + "')");
            };
        }

        int samples = 0;
        if (method == SearchMethod.RANDOM) {
            if (!root.has("samples")) {
                throw fault("method", "random search needs samples: (the number of configurations to draw)");
            }
            samples = intValue(root.get("samples"), "samples");
            if (samples < 1) {
                throw fault("samples", "must be >= 1 (got " + samples + ")");
            }
        } else if (root.has("samples")) {
            throw fault("samples", "only applies to method: random (this sweep is a grid)");
        }

        int repeats = root.has("repeats") ? intValue(root.get("repeats"), "repeats") : 1;
        if (repeats < 1) {
            throw fault("repeats", "must be >= 1 (got " + repeats + ")");
        }
        long seed = root.has("seed") ? longValue(root.get("seed"), "seed") : 0L;

        Map<Hyperparameter, Object> fixed = new LinkedHashMap<>();
        JsonNode fixedNode = root.get("fixed");
        if (fixedNode != null && !fixedNode.isNull()) {
            if (!fixedNode.isObject()) {
                throw fault("fixed", "must be a mapping of hyperparameter: value (got a " + kind(fixedNode) + ")");
            }
            fixedNode.fields().forEachRemaining(e -> {
                String key = "fixed." + e.getKey();
                Hyperparameter h = hyperparameter(e.getKey(), key);
                fixed.put(h, scalar(h, e.getValue(), key));
            });
        }

        List<ParamSpec> search = new ArrayList<>();
        JsonNode searchNode = root.get("search");
        if (searchNode != null && !searchNode.isNull()) {
            if (!searchNode.isObject()) {
                throw fault("search", "must be a mapping of hyperparameter: {values: [...]} or {distribution: ..., min: ..., max: ...} (got a " + kind(searchNode) + ")");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = searchNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "search." + e.getKey();
                Hyperparameter h = hyperparameter(e.getKey(), key);
                if (fixed.containsKey(h)) {
                    throw fault(key, "is both fixed and searched; keep it in one place");
                }
                search.add(spec(h, e.getValue(), key, method));
            }
        }

        long configurations = method == SearchMethod.RANDOM ? samples : gridSize(search);
        if (configurations * repeats > MAX_TRIALS) {
            throw fault(method == SearchMethod.RANDOM ? "samples" : "search",
                    "plans " + configurations * repeats + " trials; more than " + MAX_TRIALS + " is refused");
        }

        return new SweepDefinition(name, description, dataset, method, samples, repeats, seed, fixed, search, file,
                canonicalHash(name, dataset, method, samples, repeats, seed, fixed, search));
    }

    private static long gridSize(List<ParamSpec> search) {
        long n = 1;
        for (ParamSpec s : search) {
            n *= ((ParamSpec.Values) s).values().size();
            if (n > MAX_TRIALS) {
                return n;
            }
        }
        return n;
    }

    private Hyperparameter hyperparameter(String name, String key) {
        return Hyperparameter.byKey(name).orElseThrow(() ->
                fault(key, "unknown hyperparameter; known: " + Hyperparameter.knownKeys()));
    }

    private ParamSpec spec(Hyperparameter h, JsonNode node, String key, SearchMethod method) {
        if (!node.isObject()) {
            throw fault(key, "must be {values: [...]} or {distribution: ..., min: ..., max: ...} (got a " + kind(node) + ")");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!SPEC_KEYS.contains(k)) {
                throw fault(key + "." + k, "unknown key; expected values, or distribution with min and max");
            }
        }
        if (node.has("values")) {
            if (node.has("distribution") || node.has("min") || node.has("max")) {
                throw fault(key, "give either values or distribution/min/max, not both");
            }
            JsonNode list = node.get("values");
            if (!list.isArray() || list.isEmpty()) {
                throw fault(key + ".values", "must be a non-empty list");
            }
            List<Object> values = new ArrayList<>();
            Set<Object> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String vKey = key + ".values[" + i + "]";
                Object v = scalar(h, list.get(i), vKey);
                if (!seen.add(v)) {
                    throw fault(vKey, "value " + v + " is listed twice");
                }
                values.add(v);
            }
            return new ParamSpec.Values(h, values);
        }
        if (!node.has("distribution")) {
            throw fault(key, "needs values: [...] or distribution: uniform | log_uniform | int_uniform with min and max");
        }
        String dText = text(node.get("distribution"), key + ".distribution");
        ParamSpec.Distribution d = ParamSpec.Distribution.byKey(dText);
        if (d == null) {
            throw fault(key + ".distribution", "must be uniform, log_uniform or int_uniform (got '" + dText + "')");
        }
        if (method == SearchMethod.GRID) {
            throw fault(key, "grid search needs values: a " + d.key()
                    + " distribution cannot be enumerated; list the values or use method: random");
        }
        if (h.kind() == Hyperparameter.Kind.CHOICE) {
            throw fault(key + ".distribution", h.key() + " takes values only (one of " + String.join(", ", h.choices()) + ")");
        }
        if (h.kind() == Hyperparameter.Kind.LAYERS || h.kind() == Hyperparameter.Kind.TEXT) {
            throw fault(key + ".distribution", h.key() + " takes values only (a list of layouts)");
        }
        if (d == ParamSpec.Distribution.INT_UNIFORM && h.kind() != Hyperparameter.Kind.INT) {
            throw fault(key + ".distribution", "int_uniform is for integer hyperparameters; " + h.key() + " is real: use uniform or log_uniform");
        }
        if (d == ParamSpec.Distribution.UNIFORM && h.kind() == Hyperparameter.Kind.INT) {
            throw fault(key + ".distribution", h.key() + " is an integer: use int_uniform or log_uniform");
        }
        for (String bound : List.of("min", "max")) {
            if (!node.has(bound)) {
                throw fault(key, d.key() + " needs " + bound + ":");
            }
        }
        double min = ((Number) scalar(h, node.get("min"), key + ".min")).doubleValue();
        double max = ((Number) scalar(h, node.get("max"), key + ".max")).doubleValue();
        if (min > max) {
            throw fault(key + ".min", "min " + node.get("min").asText() + " is greater than max " + node.get("max").asText());
        }
        if (d == ParamSpec.Distribution.LOG_UNIFORM && min <= 0) {
            throw fault(key + ".min", "log_uniform needs min > 0 (got " + node.get("min").asText() + ")");
        }
        return new ParamSpec.Range(h, d, min, max);
    }

    /** Converts one YAML scalar to the hyperparameter's Java type (Double, Integer or String) and checks its range. */
    private Object scalar(Hyperparameter h, JsonNode node, String key) {
        Object value = switch (h.kind()) {
            case REAL -> realValue(node, key);
            case INT -> intValue(node, key);
            case CHOICE -> node.isBoolean() ? String.valueOf(node.booleanValue()) : text(node, key);
            case LAYERS -> hiddenLayers(node, key);
            case TEXT -> text(node, key);
        };
        String problem = h.problemWith(value);
        if (problem != null) {
            throw fault(key, problem);
        }
        return value;
    }

    /** hidden_layers as its canonical string: a count, or a list of widths ("5x200" expanded). */
    private String hiddenLayers(JsonNode node, String key) {
        if (node.isArray()) {
            int[] widths = new int[node.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = intValue(node.get(i), key + "[" + i + "]");
            }
            return Layers.list(widths);
        }
        if (node.isTextual()) {
            String list = Layers.repeatForm(node.textValue());
            if (list == null) {
                throw fault(key, "must be a count, a list of widths like [125, 100, 50], or \"5x200\" (got " + describe(node) + ")");
            }
            return list;
        }
        return String.valueOf(intValue(node, key));
    }

    private double realValue(JsonNode node, String key) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            // YAML 1.1 reads 1e-3 (no dot, unsigned exponent) as text; accept it as the number it means
            try {
                return Double.parseDouble(node.textValue().trim());
            } catch (NumberFormatException ignored) {
                // fall through to the error below
            }
        }
        throw fault(key, "must be a number (got " + describe(node) + ")");
    }

    private int intValue(JsonNode node, String key) {
        long v = longValue(node, key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw fault(key, "is out of range (got " + v + ")");
        }
        return (int) v;
    }

    private long longValue(JsonNode node, String key) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())
                && Math.abs(node.doubleValue()) < 9e15) {
            return (long) node.doubleValue();
        }
        throw fault(key, "must be an integer (got " + describe(node) + ")");
    }

    private String requiredText(JsonNode root, String key) {
        if (!root.has(key) || root.get(key).isNull()) {
            throw fault(null, "missing required key '" + key + "'");
        }
        return text(root.get(key), key);
    }

    private String text(JsonNode node, String key) {
        if (!node.isValueNode() || node.isNull()) {
            throw fault(key, "must be text (got " + describe(node) + ")");
        }
        return node.asText();
    }

    private static String describe(JsonNode node) {
        if (node.isContainerNode()) {
            return "a " + kind(node);
        }
        return node.isTextual() ? "'" + node.textValue() + "'" : node.asText();
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "list" : node.isObject() ? "mapping" : "scalar";
    }

    private static String canonicalHash(String name, DatasetSpec dataset, SearchMethod method, int samples, int repeats,
                                        long seed, Map<Hyperparameter, Object> fixed, List<ParamSpec> search) {
        Map<String, Object> canon = new TreeMap<>();
        canon.put("name", name);
        canon.put("dataset", dataset.toString());
        canon.put("method", method.name());
        canon.put("samples", samples);
        canon.put("repeats", repeats);
        canon.put("seed", seed);
        Map<String, Object> f = new TreeMap<>();
        fixed.forEach((h, v) -> f.put(h.key(), v));
        canon.put("fixed", f);
        // search order matters for random draws, so it is kept as listed
        List<Object> s = new ArrayList<>();
        for (ParamSpec spec : search) {
            if (spec instanceof ParamSpec.Values v) {
                s.add(Map.of("name", v.parameter().key(), "values", v.values()));
            } else if (spec instanceof ParamSpec.Range r) {
                s.add(Map.of("name", r.parameter().key(), "distribution", r.distribution().key(),
                        "min", r.min(), "max", r.max()));
            }
        }
        canon.put("search", s);
        try {
            return Sha256.hex(CANONICAL_JSON.writeValueAsString(canon));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
