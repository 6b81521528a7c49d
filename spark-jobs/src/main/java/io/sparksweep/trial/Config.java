package io.sparksweep.trial;

import io.sparksweep.space.ActivationType;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.Layers;
import io.sparksweep.space.ModelSpec;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.NoiseType;
import io.sparksweep.space.OptimizerType;
import io.sparksweep.space.ParameterKey;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One point of the search space. A built-in configuration ({@code modelClass} null) has a value for
 * every {@link Hyperparameter}; a user network's has {@code epochs}, {@code batch_size} and its
 * declared parameters, and names its class.
 *
 * @param modelClass the user's network class, or null for sparksweep's own networks
 * @param values     the value of every key, iterated in {@link ParameterKey.KeyOrder}
 */
public record Config(String modelClass, Map<ParameterKey, Object> values) implements Serializable {

    /**
     * Hyperparameters added to the vocabulary after sweeps had been run: left out of
     * {@link #canonical()} at their default, so that every configuration that does not use them
     * keeps its config_id, hence its trial seeds and its stored results.
     */
    private static final Set<Hyperparameter> OMITTED_AT_DEFAULT = Set.of(Hyperparameter.INPUT_NOISE_TYPE);

    public Config {
        Map<ParameterKey, Object> copy = ParameterKey.copyOf(values);
        if (modelClass == null) {
            for (Hyperparameter h : Hyperparameter.values()) {
                if (!copy.containsKey(h)) {
                    throw new IllegalArgumentException("no value for " + h.key());
                }
            }
        } else {
            for (Hyperparameter h : ModelSpec.SWEEP_LEVEL) {
                if (!copy.containsKey(h)) {
                    throw new IllegalArgumentException("no value for " + h.key());
                }
            }
            for (ParameterKey k : copy.keySet()) {
                if (k instanceof Hyperparameter h && !ModelSpec.SWEEP_LEVEL.contains(h)) {
                    throw new IllegalArgumentException(
                            h.key() + " belongs to sparksweep's networks, not " + modelClass);
                }
            }
        }
        values = copy;
    }

    /** A configuration of sparksweep's own networks. */
    public Config(Map<? extends ParameterKey, ?> values) {
        this(null, ParameterKey.copyOf(values));
    }

    /** Whether this configures a user's network rather than one of sparksweep's. */
    public boolean isUserModel() {
        return modelClass != null;
    }

    /** The keys this configuration has a value for, in {@link ParameterKey.KeyOrder}. */
    public Set<ParameterKey> keys() {
        return values.keySet();
    }

    /** Whether pixels are scaled to [0, 1]; always for a user network, which has no such switch. */
    public boolean normalizeInput() {
        return isUserModel() || isTrue(Hyperparameter.NORMALIZE_INPUT);
    }

    public double real(ParameterKey h) {
        return ((Number) values.get(h)).doubleValue();
    }

    public int integer(ParameterKey h) {
        return ((Number) values.get(h)).intValue();
    }

    /** A CHOICE, LAYERS or TEXT value. */
    public String choice(ParameterKey h) {
        return (String) values.get(h);
    }

    public boolean isTrue(ParameterKey h) {
        return "true".equals(values.get(h));
    }

    // the values stay the sweep-file text (what plan.json and Parquet hold); these read them typed

    /** The built-in network kind; null for a user network. */
    public ModelType model() {
        return isUserModel() ? null : ModelType.byKey(choice(Hyperparameter.MODEL));
    }

    public OptimizerType optimizer() {
        return OptimizerType.byKey(choice(Hyperparameter.OPTIMIZER));
    }

    public ActivationType activation() {
        return ActivationType.byKey(choice(Hyperparameter.ACTIVATION));
    }

    public NoiseType noiseType() {
        return NoiseType.byKey(choice(Hyperparameter.INPUT_NOISE_TYPE));
    }

    public Object get(ParameterKey h) {
        return values.get(h);
    }

    /** Hidden-layer widths, input to output. */
    public int[] hiddenWidths() {
        return Layers.hiddenWidths(choice(Hyperparameter.HIDDEN_LAYERS), integer(Hyperparameter.WIDTH));
    }

    /** The dense hidden layers, input to output, with their own activations (null: {@code activation}'s) and input dropouts. */
    public List<Layers.DenseStep> hiddenLayers() {
        return Layers.dense(choice(Hyperparameter.HIDDEN_LAYERS), integer(Hyperparameter.WIDTH));
    }

    /** The dropout rate of the output layer's input asked by a trailing d<rate> in hidden_layers, or 0. */
    public double layoutOutputDropout() {
        return Layers.outputDropout(choice(Hyperparameter.HIDDEN_LAYERS));
    }

    /**
     * A stable text form, the same on every machine, sorted by key: "activation=relu,batch_size=128,...".
     * A user network's adds {@code model=<class>} (no built-in configuration has a class, and the
     * built-in {@code model} key cannot occur in a user's), so two classes with the same parameter
     * values get different config_ids.
     */
    public String canonical() {
        Map<String, Object> byName = new TreeMap<>();
        values.forEach((k, v) -> {
            if (!(k instanceof Hyperparameter h && OMITTED_AT_DEFAULT.contains(h) && v.equals(h.defaultValue()))) {
                byName.put(k.key(), v);
            }
        });
        if (isUserModel()) {
            byName.put(Hyperparameter.MODEL.key(), modelClass);
        }
        StringJoiner j = new StringJoiner(",");
        byName.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    /** Only the named keys, for progress lines: "learning_rate=0.1 width=100". */
    public String describe(Iterable<? extends ParameterKey> which) {
        StringJoiner j = new StringJoiner(" ");
        for (ParameterKey h : which) {
            j.add(h.key() + "=" + values.get(h));
        }
        return j.toString();
    }
}
