package io.sparksweep.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's network as a sweep sees it: its class, the parameters it declares, whether it supplies
 * its own data (then the sweep has no {@code dataset:}) and the metrics of its own it declares.
 *
 * @param className    the class the sweep file names under {@code model.class}
 * @param parameters   its declared parameters, in declaration order
 * @param suppliesData true when the model brings its own training and test data
 * @param metrics      its declared metrics, in declaration order (names distinct)
 */
public record ModelSpec(
        String className, List<DeclaredParameter> parameters, boolean suppliesData, List<DeclaredMetric> metrics)
        implements Serializable {

    /** The keys of sparksweep's vocabulary a user's network also takes: the sweep trains it. */
    public static final List<Hyperparameter> SWEEP_LEVEL = List.of(Hyperparameter.EPOCHS, Hyperparameter.BATCH_SIZE);

    public ModelSpec {
        parameters = List.copyOf(parameters);
        metrics = List.copyOf(metrics);
    }

    /** A model that declares no metrics of its own. */
    public ModelSpec(String className, List<DeclaredParameter> parameters, boolean suppliesData) {
        this(className, parameters, suppliesData, List.of());
    }

    /**
     * The class, every declared parameter (name, kind, default, and min/max or choices) and every
     * declared metric (name, direction) as sorted maps: what the sweep's hash covers and plan.json
     * shows, so a report can read the declarations without the user's class. A model without metrics
     * has no {@code metrics} key, so that its sweep's hash is the one it had before metrics existed.
     */
    public Map<String, Object> document() {
        List<Object> declared = new ArrayList<>();
        for (DeclaredParameter p : parameters) {
            Map<String, Object> decl = new TreeMap<>();
            decl.put("name", p.key());
            decl.put("kind", p.kind().name());
            decl.put("default", p.defaultValue());
            if (p.kind() == Hyperparameter.Kind.CHOICE) {
                decl.put("choices", p.choices());
            } else {
                decl.put("min", p.min());
                decl.put("max", p.max());
            }
            declared.add(decl);
        }
        Map<String, Object> out = new TreeMap<>();
        out.put("class", className);
        out.put("supplies_data", suppliesData);
        out.put("parameters", declared);
        if (!metrics.isEmpty()) {
            List<Object> ms = new ArrayList<>();
            for (DeclaredMetric m : metrics) {
                Map<String, Object> decl = new TreeMap<>();
                decl.put("name", m.name());
                decl.put("higher_is_better", m.higherIsBetter());
                ms.add(decl);
            }
            out.put("metrics", ms);
        }
        return out;
    }
}
