package io.sparksweep.space;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A name a sweep file may use under {@code fixed:} and {@code search:}: one of sparksweep's own
 * {@link Hyperparameter}s, or a parameter a user's network declares ({@link DeclaredParameter}).
 * Configurations and planner points are maps keyed by it.
 */
public interface ParameterKey extends Serializable {

    /** The name in the sweep file, plan.json and Parquet ("learning_rate"). */
    String key();

    /** How its values are read and drawn. */
    Hyperparameter.Kind kind();

    /** The value when a sweep neither fixes nor searches it: Double (REAL), Integer (INT) or String. */
    Object defaultValue();

    /** Why a value already converted to this key's Java type is not admitted, or null when it is. */
    String problemWith(Object value);

    /** The admitted words of a CHOICE; empty otherwise. */
    List<String> choices();

    /** One line for people. */
    String description();

    /** A new empty map of values, iterated in {@link KeyOrder}. */
    static Map<ParameterKey, Object> newMap() {
        return new TreeMap<>(KeyOrder.INSTANCE);
    }

    /** A mutable copy of the values, iterated in {@link KeyOrder}. */
    static Map<ParameterKey, Object> copyOf(Map<? extends ParameterKey, ?> values) {
        Map<ParameterKey, Object> copy = newMap();
        copy.putAll(values);
        return copy;
    }

    /**
     * Built-in hyperparameters first in vocabulary order (the order the EnumMaps these maps replaced
     * iterated in, so built-in sweeps draw and print exactly as before), then declared ones by name.
     * An enum, so that the maps stay serialisable: configurations cross Spark's wire.
     */
    enum KeyOrder implements Comparator<ParameterKey> {
        INSTANCE;

        @Override
        public int compare(ParameterKey a, ParameterKey b) {
            if (a instanceof Hyperparameter x && b instanceof Hyperparameter y) {
                return Integer.compare(x.ordinal(), y.ordinal());
            }
            if (a instanceof Hyperparameter) {
                return -1;
            }
            if (b instanceof Hyperparameter) {
                return 1;
            }
            return a.key().compareTo(b.key());
        }
    }

    /** The keys' names, comma-separated, for messages. */
    static String names(Iterable<? extends ParameterKey> keys) {
        StringBuilder b = new StringBuilder();
        for (ParameterKey k : keys) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(k.key());
        }
        return b.toString();
    }
}
