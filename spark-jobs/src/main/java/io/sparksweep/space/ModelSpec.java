package io.sparksweep.space;

import java.io.Serializable;
import java.util.List;

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
}
