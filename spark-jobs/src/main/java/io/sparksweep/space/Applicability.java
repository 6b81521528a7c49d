package io.sparksweep.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Conditional hyperparameters: which values a configuration does not use, as the network factory
 * builds it. A value that does not apply is not varied: configurations that differ only there are
 * one configuration. Pure; a value missing from a map counts as its default.
 */
public final class Applicability {

    /** The hyperparameters that apply only under a condition, in vocabulary order. */
    public static final List<Hyperparameter> CONDITIONAL =
            Arrays.stream(Hyperparameter.values()).filter(h -> rule(h) != null).toList();

    private Applicability() {}

    /** When {@code h} applies, as one line ("momentum applies only with optimizer sgd or nesterov"); null: always. */
    public static String rule(Hyperparameter h) {
        return switch (h) {
            case WIDTH -> "width applies only when hidden_layers is a count > 0";
            case CONV_LAYERS -> "conv_layers applies only with model cnn";
            case LEAKY_RELU_ALPHA -> "leaky_relu_alpha applies only when a hidden layer uses leaky_relu";
            case INPUT_NOISE_TYPE -> "input_noise_type applies only when input_noise > 0";
            case MOMENTUM -> "momentum applies only with optimizer sgd or nesterov";
            default -> null;
        };
    }

    /** Whether the configuration with these values uses its value of {@code h}. */
    public static boolean applies(Hyperparameter h, Map<? extends ParameterKey, ?> values) {
        return switch (h) {
            case WIDTH -> Layers.isWidthCount(text(values, Hyperparameter.HIDDEN_LAYERS));
            case CONV_LAYERS -> ModelType.byKey(text(values, Hyperparameter.MODEL)) == ModelType.CNN;
            case LEAKY_RELU_ALPHA -> usesLeakyRelu(values);
            case INPUT_NOISE_TYPE -> ((Number) value(values, Hyperparameter.INPUT_NOISE)).doubleValue() > 0;
            case MOMENTUM -> {
                OptimizerType o = OptimizerType.byKey(text(values, Hyperparameter.OPTIMIZER));
                yield o == OptimizerType.SGD || o == OptimizerType.NESTEROV;
            }
            default -> true;
        };
    }

    /**
     * Whether these are values of sparksweep's own networks: every key a {@link Hyperparameter}. The
     * rules here are about those networks; a user's network has no conditional keys.
     */
    public static boolean isBuiltIn(Map<? extends ParameterKey, ?> values) {
        return values.keySet().stream().allMatch(k -> k instanceof Hyperparameter);
    }

    /** The hyperparameters these values do not use, in vocabulary order; none for a user's network. */
    public static List<Hyperparameter> notApplying(Map<? extends ParameterKey, ?> values) {
        List<Hyperparameter> out = new ArrayList<>();
        if (!isBuiltIn(values)) {
            return out;
        }
        for (Hyperparameter h : CONDITIONAL) {
            if (!applies(h, values)) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * The values with each one that does not apply set to its value in {@code base} (a sweep's fixed
     * value or default), so configurations that differ only in unused values become equal.
     */
    public static Map<ParameterKey, Object> normalise(
            Map<? extends ParameterKey, ?> values, Map<? extends ParameterKey, ?> base) {
        Map<ParameterKey, Object> out = ParameterKey.newMap();
        out.putAll(values);
        for (Hyperparameter h : notApplying(values)) {
            if (out.containsKey(h)) {
                out.put(h, base.containsKey(h) ? base.get(h) : h.defaultValue());
            }
        }
        return out;
    }

    /** leaky_relu on a hidden layer: its own activation, or {@code activation} for one without. */
    private static boolean usesLeakyRelu(Map<? extends ParameterKey, ?> values) {
        ActivationType shared = ActivationType.byKey(text(values, Hyperparameter.ACTIVATION));
        List<Layers.DenseStep> layers;
        try {
            layers = Layers.dense(text(values, Hyperparameter.HIDDEN_LAYERS), 1);
        } catch (IllegalArgumentException | NegativeArraySizeException e) {
            return true; // a bad layout is refused elsewhere, with its reason
        }
        return layers.stream()
                .anyMatch(l -> (l.activation() == null ? shared : l.activation()) == ActivationType.LEAKY_RELU);
    }

    private static Object value(Map<? extends ParameterKey, ?> values, Hyperparameter h) {
        return values.containsKey(h) ? values.get(h) : h.defaultValue();
    }

    private static String text(Map<? extends ParameterKey, ?> values, Hyperparameter h) {
        return (String) value(values, h);
    }
}
