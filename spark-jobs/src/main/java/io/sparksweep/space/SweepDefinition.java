package io.sparksweep.space;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
        Map<Hyperparameter, Object> fixed,
        List<ParamSpec> search,
        String sourceFile,
        EarlyStopping earlyStopping,
        int keepModels,
        Robustness robustness,
        Divergence divergence) {

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

    /** Every hyperparameter at its fixed value or default; searched ones are overwritten per configuration. */
    public Map<Hyperparameter, Object> baseValues() {
        Map<Hyperparameter, Object> base = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            base.put(h, fixed.getOrDefault(h, h.defaultValue()));
        }
        return base;
    }
}
