package io.sparksweep.space;

/**
 * The {@code activation} hyperparameter: the activation of the dense hidden layers. (Named apart
 * from ND4J's {@code Activation}, which the network factory maps it to.)
 */
public enum ActivationType implements ChoiceValue {
    RELU,
    SIGMOID,
    TANH,
    /** Slope below zero: the leaky_relu_alpha hyperparameter. */
    LEAKY_RELU;

    public static ActivationType byKey(String key) {
        return ChoiceValue.byKey(ActivationType.class, "activation", key);
    }
}
