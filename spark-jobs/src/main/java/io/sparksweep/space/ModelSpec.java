package io.sparksweep.space;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's network as a sweep sees it: its class, the parameters it declares and whether it supplies
 * its own data (then the sweep has no {@code dataset:}).
 *
 * @param className    the class the sweep file names under {@code model.class}
 * @param parameters   its declared parameters, in declaration order
 * @param suppliesData true when the model brings its own training and test data
 */
public record ModelSpec(String className, List<DeclaredParameter> parameters, boolean suppliesData)
        implements Serializable {

    /** The keys of sparksweep's vocabulary a user's network also takes: the sweep trains it. */
    public static final List<Hyperparameter> SWEEP_LEVEL = List.of(Hyperparameter.EPOCHS, Hyperparameter.BATCH_SIZE);

    public ModelSpec {
        parameters = List.copyOf(parameters);
    }

    /**
     * The class and every declared parameter (name, kind, default, and min/max or choices) as sorted
     * maps: what the sweep's hash covers and plan.json shows, so a report can read the declarations
     * without the user's class.
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
        return out;
    }
}
