package io.sparksweep.space;

/** The {@code optimizer} hyperparameter. */
public enum OptimizerType implements ChoiceValue {
    /** Plain SGD, or classic momentum when momentum > 0. */
    SGD,
    /** Adam with Keras' defaults. */
    ADAM,
    /** SGD with Nesterov momentum ({@code momentum}), Keras' SGD(nesterov=True). */
    NESTEROV,
    /** RMSprop, Keras' defaults: rho 0.9, epsilon 1e-7. */
    RMSPROP,
    /** AdaGrad, epsilon 1e-7 (DL4J's: the accumulator starts at 0, Keras' at 0.1). */
    ADAGRAD,
    /** AdaMax, Keras' defaults. */
    ADAMAX,
    /** Nadam, Keras' defaults. */
    NADAM,
    /** Adam with AMSGrad's maximum of the second moments, Keras' Adam(amsgrad=True). */
    AMSGRAD;

    public static OptimizerType byKey(String key) {
        return ChoiceValue.byKey(OptimizerType.class, "optimizer", key);
    }
}
