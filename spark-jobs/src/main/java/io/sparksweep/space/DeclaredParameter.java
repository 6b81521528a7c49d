package io.sparksweep.space;

import io.sparksweep.api.Param;

import java.util.List;
import java.util.Locale;

/**
 * A parameter a user's network declares ({@link Param}), in the terms sweeps use: REAL and INT with
 * an inclusive range, CHOICE with its words. A boolean is the CHOICE true/false, as
 * {@code normalize_input} is, so values stay the words the sweep file wrote.
 *
 * @param key          its name in the sweep file
 * @param kind         REAL, INT or CHOICE
 * @param defaultValue Double, Integer or String
 * @param min          the smallest value admitted; NaN for a CHOICE
 * @param max          the largest value admitted; NaN for a CHOICE
 * @param choices      the words of a CHOICE; empty otherwise
 * @param description  one line for people
 */
public record DeclaredParameter(
        String key,
        Hyperparameter.Kind kind,
        Object defaultValue,
        double min,
        double max,
        List<String> choices,
        String description)
        implements ParameterKey {

    public DeclaredParameter {
        if (kind != Hyperparameter.Kind.REAL && kind != Hyperparameter.Kind.INT && kind != Hyperparameter.Kind.CHOICE) {
            throw new IllegalArgumentException("a declared parameter is REAL, INT or CHOICE (got " + kind + ")");
        }
        choices = List.copyOf(choices);
    }

    /** The declaration of a user's {@link Param}. */
    public static DeclaredParameter of(Param p) {
        return switch (p.type()) {
            case REAL ->
                new DeclaredParameter(
                        p.name(),
                        Hyperparameter.Kind.REAL,
                        ((Number) p.defaultValue()).doubleValue(),
                        p.min(),
                        p.max(),
                        List.of(),
                        p.toString());
            case INTEGER ->
                new DeclaredParameter(
                        p.name(),
                        Hyperparameter.Kind.INT,
                        ((Number) p.defaultValue()).intValue(),
                        p.min(),
                        p.max(),
                        List.of(),
                        p.toString());
            case CHOICE, BOOLEAN ->
                new DeclaredParameter(
                        p.name(),
                        Hyperparameter.Kind.CHOICE,
                        String.valueOf(p.defaultValue()),
                        Double.NaN,
                        Double.NaN,
                        p.choices(),
                        p.toString());
        };
    }

    /** A real parameter between min and max (inclusive). */
    public static DeclaredParameter real(String key, double defaultValue, double min, double max) {
        return new DeclaredParameter(key, Hyperparameter.Kind.REAL, defaultValue, min, max, List.of(), key);
    }

    /** An integer parameter between min and max (inclusive). */
    public static DeclaredParameter integer(String key, int defaultValue, int min, int max) {
        return new DeclaredParameter(key, Hyperparameter.Kind.INT, defaultValue, min, max, List.of(), key);
    }

    /** One of the words. */
    public static DeclaredParameter choice(String key, String defaultValue, String... choices) {
        return new DeclaredParameter(
                key, Hyperparameter.Kind.CHOICE, defaultValue, Double.NaN, Double.NaN, List.of(choices), key);
    }

    /**
     * A declaration inferred from a stored value, for readers without the user's class (reports):
     * Integer is INT, Double REAL, anything else CHOICE, with no range.
     */
    public static DeclaredParameter inferred(String key, Object sample) {
        String d = key + " (read from stored results)";
        if (sample instanceof Integer) {
            return new DeclaredParameter(
                    key, Hyperparameter.Kind.INT, sample, Integer.MIN_VALUE, Integer.MAX_VALUE, List.of(), d);
        }
        if (sample instanceof Number n) {
            return new DeclaredParameter(
                    key,
                    Hyperparameter.Kind.REAL,
                    n.doubleValue(),
                    Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY,
                    List.of(),
                    d);
        }
        return new DeclaredParameter(
                key, Hyperparameter.Kind.CHOICE, String.valueOf(sample), Double.NaN, Double.NaN, List.of(), d);
    }

    /**
     * Equal by name: within a sweep a name is one parameter, and a configuration read back with
     * inferred declarations must equal (and hash as) the one planned with the user's.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof DeclaredParameter p && key.equals(p.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String problemWith(Object value) {
        if (kind == Hyperparameter.Kind.CHOICE) {
            return choices.contains(value)
                    ? null
                    : "must be one of " + String.join(", ", choices) + " (got " + value + ")";
        }
        double v = ((Number) value).doubleValue();
        if (!(v >= min && v <= max)) {
            return "must be between " + number(min) + " and " + number(max) + " (got " + value + ")";
        }
        return null;
    }

    private String number(double v) {
        return kind == Hyperparameter.Kind.INT ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
