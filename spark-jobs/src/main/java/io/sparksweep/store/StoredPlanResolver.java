package io.sparksweep.store;

import io.sparksweep.space.DeclaredMetric;
import io.sparksweep.space.DeclaredParameter;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelResolver;
import io.sparksweep.space.ModelSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a stored sweep's {@code model.class} from the declarations its plan.json recorded, so that
 * {@code report} reads a user network's sweep without the user's jar.
 */
public final class StoredPlanResolver implements ModelResolver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SweepOutput output;

    public StoredPlanResolver(SweepOutput output) {
        this.output = output;
    }

    @Override
    public ModelSpec resolve(String className) {
        JsonNode model = storedModel();
        if (model == null || !className.equals(model.path("class").asText(null))) {
            throw new Refusal(output.planFile() + " records no declarations of " + className
                    + "; run the sweep again with the model's jar");
        }
        List<DeclaredParameter> parameters = new ArrayList<>();
        for (JsonNode p : model.path("parameters")) {
            parameters.add(declared(p));
        }
        List<DeclaredMetric> metrics = new ArrayList<>();
        for (JsonNode m : model.path("metrics")) {
            metrics.add(new DeclaredMetric(
                    m.path("name").asText(), m.path("higher_is_better").asBoolean(true)));
        }
        return new ModelSpec(className, parameters, model.path("supplies_data").asBoolean(false), metrics);
    }

    private static DeclaredParameter declared(JsonNode p) {
        String name = p.path("name").asText();
        Hyperparameter.Kind kind = Hyperparameter.Kind.valueOf(p.path("kind").asText());
        return switch (kind) {
            case REAL ->
                new DeclaredParameter(
                        name,
                        kind,
                        p.path("default").asDouble(),
                        p.path("min").asDouble(),
                        p.path("max").asDouble(),
                        List.of(),
                        name);
            case INT ->
                new DeclaredParameter(
                        name,
                        kind,
                        p.path("default").asInt(),
                        p.path("min").asDouble(),
                        p.path("max").asDouble(),
                        List.of(),
                        name);
            default -> {
                List<String> choices = new ArrayList<>();
                p.path("choices").forEach(c -> choices.add(c.asText()));
                yield new DeclaredParameter(
                        name, kind, p.path("default").asText(), Double.NaN, Double.NaN, choices, name);
            }
        };
    }

    /** plan.json's model block, or null when there is none. */
    private JsonNode storedModel() {
        try {
            FileSystem fs = output.planFile().getFileSystem(output.conf());
            if (!fs.exists(output.planFile())) {
                return null;
            }
            try (InputStream in = fs.open(output.planFile())) {
                JsonNode model = JSON.readTree(in).get("model");
                return model == null || !model.isObject() ? null : model;
            }
        } catch (IOException e) {
            throw new OutputException("cannot read " + output.planFile() + ": " + e.getMessage(), e);
        }
    }
}
