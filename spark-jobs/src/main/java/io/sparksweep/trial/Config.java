package io.sparksweep.trial;

import io.sparksweep.space.ActivationType;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.Layers;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.NoiseType;
import io.sparksweep.space.OptimizerType;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** One point of the search space: a value for every hyperparameter in the vocabulary. */
public record Config(Map<Hyperparameter, Object> values) implements Serializable {

    /**
     * Hyperparameters added to the vocabulary after sweeps had been run: left out of
     * {@link #canonical()} at their default, so that every configuration that does not use them
     * keeps its config_id, hence its trial seeds and its stored results.
     */
    private static final Set<Hyperparameter> OMITTED_AT_DEFAULT = Set.of(Hyperparameter.INPUT_NOISE_TYPE);

    public Config {
        EnumMap<Hyperparameter, Object> copy = new EnumMap<>(Hyperparameter.class);
        copy.putAll(values);
        for (Hyperparameter h : Hyperparameter.values()) {
            if (!copy.containsKey(h)) {
                throw new IllegalArgumentException("no value for " + h.key());
            }
        }
        values = copy;
    }

    public double real(Hyperparameter h) {
        return ((Number) values.get(h)).doubleValue();
    }

    public int integer(Hyperparameter h) {
        return ((Number) values.get(h)).intValue();
    }

    /** A CHOICE, LAYERS or TEXT value. */
    public String choice(Hyperparameter h) {
        return (String) values.get(h);
    }

    public boolean isTrue(Hyperparameter h) {
        return "true".equals(values.get(h));
    }

    // the values stay the sweep-file text (what plan.json and Parquet hold); these read them typed

    public ModelType model() {
        return ModelType.byKey(choice(Hyperparameter.MODEL));
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

    public Object get(Hyperparameter h) {
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

    /** A stable text form, the same on every machine: "activation=relu,batch_size=128,...". */
    public String canonical() {
        StringJoiner j = new StringJoiner(",");
        values.entrySet().stream()
                .filter(e -> !(OMITTED_AT_DEFAULT.contains(e.getKey())
                        && e.getValue().equals(e.getKey().defaultValue())))
                .sorted(Map.Entry.comparingByKey((a, b) -> a.key().compareTo(b.key())))
                .forEach(e -> j.add(e.getKey().key() + "=" + e.getValue()));
        return j.toString();
    }

    /** Only the named hyperparameters, for progress lines: "learning_rate=0.1 width=100". */
    public String describe(Iterable<Hyperparameter> which) {
        StringJoiner j = new StringJoiner(" ");
        for (Hyperparameter h : which) {
            j.add(h.key() + "=" + values.get(h));
        }
        return j.toString();
    }
}
