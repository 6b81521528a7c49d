package io.sparksweep.sweepfile;

import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.Divergence;
import io.sparksweep.space.EarlyStopping;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.Layers;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ModelSpec;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.NoiseType;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.space.Racing;
import io.sparksweep.space.Robustness;
import io.sparksweep.space.SearchMethod;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.space.TpeSettings;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks the structure of a parsed sweep file — the top-level keys and their values, the
 * {@code fixed:} and {@code search:} blocks, the size of the plan — and builds the
 * {@link SweepDefinition}. The first fault found is thrown.
 */
final class SweepFileValidator {

    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
            "name",
            "description",
            "dataset",
            "method",
            "samples",
            "tpe",
            "repeats",
            "seed",
            "fixed",
            "search",
            "early_stopping",
            "keep_models",
            "robustness",
            "divergence",
            "model");
    // the name becomes the output folder
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final KeyLineIndex lines;
    private final ScalarReader scalars;
    private final HyperparameterValueReader values;
    private final SearchSpecReader specs;
    private final ModelResolver resolver;
    /** The user's network of the file being validated; null for sparksweep's own networks. */
    private ModelSpec model;

    SweepFileValidator(KeyLineIndex lines, ModelResolver resolver) {
        this.lines = lines;
        this.resolver = resolver;
        this.scalars = new ScalarReader(lines);
        this.values = new HyperparameterValueReader(lines, scalars);
        this.specs = new SearchSpecReader(lines, scalars, values);
    }

    SweepDefinition validate(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw lines.fault(null, "the file is empty; a sweep needs at least name: and dataset:");
        }
        if (!root.isObject()) {
            throw lines.fault(
                    null,
                    "must be a mapping of keys (name:, dataset:, search:, ...), not a " + ScalarReader.kind(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL_KEYS.contains(key)) {
                throw lines.fault(
                        key, "unknown key; expected one of " + String.join(", ", new TreeSet<>(TOP_LEVEL_KEYS)));
            }
        }

        String name = scalars.requiredText(root, "name");
        if (!NAME.matcher(name).matches()) {
            throw lines.fault("name", "must be a folder name of letters, digits, '.', '_' or '-' (got '" + name + "')");
        }
        String description = root.has("description") ? scalars.text(root.get("description"), "description") : "";

        model = new ModelBlockReader(lines, scalars, resolver).read(root);
        DatasetSpec dataset = model != null && model.suppliesData() ? noDataset(root) : dataset(root);

        SearchMethod method = method(root);
        int samples = samples(root, method);
        TpeSettings tpe = tpe(root, method);
        RepeatsReader repeatsReader = new RepeatsReader(lines, scalars);
        Racing racing = repeatsReader.racing(root);
        int repeats = repeatsReader.repeats(root);
        long seed = root.has("seed") ? scalars.longInteger(root.get("seed"), "seed") : 0L;

        Map<ParameterKey, Object> fixed = fixed(root.get("fixed"));
        List<ParamSpec> search = search(root.get("search"), fixed, method);
        if (model == null) {
            // rules about sparksweep's own networks; a user sweep cannot name these keys
            refuseSaltAndPepperAboveOne(fixed, search);
            if (dataset.isTable()) {
                refuseConvolutions(fixed, search);
            }
            refuseWhatAnAutoencoderCannotUse(fixed, search, dataset);
        }

        EarlyStopping earlyStopping = new EarlyStoppingReader(lines, scalars).read(root, fixed, search);
        int keepModels = root.has("keep_models") ? scalars.integer(root.get("keep_models"), "keep_models") : 1;
        if (keepModels < 0) {
            throw lines.fault(
                    "keep_models",
                    "must be >= 0: how many of the best configurations keep their final networks (got " + keepModels
                            + ")");
        }

        if (model != null && root.has("robustness")) {
            throw lines.fault("robustness", "is not available for a user's network (model.class) yet");
        }
        Robustness robustness = new RobustnessReader(lines, scalars).read(root, dataset);
        Divergence divergence = new DivergenceReader(lines).read(root);

        long configurations = method == SearchMethod.GRID ? gridSize(search) : samples;
        if (configurations * repeats > SweepFileLoader.MAX_TRIALS) {
            throw lines.fault(
                    method == SearchMethod.GRID ? "search" : "samples",
                    "plans " + configurations * repeats + " trials; more than " + SweepFileLoader.MAX_TRIALS
                            + " is refused");
        }

        return new SweepDefinition(
                name,
                description,
                dataset,
                method,
                samples,
                tpe,
                repeats,
                seed,
                fixed,
                search,
                lines.file(),
                earlyStopping,
                keepModels,
                robustness,
                divergence,
                model,
                racing);
    }

    /** A model that supplies its own data: a dataset: would be ignored, so it is refused. */
    private DatasetSpec noDataset(JsonNode root) {
        if (root.has("dataset")) {
            throw lines.fault(
                    "dataset", model.className() + " supplies its own data; remove dataset: (or the model's data)");
        }
        return null;
    }

    private DatasetSpec dataset(JsonNode root) {
        if (root.has("dataset") && root.get("dataset").isObject()) {
            return new DatasetBlockReader(lines, scalars).read(root.get("dataset"));
        }
        String datasetText = scalars.requiredText(root, "dataset");
        DatasetSpec dataset = DatasetSpec.parse(datasetText);
        if (dataset == null) {
            throw lines.fault(
                    "dataset",
                    "must be mnist, fashion-mnist, idx:<directory or URI>, or a table block "
                            + "{format: csv|parquet, path: ..., label: ...} (got '" + datasetText + "')");
        }
        return dataset;
    }

    /** A table's rows have no spatial layout: only dense networks apply. */
    private void refuseConvolutions(Map<ParameterKey, Object> fixed, List<ParamSpec> search) {
        String cnn = ModelType.CNN.key();
        if (cnn.equals(fixed.get(Hyperparameter.MODEL))) {
            throw lines.fault(
                    "fixed.model", "a table's rows are not images: model: cnn needs an image dataset; use mlp");
        }
        for (ParamSpec s : search) {
            if (s instanceof ParamSpec.Values v
                    && v.parameter() == Hyperparameter.MODEL
                    && v.values().contains(cnn)) {
                throw lines.fault(
                        "search.model", "a table's rows are not images: model: cnn needs an image dataset; use mlp");
            }
        }
    }

    /**
     * model: autoencoder is a dense network reconstructing images scaled to [0, 1] (its binary
     * cross-entropy needs targets there), ranked on reconstruction loss: no convolutional layout, no
     * table, no raw pixels, at least one hidden layer (its code), and not in one sweep with classifiers.
     */
    private void refuseWhatAnAutoencoderCannotUse(
            Map<ParameterKey, Object> fixed, List<ParamSpec> search, DatasetSpec dataset) {
        String ae = ModelType.AUTOENCODER.key();
        String modelKey = null;
        if (ae.equals(fixed.get(Hyperparameter.MODEL))) {
            modelKey = "fixed.model";
        }
        for (ParamSpec s : search) {
            if (s instanceof ParamSpec.Values v
                    && v.parameter() == Hyperparameter.MODEL
                    && v.values().contains(ae)) {
                if (v.values().size() > 1) {
                    throw lines.fault(
                            "search.model",
                            "model: autoencoder ranks on reconstruction loss, the classifiers on accuracy: "
                                    + "search autoencoders and classifiers in separate sweeps");
                }
                modelKey = "search.model";
            }
        }
        if (modelKey == null) {
            return;
        }
        if (dataset.isTable()) {
            throw lines.fault(
                    modelKey,
                    "a table's rows are not images: model: autoencoder reconstructs images (mnist, fashion-mnist, idx:...)");
        }
        if (fixed.containsKey(Hyperparameter.CONV_LAYERS)) {
            throw lines.fault(
                    "fixed.conv_layers",
                    "model: autoencoder is dense (hidden_layers only); conv_layers applies to model: cnn");
        }
        if ("false".equals(fixed.get(Hyperparameter.NORMALIZE_INPUT))) {
            throw lines.fault(
                    "fixed.normalize_input",
                    "model: autoencoder needs pixels in [0, 1]: its binary cross-entropy targets are the inputs");
        }
        if (fixed.get(Hyperparameter.HIDDEN_LAYERS) instanceof String layers
                && Layers.dense(layers, 1).isEmpty()) {
            throw lines.fault(
                    "fixed.hidden_layers",
                    "model: autoencoder needs at least one hidden layer (its code), e.g. [128, 96, 128]");
        }
        for (ParamSpec s : search) {
            String key = "search." + s.parameter().key();
            if (s.parameter() == Hyperparameter.CONV_LAYERS) {
                throw lines.fault(
                        key, "model: autoencoder is dense (hidden_layers only); conv_layers applies to model: cnn");
            }
            if (s instanceof ParamSpec.Values v) {
                for (int i = 0; i < v.values().size(); i++) {
                    Object value = v.values().get(i);
                    if (s.parameter() == Hyperparameter.NORMALIZE_INPUT && "false".equals(value)) {
                        throw lines.fault(
                                key + ".values[" + i + "]",
                                "model: autoencoder needs pixels in [0, 1]: its binary cross-entropy targets are the inputs");
                    }
                    if (s.parameter() == Hyperparameter.HIDDEN_LAYERS
                            && value instanceof String layers
                            && Layers.dense(layers, 1).isEmpty()) {
                        throw lines.fault(
                                key + ".values[" + i + "]",
                                "model: autoencoder needs at least one hidden layer (its code), e.g. [128, 96, 128]");
                    }
                }
            }
        }
    }

    /** input_noise is a standard deviation for Gaussian noise but a fraction for salt-and-pepper noise. */
    private void refuseSaltAndPepperAboveOne(Map<ParameterKey, Object> fixed, List<ParamSpec> search) {
        String salt = NoiseType.SALT_AND_PEPPER.key();
        boolean possible = salt.equals(fixed.get(Hyperparameter.INPUT_NOISE_TYPE))
                || search.stream()
                        .anyMatch(s -> s instanceof ParamSpec.Values v
                                && v.parameter() == Hyperparameter.INPUT_NOISE_TYPE
                                && v.values().contains(salt));
        if (!possible) {
            return;
        }
        String problem = "a salt-and-pepper level (input_noise_type: salt_and_pepper) must be in [0, 1] (got ";
        if (fixed.get(Hyperparameter.INPUT_NOISE) instanceof Double level && level > 1) {
            throw lines.fault("fixed.input_noise", problem + level + ")");
        }
        for (ParamSpec s : search) {
            if (s.parameter() != Hyperparameter.INPUT_NOISE) {
                continue;
            }
            if (s instanceof ParamSpec.Values v) {
                for (int i = 0; i < v.values().size(); i++) {
                    if (((Number) v.values().get(i)).doubleValue() > 1) {
                        throw lines.fault(
                                "search.input_noise.values[" + i + "]",
                                problem + v.values().get(i) + ")");
                    }
                }
            } else if (s instanceof ParamSpec.Range r && r.max() > 1) {
                throw lines.fault("search.input_noise.max", problem + r.max() + ")");
            }
        }
    }

    private SearchMethod method(JsonNode root) {
        if (!root.has("method")) {
            return SearchMethod.GRID;
        }
        String m = scalars.text(root.get("method"), "method");
        return switch (m) {
            case "grid" -> SearchMethod.GRID;
            case "random" -> SearchMethod.RANDOM;
            case "tpe" -> SearchMethod.TPE;
            default -> throw lines.fault("method", "must be grid, random or tpe (got '" + m + "')");
        };
    }

    /** The number of configurations drawn or proposed; 0 for a grid, which has no use for it. */
    private int samples(JsonNode root, SearchMethod method) {
        if (method != SearchMethod.GRID) {
            if (!root.has("samples")) {
                throw lines.fault(
                        "method",
                        method == SearchMethod.RANDOM
                                ? "random search needs samples: (the number of configurations to draw)"
                                : "tpe search needs samples: (the number of configurations to propose)");
            }
            int samples = scalars.integer(root.get("samples"), "samples");
            if (samples < 1) {
                throw lines.fault("samples", "must be >= 1 (got " + samples + ")");
            }
            return samples;
        }
        if (root.has("samples")) {
            throw lines.fault("samples", "only applies to method: random or tpe (this sweep is a grid)");
        }
        return 0;
    }

    /** The tpe: block's settings for method: tpe, null otherwise. */
    private TpeSettings tpe(JsonNode root, SearchMethod method) {
        if (method != SearchMethod.TPE) {
            if (root.has("tpe")) {
                throw lines.fault(
                        "tpe",
                        "only applies to method: tpe (this sweep is "
                                + method.name().toLowerCase(Locale.ROOT) + ")");
            }
            return null;
        }
        return new TpeBlockReader(lines, scalars).read(root.get("tpe"));
    }

    private Map<ParameterKey, Object> fixed(JsonNode fixedNode) {
        Map<ParameterKey, Object> fixed = new LinkedHashMap<>();
        if (fixedNode == null || fixedNode.isNull()) {
            return fixed;
        }
        if (!fixedNode.isObject()) {
            throw lines.fault(
                    "fixed", "must be a mapping of hyperparameter: value (got a " + ScalarReader.kind(fixedNode) + ")");
        }
        fixedNode.fields().forEachRemaining(e -> {
            String key = "fixed." + e.getKey();
            ParameterKey h = parameter(e.getKey(), key);
            fixed.put(h, values.read(h, e.getValue(), key));
        });
        return fixed;
    }

    private List<ParamSpec> search(JsonNode searchNode, Map<ParameterKey, Object> fixed, SearchMethod method) {
        List<ParamSpec> search = new ArrayList<>();
        if (searchNode == null || searchNode.isNull()) {
            return search;
        }
        if (!searchNode.isObject()) {
            throw lines.fault(
                    "search",
                    "must be a mapping of hyperparameter: {values: [...]} or {distribution: ..., min: ..., max: ...} (got a "
                            + ScalarReader.kind(searchNode) + ")");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = searchNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "search." + e.getKey();
            ParameterKey h = parameter(e.getKey(), key);
            if (fixed.containsKey(h)) {
                throw lines.fault(key, "is both fixed and searched; keep it in one place");
            }
            search.add(specs.read(h, e.getValue(), key, method));
        }
        return search;
    }

    /** The key of this name in the sweep's vocabulary: every built-in one, or a user model's. */
    private ParameterKey parameter(String name, String key) {
        if (model == null) {
            return Hyperparameter.byKey(name)
                    .orElseThrow(
                            () -> lines.fault(key, "unknown hyperparameter; known: " + Hyperparameter.knownKeys()));
        }
        List<ParameterKey> vocabulary = SweepDefinition.vocabulary(model);
        for (ParameterKey k : vocabulary) {
            if (k.key().equals(name)) {
                return k;
            }
        }
        String allowed = "declared by " + model.className() + ": "
                + (model.parameters().isEmpty() ? "none" : ParameterKey.names(model.parameters()))
                + "; sweep-level: " + ParameterKey.names(ModelSpec.SWEEP_LEVEL);
        throw lines.fault(
                key,
                (Hyperparameter.byKey(name).isPresent()
                                ? "belongs to sparksweep's own networks, not " + model.className()
                                : "unknown parameter")
                        + "; " + allowed);
    }

    /** The number of grid points, stopping early once it is past the limit (so it cannot overflow). */
    private static long gridSize(List<ParamSpec> search) {
        long n = 1;
        for (ParamSpec s : search) {
            n *= ((ParamSpec.Values) s).values().size();
            if (n > SweepFileLoader.MAX_TRIALS) {
                return n;
            }
        }
        return n;
    }
}
