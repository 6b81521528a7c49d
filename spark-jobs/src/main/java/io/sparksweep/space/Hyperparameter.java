package io.sparksweep.space;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The vocabulary a sweep file may use under {@code fixed:} and {@code search:}. Every trial row
 * carries one typed column per entry, filled with the default when the file does not set it, so
 * the Parquet schema is the same for every sweep. Some apply only under a condition
 * ({@link Applicability}).
 */
public enum Hyperparameter implements ParameterKey {
    LEARNING_RATE(
            "learning_rate",
            Kind.REAL,
            0.01,
            Bound.POSITIVE,
            "step size of the optimizer (Keras' SGD default is 0.01, Adam's 0.001)"),
    EPOCHS("epochs", Kind.INT, 10, Bound.AT_LEAST_ONE, "passes over the training set"),
    BATCH_SIZE("batch_size", Kind.INT, 128, Bound.AT_LEAST_ONE, "examples per gradient step"),
    MODEL(
            "model",
            Kind.CHOICE,
            ModelType.MLP.key(),
            Bound.NONE,
            "mlp: dense layers only; cnn: conv_layers, then the dense hidden_layers; autoencoder: the dense "
                    + "hidden_layers, then a sigmoid reconstruction of the input (binary cross-entropy against the clean input)",
            ChoiceValue.keys(ModelType.values())),
    WIDTH(
            "width",
            Kind.INT,
            100,
            Bound.AT_LEAST_ONE,
            "units in every hidden layer when hidden_layers is a count > 0 (unused otherwise)"),
    HIDDEN_LAYERS(
            "hidden_layers",
            Kind.LAYERS,
            "1",
            Bound.NONE,
            "dense hidden layers: a count of `width`-unit layers (0 = softmax regression), "
                    + "a list of widths [125, 100, 50], or a layout of <width>, <width>:<activation>, "
                    + "<n>x<width>[:<activation>] and d<rate> tokens (\"d0.2 1000 3x200 50:sigmoid\")"),
    CONV_LAYERS(
            "conv_layers",
            Kind.TEXT,
            "c32 p2 c64 p2",
            Bound.NONE,
            "model: cnn only; c<filters> = 3x3 convolution + ReLU, p<k> = k x k max pooling, "
                    + "d<rate> = dropout of the next layer's input, in order"),
    ACTIVATION(
            "activation",
            Kind.CHOICE,
            ActivationType.RELU.key(),
            Bound.NONE,
            "hidden-layer activation",
            ChoiceValue.keys(ActivationType.values())),
    LEAKY_RELU_ALPHA(
            "leaky_relu_alpha",
            Kind.REAL,
            0.01,
            Bound.NON_NEGATIVE,
            "slope of leaky_relu below zero (DL4J's default 0.01; Keras' LeakyReLU layer defaults to 0.3); "
                    + "unused unless a hidden layer is leaky_relu"),
    L2("l2", Kind.REAL, 0.0, Bound.NON_NEGATIVE, "Keras-style L2 on weights: l2 * sum(w^2) added to the loss"),
    INPUT_NOISE(
            "input_noise",
            Kind.REAL,
            0.0,
            Bound.NON_NEGATIVE,
            "input noise while training: the std of Gaussian noise added to the inputs, "
                    + "or the salt-and-pepper level in [0, 1] (input_noise_type)"),
    INPUT_NOISE_TYPE(
            "input_noise_type",
            Kind.CHOICE,
            NoiseType.GAUSSIAN.key(),
            Bound.NONE,
            "gaussian: input_noise is a standard deviation; salt_and_pepper: the fraction of pixels "
                    + "replaced by a random 0 or 1; unused when input_noise is 0",
            ChoiceValue.keys(NoiseType.values())),
    INPUT_DROPOUT(
            "input_dropout",
            Kind.REAL,
            0.0,
            Bound.FRACTION,
            "fraction of input pixels dropped while training (Keras Dropout on the input)"),
    DROPOUT(
            "dropout",
            Kind.REAL,
            0.0,
            Bound.FRACTION,
            "fraction of the last hidden layer's outputs dropped while training (Keras Dropout before the output layer)"),
    OPTIMIZER(
            "optimizer",
            Kind.CHOICE,
            OptimizerType.SGD.key(),
            Bound.NONE,
            "sgd (with momentum and decay), adam (beta1 0.9, beta2 0.999, epsilon 1e-7: Keras' defaults), "
                    + "nesterov (SGD with Nesterov momentum), rmsprop (rho 0.9), adagrad, adamax, nadam, amsgrad; "
                    + "the last six train through DL4J's fit",
            ChoiceValue.keys(OptimizerType.values())),
    MOMENTUM(
            "momentum",
            Kind.REAL,
            0.0,
            Bound.FRACTION,
            "sgd: classic momentum, as Keras' SGD(momentum=...); nesterov: its Nesterov momentum; "
                    + "unused by the other optimizers"),
    DECAY(
            "decay",
            Kind.REAL,
            0.0,
            Bound.NON_NEGATIVE,
            "learning rate after t steps = learning_rate / (1 + decay * t), as Keras' legacy decay"),
    NORMALIZE_INPUT(
            "normalize_input",
            Kind.CHOICE,
            "true",
            Bound.NONE,
            // a yes/no switch rather than a choice of kinds: read with Config.isTrue
            "true: pixels / 255 in [0, 1]; false: raw 0-255 pixels (seed 002's unnormalised run)",
            "true",
            "false");

