package io.sparksweep.space;

/** The {@code optimizer} hyperparameter. */
public enum OptimizerType implements ChoiceValue {
    /** Plain SGD, or classic momentum when momentum > 0. */
    SGD,
    /** Adam with Keras' defaults. */
    ADAM;

    public static OptimizerType byKey(String key) {
        return ChoiceValue.byKey(OptimizerType.class, "optimizer", key);
    }
}
