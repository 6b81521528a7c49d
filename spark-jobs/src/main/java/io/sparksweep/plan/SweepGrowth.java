package io.sparksweep.plan;

import io.sparksweep.space.SearchMethod;
import io.sparksweep.space.SweepDefinition;
import io.sparksweep.util.RefusedException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether a sweep file that changed since its results were stored may keep them. A trial is defined
 * by its configuration (every hyperparameter, fixed or searched), its repeat and its seed, which
 * derives from the sweep seed, the configuration and the repeat only. So added values, more repeats
 * and more random samples (the seeded draws continue) leave every stored trial exactly as the
 * changed file would train it again; a changed dataset, seed, method or early-stopping rule does
 * not. Pure: the caller reads the stored file and trial ids.
 *
 * @param changes what grew, for people ("repeats 3 → 4", "learning_rate +[0.3]")
 * @param reused  stored trials the changed sweep keeps
 * @param tpe     whether the sweep is a tpe search, whose log continues with more proposals
 */
public record SweepGrowth(List<String> changes, int reused, boolean tpe) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Top-level settings that shape the plan; the subset test below decides about them. */
    private static final Set<String> PLAN_SHAPING = Set.of("fixed", "search", "samples", "repeats", "keep_models");

    /**
     * The growth from {@code stored} to {@code next}, or a refusal naming the setting that changed.
     *
     * @param storedTrialIds the ids of the trials in the output folder
     * @param folder         the output folder, for the message
     */
    public static SweepGrowth between(Plan stored, Plan next, Set<String> storedTrialIds, String folder) {
        Map<String, Object> before = canonical(stored.sweep());
        Map<String, Object> after = canonical(next.sweep());
        List<String> changes = changes(before, after);
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!PLAN_SHAPING.contains(key) && !Objects.equals(before.get(key), after.get(key))) {
                throw refusal(
                        folder,
                        key.equals("model")
                                ? modelChange(map(before.get(key)), map(after.get(key)))
                                : key + " changed (" + show(before.get(key)) + " → " + show(after.get(key)) + ")");
            }
        }
        SweepDefinition a = stored.sweep();
        SweepDefinition b = next.sweep();
        if (a.method() == SearchMethod.TPE) {
            // the log of proposals continues; anything but more samples changes what it proposed
            List<String> other =
                    changes.stream().filter(c -> !c.startsWith("samples")).toList();
            if (!other.isEmpty() || b.samples() < a.samples()) {
                throw refusal(
                        folder,
                        String.join(", ", other.isEmpty() ? changes : other)
                                + "; a tpe sweep grows only by more samples, its proposals continuing the log");
            }
            return new SweepGrowth(changes, storedTrialIds.size(), true);
        }
        if (a.isRacing()) {
            throw refusal(
                    folder,
                    String.join(", ", changes) + "; a racing sweep's eliminations compared the stored "
                            + "configurations with each other, so it cannot grow");
        }
        if (a.earlyStopping() != null) {
            throw refusal(
                    folder,
                    String.join(", ", changes) + "; an early-stopping sweep's rung decisions compared the stored "
                            + "configurations with each other, so it cannot grow");
        }
        Set<String> planned = next.trials().stream().map(t -> t.trialId()).collect(Collectors.toSet());
        long dropped =
                storedTrialIds.stream().filter(id -> !planned.contains(id)).count();
        if (dropped > 0) {
            throw refusal(
                    folder,
                    String.join(", ", changes) + ": " + dropped + " of the " + storedTrialIds.size()
                            + " stored trials would not be trained again as they were");
        }
        return new SweepGrowth(changes, storedTrialIds.size(), false);
    }

    /** "reusing 18 stored trials, running 6 (learning_rate +[0.3], repeats 3 → 4)". */
    public String describe(int running) {
        String what = String.join(", ", changes);
        return tpe
                ? String.format("the sweep grew (%s): reusing %d stored trials; the tpe log continues", what, reused)
                : String.format("the sweep grew (%s): reusing %d stored trials, running %d", what, reused, running);
    }

    private static RefusedException refusal(String folder, String what) {
        return new RefusedException(folder + " holds trials of this sweep as it was before: " + what
                + "; rerun with --fresh to replace them, or give the sweep a new name");
    }

    /** The plan-shaping differences, each as a person would say it. */
    static List<String> changes(Map<String, Object> before, Map<String, Object> after) {
        List<String> changes = new ArrayList<>();
        for (String key : List.of("samples", "repeats", "keep_models")) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changes.add(key + " " + show(before.get(key)) + " → " + show(after.get(key)));
            }
        }
        Map<String, Object> fixedA = map(before.get("fixed"));
        Map<String, Object> fixedB = map(after.get("fixed"));
        Set<String> fixedKeys = new LinkedHashSet<>(fixedA.keySet());
        fixedKeys.addAll(fixedB.keySet());
        for (String k : fixedKeys) {
            if (!Objects.equals(fixedA.get(k), fixedB.get(k))) {
                changes.add("fixed " + k + " " + show(fixedA.get(k)) + " → " + show(fixedB.get(k)));
            }
        }
        Map<String, Map<String, Object>> searchA = byName(before.get("search"));
        Map<String, Map<String, Object>> searchB = byName(after.get("search"));
        Set<String> names = new LinkedHashSet<>(searchA.keySet());
        names.addAll(searchB.keySet());
        for (String name : names) {
            Map<String, Object> x = searchA.get(name);
            Map<String, Object> y = searchB.get(name);
            if (x == null) {
                changes.add("search " + name + " added");
            } else if (y == null) {
                changes.add("search " + name + " removed");
            } else if (!x.equals(y)) {
                changes.add(searchChange(name, x, y));
            }
        }
        if (changes.isEmpty() && !Objects.equals(before.get("search"), after.get("search"))) {
            changes.add("the order of search keys (random draws follow it)");
        }
        return changes;
    }

    /** A user's class or its declarations changed: which, field by field ("blocks max 8.0 → 16.0"). */
    static String modelChange(Map<String, Object> before, Map<String, Object> after) {
        if (!Objects.equals(before.get("class"), after.get("class"))) {
            return "model.class changed (" + show(before.get("class")) + " → " + show(after.get("class")) + ")";
        }
        List<String> changes = new ArrayList<>();
        if (!Objects.equals(before.get("supplies_data"), after.get("supplies_data"))) {
            changes.add("supplies_data " + before.get("supplies_data") + " → " + after.get("supplies_data"));
        }
        Map<String, Map<String, Object>> a = byName(before.get("parameters"));
        Map<String, Map<String, Object>> b = byName(after.get("parameters"));
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            Map<String, Object> x = a.getOrDefault(name, Map.of());
            Map<String, Object> y = b.getOrDefault(name, Map.of());
            if (x.isEmpty() || y.isEmpty()) {
                changes.add(name + (x.isEmpty() ? " declared" : " no longer declared"));
                continue;
            }
            Set<String> fields = new TreeSet<>(x.keySet());
            fields.addAll(y.keySet());
            for (String f : fields) {
                if (!Objects.equals(x.get(f), y.get(f))) {
                    changes.add(name + " " + f + " " + show(x.get(f)) + " → " + show(y.get(f)));
                }
            }
        }
        if (!Objects.equals(before.get("metrics"), after.get("metrics"))) {
            // an added or removed metric would leave earlier rows without its columns
            changes.add("metrics " + metrics(before) + " → " + metrics(after));
        }
        return before.get("class") + "'s declarations changed (" + String.join(", ", changes) + ")";
    }

    private static String searchChange(String name, Map<String, Object> x, Map<String, Object> y) {
        if (x.get("values") instanceof List<?> a && y.get("values") instanceof List<?> b) {
            List<Object> added = new ArrayList<>(b);
            added.removeAll(a);
            List<Object> removed = new ArrayList<>(a);
            removed.removeAll(b);
            List<String> parts = new ArrayList<>();
            if (!added.isEmpty()) {
                parts.add("+" + added);
            }
            if (!removed.isEmpty()) {
                parts.add("-" + removed);
            }
            return name + " " + (parts.isEmpty() ? "values reordered" : String.join(" ", parts));
        }
        return name + " " + range(x) + " → " + range(y);
    }

    private static String range(Map<String, Object> spec) {
        return spec.containsKey("values")
                ? String.valueOf(spec.get("values"))
                : spec.get("distribution") + " [" + spec.get("min") + ", " + spec.get("max") + "]";
    }

    private static Map<String, Object> canonical(SweepDefinition sweep) {
        try {
            return JSON.readValue(sweep.canonicalJson(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> byName(Object search) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        if (search instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> spec = (Map<String, Object>) o;
                byName.put(String.valueOf(spec.get("name")), spec);
            }
        }
        return byName;
    }

    /** A model's declared metrics as "[top3_accuracy ↑, brier ↓]". */
    private static List<String> metrics(Map<String, Object> model) {
        List<String> out = new ArrayList<>();
        byName(model.get("metrics"))
                .forEach((name, m) -> out.add(name + (Boolean.TRUE.equals(m.get("higher_is_better")) ? " ↑" : " ↓")));
        return out;
    }

    private static String show(Object value) {
        return value == null ? "unset" : value.toString();
    }
}