    /**
     * REAL, INT: numbers; CHOICE: one of a list (the keys of a {@link ChoiceValue} enum, or true/false);
     * LAYERS: hidden-layer widths; TEXT: a checked layout string.
     */
    public enum Kind {
        REAL,
        INT,
        CHOICE,
        LAYERS,
        TEXT
    }

    /** The admissible range of a numeric hyperparameter. */
    public enum Bound {
        NONE(""),
        POSITIVE("> 0"),
        NON_NEGATIVE(">= 0"),
        AT_LEAST_ONE(">= 1"),
        FRACTION(">= 0 and < 1");

        private final String text;

        Bound(String text) {
            this.text = text;
        }

        public boolean admits(double v) {
            return switch (this) {
                case NONE -> true;
                case POSITIVE -> v > 0;
                case NON_NEGATIVE -> v >= 0;
                case AT_LEAST_ONE -> v >= 1;
                case FRACTION -> v >= 0 && v < 1;
            };
        }

        public String text() {
            return text;
        }
    }

    private final String key;
    private final Kind kind;
    private final Object defaultValue;
    private final Bound bound;
    private final String description;
    private final List<String> choices;

    Hyperparameter(String key, Kind kind, Object defaultValue, Bound bound, String description, String... choices) {
        this.key = key;
        this.kind = kind;
        this.defaultValue = kind == Kind.REAL ? ((Number) defaultValue).doubleValue() : defaultValue;
        this.bound = bound;
        this.description = description;
        this.choices = List.of(choices);
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public Object defaultValue() {
        return defaultValue;
    }

    public Bound bound() {
        return bound;
    }

    public String description() {
        return description;
    }

    public List<String> choices() {
        return choices;
    }

    public static Optional<Hyperparameter> byKey(String key) {
        return Arrays.stream(values()).filter(h -> h.key.equals(key)).findFirst();
    }

    public static String knownKeys() {
        return String.join(
                ", ", Arrays.stream(values()).map(Hyperparameter::key).toList());
    }

    /** Checks a value already converted to this hyperparameter's Java type; returns why it is bad, or null. */
    public String problemWith(Object value) {
        if (kind == Kind.CHOICE) {
            return choices.contains(value)
                    ? null
                    : "must be one of " + String.join(", ", choices) + " (got " + value + ")";
        }
        if (kind == Kind.LAYERS) {
            return Layers.problemWithHidden((String) value);
        }
        if (kind == Kind.TEXT) {
            return Layers.problemWithConv((String) value);
        }
        double v = ((Number) value).doubleValue();
        if (!Double.isFinite(v)) {
            return "must be a finite number (got " + value + ")";
        }
        return bound.admits(v) ? null : "must be " + bound.text() + " (got " + value + ")";
    }
}
