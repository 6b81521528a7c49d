package io.sparksweep.sweepfile;

import io.sparksweep.space.DatasetSpec;
import io.sparksweep.space.EarlyStopping;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParamSpec;
import io.sparksweep.space.Robustness;
import io.sparksweep.space.SearchMethod;
import io.sparksweep.space.TpeSettings;
import io.sparksweep.util.Sha256;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sweep as sorted JSON of its validated content, and the SHA-256 of that text: comments, layout
 * and key order of the file do not change it; any value that changes the plan does. Resuming
 * compares it, so its form must not change between versions.
 */
final class SweepCanonicalForm {

    private static final ObjectMapper CANONICAL_JSON =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private SweepCanonicalForm() {}

    static String sha256(
            String name,
            DatasetSpec dataset,
            SearchMethod method,
            int samples,
            TpeSettings tpe,
            int repeats,
            long seed,
            Map<Hyperparameter, Object> fixed,
            List<ParamSpec> search,
            EarlyStopping earlyStopping,
            int keepModels,
            Robustness robustness) {
        return Sha256.hex(json(
                name,
                dataset,
                method,
                samples,
                tpe,
                repeats,
                seed,
                fixed,
                search,
                earlyStopping,
                keepModels,
                robustness));
    }

    static String json(
            String name,
            DatasetSpec dataset,
            SearchMethod method,
            int samples,
            TpeSettings tpe,
            int repeats,
            long seed,
            Map<Hyperparameter, Object> fixed,
            List<ParamSpec> search) {
        return json(name, dataset, method, samples, tpe, repeats, seed, fixed, search, null, 1, null);
    }

    /** Keys added in later versions appear only when set, so earlier sweeps keep their hash. */
    static String json(
            String name,
            DatasetSpec dataset,
            SearchMethod method,
            int samples,
            TpeSettings tpe,
            int repeats,
            long seed,
            Map<Hyperparameter, Object> fixed,
            List<ParamSpec> search,
            EarlyStopping earlyStopping,
            int keepModels,
            Robustness robustness) {
        Map<String, Object> canon = new TreeMap<>();
        canon.put("name", name);
        canon.put("dataset", dataset.toString());
        canon.put("method", method.name());
        canon.put("samples", samples);
        if (tpe != null) {
            // only for tpe, so the hashes of grid and random sweeps stay as they were
            canon.put(
                    "tpe",
                    Map.of(
                            "startup",
                            tpe.startup(),
                            "candidates",
                            tpe.candidates(),
                            "constant_liar",
                            tpe.constantLiar()));
        }
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
                s.add(Map.of(
                        "name",
                        r.parameter().key(),
                        "distribution",
                        r.distribution().key(),
                        "min",
                        r.min(),
                        "max",
                        r.max()));
            }
        }
        canon.put("search", s);
        if (earlyStopping != null) {
            canon.put("early_stopping", earlyStopping.canonical());
        }
        if (keepModels != 1) {
            canon.put("keep_models", keepModels);
        }
        if (robustness != null) {
            canon.put("robustness", robustness.canonicalForm());
        }
        try {
            return CANONICAL_JSON.writeValueAsString(canon);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
