package io.sparksweep.space;

/**
 * The {@code input_noise_type} hyperparameter: what {@code input_noise} means while training.
 * {@code gaussian}: the standard deviation of noise added to every pixel (Keras' GaussianNoise);
 * {@code salt_and_pepper}: the level, the fraction of pixels replaced by a random 0 or 1.
 */
public enum NoiseType implements ChoiceValue {
    GAUSSIAN,
    SALT_AND_PEPPER;

    public static NoiseType byKey(String key) {
        return ChoiceValue.byKey(NoiseType.class, "input_noise_type", key);
    }
}
