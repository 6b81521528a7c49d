package io.sparksweep.trial;

import io.sparksweep.space.ActivationType;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ModelType;
import io.sparksweep.space.OptimizerType;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** One point of the search space: a value for every hyperparameter in the vocabulary. */
public record Config(Map<Hyperparameter, Object> values) implements Serializable {

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

    public Object get(Hyperparameter h) {
        return values.get(h);
    }

    /** Hidden-layer widths, input to output. */
    public int[] hiddenWidths() {
        return io.sparksweep.space.Layers.hiddenWidths(choice(Hyperparameter.HIDDEN_LAYERS), integer(Hyperparameter.WIDTH));
    }

    /** A stable text form, the same on every machine: "activation=relu,batch_size=128,...". */
    public String canonical() {
        StringJoiner j = new StringJoiner(",");
        values.entrySet().stream()
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
