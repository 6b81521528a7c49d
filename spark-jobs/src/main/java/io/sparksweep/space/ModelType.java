package io.sparksweep.space;

/** The {@code model} hyperparameter: which kind of network a trial trains. */
public enum ModelType implements ChoiceValue {
    /** Dense hidden layers only. */
    MLP,
    /** The conv_layers layout, then the dense hidden layers. */
    CNN,
    /**
     * A dense autoencoder: the hidden_layers layout, then a sigmoid output of the input's size trained
     * with binary cross-entropy to reproduce the clean input from the noisy one (input_noise).
     */
    AUTOENCODER;

    public static ModelType byKey(String key) {
        return ChoiceValue.byKey(ModelType.class, "model", key);
    }
}
