package io.sparksweep.space;

/** The {@code optimizer} hyperparameter. */
public enum OptimizerType implements ChoiceValue {
    /** Plain SGD, or classic momentum when momentum > 0. */
    SGD("sgd"),
    /** Adam with Keras' defaults. */
    ADAM("adam");

    private final String key;

    OptimizerType(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static OptimizerType byKey(String key) {
        return ChoiceValue.byKey(OptimizerType.class, "optimizer", key);
    }
}
