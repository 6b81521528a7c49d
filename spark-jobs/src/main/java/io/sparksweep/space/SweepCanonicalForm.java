package io.sparksweep.space;

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

    /** The SHA-256 of {@link #json}: what {@link SweepDefinition#sha256()} returns. */
    static String sha256(SweepDefinition d) {
        return Sha256.hex(json(d));
    }

    /** Keys added in later versions appear only when set, so earlier sweeps keep their hash. */
    static String json(SweepDefinition d) {
        Map<String, Object> canon = new TreeMap<>();
        canon.put("name", d.name());
        // a model that supplies its own data has no dataset: its declaration below is what counts
        canon.put("dataset", d.dataset() == null ? "model" : d.dataset().toString());
        canon.put("method", d.method().name());
        canon.put("samples", d.samples());
        if (d.tpe() != null) {
            // only for tpe, so the hashes of grid and random sweeps stay as they were
            canon.put(
                    "tpe",
                    Map.of(
                            "startup",
                            d.tpe().startup(),
                            "candidates",
                            d.tpe().candidates(),
                            "constant_liar",
                            d.tpe().constantLiar()));
        }
        canon.put("repeats", d.repeats());
        if (d.racing() != null) {
            // only when racing, so the hashes of plain repeats stay as they were
            canon.put("racing", d.racing().canonical());
        }
        canon.put("seed", d.seed());
        Map<String, Object> f = new TreeMap<>();
        d.fixed().forEach((h, v) -> f.put(h.key(), v));
        canon.put("fixed", f);
        // search order matters for random draws, so it is kept as listed
        List<Object> s = new ArrayList<>();
        for (ParamSpec spec : d.search()) {
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
        if (d.earlyStopping() != null) {
            canon.put("early_stopping", d.earlyStopping().canonical());
        }
        if (d.keepModels() != 1) {
            canon.put("keep_models", d.keepModels());
        }
        if (d.robustness() != null) {
            canon.put("robustness", d.robustness().canonicalForm());
        }
        if (!d.divergence().equals(Divergence.DEFAULT)) {
            canon.put("divergence", d.divergence().canonical());
        }
        if (d.model() != null) {
            // only for a user's network, so built-in hashes stay; a changed declaration refuses a resume
            canon.put("model", d.model().document());
        }
        try {
            return CANONICAL_JSON.writeValueAsString(canon);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
