package io.sparksweep.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated sweep file. Immutable; built only by {@link SweepFileLoader}.
 *
 * @param fixed  hyperparameters held constant, in file order
 * @param search hyperparameters varied, in file order
 * @param tpe    the settings of method tpe; null for grid and random
 * @param earlyStopping the early_stopping block, or null to train every configuration to its last epoch
 * @param keepModels how many of the best configurations keep their repeats' final networks in models/
 * @param robustness the robustness block (every OK trial evaluated on the corrupted test set), or null
 * @param divergence when a rising loss ends a trial; {@link Divergence#DEFAULT} unless the file sets it
 * @param model the user's network ({@code model: {class: ...}}), or null for sparksweep's own networks
 * @param racing {@code repeats: {min, max, alpha}}, or null for a plain number of repeats; with racing,
 *               {@code repeats} is its {@code max}
 */
public record SweepDefinition(
        String name,
        String description,
        DatasetSpec dataset,
        SearchMethod method,
        int samples,
        TpeSettings tpe,
        int repeats,
        long seed,
        Map<ParameterKey, Object> fixed,
        List<ParamSpec> search,
        String sourceFile,
        EarlyStopping earlyStopping,
        int keepModels,
        Robustness robustness,
        Divergence divergence,
        ModelSpec model,
        Racing racing) {

    public SweepDefinition {
        Objects.requireNonNull(divergence, "divergence");
        fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
        search = List.copyOf(search);
    }

    /**
     * The hash of the normalized definition ({@link SweepCanonicalForm}): comments and layout of the
     * file do not count, any value that changes the plan does. A stored sweep is resumed only under it.
     */
    public String sha256() {
        return SweepCanonicalForm.sha256(this);
    }

    /** The sorted JSON that {@link #sha256()} hashes: what a changed sweep file is compared by. */
    public String canonicalJson() {
        return SweepCanonicalForm.json(this);
    }

    /** Every key of the vocabulary at its fixed value or default; searched ones are overwritten per configuration. */
    public Map<ParameterKey, Object> baseValues() {
        Map<ParameterKey, Object> base = ParameterKey.newMap();
        for (ParameterKey h : vocabulary()) {
            base.put(h, fixed.getOrDefault(h, h.defaultValue()));
        }
        return base;
    }

    /** Whether configurations race for their repeats ({@code repeats: {min, max}}) instead of all getting {@code repeats}. */
    public boolean isRacing() {
        return racing != null;
    }

    /** Whether this sweep trains a user's network ({@code model:}) rather than sparksweep's own. */
    public boolean isUserModel() {
        return model != null;
    }

    /** The user's network class, or null for sparksweep's own networks. */
    public String modelName() {
        return model == null ? null : model.className();
    }

    /**
     * The keys {@code fixed:} and {@code search:} may use: every {@link Hyperparameter} for a built-in
     * sweep; {@code epochs}, {@code batch_size} and the declared parameters for a user's network.
     */
    public List<ParameterKey> vocabulary() {
        return vocabulary(model);
    }

    /** The vocabulary of a sweep of this model (null: sparksweep's own networks). */
    public static List<ParameterKey> vocabulary(ModelSpec model) {
        List<ParameterKey> keys = new ArrayList<>();
        if (model == null) {
            keys.addAll(List.of(Hyperparameter.values()));
        } else {
            keys.addAll(ModelSpec.SWEEP_LEVEL);
            keys.addAll(model.parameters());
        }
        return keys;
    }

    /** The key of this name in the sweep's vocabulary, if any. */
    public Optional<ParameterKey> parameter(String name) {
        return vocabulary().stream().filter(k -> k.key().equals(name)).findFirst();
    }
}
