package io.sparksweep.api;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One hyperparameter a {@link SweepModel} reads: its name (what the sweep file writes under
 * {@code fixed:} and {@code search:}), its type, its default and the values it admits. A sweep file is
 * checked against these declarations before anything runs, as strictly as sparksweep's own keys: an
 * undeclared name, a value of the wrong type or out of range is refused with the line it is on.
 *
 * <p>Names are lower case letters, digits and underscores, starting with a letter, at most 40
 * characters; {@code epochs}, {@code batch_size} and {@code model} belong to the sweep.
 *
 * <pre>{@code
 * List<Param> parameters() {
 *     return List.of(
 *             Param.real("learning_rate", 1e-3, 1e-6, 1.0),
 *             Param.integer("blocks", 2, 1, 8),
 *             Param.choice("activation", "relu", "relu", "tanh"),
 *             Param.bool("batch_norm", true));
 * }
 * }</pre>
 */
public final class Param implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final List<String> RESERVED = List.of("epochs", "batch_size", "model");

    /** What kind of value a parameter holds. */
    public enum Type {
        /** A real number ({@code double}). */
        REAL,
        /** A whole number ({@code int}). */
        INTEGER,
        /** One of a list of words. */
        CHOICE,
        /** true or false. */
        BOOLEAN
    }

    private final String name;
    private final Type type;
    private final Object defaultValue;
    private final double min;
    private final double max;
    private final List<String> choices;

    private Param(String name, Type type, Object defaultValue, double min, double max, List<String> choices) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter name '" + name
                    + "': use lower case letters, digits and underscores, starting with a letter (at most 40)");
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException(
                    "parameter name '" + name + "' belongs to the sweep (epochs, batch_size, model)");
        }
        this.name = name;
        this.type = type;
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.defaultValue = defaultValue;
        String problem = problemWith(defaultValue);
        if (problem != null) {
            throw new IllegalArgumentException("parameter '" + name + "': its default " + problem);
        }
    }

    /**
     * A real-valued parameter.
     *
     * @param name         its name in the sweep file
     * @param defaultValue the value when the sweep file does not set it
     * @param min          the smallest value admitted (inclusive)
     * @param max          the largest value admitted (inclusive)
     * @throws IllegalArgumentException a bad name, {@code min > max}, or a default outside [min, max]
     */
    public static Param real(String name, double defaultValue, double min, double max) {
        requireOrdered(name, min, max);
        return new Param(name, Type.REAL, defaultValue, min, max, null);
    }

    /**
     * A whole-number parameter.
     *
     * @param name         its name in the sweep file
     * @param defaultValue the value when the sweep file does not set it
     * @param min          the smallest value admitted (inclusive)
     * @param max          the largest value admitted (inclusive)
     * @throws IllegalArgumentException a bad name, {@code min > max}, or a default outside [min, max]
     */
    public static Param integer(String name, int defaultValue, int min, int max) {
        requireOrdered(name, min, max);
        return new Param(name, Type.INTEGER, defaultValue, min, max, null);
    }

    /**
     * A parameter that takes one of a list of words.
     *
     * @param name         its name in the sweep file
     * @param defaultValue the value when the sweep file does not set it; one of {@code choices}
     * @param choices      every value admitted
     * @throws IllegalArgumentException a bad name, no choices, or a default that is not one of them
     */
    public static Param choice(String name, String defaultValue, String... choices) {
        if (choices.length == 0) {
            throw new IllegalArgumentException("parameter '" + name + "': give at least one choice");
        }
        return new Param(name, Type.CHOICE, defaultValue, Double.NaN, Double.NaN, List.of(choices));
    }

    /**
     * A true/false parameter.
     *
     * @param name         its name in the sweep file
     * @param defaultValue the value when the sweep file does not set it
     * @throws IllegalArgumentException a bad name
     */
    public static Param bool(String name, boolean defaultValue) {
        return new Param(name, Type.BOOLEAN, defaultValue, Double.NaN, Double.NaN, List.of("true", "false"));
    }

    private static void requireOrdered(String name, double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("parameter '" + name + "': min " + min + " is above max " + max);
        }
    }

    /** Its name in the sweep file. */
    public String name() {
        return name;
    }

    /** The kind of value it holds. */
    public Type type() {
        return type;
    }

    /** The value when the sweep file does not set it: a Double, Integer, String or Boolean. */
    public Object defaultValue() {
        return defaultValue;
    }

    /** The smallest value admitted; NaN for choices and booleans. */
    public double min() {
        return min;
    }

    /** The largest value admitted; NaN for choices and booleans. */
    public double max() {
        return max;
    }

    /** The words a choice admits ({@code true}, {@code false} for a boolean); null for numbers. */
    public List<String> choices() {
        return choices;
    }

    /**
     * What is wrong with a value for this parameter, in words that finish "its value ...", e.g.
     * {@code "must be between 1 and 8 (got 12)"}; null when it is admitted. A real parameter takes any
     * number, an integer parameter only whole numbers, a boolean {@code true}/{@code false} (or the
     * words), a choice one of its words.
     */
    public String problemWith(Object value) {
        switch (type) {
            case REAL, INTEGER -> {
                if (!(value instanceof Number n)) {
                    return "must be a number (got " + describe(value) + ")";
                }
                double v = n.doubleValue();
                if (type == Type.INTEGER && (v != Math.rint(v) || Double.isInfinite(v))) {
                    return "must be a whole number (got " + value + ")";
                }
                if (!(v >= min && v <= max)) {
                    return "must be between " + number(min) + " and " + number(max) + " (got " + value + ")";
                }
                return null;
            }
            case BOOLEAN -> {
                return value instanceof Boolean || "true".equals(value) || "false".equals(value)
                        ? null
                        : "must be true or false (got " + describe(value) + ")";
            }
            default -> {
                return choices.contains(value)
                        ? null
                        : "must be one of " + String.join(", ", choices) + " (got " + describe(value) + ")";
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private String number(double v) {
        return type == Type.INTEGER ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Param p
                && name.equals(p.name)
                && type == p.type
                && defaultValue.equals(p.defaultValue)
                && Double.compare(min, p.min) == 0
                && Double.compare(max, p.max) == 0
                && Objects.equals(choices, p.choices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, defaultValue, min, max, choices);
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + ", default " + defaultValue
                + (choices != null && type == Type.CHOICE ? ", one of " + choices : "")
                + (type == Type.REAL || type == Type.INTEGER ? ", " + number(min) + ".." + number(max) : "") + ")";
    }
}
