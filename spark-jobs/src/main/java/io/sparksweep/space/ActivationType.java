package io.sparksweep.space;

/**
 * The {@code activation} hyperparameter: the activation of the dense hidden layers. (Named apart
 * from ND4J's {@code Activation}, which the network factory maps it to.)
 */
public enum ActivationType implements ChoiceValue {
    RELU("relu"),
    SIGMOID("sigmoid"),
    TANH("tanh"),
    /** Slope below zero: the leaky_relu_alpha hyperparameter. */
    LEAKY_RELU("leaky_relu");

    private final String key;

    ActivationType(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static ActivationType byKey(String key) {
        return ChoiceValue.byKey(ActivationType.class, "activation", key);
    }
}
