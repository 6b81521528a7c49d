package io.sparksweep.api;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One trial's values of the hyperparameters a {@link SweepModel} declared: every declared parameter has
 * one (the sweep file's, or the declaration's default), already checked against its declaration. Read
 * them with the accessor of the declared type.
 */
public final class Hyperparameters implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, Param> declared;
    private final Map<String, Object> values;

    /**
     * The values of one trial.
     *
     * @param declared what the model declares
     * @param values   the sweep's values by name; a declared name without one takes its default
     * @throws IllegalArgumentException an undeclared name, or a value its declaration does not admit
     */
    public Hyperparameters(List<Param> declared, Map<String, ?> values) {
        Map<String, Param> byName = new LinkedHashMap<>();
        for (Param p : declared) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("parameter '" + p.name() + "' is declared twice");
            }
        }
        for (String name : values.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException(
                        "no parameter '" + name + "' is declared; declared: " + names(byName));
            }
        }
        Map<String, Object> all = new LinkedHashMap<>();
        for (Param p : byName.values()) {
            Object v = values.containsKey(p.name()) ? values.get(p.name()) : p.defaultValue();
            String problem = p.problemWith(v);
            if (problem != null) {
                throw new IllegalArgumentException(p.name() + " " + problem);
            }
            all.put(p.name(), v);
        }
        this.declared = Collections.unmodifiableMap(byName);
        this.values = Collections.unmodifiableMap(all);
    }

    private static String names(Map<String, Param> declared) {
        return declared.isEmpty() ? "none" : String.join(", ", declared.keySet());
    }

    /**
     * A REAL (or INTEGER) parameter's value.
     *
     * @throws IllegalArgumentException the name is not declared, or not as a number
     */
    public double real(String name) {
        Param p = param(name, Param.Type.REAL, Param.Type.INTEGER);
        return ((Number) values.get(p.name())).doubleValue();
    }

    /**
     * An INTEGER parameter's value.
     *
     * @throws IllegalArgumentException the name is not declared, or not as a whole number
     */
    public int integer(String name) {
        Param p = param(name, Param.Type.INTEGER);
        return ((Number) values.get(p.name())).intValue();
    }

    /**
     * A CHOICE parameter's value: one of its declared words.
     *
     * @throws IllegalArgumentException the name is not declared, or not as a choice
     */
    public String choice(String name) {
        Param p = param(name, Param.Type.CHOICE);
        return (String) values.get(p.name());
    }

    /**
     * A BOOLEAN parameter's value.
     *
     * @throws IllegalArgumentException the name is not declared, or not as a boolean
     */
    public boolean bool(String name) {
        Param p = param(name, Param.Type.BOOLEAN);
        Object v = values.get(p.name());
        return v instanceof Boolean b ? b : "true".equals(v);
    }

    /** Every declared parameter's value, by name, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Param param(String name, Param.Type... types) {
        Param p = declared.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' is declared; declared: " + names(declared));
        }
        for (Param.Type t : types) {
            if (p.type() == t) {
                return p;
            }
        }
        throw new IllegalArgumentException("parameter '" + name + "' is declared as "
                + p.type().name().toLowerCase(java.util.Locale.ROOT) + ", not "
                + List.of(types).stream()
                        .map(t -> t.name().toLowerCase(java.util.Locale.ROOT))
                        .collect(Collectors.joining(" or ")));
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
