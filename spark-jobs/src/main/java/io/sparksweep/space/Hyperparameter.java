package io.sparksweep.space;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The vocabulary a sweep file may use under {@code fixed:} and {@code search:}. Every trial row
 * carries one typed column per entry, filled with the default when the file does not set it, so
 * the Parquet schema is the same for every sweep.
 */
public enum Hyperparameter {
    LEARNING_RATE("learning_rate", Kind.REAL, 0.01, Bound.POSITIVE,
            "SGD step size"),
    EPOCHS("epochs", Kind.INT, 10, Bound.AT_LEAST_ONE,
            "passes over the training set"),
    BATCH_SIZE("batch_size", Kind.INT, 128, Bound.AT_LEAST_ONE,
            "examples per gradient step"),
    WIDTH("width", Kind.INT, 100, Bound.AT_LEAST_ONE,
            "units in every hidden layer"),
    HIDDEN_LAYERS("hidden_layers", Kind.INT, 1, Bound.NON_NEGATIVE,
            "number of hidden layers of `width` units (0 = softmax regression)"),
    L2("l2", Kind.REAL, 0.0, Bound.NON_NEGATIVE,
            "Keras-style L2 on weights: l2 * sum(w^2) added to the loss"),
    INPUT_NOISE("input_noise", Kind.REAL, 0.0, Bound.NON_NEGATIVE,
            "std of Gaussian noise added to inputs while training"),
    ACTIVATION("activation", Kind.CHOICE, "relu", Bound.NONE,
            "hidden-layer activation", "relu", "sigmoid", "tanh", "leaky_relu");

    public enum Kind { REAL, INT, CHOICE }

    /** The admissible range of a numeric hyperparameter. */
    public enum Bound {
        NONE(""), POSITIVE("> 0"), NON_NEGATIVE(">= 0"), AT_LEAST_ONE(">= 1");

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

    Hyperparameter(String key, Kind kind, Object defaultValue, Bound bound, String description,
                   String... choices) {
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
        return String.join(", ", Arrays.stream(values()).map(Hyperparameter::key).toList());
    }

    /** Checks a value already converted to this hyperparameter's Java type; returns why it is bad, or null. */
    public String problemWith(Object value) {
        if (kind == Kind.CHOICE) {
            return choices.contains(value) ? null : "must be one of " + String.join(", ", choices) + " (got " + value + ")";
        }
        double v = ((Number) value).doubleValue();
        if (!Double.isFinite(v)) {
            return "must be a finite number (got " + value + ")";
        }
        return bound.admits(v) ? null : "must be " + bound.text() + " (got " + value + ")";
    }
}
