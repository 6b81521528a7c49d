package io.sparksweep.api;

import org.deeplearning4j.nn.api.NeuralNetwork;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/** What {@link SweepModel#of} makes: a name, declarations and a lambda; serializable as a whole. */
final class LambdaModel implements SweepModel, Serializable {

    private static final long serialVersionUID = 1L;

    // it is written into the sweep file (model.class), the model_class column and config ids:
    // a word a YAML scalar keeps as it is, as a Java class name would be
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.$-]{0,199}");

    private final String name;
    private final List<Param> parameters;
    private final NetworkBuilder builder;

    LambdaModel(String name, List<Param> parameters, NetworkBuilder builder) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name '" + name
                    + "': use letters, digits, '.', '_', '$' and '-', starting with a letter or '_' (at most 200)");
        }
        if (parameters == null || builder == null) {
            throw new IllegalArgumentException(
                    "model " + name + ": give its parameters (List.of() for none) and a builder");
        }
        this.name = name;
        this.parameters = List.copyOf(parameters);
        this.builder = builder;
    }

    String name() {
        return name;
    }

    @Override
    public List<Param> parameters() {
        return parameters;
    }

    @Override
    public NeuralNetwork build(TrialContext trial) {
        return builder.build(trial);
    }

    @Override
    public String toString() {
        return name;
    }
}
